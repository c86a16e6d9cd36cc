"""An uploaded round is imported by a real Celery worker process, which reports its progress.

The worker is started as production starts it (`celery -A lms worker`), takes the message from
a file-system broker in tmp_path, and writes to the very database this test reads: a file for
SQLite, the test database for PostgreSQL. Hence `transaction=True`: the job row must be
committed before another process can see it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection
from test_commands import T1
from test_import_service import zipped

from profiles_link import imports
from profiles_link.models import MappingImport, UnitScore

REPO = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database as a DATABASE_URL for the worker."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    assert connection.vendor == "postgresql", connection.vendor
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


def broker(var_dir: Path) -> dict:
    """The folders lms.settings.base gives the worker under LMS_VAR_DIR, for the sender too."""
    celery = var_dir / "celery"
    options = {
        "data_folder_in": str(celery / "broker"),
        "data_folder_out": str(celery / "broker"),
        "processed_folder": str(celery / "processed"),
        "control_folder": str(celery / "control"),
    }
    for folder in [*options.values(), celery / "results"]:
        Path(folder).mkdir(parents=True, exist_ok=True)
    return options


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_upload_is_imported_by_a_real_worker(tmp_path, settings):
    # The worker's MEDIA_ROOT is LMS_VAR_DIR/media: the same folder as here.
    settings.MEDIA_ROOT = tmp_path / "media"
    job = imports.mapping_import_create(uploads=[zipped(T1)], round_label="T1")
    assert job.status == MappingImport.Status.QUEUED
    upload_folder = Path(job.source_dir)
    options = broker(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "LMS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_RESULT_BACKEND": f"file://{tmp_path / 'celery' / 'results'}",
    }
    worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo", "--without-gossip",
         "--without-mingle", "--loglevel=WARNING"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    seen = []
    try:
        sender = Celery("lms-test-sender")
        sender.conf.update(broker_url="filesystem://", broker_transport_options=options,
                           task_serializer="json", accept_content=["json"])  # fmt: skip
        sender.send_task("profiles_link.tasks.mapping_import_run", args=[str(job.pk)])
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and worker.poll() is None:
            job.refresh_from_db()
            seen.append((job.stage, job.progress))
            if job.is_finished:
                break
            time.sleep(0.1)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert job.status == MappingImport.Status.SUCCEEDED, (job.status, job.problems, output)
    assert (job.stage, job.progress) == ("stored", 100)
    assert [p for _stage, p in seen] == sorted(p for _stage, p in seen)  # never went backwards
    # Hand-computed in test_commands: 10 respondents, 25 answers, the school's pupils at 500.
    assert (job.summary["respondents"], job.summary["answers"]) == (10, 25)
    school = UnitScore.objects.get(round__label="T1", level="school", subgroup="all")
    assert (school.n, round(school.score, 2)) == (9, 500.0)
    assert UnitScore.objects.filter(round__label="T1").count() == 15  # 5 units x 3 subgroups
    assert not upload_folder.exists()  # the worker removed the respondent-level files
