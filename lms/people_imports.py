"""People imports: a roster is checked, previewed, confirmed and stored, one row per run.

The web page and `import_people` share this path (the pattern of lms.jobs): the web queues the
check and the storing in Celery and its status page follows the row; the command runs both in
its own process and prints the progress. The file is kept on the row only until the import has
finished (stored, refused or discarded).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from . import permissions, services
from .errors import Problem, ServiceError
from .jobs import job_claim, job_finish, job_progress
from .models import Municipality, PeopleImport, User
from .roster import RosterPlan, RosterRefused, roster_plan

Status = PeopleImport.Status
#: A roster file larger than this is refused before it is read (800 staff take about 80 kB).
MAX_BYTES = 5 * 1024 * 1024

Progress = Callable[[str, int], None]


def people_import_create(
    *,
    municipality: Municipality,
    file_name: str,
    data: bytes,
    user: User | None = None,
    deactivate_missing: bool = False,
    invite: bool = False,
) -> PeopleImport:
    """Record an import waiting to be checked. `user` None is the command line."""
    if user is not None and not permissions.can_import_people(user, municipality):
        raise ServiceError(
            Problem(
                _("You cannot import people into %(name)s.") % {"name": municipality},
                "municipality",
            )
        )
    if len(data) > MAX_BYTES:
        raise ServiceError(
            Problem(
                _("%(file)s:0: -: the file is larger than %(max)s MB")
                % {"file": file_name, "max": MAX_BYTES // (1024 * 1024)},
                "file",
            )
        )
    return PeopleImport.objects.create(
        municipality=municipality,
        file_name=file_name[:200],
        content=data,
        deactivate_missing=deactivate_missing,
        invite=invite,
        created_by=user,
    )


def _reporter(job_id, progress: Progress | None) -> Progress:
    def report(stage: str, percent: int) -> None:
        if stage not in PeopleImport.Stage.values:
            stage = PeopleImport.Stage.CHECKING
        job_progress(PeopleImport, job_id, stage=stage, percent=percent)
        if progress is not None:
            progress(stage, percent)

    return report


def _plan(job: PeopleImport, report: Progress) -> RosterPlan:
    return roster_plan(
        data=bytes(job.content),
        file_name=job.file_name,
        municipality=job.municipality,
        importer=job.created_by,
        deactivate_missing=job.deactivate_missing,
        progress=report,
    )


def _refuse(job: PeopleImport, error: ServiceError) -> None:
    job.content = b""
    job.save(update_fields=["content"])
    total = getattr(error, "total", len(error.problems))
    job_finish(job, status=Status.FAILED, problems=error.messages, total=total)


def people_import_check(*, job_id, progress: Progress | None = None) -> PeopleImport | None:
    """Check a queued roster and store its preview; safe to run twice (the second delivery
    finds the job claimed and leaves it alone)."""
    if not job_claim(PeopleImport, job_id, from_status=Status.QUEUED, to_status=Status.CHECKING):
        return PeopleImport.objects.filter(pk=job_id).first()
    job = PeopleImport.objects.select_related("municipality", "created_by").get(pk=job_id)
    try:
        plan = _plan(job, _reporter(job.pk, progress))
    except ServiceError as error:
        _refuse(job, error)
        return job
    job.preview = plan.as_preview()
    job.status = Status.CHECKED
    job.save(update_fields=["preview", "status"])
    return job


def people_import_confirm(*, job: PeopleImport, by: User | None = None) -> bool:
    """The person has read the preview and wants it stored; False when it is not waiting."""
    return job_claim(PeopleImport, job.pk, from_status=Status.CHECKED, to_status=Status.CONFIRMED)


def people_import_discard(*, job: PeopleImport) -> bool:
    if not job_claim(PeopleImport, job.pk, from_status=Status.CHECKED, to_status=Status.DISCARDED):
        return False
    job.refresh_from_db()
    job.content = b""
    job.save(update_fields=["content"])
    job_finish(job, status=Status.DISCARDED)
    return True


def people_import_apply(*, job_id, progress: Progress | None = None) -> PeopleImport | None:
    """Store a confirmed roster, checking it again first: all of it, or nothing."""
    if not job_claim(PeopleImport, job_id, from_status=Status.CONFIRMED, to_status=Status.APPLYING):
        return PeopleImport.objects.filter(pk=job_id).first()
    job = PeopleImport.objects.select_related("municipality", "created_by").get(pk=job_id)
    report = _reporter(job.pk, progress)
    try:
        with transaction.atomic():
            plan = _plan(job, report)
            counts = services.roster_apply(
                plan=plan, by=job.created_by, invite=job.invite, progress=report
            )
    except ServiceError as error:
        _refuse(job, error)
        return job
    except Exception:
        _refuse(job, ServiceError(_("The import failed unexpectedly; nothing was stored.")))
        raise
    invited = sum(1 for p in plan.with_action("created") if not p.uniid) if job.invite else 0
    report(PeopleImport.Stage.DONE, 100)
    job.content = b""
    job.save(update_fields=["content"])
    job_finish(job, status=Status.SUCCEEDED, summary={**counts, "invited": invited})
    job.refresh_from_db()
    return job


def recent_people_imports_for(*, user, limit: int = 10) -> QuerySet[PeopleImport]:
    """Imports into the municipalities the person may import for (all for administrators)."""
    jobs = PeopleImport.objects.select_related("created_by", "municipality").defer("content")
    if not permissions.is_programme_admin(user):
        jobs = jobs.filter(municipality__in=permissions.municipalities_for_people_import(user))
    return jobs.order_by("-created_at")[:limit]


__all__ = [
    "RosterRefused",
    "people_import_apply",
    "people_import_check",
    "people_import_confirm",
    "people_import_create",
    "people_import_discard",
    "recent_people_imports_for",
]
