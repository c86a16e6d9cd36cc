"""The vocabulary of team submissions that other apps may use.

Besides `services` (writes), `selectors` (reads), `permissions`, `signals` (a hand-in happened)
and `hooks` (where the floors above plug in), this is the app's public surface: the status
vocabulary and the models other apps point a foreign key at or receive from a selector.
"""

from __future__ import annotations

from .models import EDITABLE_STATUSES, Status, Submission, SubmissionVersion

__all__ = ["EDITABLE_STATUSES", "Status", "Submission", "SubmissionVersion"]
