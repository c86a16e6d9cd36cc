"""Where feedback plugs into the floors below (their hooks, through Wagtail's hook registry)."""

from __future__ import annotations

from wagtail import hooks

from assignments.hooks import SUBMISSION_PANELS, SUBMISSION_VIEWERS, Panel

from .models import ReviewTask
from .selectors import submission_feedback_panel


@hooks.register(SUBMISSION_VIEWERS)
def reviewer_holding_a_task(user, submission) -> bool:
    """A reviewer holding a task on a submission sees it (e.g. the coordinator who took it)."""
    return ReviewTask.objects.filter(submission=submission, assignee=user).exists()


@hooks.register(SUBMISSION_PANELS)
def feedback_panel(user, submission) -> Panel:
    """The feedback part of the team's submission page."""
    return Panel(
        "feedback/_submission_panel.html",
        submission_feedback_panel(submission=submission, user=user),
    )
