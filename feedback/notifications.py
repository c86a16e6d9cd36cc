"""E-mails about feedback. Queued after commit, sent by Celery, never twice.

`queue(kind, object_id, variant)` schedules `tasks.send_notification` once the transaction
commits. `send` writes one NotificationLog row per recipient (key = kind:object:variant:user)
in the same transaction as it hands the message to the mail backend, so a retried task skips
everyone already served and a failed send leaves no row behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Meeting, NotificationLog, ReviewTask, WrittenFeedback


@dataclass
class Mail:
    recipients: list
    context: dict
    attachments: list = field(default_factory=list)


def queue(kind: str, object_id: int, variant: int | str = 0) -> None:
    from .tasks import send_notification

    transaction.on_commit(lambda: send_notification.delay(kind, object_id, str(variant)))


def absolute(path: str) -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path


def submission_path(submission) -> str:
    """The team's submission page (assignments), which shows the feedback panel."""
    return reverse("assignments:submission", args=[submission.pk])


def _submission_context(submission) -> dict:
    return {
        "submission": submission,
        "team": submission.team,
        "assignment": submission.assignment,
        "submission_url": absolute(submission_path(submission)),
    }


def _task_assigned(task_id: int, variant: str) -> Mail:
    task = ReviewTask.objects.select_related(
        "assignee", "submission__team", "submission__assignment"
    ).get(pk=task_id)
    if task.state != ReviewTask.State.OPEN or str(task.assignee_id) != variant:
        return Mail([], {})  # done, or handed on again before this mail went out
    context = _submission_context(task.submission) | {
        "task": task,
        "task_url": absolute(reverse("feedback:task", args=[task.pk])),
    }
    return Mail([task.assignee], context)


def _submission_received(version_id: int, variant: str = "0") -> Mail:
    from assignments.models import SubmissionVersion

    from .selectors import team_members

    version = SubmissionVersion.objects.select_related(
        "submission__team", "submission__assignment"
    ).get(pk=version_id)
    context = _submission_context(version.submission) | {"version": version}
    return Mail(team_members(version.submission), context)


def _feedback_released(feedback_id: int, variant: str = "0") -> Mail:
    from .selectors import team_members

    feedback = WrittenFeedback.objects.select_related(
        "task__submission__team", "task__submission__assignment"
    ).get(pk=feedback_id)
    submission = feedback.task.submission
    return Mail(team_members(submission), _submission_context(submission))


def _approval_waiting(feedback_id: int, variant: str = "0") -> Mail:
    from .selectors import school_leaders

    feedback = WrittenFeedback.objects.select_related(
        "author", "task__submission__team", "task__submission__assignment"
    ).get(pk=feedback_id)
    if not feedback.is_awaiting_approval:
        return Mail([], {})
    submission = feedback.task.submission
    context = _submission_context(submission) | {
        "feedback": feedback,
        "approvals_url": absolute(reverse("feedback:queue")),
    }
    recipients = [
        u for u in school_leaders(submission.team.institution_id) if u.pk != feedback.author_id
    ]
    return Mail(recipients, context)


def _resubmission_requested(task_id: int, variant: str = "0") -> Mail:
    from .selectors import team_members

    task = ReviewTask.objects.select_related("submission__team", "submission__assignment").get(
        pk=task_id
    )
    return Mail(team_members(task.submission), _submission_context(task.submission))


def _meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_related(
        "chosen_slot",
        "task__assignee",
        "task__submission__team__institution",
        "task__submission__assignment",
    ).get(pk=meeting_id)


def _meeting_proposed(meeting_id: int, variant: str = "0") -> Mail:
    from .selectors import team_members

    meeting = _meeting(meeting_id)
    if str(meeting.sequence) != variant:
        return Mail([], {})  # proposed again since: that proposal has its own mail
    submission = meeting.task.submission
    context = _submission_context(submission) | {
        "meeting": meeting,
        "slots": list(meeting.slots.all()),
    }
    return Mail(team_members(submission), context)


def _meeting_confirmed(meeting_id: int, variant: str = "0") -> Mail:
    from .ics import meeting_invitation
    from .selectors import meeting_participants

    meeting = _meeting(meeting_id)
    if meeting.chosen_slot is None or str(meeting.sequence) != variant:
        return Mail([], {})
    participants = meeting_participants(meeting)
    invitation = meeting_invitation(meeting=meeting, attendees=participants)
    context = _submission_context(meeting.task.submission) | {
        "meeting": meeting,
        "slot": meeting.chosen_slot,
    }
    return Mail(
        participants,
        context,
        [("invitation.ics", invitation, "text/calendar; method=REQUEST; charset=utf-8")],
    )


BUILDERS: dict[str, Callable[[int, str], Mail]] = {
    "task_assigned": _task_assigned,
    "submission_received": _submission_received,
    "feedback_released": _feedback_released,
    "approval_waiting": _approval_waiting,
    "resubmission_requested": _resubmission_requested,
    "meeting_proposed": _meeting_proposed,
    "meeting_confirmed": _meeting_confirmed,
}


def deliver(*, key: str, template: str, recipient, context: dict, attachments=()) -> bool:
    """Send one e-mail unless `key` was sent before. True when sent now."""
    with transaction.atomic():
        _log, created = NotificationLog.objects.get_or_create(key=key[:200])
        if not created:
            return False
        with translation.override("da"):
            context = context | {"recipient": recipient}
            subject = render_to_string(f"email/feedback/{template}_subject.txt", context)
            body = render_to_string(f"email/feedback/{template}.txt", context)
        message = EmailMessage(" ".join(subject.split()), body, to=[recipient.email])
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        message.send()
    return True


def send(kind: str, object_id: int, variant: str = "0") -> int:
    """Send the `kind` e-mail about `object_id` to everyone not yet served; the number sent."""
    with translation.override("da"):  # the invitation's summary is written in Danish too
        mail = BUILDERS[kind](object_id, variant)
    sent = 0
    for person in mail.recipients:
        if not person.email or not person.is_active:
            continue
        sent += deliver(
            key=f"{kind}:{object_id}:{variant}:{person.pk}",
            template=kind,
            recipient=person,
            context=mail.context,
            attachments=mail.attachments,
        )
    return sent
