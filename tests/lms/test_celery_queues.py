"""Each task goes to its own queue, once: imports, e-mail and the rest can have their own workers."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest
import redis
from celery import Celery

REDIS_URL = os.environ.get("LMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
QUEUES = ("celery", "imports", "email")


@pytest.fixture
def broker():
    parsed = urlparse(REDIS_URL)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1).close()
    except OSError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(*QUEUES)
    app = Celery("lms-queue-probe")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    yield app, client
    client.delete(*QUEUES)
    app.close()


@pytest.mark.services
@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("profiles_link.tasks.mapping_import_run", "imports"),
        ("profiles_link.tasks.mapping_imports_mark_interrupted", "celery"),
        ("lms.tasks.send_notification", "email"),
        ("lms.tasks.sweep_notification_outbox", "email"),
        ("feedback.tasks.remind_feedback_overdue", "email"),
        ("competence_packages.tasks.publish_scheduled_pages", "celery"),
    ],
)
def test_a_task_lands_in_its_queue_and_only_there(broker, task, queue):
    app, client = broker
    app.send_task(task, args=["x"], ignore_result=True)
    assert {name: client.llen(name) for name in QUEUES} == {
        name: int(name == queue) for name in QUEUES
    }
