"""Logs that can be followed: a request id on every line of a request, the task id in a worker.

`RequestIdMiddleware` takes the proxy's `X-Request-ID` (when it looks like one) or makes one,
returns it in the response and keeps it in a context variable; `ContextFilter` puts it, and the
current Celery task's id, on every log record; `JsonFormatter` writes one JSON object a line.
Task failures are logged once, with the task's arguments (an import job's id, say), by the
`task_failure` receiver at the end.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

from celery import current_task
from celery.signals import task_failure

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

logger = logging.getLogger("lms.tasks")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = given if _ACCEPTED_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response.headers[REQUEST_ID_HEADER] = request.request_id
        return response


class ContextFilter(logging.Filter):
    """Adds `request_id` and `task_id` to every record (a dash where there is none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs a request's outcome ("Not Found: /x") after the middleware has
            # finished, with the request itself on the record.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        if not hasattr(record, "task_id"):
            task = current_task
            record.task_id = getattr(task.request, "id", None) or "-" if task else "-"
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("request_id", "task_id", "task", "job_id", "status_code", "method", "path")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in self.FIELDS:
            value = getattr(record, name, None)
            if value not in (None, "-"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


@task_failure.connect
def log_task_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, **_):
    """One error line per failed task, naming the task, its id and the ids it was given."""
    logger.error(
        "task %s failed (task id %s, arguments %s): %r",
        getattr(sender, "name", sender),
        task_id,
        list(args or []) + [f"{k}={v}" for k, v in (kwargs or {}).items()],
        exception,
        extra={
            "task_id": task_id,
            "task": getattr(sender, "name", str(sender)),
            "job_id": (args or [None])[0] if args else None,
        },
    )
