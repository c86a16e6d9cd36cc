"""Where the floors above plug into team submissions, through Wagtail's hook registry.

- `SUBMISSION_VIEWERS`: `fn(user, submission) -> bool`. Whoever sees the team sees its
  submissions; an app above may let more people in (feedback: a reviewer holding a task on it).
- `SUBMISSION_PANELS`: `fn(user, submission) -> Panel | None`. Parts of the submission page that
  an app above shows (feedback: the written feedback, replies and meetings), rendered in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SUBMISSION_VIEWERS = "assignments_submission_viewers"
SUBMISSION_PANELS = "assignments_submission_panels"


@dataclass(frozen=True)
class Panel:
    """A template included in the submission page, with `panel` as its context."""

    template: str
    context: dict = field(default_factory=dict)
