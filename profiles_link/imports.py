"""Import jobs: one MappingImport row per run, so the browser and the command line share one path.

The web stores the upload under MEDIA_ROOT/mapping_imports/<job id>/ and a Celery worker runs
the job; the command runs a job on a folder in-process. Either way the row carries the stage,
the percent and, at the end, the summary or every problem.

Uploaded files hold respondent-level answers, which the database deliberately never keeps, so a
job's upload folder is removed as soon as the job has finished.

Rounds are the programme's: only programme administrators import. An upload in the browser first
stops at a preview (status "preview") listing every rename, the round it replaces and the rounds
a new reference rescores; it is stored only when an administrator confirms that preview, and
only if the import still changes exactly what was confirmed.
"""

from __future__ import annotations

import logging
import shutil
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from typing import NoReturn

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import permissions as org
from lms.errors import ServiceError
from lms.jobs import job_claim, job_finish, job_progress

from .models import MappingImport
from .parsing import FILE_ORDER
from .services import mapping_round_import, mapping_round_preview

UPLOAD_FOLDER = "mapping_imports"
ROUND_FILES = frozenset(FILE_ORDER)
#: Bytes a job may write to disk (all files together, after unpacking). A programme round is
#: about 60 MB of CSV; setting MAPPING_IMPORT_MAX_BYTES changes the limit.
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024
#: A zip with more entries than this is not a vendor export.
MAX_ZIP_ENTRIES = 200
CHUNK = 1024 * 1024
#: How long an unconfirmed preview (and its uploaded files) is kept.
PREVIEW_KEPT = timedelta(days=1)

ProgressCallback = Callable[[str, int], None]
logger = logging.getLogger(__name__)


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
    confirm_first: bool = False,
) -> MappingImport:
    """Record a job for uploaded files (the web) or a folder on disk (the command).

    An upload that cannot become a round folder (an unsafe or unreadable zip, files too large)
    gives a job that is already refused, with its problems, so every attempt is on record.
    With `confirm_first` the job stops at a preview of its changes (`mapping_import_confirm`).
    """
    if (uploads is None) == (source_dir is None):
        raise ValueError("give either uploads or source_dir")
    _check_authority(user)
    job = MappingImport.objects.create(
        round_label=round_label.strip(),
        held_on=held_on,
        as_reference=as_reference,
        replace=replace,
        created_by=user,
        source_dir=str(source_dir or ""),
        confirm_first=confirm_first,
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


def _check_authority(user) -> None:
    if user is not None and not org.is_programme_admin(user):
        raise ServiceError(_("Only programme administrators import mapping rounds."))


def mapping_import_confirm(*, job: MappingImport, by) -> MappingImport:
    """The administrator has read the preview: queue the import of exactly those changes.
    The caller queues `tasks.mapping_import_run` after the commit."""
    _check_authority(by)
    confirmed = MappingImport.objects.filter(pk=job.pk, status=MappingImport.Status.PREVIEW).update(
        status=MappingImport.Status.QUEUED,
        confirmed_by=by,
        confirmed_at=timezone.now(),
        stage=MappingImport.Stage.WAITING,
        progress=0,
    )
    if confirmed != 1:
        raise ServiceError(_("This import is not waiting for a confirmation."))
    job.refresh_from_db()
    return job


def mapping_import_cancel(*, job: MappingImport, by) -> MappingImport:
    """Drop a previewed import: nothing is stored and the uploaded files are deleted."""
    _check_authority(by)
    if job.status != MappingImport.Status.PREVIEW:
        raise ServiceError(_("This import is not waiting for a confirmation."))
    _finish(job, MappingImport.Status.CANCELLED, summary={"cancelled_by": str(by or "")})
    _remove_upload(job)
    return job


def mapping_imports_expire(*, older_than=None) -> int:
    """Cancel previews nobody confirmed within a day, so respondent-level files do not wait
    on disk; returns how many were cancelled. Run by Celery beat."""
    cutoff = timezone.now() - (older_than or PREVIEW_KEPT)
    count = 0
    for job in MappingImport.objects.filter(
        status=MappingImport.Status.PREVIEW, created_at__lt=cutoff
    ):
        _finish(job, MappingImport.Status.CANCELLED, summary={"expired": True})
        _remove_upload(job)
        count += 1
    return count


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
        heartbeat_at=timezone.now(),
    )


