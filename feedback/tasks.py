"""Celery tasks: feedback e-mails and the daily reminders (run by Celery beat).

Every task is safe to run twice: NotificationLog keys include the object and, for reminders,
the day, so a retry or a second beat run the same day sends nothing new.
"""

from __future__ import annotations

import smtplib
from datetime import date, timedelta

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from . import notifications

# The school days on which a team hears that a hand-in is late.
OVERDUE_REMINDER_DAYS = (1, 7, 14)
DUE_SOON_DAYS = 3


@shared_task(
    # Safe to retry: NotificationLog makes each e-mail go out once.
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError, OperationalError),
    retry_backoff=True,
    max_retries=5,
)
def send_notification(kind: str, object_id: int, variant: str = "0") -> int:
    return notifications.send(kind, object_id, variant)


def _pending_hand_ins(due_dates: set[date]) -> list[tuple]:
    """(team, assignment, due date) of enrolled teams without a hand-in due on those dates.

    The module plan's date counts unless the submission has an extension, which then counts.
    """
    from assignments.models import Status, Submission
    from competence_packages.models import ModulePlan
    from modules.models import ModuleAssignmentPage

    waiting = {Status.NOT_STARTED, Status.IN_PROGRESS, Status.RESUBMISSION_REQUESTED}
    pending: dict[tuple[int, int], tuple] = {}
    plans = ModulePlan.objects.filter(due_on__in=due_dates).prefetch_related("choice__teams")
    for plan in plans:
        assignments = list(ModuleAssignmentPage.objects.child_of(plan.module).live())
        for team in plan.choice.teams.all():
            for assignment in assignments:
                pending[(team.pk, assignment.pk)] = (team, assignment, plan.due_on)
    if pending:
        team_ids = {t for t, _a in pending}
        existing = Submission.objects.filter(
            team_id__in=team_ids, assignment_id__in={a for _t, a in pending}
        ).only("team_id", "assignment_id", "status", "extended_until")
        for sub in existing:
            key = (sub.team_id, sub.assignment_id)
            if key in pending and (sub.status not in waiting or sub.extended_until):
                del pending[key]
    extended = Submission.objects.filter(
        extended_until__in=due_dates, status__in=waiting
    ).select_related("team", "assignment")
    for sub in extended:
        pending[(sub.team_id, sub.assignment_id)] = (sub.team, sub.assignment, sub.extended_until)
    return list(pending.values())


def _remind_teams(kind: str, due_dates: set[date]) -> int:
    today = timezone.localdate()
    sent = 0
    for team, assignment, due_on in _pending_hand_ins(due_dates):
        context = {"team": team, "assignment": assignment, "due_on": due_on}
        for person in team.members.filter(is_active=True):
            sent += notifications.deliver(
                key=f"{kind}:{team.pk}:{assignment.pk}:{today.isoformat()}:{person.pk}",
                template=kind,
                recipient=person,
                context=context,
            )
    return sent


@shared_task
def remind_assignments_due() -> int:
    """Teams whose hand-in is due in three days and who have not handed in."""
    return _remind_teams("due_soon", {timezone.localdate() + timedelta(days=DUE_SOON_DAYS)})


@shared_task
def remind_overdue_submissions() -> int:
    """Teams whose hand-in is one, seven or fourteen days late."""
    today = timezone.localdate()
    return _remind_teams("overdue", {today - timedelta(days=d) for d in OVERDUE_REMINDER_DAYS})


@shared_task
def remind_feedback_overdue() -> int:
    """Reviewers holding open tasks past their due time (FEEDBACK_OVERDUE_DAYS after hand-in)."""
    from django.urls import reverse

    from .models import ReviewTask

    today = timezone.localdate().isoformat()
    sent = 0
    overdue = ReviewTask.objects.filter(
        state=ReviewTask.State.OPEN, due_at__lt=timezone.now()
    ).select_related("assignee", "submission__team", "submission__assignment")
    for task in overdue:
        context = {
            "task": task,
            "team": task.submission.team,
            "assignment": task.submission.assignment,
            "task_url": notifications.absolute(reverse("feedback:task", args=[task.pk])),
        }
        sent += notifications.deliver(
            key=f"feedback_overdue:{task.pk}:{today}:{task.assignee_id}",
            template="feedback_overdue",
            recipient=task.assignee,
            context=context,
        )
    return sent
