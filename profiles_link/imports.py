"""Import jobs: one MappingImport row per run, so the browser and the command line share one path.

The web stores the upload under MEDIA_ROOT/mapping_imports/<job id>/ and a Celery worker runs
the job; the command runs a job on a folder in-process. Either way the row carries the stage,
the percent and, at the end, the summary or every problem.

Uploaded files hold respondent-level answers, which the database deliberately never keeps, so a
job's upload folder is removed as soon as the job has finished.
"""

from __future__ import annotations

import shutil
import zipfile
import zlib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path, PurePosixPath
from typing import NoReturn

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lms import permissions as org
from lms.errors import ServiceError
from lms.jobs import job_claim, job_finish, job_progress

from .models import MappingImport
from .parsing import FILE_ORDER
from .services import mapping_round_import

UPLOAD_FOLDER = "mapping_imports"
ROUND_FILES = frozenset(FILE_ORDER)
#: Bytes a job may write to disk (all files together, after unpacking). A programme round is
#: about 60 MB of CSV; setting MAPPING_IMPORT_MAX_BYTES changes the limit.
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024
#: A zip with more entries than this is not a vendor export.
MAX_ZIP_ENTRIES = 200
CHUNK = 1024 * 1024

ProgressCallback = Callable[[str, int], None]


