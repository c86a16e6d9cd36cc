"""Writes to submissions. Every status change goes through `status_change`."""

from __future__ import annotations

from django.db import transaction

from .models import StatusChange, Submission


@transaction.atomic
def status_change(*, submission: Submission, to_status: str, by, note: str = "") -> Submission:
    """Move `submission` to `to_status` and record who did it, when, from what."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    from_status = submission.status
    if from_status == to_status:
        return submission
    submission.status = to_status
    submission.save(update_fields=["status", "updated_at"])
    StatusChange.objects.create(
        submission=submission,
        from_status=from_status,
        to_status=to_status,
        changed_by=by,
        note=note[:300],
    )
    return submission