class _Heartbeat:
    """Writes the job's heartbeat every few seconds from a thread of the worker running it.

    Its own thread (and so its own database connection) keeps beating while the import works
    inside one long transaction; when the worker dies the beats stop, which is how the job is
    known to be interrupted.
    """

    def __init__(self, job_id) -> None:
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join(timeout=30)

    def _beat(self) -> None:
        every = settings.MAPPING_IMPORT_HEARTBEAT_SECONDS
        try:
            while not self.stopped.wait(every):
                try:
                    MappingImport.objects.filter(
                        pk=self.job_id, status=MappingImport.Status.RUNNING
                    ).update(heartbeat_at=timezone.now())
                except Exception as exc:  # noqa: BLE001 - a missed beat is retried next time
                    logger.warning("import %s: heartbeat not written: %r", self.job_id, exc)
        finally:
            connection.close()  # this thread's own connection


def mapping_imports_mark_interrupted(*, job_id=None) -> int:
    """Running jobs without a heartbeat for MAPPING_IMPORT_STALE_SECONDS become interrupted.

    Run by Celery beat every minute, and by the status page for the job it shows. Nothing of an
    interrupted job was stored (the round is written in one transaction); its upload stays, so
    `mapping_import_retry` can run it again.
    """
    stale = timezone.now() - timedelta(seconds=settings.MAPPING_IMPORT_STALE_SECONDS)
    jobs = MappingImport.objects.filter(status=MappingImport.Status.RUNNING).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, created_at__lt=stale)
    )
    if job_id is not None:
        jobs = jobs.filter(pk=job_id)
    count = jobs.update(
        status=MappingImport.Status.INTERRUPTED,
        finished_at=timezone.now(),
        problems=[str(_("The worker running the import stopped before it finished."))],
        problem_count=1,
    )
    if count:
        logger.warning("%s import job(s) marked interrupted", count)
    return count


def mapping_imports_to_resend() -> list:
    """Jobs queued long ago whose task may never have reached the broker (it was down).

    Their ids are returned once per ten stale periods (the mark is kept in `heartbeat_at`,
    which a queued job does not otherwise use), for beat to send again; a second delivery of a
    job that did get through is harmless (`_claim`).
    """
    stale = timezone.now() - timedelta(seconds=settings.MAPPING_IMPORT_STALE_SECONDS)
    resent_before = timezone.now() - timedelta(seconds=10 * settings.MAPPING_IMPORT_STALE_SECONDS)
    jobs = MappingImport.objects.filter(
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=resent_before),
        status=MappingImport.Status.QUEUED,
        created_at__lt=stale,
    )
    ids = list(jobs.values_list("pk", flat=True)[:100])
    MappingImport.objects.filter(pk__in=ids, status=MappingImport.Status.QUEUED).update(
        heartbeat_at=timezone.now()
    )
    return ids


@transaction.atomic
def mapping_import_retry(*, job_id, user) -> MappingImport:
    """Queue an interrupted job again, on the files it was given. The caller queues the task."""
    job = MappingImport.objects.select_for_update().filter(pk=job_id).first()
    problems = []
    if job is None or job.status != MappingImport.Status.INTERRUPTED:
        problems.append(_("Only an interrupted import can be tried again."))
    elif not Path(job.source_dir).is_dir():
        problems.append(_("The uploaded files are gone: upload the round again."))
    if problems:
        raise ServiceError(*problems)
    job.status = MappingImport.Status.QUEUED
    job.stage = MappingImport.Stage.WAITING
    job.progress = 0
    job.problems = []
    job.problem_count = 0
    job.finished_at = None
    job.heartbeat_at = None
    job.attempts += 1
    job.save()
    logger.info("import %s queued again by %s", job.pk, getattr(user, "pk", None))
    return job


