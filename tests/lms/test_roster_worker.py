"""A roster is checked and stored by a real Celery worker process, as the web page queues it.

The worker is started as production starts it (`celery -A lms worker`) on a file-system broker
in tmp_path and writes to the very database this test reads; hence `transaction=True`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from roster_files import staff_roster

from lms import people_imports
from lms.factories import InstitutionFactory, MunicipalityFactory
from lms.models import PeopleImport, User

REPO = Path(__file__).resolve().parents[2]


def _worker_env(tmp_path: Path) -> tuple[dict, dict]:
    # The helpers of the mapping import's worker test: the same database and broker folders.
    sys.path.insert(0, str(REPO / "tests" / "profiles_link"))
    from test_import_worker import broker, database_url

    options = broker(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "LMS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_RESULT_BACKEND": f"file://{tmp_path / 'celery' / 'results'}",
    }
    return env, options


def _wait(job: PeopleImport, worker, until: set[str], seconds: int = 120) -> list[int]:
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and worker.poll() is None:
        job.refresh_from_db()
        seen.append(job.progress)
        if job.status in until:
            break
        time.sleep(0.1)
    return seen


def _wagtail_base() -> None:
    """A transactional test may follow another that flushed the database: put back what
    Wagtail's data migration makes, which a new school's own pages need (as tests/browser)."""
    from wagtail.models import Collection, Locale, Page, Site

    Locale.objects.get_or_create(language_code="da")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    if not Site.objects.exists():
        home = root.add_child(instance=Page(title="Velkommen", slug="home"))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_roster_is_checked_and_stored_by_a_real_worker(tmp_path):
    _wagtail_base()
    municipality = MunicipalityFactory(code="820", name="Vesthimmerland")
    school = InstitutionFactory(municipality=municipality, number="773010", name="Ny Skole")
    job = people_imports.people_import_create(
        municipality=municipality, file_name="ny.csv", data=staff_roster(300).encode()
    )
    env, options = _worker_env(tmp_path)
    worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo", "--without-gossip",
         "--without-mingle", "--loglevel=WARNING"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        sender = Celery("lms-test-sender")
        sender.conf.update(broker_url="filesystem://", broker_transport_options=options,
                           task_serializer="json", accept_content=["json"])  # fmt: skip
        sender.send_task("lms.tasks.people_import_check", args=[str(job.pk)])
        _wait(job, worker, {"checked", "failed"})
        assert job.status == PeopleImport.Status.CHECKED, (job.status, job.problems)
        assert not User.objects.filter(email__endswith="@ny.dk").exists()  # a preview only
        assert people_imports.people_import_confirm(job=job)
        sender.send_task("lms.tasks.people_import_apply", args=[str(job.pk)])
        seen = _wait(job, worker, {"succeeded", "failed"})
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert job.status == PeopleImport.Status.SUCCEEDED, (job.status, job.problems, output)
    assert job.summary["created"] == 300
    assert seen == sorted(seen)  # the progress never went backwards
    assert User.objects.filter(role_assignments__institution=school).count() == 300
