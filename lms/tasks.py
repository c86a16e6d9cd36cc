"""Celery tasks of the ground floor: the e-mail notifications, and a health probe."""

from __future__ import annotations

import os
import smtplib
import socket

from celery import shared_task
from django.db import OperationalError, connection

# Safe to retry: NotificationLog makes each e-mail go out once. The alias under the old name in
# feedback.tasks uses the same policy.
NOTIFICATION_RETRY = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError, OperationalError),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**NOTIFICATION_RETRY)
def send_notification(
    kind: str, object_id: int | str, variant: str = "0", outbox_id: int | None = None
) -> int:
    """Send a notification queued by `lms.notifications.notify`; the number of e-mails sent."""
    # lms.notifications imports this module to queue the task: the task loads it when it runs.
    from .notifications import mark_sent, send

    sent = send(kind, object_id, variant)
    mark_sent(outbox_id)
    return sent


@shared_task
def sweep_notification_outbox() -> int:
    """Run by Celery beat: send what waited in the outbox (the broker was down when queued)."""
    # As above: lms.notifications imports this module.
    from .notifications import sweep_outbox

    return sweep_outbox()


@shared_task
def worker_health() -> dict:
    """Proves a real worker runs: answers with its own process and the database it reaches."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"pid": os.getpid(), "host": socket.gethostname(), "db": connection.vendor, "ok": one}


@shared_task
def people_import_check(job_id: str) -> str | None:
    """Check an uploaded roster and store its preview. Safe to run twice."""
    # lms.people_imports reaches lms.notifications, which imports this module to queue tasks.
    from .people_imports import people_import_check as check

    job = check(job_id=job_id)
    return None if job is None else job.status


@shared_task
def people_import_apply(job_id: str) -> str | None:
    """Store a confirmed roster. Safe to run twice: only one delivery claims the job."""
    # lms.people_imports reaches lms.notifications, which imports this module to queue tasks.
    from .people_imports import people_import_apply as apply

    job = apply(job_id=job_id)
    return None if job is None else job.status
