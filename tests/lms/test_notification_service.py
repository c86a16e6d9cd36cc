"""lms.notifications, independent of any app: a kind registered here, sent after commit, once.

(Named apart from tests/feedback/test_notifications.py: the test folders are not packages, so
two test files may not share a name.)
"""

from __future__ import annotations

import copy
import os
import smtplib
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import translation

from lms.factories import UserFactory
from lms.models import NotificationLog, User
from lms.notifications import (
    Mail,
    notify,
    register_notification,
    send,
    unregister_notification,
)
from lms.tasks import send_notification

REPO = Path(__file__).resolve().parents[2]
PROBE_TEMPLATES = {
    "email/probe/probe_subject.txt": "Probe {{ variant }}\n",
    "email/probe/probe.txt": (
        "{% load i18n %}{% get_current_language as language %}"
        "Hej {{ recipient.email }}: {{ variant }} ({{ language }}, built in {{ built_in }})\n"
    ),
}


def _probe(user_id, variant: str) -> Mail:
    """The probe's mail goes to one person; `variant` makes another mail about them."""
    user = User.objects.get(pk=user_id)
    return Mail([user], {"variant": variant, "built_in": translation.get_language()},
                [("probe.txt", f"attached {variant}", "text/plain")])  # fmt: skip


def _write_templates(folder: Path) -> Path:
    for name, text in PROBE_TEMPLATES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def probe(settings, tmp_path):
    """The kind "probe", registered for this test only, with its templates in tmp_path."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [_write_templates(tmp_path / "templates"), *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    register_notification("probe", _probe, template_prefix="email/probe/")
    yield "probe"
    unregister_notification("probe")


@pytest.fixture
def person(db) -> User:
    return UserFactory(email="probe@test.dk")


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


def test_a_notification_goes_out_when_the_transaction_commits(
    probe, person, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify(probe, person.pk, 1)
        assert mail.outbox == []  # not before the outermost commit
    [message] = mail.outbox
    assert (message.to, message.subject) == (["probe@test.dk"], "Probe 1")
    assert "(da, built in da)" in message.body  # rendered and built in Danish
    assert message.attachments == [("probe.txt", "attached 1", "text/plain")]
    assert NotificationLog.objects.filter(key=f"probe:{person.pk}:1:{person.pk}").exists()


def test_nothing_is_sent_when_the_transaction_rolls_back(
    probe, person, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(probe, person.pk)
            raise RuntimeError("the write failed")
    assert queued == []
    assert mail.outbox == []
    assert not NotificationLog.objects.exists()


def test_a_retried_or_repeated_task_sends_each_mail_once(probe, person):
    mail.outbox.clear()
    args = [probe, person.pk, "2"]
    assert [send_notification.apply(args=args).get() for _ in range(3)] == [1, 0, 0]
    assert send_notification.apply(args=[probe, person.pk, "3"]).get() == 1  # another mail
    assert [m.subject for m in mail.outbox] == ["Probe 2", "Probe 3"]
    assert NotificationLog.objects.count() == 2


def test_a_failed_send_leaves_no_log_so_the_retry_sends(probe, person, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with pytest.raises(smtplib.SMTPException) as failed:
        send(probe, person.pk, "4")
    assert isinstance(failed.value, send_notification.autoretry_for)  # Celery retries it
    assert not NotificationLog.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert send(probe, person.pk, "4") == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("change", [{"is_active": False}, {"email": ""}])
def test_an_inactive_person_or_one_without_an_address_is_skipped(probe, person, change):
    User.objects.filter(pk=person.pk).update(**change)
    mail.outbox.clear()
    assert send(probe, person.pk, "5") == 0
    assert mail.outbox == []
    assert not NotificationLog.objects.exists()


def test_an_unknown_kind_is_refused_where_it_is_queued(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued, pytest.raises(ImproperlyConfigured):
        notify("no_such_kind", 1)
    assert queued == []


def test_a_kind_is_registered_by_one_builder(probe):
    register_notification(probe, _probe, template_prefix="email/probe/")  # again: harmless
    with pytest.raises(ImproperlyConfigured):
        register_notification(probe, lambda object_id, variant: Mail.nobody(),
                              template_prefix="email/probe/")  # fmt: skip


def test_feedback_registers_its_kinds_when_it_starts(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        for kind in ["task_assigned", "submission_received", "feedback_released",
                     "approval_waiting", "resubmission_requested", "meeting_proposed",
                     "meeting_confirmed"]:  # fmt: skip
            notify(kind, 0)
    assert len(queued) == 7


# A real worker: what it registers it must do itself, so the probe kind and its settings are
# written as modules it imports (`-I probe_kind` runs once Django is set up).
PROBE_SETTINGS = """
from pathlib import Path

from lms.settings.dev import *  # noqa: F403

HERE = Path(__file__).parent
TEMPLATES[0]["DIRS"] = [HERE / "templates", *TEMPLATES[0]["DIRS"]]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = HERE / "mail"
"""
PROBE_KIND = """
from django.utils import translation

from lms.models import User
from lms.notifications import Mail, register_notification


def probe(user_id, variant):
    user = User.objects.get(pk=user_id)
    return Mail([user], {"variant": variant, "built_in": translation.get_language()})


register_notification("probe", probe, template_prefix="email/probe/")
"""


def _database_url() -> str:
    """The test database as a DATABASE_URL for the worker (as in test_import_worker)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


def _broker(var_dir: Path) -> dict:
    celery = var_dir / "celery"
    options = {
        "data_folder_in": str(celery / "broker"),
        "data_folder_out": str(celery / "broker"),
        "processed_folder": str(celery / "processed"),
        "control_folder": str(celery / "control"),
    }
    for folder in [*options.values(), celery / "results"]:
        Path(folder).mkdir(parents=True, exist_ok=True)
    return options


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_notification_once(tmp_path):
    person = UserFactory(email="worker@test.dk")  # committed: the worker reads it
    _write_templates(tmp_path / "templates")
    (tmp_path / "probe_settings.py").write_text(textwrap.dedent(PROBE_SETTINGS))
    (tmp_path / "probe_kind.py").write_text(textwrap.dedent(PROBE_KIND))
    options = _broker(tmp_path)
    results = f"file://{tmp_path / 'celery' / 'results'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "probe_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)]),
        "LMS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_RESULT_BACKEND": results,
    }
    worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "-I", "probe_kind",
         "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    sender = Celery("lms-test-sender")
    sender.conf.update(broker_url="filesystem://", broker_transport_options=options,
                       result_backend=results, task_serializer="json",
                       accept_content=["json"])  # fmt: skip
    args = ["probe", person.pk, "w"]
    names = ["lms.tasks.send_notification"] * 2 + ["feedback.tasks.send_notification"]
    try:
        sent = [
            sender.send_task(name, args=args).get(timeout=90, propagate=False) for name in names
        ]
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert sent == [1, 0, 0], output  # the old name reaches the same log
    assert list(NotificationLog.objects.values_list("key", flat=True)) == [
        f"probe:{person.pk}:w:{person.pk}"
    ]
    [written] = [p.read_text(encoding="utf-8") for p in (tmp_path / "mail").iterdir()]
    assert "To: worker@test.dk" in written
    assert "Subject: Probe w" in written
    assert "(da, built in da)" in written
