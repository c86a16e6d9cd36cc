"""Logs that can be followed: JSON lines with the request id, failed tasks with their job id."""

from __future__ import annotations

import json
import logging

import pytest

from lms.observability import ContextFilter, JsonFormatter, request_id_var
from profiles_link.tasks import mapping_import_run


def formatted(record: logging.LogRecord) -> dict:
    ContextFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_a_log_line_is_one_json_object_with_the_request_id():
    token = request_id_var.set("req-12345678")
    try:
        record = logging.LogRecord(
            "lms.test", logging.WARNING, __file__, 1, "hej %s", ("Æbø",), None
        )
        entry = formatted(record)
    finally:
        request_id_var.reset(token)
    assert entry["message"] == "hej Æbø"
    assert (entry["level"], entry["logger"], entry["request_id"]) == (
        "WARNING",
        "lms.test",
        "req-12345678",
    )
    assert "task_id" not in entry  # outside a task


def test_a_request_logs_under_the_id_it_answers_with(client, db, caplog):
    seen = []

    class Catch(logging.Handler):
        def emit(self, record):
            ContextFilter().filter(record)
            seen.append(record.request_id)

    handler = Catch()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-abcdef12")
    finally:
        logger.removeHandler(handler)
    assert response.headers["X-Request-ID"] == "trace-abcdef12"
    assert seen and set(seen) == {"trace-abcdef12"}  # "Not Found: ..." carries it


@pytest.mark.django_db
def test_a_failed_task_is_logged_once_with_its_job_id(caplog, settings):
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    with caplog.at_level(logging.ERROR, logger="lms.tasks"):
        result = mapping_import_run.apply(args=["not-a-job-id"])
    assert result.failed()
    [record] = [r for r in caplog.records if r.name == "lms.tasks"]
    assert record.job_id == "not-a-job-id"
    assert record.task == "profiles_link.tasks.mapping_import_run"
    assert record.task_id == result.id
    entry = json.loads(JsonFormatter().format(record))
    assert (entry["job_id"], entry["task_id"]) == ("not-a-job-id", result.id)
