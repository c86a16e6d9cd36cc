"""The e-mails about feedback: one builder per kind, registered with `lms.notifications`.

`register_kinds()` (called from `FeedbackConfig.ready`) makes the kinds known; services queue a
mail with `lms.notifications.notify(kind, object_id, variant)`. Queuing, sending once and the
Danish rendering are `lms.notifications`'; what each mail says, and to whom, is decided here.
The templates are `templates/email/feedback/<kind>.txt` and `<kind>_subject.txt`.
"""

from __future__ import annotations

from django.urls import reverse

from assignments.selectors import submission_version_detail
from lms.notifications import Mail, absolute_url, register_notification
from lms.selectors import team_leads

from .ics import meeting_invitation
from .models import Meeting, ReviewTask, WrittenFeedback
from .selectors import meeting_participants, school_leaders, team_members

TEMPLATES = "email/feedback/"


def submission_path(submission) -> str:
    """The team's submission page (assignments), which shows the feedback panel."""
    return reverse("assignments:submission", args=[submission.pk])


def _submission_context(submission) -> dict:
    return {
        "submission": submission,
        "team": submission.team,
        "assignment": submission.assignment,
        "submission_url": absolute_url(submission_path(submission)),
    }


def _task_assigned(task_id: int, variant: str) -> Mail:
    task = ReviewTask.objects.select_related(
        "assignee", "submission__team", "submission__assignment"
    ).get(pk=task_id)
    if task.state != ReviewTask.State.OPEN or str(task.assignee_id) != variant:
        return Mail.nobody()  # done, or handed on again before this mail went out
    context = _submission_context(task.submission) | {
        "task": task,
        "task_url": absolute_url(reverse("feedback:task", args=[task.pk])),
    }
    return Mail([task.assignee], context)


def _submission_received(version_id: int, variant: str = "0") -> Mail:
    version = submission_version_detail(pk=version_id)
    context = _submission_context(version.submission) | {"version": version}
    return Mail(team_members(version.submission), context)


def _feedback_released(feedback_id: int, variant: str = "0") -> Mail:
    feedback = WrittenFeedback.objects.select_related(
        "task__submission__team", "task__submission__assignment"
    ).get(pk=feedback_id)
    submission = feedback.task.submission
    return Mail(team_members(submission), _submission_context(submission))


def _approval_waiting(feedback_id: int, variant: str = "0") -> Mail:
    feedback = WrittenFeedback.objects.select_related(
        "author", "task__submission__team", "task__submission__assignment"
    ).get(pk=feedback_id)
    if not feedback.is_awaiting_approval:
        return Mail.nobody()
    submission = feedback.task.submission
    context = _submission_context(submission) | {
        "feedback": feedback,
        "approvals_url": absolute_url(reverse("feedback:queue")),
    }
    recipients = [
        u for u in school_leaders(submission.team.institution_id) if u.pk != feedback.author_id
    ]
    return Mail(recipients, context)


def _resubmission_requested(task_id: int, variant: str = "0") -> Mail:
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
    meeting = _meeting(meeting_id)
    if str(meeting.sequence) != variant:
        return Mail.nobody()  # proposed again since: that proposal has its own mail
    submission = meeting.task.submission
    context = _submission_context(submission) | {
        "meeting": meeting,
        "slots": list(meeting.slots.all()),
    }
    # The team coordinator picks the time (every member of a team without one).
    return Mail(team_leads(team=submission.team), context)


def _meeting_confirmed(meeting_id: int, variant: str = "0") -> Mail:
    meeting = _meeting(meeting_id)
    if meeting.chosen_slot is None or str(meeting.sequence) != variant:
        return Mail.nobody()
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


def _dialogue(meeting_id: int) -> Meeting:
    return Meeting.objects.select_related("organizer", "chosen_slot").get(
        pk=meeting_id, task__isnull=True
    )


def _dialogue_context(meeting: Meeting) -> dict:
    return {"meeting": meeting, "meeting_url": absolute_url(meeting.link_path)}


def _dialogue_meeting_proposed(meeting_id: int, variant: str = "0") -> Mail:
    meeting = _dialogue(meeting_id)
    if str(meeting.sequence) != variant:
        return Mail.nobody()
    context = _dialogue_context(meeting) | {"slots": list(meeting.slots.all())}
    return Mail(list(meeting.attendees.all()), context)


def _dialogue_meeting_confirmed(meeting_id: int, variant: str = "0") -> Mail:
    meeting = _dialogue(meeting_id)
    if meeting.chosen_slot is None or str(meeting.sequence) != variant:
        return Mail.nobody()
    participants = meeting_participants(meeting)
    invitation = meeting_invitation(meeting=meeting, attendees=participants)
    context = _dialogue_context(meeting) | {"slot": meeting.chosen_slot}
    return Mail(
        participants,
        context,
        [("invitation.ics", invitation, "text/calendar; method=REQUEST; charset=utf-8")],
    )


BUILDERS = {
    "task_assigned": _task_assigned,
    "submission_received": _submission_received,
    "feedback_released": _feedback_released,
    "approval_waiting": _approval_waiting,
    "resubmission_requested": _resubmission_requested,
    "meeting_proposed": _meeting_proposed,
    "meeting_confirmed": _meeting_confirmed,
    "dialogue_meeting_proposed": _dialogue_meeting_proposed,
    "dialogue_meeting_confirmed": _dialogue_meeting_confirmed,
}


def register_kinds() -> None:
    for kind, builder in BUILDERS.items():
        register_notification(kind, builder, template_prefix=TEMPLATES)
