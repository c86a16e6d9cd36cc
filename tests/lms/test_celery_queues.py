"""Each task goes to its own queue, once: imports, e-mail and the rest can have their own workers."""

from __future__ import annotations

import pytest
import redis
from celery import Celery
from redis_service import REDIS_URL, skip_without_redis

QUEUES = ("celery", "imports", "email")


@pytest.fixture
def broker():
    skip_without_redis()
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