def max_upload_bytes() -> int:
    return int(getattr(settings, "MAPPING_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _problem(file: str, reason: str) -> str:
    """A whole-file problem in the contract's form (line 0, no single column to blame)."""
    return f"{file}:0: -: {reason}"


# --------------------------------------------------------------------------- saving uploads


def job_folder(job: MappingImport) -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER / str(job.pk)


def base_name(name: str) -> str:
    """The file name without any folder, lower-cased; backslashes count as separators too."""
    return PurePosixPath(name.replace("\\", "/")).name.lower()


class _Budget:
    """Counts bytes actually written, so a zip that lies about its sizes is still stopped."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, count: int, file: str) -> None:
        self.used += count
        if self.used > self.limit:
            self.refuse(file)

    def refuse(self, file: str) -> NoReturn:
        megabytes = max(round(self.limit / (1024 * 1024)), 1)
        reason = _("the files take more than %(limit)s MB in all") % {"limit": megabytes}
        raise ServiceError(_problem(file, reason))


def _copy(source, target: Path, budget: _Budget, file: str) -> None:
    with open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            budget.take(len(chunk), file)
            out.write(chunk)


def _unsafe(name: str) -> bool:
    """Absolute paths, drive letters and `..` would leave the folder if anyone trusted them."""
    path = name.replace("\\", "/")
    parts = PurePosixPath(path).parts
    return path.startswith("/") or ".." in parts or (len(path) > 1 and path[1] == ":")


def _zip_members(archive: zipfile.ZipFile, zip_name: str) -> dict[str, zipfile.ZipInfo]:
    """The round's files in the zip by base name; refuses unsafe paths and ambiguous names."""
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) > MAX_ZIP_ENTRIES:
        reason = _("the zip file holds more than %(max)s files") % {"max": MAX_ZIP_ENTRIES}
        raise ServiceError(_problem(zip_name, reason))
    problems = []
    wanted: dict[str, zipfile.ZipInfo] = {}
    for info in entries:
        name = base_name(info.filename)
        if _unsafe(info.filename):
            reason = _("unsafe path %(path)s in the zip file") % {"path": info.filename}
            problems.append(_problem(zip_name, reason))
        elif name not in ROUND_FILES:
            continue  # a README, __MACOSX/._answers.csv and the like
        elif name in wanted:
            reason = _("the file appears more than once in %(zip)s") % {"zip": zip_name}
            problems.append(_problem(name, reason))
        else:
            wanted[name] = info
    if problems:
        raise ServiceError(*problems)
    return wanted


def _unpack_zip(folder: Path, upload: UploadedFile, budget: _Budget) -> list[str]:
    zip_name = base_name(upload.name or "upload.zip")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            wanted = _zip_members(archive, zip_name)
            if sum(info.file_size for info in wanted.values()) > budget.limit - budget.used:
                budget.refuse(zip_name)  # by the sizes the zip declares, before unpacking
            for name, info in wanted.items():
                with archive.open(info) as source:
                    _copy(source, folder / name, budget, name)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression.
        raise ServiceError(
            _problem(zip_name, _("the zip file cannot be read (%(error)s)") % {"error": exc})
        ) from exc
    return sorted(wanted)


def _save_uploads(folder: Path, uploads: Iterable[UploadedFile]) -> list[str]:
    """One zip, or the round's CSV files, stored flat under their contract names."""
    uploads = list(uploads)
    budget = _Budget(max_upload_bytes())
    if not uploads:
        raise ServiceError(_("No files were uploaded."))
    names = [base_name(upload.name or "") for upload in uploads]
    if any(name.endswith(".zip") for name in names):
        if len(uploads) > 1:
            raise ServiceError(
                _problem(names[0], _("upload one zip file, or the CSV files, not both"))
            )
        return _unpack_zip(folder, uploads[0], budget)
    expected = ", ".join(FILE_ORDER)
    problems = [
        _problem(name, _("not one of the round's files (%(files)s)") % {"files": expected})
        for name in names
        if name not in ROUND_FILES
    ]
    problems += [
        _problem(name, _("the file was uploaded more than once"))
        for name in sorted({n for n in names if names.count(n) > 1})
    ]
    if problems:
        raise ServiceError(*problems)
    for name, upload in zip(names, uploads, strict=True):
        upload.seek(0)
        _copy(upload, folder / name, budget, name)
    return sorted(names)


# --------------------------------------------------------------------------- jobs


def mapping_import_create(
    *,
    round_label: str,
    held_on: date | None = None,
    as_reference: bool = False,
    replace: bool = False,
    user=None,
    uploads: Iterable[UploadedFile] | None = None,
    source_dir: str | Path | None = None,
) -> MappingImport:
    """Record a job for uploaded files (the web) or a folder on disk (the command).

    An upload that cannot become a round folder (an unsafe or unreadable zip, files too large)
    gives a job that is already refused, with its problems, so every attempt is on record.
    """
    if (uploads is None) == (source_dir is None):
        raise ValueError("give either uploads or source_dir")
    job = MappingImport.objects.create(
        round_label=round_label.strip(),
        held_on=held_on,
        as_reference=as_reference,
        replace=replace,
        created_by=user,
        source_dir=str(source_dir or ""),
    )
    if uploads is None:
        return job
    folder = job_folder(job)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        _save_uploads(folder, uploads)
    except ServiceError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        _finish(job, MappingImport.Status.FAILED, problems=exc.problems)
        return job
    except Exception:  # a full disk, say: no job may stay queued with half its files
        shutil.rmtree(folder, ignore_errors=True)
        _finish(job, MappingImport.Status.FAILED, problems=[_("The import failed unexpectedly.")])
        raise
    job.source_dir = str(folder)
    job.save(update_fields=["source_dir"])
    return job


def _record_progress(job_id, stage: str, percent: int) -> None:
    """A plain UPDATE in autocommit: committed at once, outside the import's own transaction,
    so the status page (another connection) sees it while the import goes on."""
    if stage not in MappingImport.Stage.values:
        stage = MappingImport.Stage.WAITING
    job_progress(MappingImport, job_id, stage=stage, percent=percent)


def _finish(job: MappingImport, status: str, *, problems=(), total: int = 0, summary=None) -> None:
    job_finish(job, status=status, problems=problems, total=total, summary=summary or {})


def _claim(job_id) -> bool:
    """Queued -> running in one UPDATE: of two deliveries of the same message, one wins."""
    return job_claim(
        MappingImport,
        job_id,
        from_status=MappingImport.Status.QUEUED,
        to_status=MappingImport.Status.RUNNING,
    )


def _remove_upload(job: MappingImport) -> None:
    """Delete the job's own upload folder; a folder named on the command line is never touched."""
    folder = job_folder(job)
    if job.source_dir and Path(job.source_dir) == folder:
        shutil.rmtree(folder, ignore_errors=True)


def mapping_import_run(*, job_id, progress: ProgressCallback | None = None) -> MappingImport | None:
    """Run a queued job and return it finished; None when there is no such job.

    Safe to call twice (a redelivered task): a job that is running, has succeeded or was
    refused is returned as it is. Call it outside any transaction, as the worker and the
    command do, so each stage is committed when it is reached.
    """
    if not _claim(job_id):
        return MappingImport.objects.filter(pk=job_id).first()
    job = MappingImport.objects.get(pk=job_id)

    def report(stage: str, percent: int) -> None:
        _record_progress(job.pk, stage, percent)
        if progress is not None:
            progress(stage, percent)

    try:
        _run(job, report)
    finally:
        _remove_upload(job)
    job.refresh_from_db()
    return job


def _run(job: MappingImport, report: ProgressCallback) -> None:
    if not Path(job.source_dir).is_dir():
        problem = _problem(job.source_dir, _("not a folder"))
        _finish(job, MappingImport.Status.FAILED, problems=[problem])
        return
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
    except ServiceError as exc:
        total = getattr(exc, "total", len(exc.problems))
        _finish(job, MappingImport.Status.FAILED, problems=exc.problems, total=total)
        return
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


# --------------------------------------------------------------------------- reads


def recent_imports_for(*, user, limit: int = 10) -> QuerySet[MappingImport]:
    """Programme administrators see every import; others see the ones they started."""
    jobs = MappingImport.objects.select_related("created_by")
    if not org.is_programme_admin(user):
        jobs = jobs.filter(created_by=user)
    return jobs.order_by("-created_at")[:limit]
