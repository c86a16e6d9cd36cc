"""The vocabulary of feedback that other apps may use.

Besides `services` (writes: routing, feedback, meetings), `selectors` (reads) and `permissions`,
this is the app's public surface: the meeting models an app above points a foreign key at (a
school plan's dialogue meeting is a feedback `Meeting` without a task), and the forms that
propose, pick and record a meeting's times, so every meeting is arranged the same way.
"""

from __future__ import annotations

from .forms import MeetingProposalForm, MeetingRecordForm, SlotPickForm
from .models import Meeting, MeetingSlot

__all__ = ["Meeting", "MeetingProposalForm", "MeetingRecordForm", "MeetingSlot", "SlotPickForm"]
