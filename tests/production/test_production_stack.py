"""The production stack as CI runs it: log in, hand in, the reviewer's e-mail on a real SMTP server.

gunicorn, a Celery worker and Celery beat started by bin/run-production with DEBUG=0 on their
own PostgreSQL and Redis (conftest.py). Nothing here talks to Django in-process.
"""

from __future__ import annotations

import json
import time

import pytest
from handins import body, hand_in, review_mails, success_messages
from stack import wait_for

pytestmark = [pytest.mark.production, pytest.mark.services]


def test_a_team_hands_in_and_the_reviewer_is_mailed_once(production, person):
    smtp = production.smtp
    teacher = person()
    teacher.log_in("teamkoordinator@demo.dk")  # the team's coordinator hands in
    already = len(smtp.received())
    response = hand_in(teacher, "Vores svar, afleveret gennem produktionsstakken.")
    assert response.status_code == 200
    assert success_messages(response.text), response.text[:2000]
    assert '<html lang="da">' in response.text
    submission_path = response.url.removeprefix(production.stack.base)

    def reviewer_mail():
        return review_mails(smtp.received()[already:])

    [mail] = wait_for(reviewer_mail, timeout=60, what="the reviewer's e-mail")
    reviewer = mail["To"]
    assert reviewer.endswith("@demo.dk")
    assert f"{production.stack.base}/feedback/sag/" in body(mail)  # links the public address
    # The team heard too, each member once, and nothing arrives twice.
    time.sleep(3)
    received = smtp.received()[already:]
    assert len(review_mails(received)) == 1
    recipients = [m["To"] for m in received]
    assert len(recipients) == len(set(recipients)), recipients
    assert any(submission_path in body(m) for m in received if m["To"] != reviewer)
    assert production.db("SELECT count(*) FROM lms_notificationoutbox WHERE sent_at IS NULL") == [
        (0,)
    ]


def test_pages_are_served_with_debug_off_and_hardened(production, person):
    visitor = person()
    login = visitor.get("/accounts/login/", headers={"X-Request-ID": "ci-stack-0001"})
    assert login.status_code == 200
    headers = login.headers
    assert headers["X-Request-ID"] == "ci-stack-0001"
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert len(headers["X-Request-ID"]) >= 8
    css = visitor.get("/static/css/lms.css")  # WhiteNoise, after collectstatic at the start
    assert css.status_code == 200 and "text/css" in css.headers["Content-Type"]
    visitor.log_in("laerer@demo.dk")
    missing = visitor.get("/no-such-page/")
    assert missing.status_code == 404
    assert '<html lang="da">' in missing.text
    assert "Traceback" not in missing.text and "URLconf" not in missing.text  # no DEBUG page
    # The access log is JSON, one object a line, under the request's id.
    lines = [line for line in production.stack.log("stack").splitlines() if "ci-stack-0001" in line]
    entry = json.loads(lines[0])
    assert (entry["logger"], entry["path"], entry["status_code"]) == (
        "gunicorn.access",
        "/accounts/login/",
        200,
    )


def test_healthz_is_200_and_names_redis_when_it_stops(production):
    stack, cache = production.stack, production.cache
    status, report = stack.healthz()
    assert (status, report["failing"]) == (200, [])
    cache.stop()
    try:
        status, report = stack.healthz()
        assert status == 503
        assert report["failing"] == ["cache"]
        assert report["checks"]["database"]["ok"] and report["checks"]["broker"]["ok"]
    finally:
        cache.start()
    wait_for(lambda: stack.healthz()[0] == 200, timeout=30, what="healthz to recover")
