"""`/healthz`: is this web process able to serve? JSON, no login, for load balancers and probes.

Answered by a middleware at the top of the stack, before host checks, HTTPS redirects, sessions
and login, so a probe on the machine's own address gets an answer and a broken cache (which
holds the sessions) cannot turn the probe into a 500. Each part is checked with a short timeout;
a failing part is named, with the kind of error only (no addresses or passwords).
"""

from __future__ import annotations

import json
import logging
import time

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse

from .celery import app as celery_app

PATH = "/healthz"
logger = logging.getLogger(__name__)


def check_database() -> None:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        connection.close()  # the next request reconnects instead of reusing a broken connection
        raise


def check_cache() -> None:
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("the cache did not return what was stored")


def check_broker() -> None:
    with celery_app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def health() -> tuple[int, dict]:
    checks = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means the part is unusable
            checks[name] = {"ok": False, "error": type(exc).__name__}
            logger.warning("healthz: %s failed: %r", name, exc)
        else:
            checks[name] = {"ok": True}
        checks[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    failing = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "fail" if failing else "ok", "failing": failing, "checks": checks}
    return (503 if failing else 200), body


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        status, body = health()
        response = HttpResponse(
            json.dumps(body), status=status, content_type="application/json; charset=utf-8"
        )
        response.headers["Cache-Control"] = "no-store"
        return response
