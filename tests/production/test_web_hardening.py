"""Headers, /healthz and the error pages, through the test client with the real middleware."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from lms import error_views, urls

REPO = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_site_pages_allow_no_inline_script_or_style(client, db):
    response = client.get(reverse("account_login"))
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'self'" in policy["form-action"]


def test_the_admin_gets_its_own_looser_policy(client_for, programme):
    client = client_for(programme.people["author"])
    response = client.get("/cms/")
    assert response.status_code == 200
    policy = directives(response.headers["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]  # the page editor's preview frame
    assert not any("http" in source for source in policy["script-src"])  # no other site's code


def test_the_identity_provider_may_receive_the_login_and_logout_forms(settings, client, db):
    settings.OIDC_SERVER_URL = "https://broker.unilogin.example/auth/realms/broker/"
    response = client.get(reverse("account_login"))
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["form-action"] == ["'self'", "https://broker.unilogin.example"]


def test_json_responses_carry_no_policy(client, db):
    response = client.get("/healthz")
    assert "Content-Security-Policy" not in response.headers


def test_no_template_of_the_site_has_inline_script_style_or_handlers():
    offenders = []
    pattern = re.compile(r"<script(?![^>]*\bsrc=)|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    for path in sorted((REPO / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []


def test_every_response_names_its_request_id(client, db):
    response = client.get(reverse("account_login"), HTTP_X_REQUEST_ID="lb-1234abcd")
    assert response.headers["X-Request-ID"] == "lb-1234abcd"
    made = client.get(reverse("account_login"), HTTP_X_REQUEST_ID="bad id with spaces")
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])


# ----------------------------------------------------------------------------- /healthz


@pytest.mark.django_db
def test_healthz_answers_without_login_and_for_any_host():
    client = Client(HTTP_HOST="10.1.2.3")  # a load balancer probing the machine's own address
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_names_the_failing_part_with_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"] == {
        "ok": False,
        "error": "ConnectionError",
        "ms": pytest.approx(0, abs=3000),
    }
    assert body["checks"]["database"]["ok"] is True


# ----------------------------------------------------------------------------- error pages


def test_an_unknown_host_gets_the_400_page(client, settings):
    response = client.get(reverse("account_login"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b'id="error-400"' in response.content
    assert b'<html lang="da">' in response.content


def test_the_500_page_needs_no_database_and_names_the_request(db):
    assert urls.handler500 == "lms.error_views.server_error"
    request = RequestFactory().get("/")
    request.request_id = "abc123def456"
    response = error_views.server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert 'id="error-500"' in page and "abc123def456" in page
    assert '<html lang="da">' in page


def test_a_form_without_its_csrf_token_gets_the_expired_form_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "x@test.dk", "password": "y"})
    assert response.status_code == 403
    assert b'id="error-403-csrf"' in response.content


def test_an_unknown_page_gets_the_404_page(client_for, programme):
    response = client_for(programme.people["teacher"]).get("/no-such-page/")
    assert response.status_code == 404
    assert b'<html lang="da">' in response.content
