"""lms.settings.production: refuses to start half-configured, and passes `check --deploy`.

Each case runs `manage.py` in its own process with exactly the environment given, as a
deployment would, starting from the variables documented in deploy/production.env.example.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "deploy" / "production.env.example"


def documented_variables() -> dict[str, str]:
    """The example file's variables, with a fresh secret key in place of the empty one."""
    variables = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            variables[name.strip()] = value.strip()
    assert variables["SECRET_KEY"] == "", "the example must not ship a key"
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)
    return variables


def manage(variables: dict[str, str], *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LMS_VAR_DIR": str(tmp_path / "var"),
        **variables,
    }
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_documented_variables(tmp_path):
    result = manage(
        documented_variables(), "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_on_plain_http(tmp_path):
    """The check is real: the loopback settings of the CI stack would not pass it."""
    variables = documented_variables() | {"SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0"}
    result = manage(variables, "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W012" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing, tmp_path):
    variables = documented_variables()
    variables.pop(missing)
    result = manage(variables, "check", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr.splitlines()[-1]


def test_production_is_never_in_debug(tmp_path):
    variables = documented_variables() | {"DEBUG": "1"}
    result = manage(
        variables,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SECURE_HSTS_SECONDS)",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["False", "31536000"]


@pytest.mark.parametrize(("dsn", "active"), [("", "False"), ("http://key@127.0.0.1:9/1", "True")])
def test_one_variable_switches_the_error_tracker_on(dsn, active, tmp_path):
    variables = documented_variables() | ({"SENTRY_DSN": dsn} if dsn else {})
    result = manage(
        variables,
        "shell",
        "-c",
        "import sentry_sdk; print(sentry_sdk.get_client().is_active())",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == active
