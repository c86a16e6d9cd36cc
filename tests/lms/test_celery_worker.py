"""A real Celery worker in its own process takes a task from a real broker and answers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from redis_service import REDIS_URL, skip_without_redis

REPO = Path(__file__).resolve().parents[2]


def _broker_config(kind: str, var_dir: Path) -> tuple[dict, dict]:
    """Return (environment for the worker, configuration for the sending app)."""
    if kind == "redis":
        skip_without_redis()
        return (
            {"CELERY_BROKER_URL": REDIS_URL, "CELERY_RESULT_BACKEND": REDIS_URL},
            {"broker_url": REDIS_URL, "result_backend": REDIS_URL},
        )
    folder = var_dir / "celery" / "broker"
    folder.mkdir(parents=True)
    (var_dir / "celery" / "results").mkdir(parents=True)
    return (
        {"CELERY_BROKER_URL": "filesystem://"},
        {
            "broker_url": "filesystem://",
            "broker_transport_options": {
                "data_folder_in": str(folder),
                "data_folder_out": str(folder),
                "processed_folder": str(var_dir / "celery" / "processed"),
                "control_folder": str(var_dir / "celery" / "control"),
            },
            "result_backend": f"file://{var_dir / 'celery' / 'results'}",
        },
    )


@pytest.mark.services
@pytest.mark.parametrize("kind", ["filesystem", "redis"])
def test_task_runs_in_a_real_worker(kind, tmp_path):
    worker_env, sender_config = _broker_config(kind, tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "LMS_VAR_DIR": str(tmp_path),
        **worker_env,
    }
    worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    sender = Celery("lms-test-sender")
    sender.conf.update(task_serializer="json", accept_content=["json"], **sender_config)
    try:
        if kind == "redis":
            sender.control.purge()
        result = sender.send_task("lms.tasks.worker_health").get(timeout=90)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert result["ok"] == 1, output
    assert result["pid"] != os.getpid()
    expected_vendor = connection.vendor if "DATABASE_URL" in os.environ else "sqlite"
    assert result["db"] == expected_vendor
