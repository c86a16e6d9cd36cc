"""A job whose worker stopped shows "interrupted" with a retry button, and the retry imports.

The worker's death is simulated here by a running job without a recent heartbeat (as a killed
worker leaves it); tests/production/test_faults.py kills a real worker with SIGKILL.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from test_commands import T1
from test_import_service import zipped

from profiles_link import imports
from profiles_link.models import MappingImport, MappingRound
from profiles_link.tasks import mapping_imports_mark_interrupted


@pytest.fixture
def client_for(client_for, settings):
    """As in conftest, reading English: the messages are checked by their English text."""

    def _login(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return _login


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAPPING_IMPORT_STALE_SECONDS = 60


def running_job(user, *, beat_seconds_ago: int) -> MappingImport:
    job = imports.mapping_import_create(uploads=[zipped(T1)], round_label="T1", user=user)
    MappingImport.objects.filter(pk=job.pk).update(
        status=MappingImport.Status.RUNNING,
        stage="scored",
        progress=65,
        heartbeat_at=timezone.now() - timedelta(seconds=beat_seconds_ago),
    )
    return job


def test_a_job_with_a_recent_heartbeat_is_still_running(client_for, programme):
    user = programme.people["admin"]
    job = running_job(user, beat_seconds_ago=5)
    assert mapping_imports_mark_interrupted.apply().get() == 0
    html = client_for(user).get(reverse("profiles:import_status", args=[job.pk])).content.decode()
    assert 'id="import-interrupted"' not in html
    assert 'http-equiv="refresh"' in html


def test_a_silent_job_shows_interrupted_and_a_retry_imports_it(
    client_for, programme, django_capture_on_commit_callbacks
):
    user = programme.people["admin"]
    job = running_job(user, beat_seconds_ago=120)
    client = client_for(user)
    status_url = reverse("profiles:import_status", args=[job.pk])
    html = client.get(status_url).content.decode()
    job.refresh_from_db()
    assert job.status == MappingImport.Status.INTERRUPTED
    assert 'id="import-interrupted"' in html
    assert 'http-equiv="refresh"' not in html  # finished: no more reloading
    retry_url = reverse("profiles:import_retry", args=[job.pk])
    assert f'action="{retry_url}"' in html
    assert not MappingRound.objects.exists()
    assert Path(job.source_dir).is_dir()  # the upload waits for the retry

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts) == (MappingImport.Status.SUCCEEDED, 1)
    assert MappingRound.objects.filter(label="T1").count() == 1
    # A second retry of a finished job is refused with a message, and changes nothing.
    page = client.post(retry_url, follow=True).content.decode()
    assert "Only an interrupted import can be tried again." in page
    assert MappingRound.objects.count() == 1


def test_beat_marks_silent_jobs_and_only_those(programme):
    user = programme.people["admin"]
    silent = running_job(user, beat_seconds_ago=120)
    alive = running_job(user, beat_seconds_ago=1)
    assert mapping_imports_mark_interrupted.apply().get() == 1
    statuses = dict(MappingImport.objects.values_list("pk", "status"))
    assert statuses == {silent.pk: "interrupted", alive.pk: "running"}


def test_a_retry_without_the_uploaded_files_asks_for_a_new_upload(client_for, programme):
    user = programme.people["admin"]
    job = running_job(user, beat_seconds_ago=120)
    imports.mapping_imports_mark_interrupted()
    imports._remove_upload(job)
    page = client_for(user).post(reverse("profiles:import_retry", args=[job.pk]), follow=True)
    assert "The uploaded files are gone: upload the round again." in page.content.decode()
    job.refresh_from_db()
    assert job.status == MappingImport.Status.INTERRUPTED


def test_a_teacher_may_not_retry(client_for, programme):
    job = running_job(programme.people["admin"], beat_seconds_ago=120)
    imports.mapping_imports_mark_interrupted()
    response = client_for(programme.people["teacher"]).post(
        reverse("profiles:import_retry", args=[job.pk])
    )
    assert response.status_code == 403


def test_a_job_whose_task_never_reached_the_broker_is_sent_again_by_beat(programme):
    job = imports.mapping_import_create(
        uploads=[zipped(T1)], round_label="T1", user=programme.people["admin"]
    )
    assert mapping_imports_mark_interrupted.apply().get() == 0
    job.refresh_from_db()
    assert job.status == MappingImport.Status.QUEUED  # too young to be sent again
    MappingImport.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(seconds=120)
    )
    mapping_imports_mark_interrupted.apply().get()  # sends it; the worker here is eager
    job.refresh_from_db()
    assert job.status == MappingImport.Status.SUCCEEDED
    assert MappingRound.objects.filter(label="T1").count() == 1
