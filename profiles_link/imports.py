"""Import jobs: one MappingImport row per run, so the browser and the CLI can follow progress."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import MappingImport
from .services import MappingImportError, mapping_round_import

MAX_UPLOAD_BYTES = 1024 * 1024 * 1024  # a programme round is ~60 MB of CSV
CSV_NAMES = {"indicators.csv", "items.csv", "respondents.csv", "answers.csv", "units.csv"}


def _job_dir(job: MappingImport) -> Path:
    return Path(settings.MEDIA_ROOT) / "mapping_imports" / str(job.pk)


def _save_upload(folder: Path, upload: UploadedFile) -> list[str]:
    """Store CSV files by base name; unpack a zip without trusting its paths."""
    name = Path(upload.name).name.lower()
    if name.endswith(".zip"):
        saved = []
        with zipfile.ZipFile(upload) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_UPLOAD_BYTES:
                raise MappingImportError(
                    [_("%(name)s: the zip file is too large.") % {"name": name}]
                )
            for member in members:
                base = Path(member.filename).name.lower()  # flattens folders, drops ../
                if base in CSV_NAMES:
                    with archive.open(member) as source:
                        (folder / base).write_bytes(source.read())
                    saved.append(base)
        return saved
    if name not in CSV_NAMES:
        raise MappingImportError(
            [_("%(name)s: not one of the round's CSV files or a zip file.") % {"name": name}]
        )
    with open(folder / name, "wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return [name]


def mapping_import_create(
    *,
    uploads: list[UploadedFile] | None = None,
    source_dir: str | None = None,
    round_label: str,
    held_on: date | None = None,
    as_reference: bool = False,
    replace: bool = False,
    user=None,
) -> MappingImport:
    """Record a job for uploaded files (web) or a folder on disk (CLI)."""
    job = MappingImport.objects.create(
        round_label=round_label.strip(),
        held_on=held_on,
        as_reference=as_reference,
        replace=replace,
        created_by=user,
        source_dir=source_dir or "",
    )
    if uploads is not None:
        folder = _job_dir(job)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            for upload in uploads:
                _save_upload(folder, upload)
        except (MappingImportError, zipfile.BadZipFile) as exc:
            problems = getattr(exc, "problems", None) or [_("The zip file cannot be read.")]
            _finish(job, MappingImport.Status.FAILED, problems=problems)
            return job
        job.source_dir = str(folder)
        job.save(update_fields=["source_dir"])
    return job


def _progress(job: MappingImport, stage: str, percent: int) -> None:
    # A plain UPDATE outside the import's transaction: the browser sees it at once.
    stage = stage if stage in MappingImport.Stage.values else MappingImport.Stage.WAITING
    MappingImport.objects.filter(pk=job.pk).update(stage=stage, progress=percent)


def _finish(job: MappingImport, status: str, *, problems=None, total=0, summary=None) -> None:
    job.status = status
    job.problems = list(problems or [])
    job.problem_count = total or len(job.problems)
    job.summary = summary or {}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "problems", "problem_count", "summary", "finished_at"])


def mapping_import_run(*, job_id, progress=None) -> MappingImport:
    """Run a queued job. Safe to call twice: a job that is not queued is left alone."""
    with transaction.atomic():
        claimed = MappingImport.objects.filter(
            pk=job_id, status=MappingImport.Status.QUEUED
        ).update(status=MappingImport.Status.RUNNING)
    job = MappingImport.objects.get(pk=job_id)
    if not claimed:
        return job

    def report(stage: str, percent: int) -> None:
        _progress(job, stage, percent)
        if progress:
            progress(stage, percent)

    try:
        mapping_round = mapping_round_import(
            source=job.source_dir,
            round_label=job.round_label,
            held_on=job.held_on,
            as_reference=job.as_reference,
            replace=job.replace,
            user=job.created_by,
            progress=report,
        )
    except MappingImportError as exc:
        _finish(job, MappingImport.Status.FAILED, problems=exc.problems[:1000], total=exc.total)
        return job
    except Exception:
        _finish(job, MappingImport.Status.FAILED, problems=[_("The import failed unexpectedly.")])
        raise
    _finish(
        job,
        MappingImport.Status.SUCCEEDED,
        summary={
            "round": mapping_round.label,
            "respondents": mapping_round.respondent_count,
            "answers": mapping_round.answer_count,
            "reference": mapping_round.is_reference,
        },
    )
    return job
