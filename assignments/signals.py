"""Signals other apps listen to. feedback routes a submission when it is handed in."""

from django.dispatch import Signal

# Sent inside the hand-in transaction with sender=Submission, submission=, version=, by=.
# Receivers must do their database work in that transaction and defer e-mail to on_commit.
submission_submitted = Signal()
