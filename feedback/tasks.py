"""Celery tasks: the daily reminders about feedback (run by Celery beat).

Every task is safe to run twice: NotificationLog keys (lms.notifications) include the object
and, for reminders, the day, so a retry or a second beat run the same day sends nothing new.
The e-mails services queue are sent by `lms.tasks.send_notification`; the old name
`feedback.tasks.send_notification` stays below as an alias.
"""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from assignments import selectors as submissions
from lms import notifications
from lms import tasks as lms_tasks
from lms.selectors import team_leads

from .models import ReviewTask
from .notifications import TEMPLATES

# The school days on which a team hears that a hand-in is late.
OVERDUE_REMINDER_DAYS = (1, 7, 14)
DUE_SOON_DAYS = 3


# The task moved to lms.tasks.send_notification. Messages queued under this name before the
# deploy that moved it are still in the broker then: this alias sends them rather than leaving
# them as unregistered tasks. It can go once no worker can hold such a message any more.
@shared_task(name="feedback.tasks.send_notification", **lms_tasks.NOTIFICATION_RETRY)
def send_notification(kind: str, object_id: int, variant: str = "0") -> int:
    return lms_tasks.send_notification(kind, object_id, variant)


def _remind_teams(kind: str, due_dates: set[date]) -> int:
    today = timezone.localdate()
    sent = 0
    for team, assignment, due_on in submissions.pending_hand_ins(due_dates=due_dates):
        context = {"team": team, "assignment": assignment, "due_on": due_on}
        # The team's reminders go to whoever leads its hand-in: the team coordinators.
        for person in team_leads(team=team):
            sent += notifications.deliver(
                key=f"{kind}:{team.pk}:{assignment.pk}:{today.isoformat()}:{person.pk}",
                template=f"{TEMPLATES}{kind}",
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
            "task_url": notifications.absolute_url(reverse("feedback:task", args=[task.pk])),
        }
        sent += notifications.deliver(
            key=f"feedback_overdue:{task.pk}:{today}:{task.assignee_id}",
            template=f"{TEMPLATES}feedback_overdue",
            recipient=task.assignee,
            context=context,
        )
    return sent
