"""The import job service: uploads stored safely, jobs run once, progress committed as it goes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.utils.translation import gettext
from test_commands import T1, write_round

from profiles_link import imports, services, tasks
from profiles_link.models import MappingImport, MappingRound, UnitScore

T1_BYTES = sum(len(text.encode()) for text in T1.values())


def zipped(entries: dict[str, str | bytes], name: str = "runde.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def csv_uploads(files: dict[str, str] = T1) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, text.encode()) for name, text in files.items()]


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def create(uploads, **options) -> MappingImport:
    return imports.mapping_import_create(uploads=uploads, round_label="T1", **options)


# --------------------------------------------------------------------------- storing uploads


@pytest.mark.django_db
def test_a_zip_is_unpacked_flat_into_the_job_folder(media):
    entries = {f"Eksport 2024/data/{name.upper()}": text for name, text in T1.items()}
    entries |= {"Eksport 2024/LÆSMIG.txt": "x", "__MACOSX/Eksport 2024/._answers.csv": "junk"}
    job = create([zipped(entries)])
    folder = media / "mapping_imports" / str(job.pk)
    assert job.status == MappingImport.Status.QUEUED
    assert job.source_dir == str(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(T1)
    assert (folder / "answers.csv").read_text(encoding="utf-8") == T1["answers.csv"]


@pytest.mark.django_db
def test_csv_files_are_stored_under_their_contract_names(media):
    uploads = [SimpleUploadedFile(name.title(), text.encode()) for name, text in T1.items()]
    job = create(uploads)  # Answers.Csv and the like
    folder = Path(job.source_dir)
    assert sorted(p.name for p in folder.iterdir()) == sorted(T1)
    assert (folder / "items.csv").read_text(encoding="utf-8") == T1["items.csv"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "entry",
    ["../../evil.csv", "/etc/evil.csv", "..\\..\\evil.csv", "C:/evil.csv",
     "export/../../answers.csv"],
)  # fmt: skip
def test_a_zip_with_an_unsafe_path_is_refused_whole(media, tmp_path, entry):
    job = create([zipped(T1 | {entry: "respondent_id,item_code,value\n"})])
    assert job.status == MappingImport.Status.FAILED
    assert job.problems == [
        "runde.zip:0: -: " + gettext("unsafe path %(path)s in the zip file") % {"path": entry}
    ]
    assert not (media / "mapping_imports" / str(job.pk)).exists()
    assert not (tmp_path / "evil.csv").exists()
    assert job.finished_at is not None


@pytest.mark.django_db
def test_a_zip_with_a_file_twice_is_refused(media):
    job = create([zipped(T1 | {"old/answers.csv": T1["answers.csv"]})])
    assert job.status == MappingImport.Status.FAILED
    assert job.problems == [
        "answers.csv:0: -: "
        + gettext("the file appears more than once in %(zip)s") % {"zip": "runde.zip"}
    ]


@pytest.mark.django_db
def test_a_broken_zip_is_refused(media):
    job = create([SimpleUploadedFile("runde.zip", b"PK\x03\x04 not really a zip")])
    assert job.status == MappingImport.Status.FAILED
    assert job.problems[0].startswith("runde.zip:0: -: ")


@pytest.mark.django_db
def test_zip_and_csv_together_or_strange_files_are_refused(media):
    mixed = create([zipped(T1), *csv_uploads()])
    assert mixed.status == MappingImport.Status.FAILED
    strange = create([*csv_uploads(), SimpleUploadedFile("svar.xlsx", b"x")])
    assert strange.status == MappingImport.Status.FAILED
    assert strange.problems[0].startswith("svar.xlsx:0: -: ")
    assert not any((media / "mapping_imports").iterdir())


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["zip", "csv"])
def test_the_size_limit_counts_every_byte(media, settings, kind):
    def upload():
        return [zipped(T1)] if kind == "zip" else csv_uploads()

    settings.MAPPING_IMPORT_MAX_BYTES = T1_BYTES  # exactly enough
    assert create(upload()).status == MappingImport.Status.QUEUED
    settings.MAPPING_IMPORT_MAX_BYTES = T1_BYTES - 1  # one byte short
    refused = create(upload())
    assert refused.status == MappingImport.Status.FAILED
    assert (
        gettext("the files take more than %(limit)s MB in all") % {"limit": 1}
        in (refused.problems[0])
    )
    assert not (media / "mapping_imports" / str(refused.pk)).exists()


# --------------------------------------------------------------------------- running jobs


@pytest.mark.django_db
def test_an_uploaded_job_runs_and_its_files_are_removed(media):
    job = create([zipped(T1)])
    folder = Path(job.source_dir)
    job = imports.mapping_import_run(job_id=job.pk)
    assert (job.status, job.stage, job.progress) == ("succeeded", "stored", 100)
    # 10 respondents; 25 answers with a value (two rows are empty).
    assert job.summary == {"round": "T1", "respondents": 10, "answers": 25, "reference": True}
    assert not folder.exists()  # respondent-level answers are not kept
    assert UnitScore.objects.filter(round__label="T1").exists()


@pytest.mark.django_db
def test_a_refused_upload_is_removed_too(media):
    job = create(csv_uploads(T1 | {"answers.csv": T1["answers.csv"] + "zz,F1,4\n"}))
    job = imports.mapping_import_run(job_id=job.pk)
    assert job.status == MappingImport.Status.FAILED
    assert job.problems == ["answers.csv:29: respondent_id: unknown respondent_id zz"]
    assert job.problem_count == 1
    assert not (media / "mapping_imports" / str(job.pk)).exists()


@pytest.mark.django_db
def test_a_folder_from_the_command_line_is_never_removed(tmp_path):
    folder = write_round(tmp_path / "t1")
    job = imports.mapping_import_create(source_dir=folder, round_label="T1")
    assert imports.mapping_import_run(job_id=job.pk).status == MappingImport.Status.SUCCEEDED
    assert sorted(p.name for p in folder.iterdir()) == sorted(T1)


@pytest.mark.django_db
def test_a_job_runs_once(tmp_path):
    job = imports.mapping_import_create(source_dir=write_round(tmp_path / "t1"), round_label="T1")
    first = imports.mapping_import_run(job_id=job.pk)
    finished_at = first.finished_at
    again = imports.mapping_import_run(job_id=job.pk)  # a redelivered message
    assert again.status == MappingImport.Status.SUCCEEDED
    assert again.finished_at == finished_at  # untouched, not run and refused as "exists already"
    assert MappingRound.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["running", "failed"])
def test_a_running_or_refused_job_is_left_alone(tmp_path, status):
    job = MappingImport.objects.create(
        round_label="T1", source_dir=str(write_round(tmp_path / "t1")), status=status,
        stage="validated", progress=40,
    )  # fmt: skip
    seen = []
    result = imports.mapping_import_run(job_id=job.pk, progress=lambda *a: seen.append(a))
    assert (result.status, result.stage, result.progress) == (status, "validated", 40)
    assert seen == []
    assert not MappingRound.objects.exists()


@pytest.mark.django_db
def test_an_unknown_job_is_none():
    assert imports.mapping_import_run(job_id="00000000-0000-0000-0000-000000000000") is None


@pytest.mark.django_db
def test_a_missing_folder_refuses_the_job(tmp_path):
    job = imports.mapping_import_create(source_dir=tmp_path / "gone", round_label="T1")
    job = imports.mapping_import_run(job_id=job.pk)
    assert job.status == MappingImport.Status.FAILED
    assert job.problems == [f"{tmp_path / 'gone'}:0: -: " + gettext("not a folder")]


@pytest.mark.django_db
def test_an_unexpected_error_is_recorded_and_raised(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(services.scoring, "unit_aggregates", broken)
    job = imports.mapping_import_create(source_dir=write_round(tmp_path / "t1"), round_label="T1")
    with pytest.raises(ZeroDivisionError):
        imports.mapping_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == MappingImport.Status.FAILED
    assert job.problems == [gettext("The import failed unexpectedly.")]
    assert not MappingRound.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_progress_is_committed_while_the_import_runs(tmp_path):
    """Another connection (the status page's) sees each stage as soon as it is reached."""
    job = imports.mapping_import_create(source_dir=write_round(tmp_path / "t1"), round_label="T1")
    other = connections.create_connection("default")
    table = MappingImport._meta.db_table
    seen = []

    def look(stage: str, percent: int) -> None:
        with other.cursor() as cursor:
            cursor.execute(
                f"SELECT status, stage, progress FROM {table} WHERE id = %s",  # noqa: S608
                [job.pk.hex if other.vendor == "sqlite" else job.pk],
            )
            seen.append(cursor.fetchone())

    try:
        imports.mapping_import_run(job_id=job.pk, progress=look)
    finally:
        other.close()
    assert seen == [
        ("running", "parsing", 5),
        ("running", "validated", 40),
        ("running", "scored", 65),
        ("running", "stored", 100),
    ]


# --------------------------------------------------------------------------- task and reads


@pytest.mark.django_db
def test_the_task_is_safe_to_run_twice(media):
    job = create([zipped(T1)])
    assert tasks.mapping_import_run.delay(str(job.pk)).get() == "succeeded"
    assert tasks.mapping_import_run.delay(str(job.pk)).get() == "succeeded"
    assert MappingRound.objects.count() == 1
    assert tasks.mapping_import_run.delay("00000000-0000-0000-0000-000000000000").get() is None


def test_coordinators_and_admins_follow_every_import(programme):
    admin = programme.people["admin"]
    first = MappingImport.objects.create(round_label="T1", source_dir="/x", created_by=admin)
    cli = MappingImport.objects.create(round_label="T3", source_dir="/x")
    for person in ["municipal_coordinator", "other_coordinator", "admin"]:
        assert set(imports.recent_imports_for(user=programme.people[person])) == {first, cli}
    assert list(imports.recent_imports_for(user=programme.people["teacher"])) == []


@pytest.mark.django_db
def test_a_preview_task_is_safe_to_run_twice_and_stores_nothing(media):
    job = create([zipped(T1)], confirm_first=True)
    assert tasks.mapping_import_run.delay(str(job.pk)).get() == "preview"
    assert tasks.mapping_import_run.delay(str(job.pk)).get() == "preview"
    assert not MappingRound.objects.exists()
    assert Path(MappingImport.objects.get().source_dir).is_dir()  # kept for the confirmation


@pytest.mark.django_db
def test_unconfirmed_previews_expire_with_their_files(media):
    job = create([zipped(T1)], confirm_first=True)
    tasks.mapping_import_run.delay(str(job.pk))
    assert imports.mapping_imports_expire() == 0  # younger than a day
    MappingImport.objects.filter(pk=job.pk).update(created_at=job.created_at - imports.PREVIEW_KEPT)
    assert tasks.expire_import_previews.delay().get() == 1
    job.refresh_from_db()
    assert job.status == MappingImport.Status.CANCELLED
    assert not Path(job.source_dir).exists()
