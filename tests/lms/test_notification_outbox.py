"""The outbox: a notification written while the broker is down is sent later by the sweep, once.

The broker here is a real Redis URL on a port where nothing listens (the closed port of this
machine), so publishing fails as it does in production; nothing is mocked.
"""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
import test_notification_service as service_tests
from django.core import mail
from django.db import transaction
from django.utils import timezone

from lms import notifications
from lms.models import NotificationLog, NotificationOutbox
from lms.tasks import send_notification

# The kind "probe" and its person, as in test_notification_service.
probe = pytest.fixture(service_tests.probe.__wrapped__, name="probe")
person = pytest.fixture(service_tests.person.__wrapped__, name="person")
FailingBackend = service_tests.FailingBackend


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker_down():
    """The Celery app publishes for real (not eagerly) to a broker that does not answer."""
    conf = send_notification.app.conf
    saved = {key: conf[key] for key in ("task_always_eager", "broker_url")}
    conf.update(task_always_eager=False, broker_url=f"redis://127.0.0.1:{_closed_port()}/0")
    send_notification.app.close()
    yield
    conf.update(saved)
    send_notification.app.close()


def test_a_notification_written_while_the_broker_is_down_waits_and_is_swept_once(
    probe, person, broker_down, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notifications.notify(probe, person.pk, 7)
    # The commit went through and publishing failed quietly: the row waits, nothing was sent.
    [entry] = NotificationOutbox.objects.all()
    assert (entry.kind, entry.object_id, entry.variant, entry.sent_at) == (
        probe,
        str(person.pk),
        "7",
        None,
    )
    assert mail.outbox == []
    # Not yet: the grace period lets the normal path send first.
    assert notifications.sweep_outbox(grace_seconds=3600) == 0
    assert notifications.sweep_outbox(grace_seconds=0) == 1
    assert [m.subject for m in mail.outbox] == ["Probe 7"]
    entry.refresh_from_db()
    assert entry.sent_at is not None
    # A second sweep, and the original task arriving late after all, send nothing more.
    assert notifications.sweep_outbox(grace_seconds=0) == 0
    assert (
        send_notification.apply(args=[probe, person.pk, "7"], kwargs={"outbox_id": entry.pk}).get()
        == 0
    )
    assert len(mail.outbox) == 1
    assert NotificationLog.objects.count() == 1


def test_the_task_marks_its_row_sent(probe, person, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(probe, person.pk, 8)
    entry = NotificationOutbox.objects.get()
    assert entry.sent_at is not None
    assert len(mail.outbox) == 1
    assert notifications.sweep_outbox(grace_seconds=0) == 0


def test_a_row_whose_mail_cannot_go_out_stays_for_the_next_sweep(probe, person, settings):
    NotificationOutbox.objects.create(kind=probe, object_id=str(person.pk), variant="9")
    settings.EMAIL_BACKEND = f"{FailingBackend.__module__}.FailingBackend"
    assert notifications.sweep_outbox(grace_seconds=0) == 0
    entry = NotificationOutbox.objects.get()
    assert (entry.sent_at, entry.attempts) == (None, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert notifications.sweep_outbox() == 0  # the grace period has not passed
    assert notifications.sweep_outbox(grace_seconds=0) == 1
    assert len(mail.outbox) == 1


def test_suppressed_notifications_leave_no_row_and_no_mail(
    probe, person, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), notifications.suppressed():
        notifications.notify(probe, person.pk, 10)
    assert not NotificationOutbox.objects.exists()
    assert mail.outbox == []


def test_the_sweep_forgets_rows_sent_long_ago(probe, person):
    old = NotificationOutbox.objects.create(kind=probe, object_id=str(person.pk), variant="11")
    recent = NotificationOutbox.objects.create(kind=probe, object_id=str(person.pk), variant="12")
    NotificationOutbox.objects.filter(pk=old.pk).update(
        sent_at=timezone.now() - timedelta(days=notifications.OUTBOX_KEEP_DAYS + 1)
    )
    NotificationOutbox.objects.filter(pk=recent.pk).update(sent_at=timezone.now())
    notifications.sweep_outbox(grace_seconds=0)
    assert list(NotificationOutbox.objects.values_list("pk", flat=True)) == [recent.pk]
