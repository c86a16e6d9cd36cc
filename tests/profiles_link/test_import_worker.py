"""An upload's import job runs in a real Celery worker process, which reports its progress."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from test_commands import write_round

from profiles_link.models import MappingImport, UnitScore

REPO = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database, as the worker must see it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or ""
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_import_job_runs_in_a_real_worker(tmp_path):
    job = MappingImport.objects.create(
        round_label="T1", source_dir=str(write_round(tmp_path / "t1"))
    )
    broker = tmp_path / "broker"
    broker.mkdir()
    options = {"data_folder_in": str(broker), "data_folder_out": str(broker),
               "control_folder": str(tmp_path / "control")}  # fmt: skip
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.dev", "LMS_VAR_DIR": str(tmp_path),
           "DATABASE_URL": database_url(), "CELERY_BROKER_URL": "filesystem://"}  # fmt: skip
    # The worker's own settings put its broker folder under LMS_VAR_DIR/celery/broker.
    options["data_folder_in"] = options["data_folder_out"] = str(tmp_path / "celery" / "broker")
    worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo", "--without-gossip",
         "--without-mingle", "--loglevel=WARNING"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        sender = Celery("lms-test-sender")
        sender.conf.update(broker_url="filesystem://", broker_transport_options=options)
        Path(options["data_folder_in"]).mkdir(parents=True, exist_ok=True)
        sender.send_task("profiles_link.tasks.mapping_import_task", args=[str(job.pk)])
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert job.status == MappingImport.Status.SUCCEEDED, (job.problems, output)
    assert (job.stage, job.progress) == ("stored", 100)
    assert UnitScore.objects.filter(round__label="T1", level="school", subgroup="all").count() == 1