def _remove_upload(job: MappingImport) -> None:
    """Delete the job's own upload folder; a folder named on the command line is never touched."""
    folder = job_folder(job)
    if job.source_dir and Path(job.source_dir) == folder:
        shutil.rmtree(folder, ignore_errors=True)


def mapping_import_run(*, job_id, progress: ProgressCallback | None = None) -> MappingImport | None:
    """Run a queued job and return it; None when there is no such job.

    A job that must be confirmed first stops at its preview (status "preview", the upload
    kept); a confirmed one, or one from the command line, is imported. Safe to call twice (a
    redelivered task): a job that is running, waiting, has succeeded or was refused is
    returned as it is. Call it outside any transaction, as the worker and the command do, so
    each stage is committed when it is reached.
    """
    if not _claim(job_id):
        return MappingImport.objects.filter(pk=job_id).first()
    job = MappingImport.objects.get(pk=job_id)

    def report(stage: str, percent: int) -> None:
        _record_progress(job.pk, stage, percent)
        if progress is not None:
            progress(stage, percent)

    with _Heartbeat(job.pk):
        try:
            if job.confirm_first and job.confirmed_at is None:
                _preview(job, report)
            else:
                _run(job, report)
        finally:
            job.refresh_from_db()
            # A preview keeps its files for the confirmed run; an interrupted run (the worker
            # killed) never gets here, so its retry finds the upload.
            if job.is_finished:
                _remove_upload(job)
    return job


def _refuse(job: MappingImport, exc: ServiceError) -> None:
    total = getattr(exc, "total", len(exc.problems))
    _finish(job, MappingImport.Status.FAILED, problems=exc.problems, total=total)


def _preview(job: MappingImport, report: ProgressCallback) -> None:
    if not Path(job.source_dir).is_dir():
        _finish(
            job, MappingImport.Status.FAILED, problems=[_problem(job.source_dir, _("not a folder"))]
        )
        return
    try:
        plan = mapping_round_preview(
            source=job.source_dir,
            round_label=job.round_label,
            as_reference=job.as_reference,
            replace=job.replace,
            user=job.created_by,
            progress=report,
        )
    except ServiceError as exc:
        _refuse(job, exc)
        return
    except Exception:
        _finish(job, MappingImport.Status.FAILED, problems=[_("The import failed unexpectedly.")])
        raise
    job.status = MappingImport.Status.PREVIEW
    job.changes = plan.as_dict()
    job.save(update_fields=["status", "changes"])


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
            user=job.confirmed_by if job.confirm_first else job.created_by,
            progress=report,
            confirmed_changes=job.changes if job.confirm_first else None,
        )
    except ServiceError as exc:
        _refuse(job, exc)
        return
    except Exception:
        _finish(job, MappingImport.Status.FAILED, problems=[_("The import failed unexpectedly.")])
        raise
    job.changes = mapping_round.changes
    job.save(update_fields=["changes"])
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
    """The programme's recent imports: administrators import them, municipal coordinators
    follow them (read only). Anyone else sees the ones they started."""
    jobs = MappingImport.objects.select_related("created_by", "confirmed_by")
    if not (org.is_programme_admin(user) or org.is_municipal_coordinator(user)):
        jobs = jobs.filter(created_by=user)
    return jobs.order_by("-created_at")[:limit]


def describe_changes(changes: dict) -> list[str]:
    """The plan of an import in sentences, one a line (the command prints them)."""
    if not changes:
        return []
    lines = []
    label = changes["round_label"]
    if changes.get("replaces"):
        lines.append(_("Replaces round %(label)s.") % {"label": label})
    if changes.get("becomes_reference"):
        lines.append(_("%(label)s is the reference round.") % {"label": label})
        if changes.get("rescored"):
            rounds = ", ".join(changes["rescored"])
            lines.append(_("Rescored on its scale: %(rounds)s.") % {"rounds": rounds})
    kinds = {"municipality": _("municipality"), "school": _("school"), "indicator": _("indicator")}
    for rename in changes.get("renames", []):
        lines.append(
            _("Renames %(kind)s %(code)s: %(old)s -> %(new)s")
            % {**rename, "kind": kinds.get(rename["kind"], rename["kind"])}
        )
    return lines
