"""Uploading a round in the browser: permissions, zip and CSV uploads, progress and refusals."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from test_commands import ANSWERS, INDICATORS, ITEMS, RESPONDENTS

from profiles_link.models import MappingImport, MappingRound, UnitScore

FILES = {"indicators.csv": INDICATORS, "items.csv": ITEMS, "respondents.csv": RESPONDENTS,
         "answers.csv": ANSWERS}  # fmt: skip


def zipped(files: dict[str, str], folder: str = "export/") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(folder + name, text)
    return SimpleUploadedFile("runde.zip", buffer.getvalue(), content_type="application/zip")


@pytest.mark.parametrize(("person", "status"), [
    ("municipal_coordinator", 200), ("admin", 200), ("teacher", 403), ("leader", 403),
    ("author", 403), ("municipal_rp", 403),
])  # fmt: skip
def test_who_may_import(client_for, programme, person, status):
    response = client_for(programme.people[person]).get(reverse("profiles:import_start"))
    assert response.status_code == status


def test_zip_upload_is_imported_and_shows_progress(
    client_for, programme, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["municipal_coordinator"])
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued after commit
        response = client.post(
            reverse("profiles:import_start"),
            {"round_label": "T1", "held_on": "2024-09-16", "files": zipped(FILES)},
        )
    response = client.get(response["Location"])
    job = MappingImport.objects.get()
    assert job.status == MappingImport.Status.SUCCEEDED
    assert job.progress == 100 and job.stage == "stored"
    html = response.content.decode()
    assert 'value="100"' in html
    assert 'http-equiv="refresh"' not in html  # finished: stops refreshing
    assert MappingRound.objects.get().respondent_count == 6
    assert UnitScore.objects.filter(level="school", subgroup="all").get().score == pytest.approx(
        500
    )


def test_csv_files_upload(client_for, programme, django_capture_on_commit_callbacks):
    client = client_for(programme.people["admin"])
    uploads = [SimpleUploadedFile(name, text.encode()) for name, text in FILES.items()]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:import_start"), {"round_label": "T1", "files": uploads})
    assert MappingImport.objects.get().status == MappingImport.Status.SUCCEEDED


def test_refused_upload_lists_every_problem_and_stores_nothing(
    client_for, programme, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["municipal_coordinator"])
    bad = FILES | {"answers.csv": ANSWERS + "zz,F1,4\np1,F1,9\n"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profiles:import_start"), {"round_label": "T1", "files": zipped(bad)}
        )
    response = client.get(response["Location"])
    html = response.content.decode()
    assert "answers.csv:17: respondent_id: " in html
    assert "answers.csv:18: " in html
    assert not MappingRound.objects.exists()
    assert MappingImport.objects.get().status == MappingImport.Status.FAILED


def test_zip_paths_cannot_escape_the_upload_folder(
    client_for, programme, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_for(programme.people["admin"])
    evil = zipped(FILES | {"../../evil.csv": "x"}, folder="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:import_start"), {"round_label": "T1", "files": evil})
    assert not (tmp_path / "evil.csv").exists()
    assert MappingImport.objects.get().status == MappingImport.Status.SUCCEEDED


def test_running_import_page_refreshes_without_javascript(client_for, programme):
    user = programme.people["municipal_coordinator"]
    job = MappingImport.objects.create(round_label="T1", source_dir="/nowhere", created_by=user,
                                       status="running", stage="validated", progress=40)  # fmt: skip
    html = client_for(user).get(reverse("profiles:import_status", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert 'value="40"' in html


def test_someone_elses_import_is_refused(client_for, programme):
    job = MappingImport.objects.create(round_label="T1", source_dir="/x",
                                       created_by=programme.people["admin"])  # fmt: skip
    url = reverse("profiles:import_status", args=[job.pk])
    assert client_for(programme.people["municipal_coordinator"]).get(url).status_code == 403


def test_a_job_runs_once(programme, tmp_path):
    from test_commands import write_round

    from profiles_link.imports import mapping_import_run

    folder = write_round(tmp_path / "t1")
    job = MappingImport.objects.create(round_label="T1", source_dir=str(folder))
    assert mapping_import_run(job_id=job.pk).status == MappingImport.Status.SUCCEEDED
    again = mapping_import_run(job_id=job.pk)  # a redelivered task message
    assert again.status == MappingImport.Status.SUCCEEDED
    assert MappingRound.objects.count() == 1


def test_progress_stages_are_recorded_in_order(programme, tmp_path):
    from test_commands import write_round

    from profiles_link.imports import mapping_import_run

    seen = []
    job = MappingImport.objects.create(
        round_label="T1", source_dir=str(write_round(tmp_path / "r"))
    )
    mapping_import_run(
        job_id=job.pk,
        progress=lambda stage, percent: seen.append(
            (stage, percent, MappingImport.objects.get(pk=job.pk).stage)
        ),
    )
    assert [s for s, _p, _db in seen] == ["parsing", "validated", "scored", "stored"]
    assert [db for _s, _p, db in seen] == ["parsing", "validated", "scored", "stored"]
    assert [p for _s, p, _db in seen] == sorted(p for _s, p, _db in seen)
