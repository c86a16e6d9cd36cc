"""The Dockerfile and compose.yaml cannot be built on a machine without Docker (CI's): they are
checked here for what can be checked without it: that they start the parts bin/run-production
knows, with the variables the production settings need."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_runs_web_worker_beat_on_postgres_and_redis():
    services = compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis", "migrate"} <= set(services)
    script = (REPO / "bin" / "run-production").read_text()
    for name in ("migrate", "web", "worker", "beat"):
        [mode] = services[name]["command"]
        assert re.search(rf"^  {mode}\)", script, re.M), mode
        environment = services[name]["environment"]
        for variable in ("DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL"):
            assert variable in environment, (name, variable)
        assert services[name]["env_file"] == "deploy/production.env"
    assert services["web"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }


def test_the_image_starts_the_script_with_production_settings():
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert 'ENTRYPOINT ["bin/run-production"]' in dockerfile
    assert "DJANGO_SETTINGS_MODULE=lms.settings.production" in dockerfile
    assert "/healthz" in dockerfile
    assert re.search(r"^USER lms$", dockerfile, re.M)  # not root


def test_the_example_environment_names_every_variable_production_requires():
    example = (REPO / "deploy" / "production.env.example").read_text(encoding="utf-8")
    for variable in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CACHE_URL",
        "CELERY_BROKER_URL",
    ):
        assert re.search(rf"^{variable}=", example, re.M), variable
