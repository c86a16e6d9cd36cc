"""Uploading a mapping round in the browser and following its import."""

from __future__ import annotations

import logging
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.errors import ServiceError
from lms.models import Municipality
from lms.roles import Role, held_roles
from lms.shortcuts import permitted_or_404

from . import imports, permissions, selectors, services, tasks
from .forms import MappingUploadForm
from .models import MappingImport, MappingRound

logger = logging.getLogger(__name__)

#: Problems listed on the status page; the rest are counted.
PROBLEMS_SHOWN = 200
#: The steps shown under the progress bar, and how many are done at each stage.
STEPS = (
    MappingImport.Stage.PARSED,
    MappingImport.Stage.VALIDATED,
    MappingImport.Stage.SCORED,
    MappingImport.Stage.STORED,
)
DONE_AT = {"waiting": 0, "parsing": 0, "parsed": 1, "validated": 2, "scored": 3, "stored": 4}


def _queue(job: MappingImport) -> None:
    """Queue the job's task once the transaction commits."""
    transaction.on_commit(partial(_send, job))


@require_http_methods(["GET", "POST"])
def import_start(request) -> HttpResponse:
    """Administrators upload a round; municipal coordinators follow the rounds and imports."""
    can_import = permissions.can_import_mapping(request.user)
    if not (can_import or permissions.can_view_imports(request.user)):
        raise PermissionDenied
    form = MappingUploadForm() if can_import else None
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        form = MappingUploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = imports.mapping_import_create(
                uploads=form.cleaned_data["files"],
                round_label=form.cleaned_data["round_label"],
                held_on=form.cleaned_data["held_on"],
                as_reference=form.cleaned_data["as_reference"],
                replace=form.cleaned_data["replace"],
                user=request.user,
                confirm_first=True,
            )
            if job.status == MappingImport.Status.QUEUED:
                _queue(job)
            return redirect("profiles:import_status", pk=job.pk)
    context = {
        "form": form,
        "recent": imports.recent_imports_for(user=request.user),
        "rounds": selectors.rounds(),
        "can_delete_rounds": permissions.can_delete_round(request.user),
    }
    return render(request, "profiles_link/import_start.html", context)


def _send(job: MappingImport) -> None:
    """Send the job's task; with the broker away the job waits and the status page says so
    (beat sends it again)."""
    try:
        # The job's row is its result: none is kept in the result backend.
        tasks.mapping_import_run.apply_async((str(job.pk),), ignore_result=True)
    except Exception as exc:  # noqa: BLE001 - the job stays queued, as the status page shows
        logger.warning("import %s: broker unreachable, not queued: %r", job.pk, exc)


@require_POST
def import_retry(request, pk) -> HttpResponse:
    """Run an interrupted import again on the files it was given."""
    job = _job(request, pk)
    if not permissions.can_import_mapping(request.user):
        raise PermissionDenied
    try:
        job = imports.mapping_import_retry(job_id=job.pk, user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.text)
    else:
        _queue(job)
        messages.success(request, _("The import was queued again."))
    return redirect("profiles:import_status", pk=pk)


def _may_view(user, job: MappingImport) -> bool:
    """The person who started the import, administrators, and the coordinators who follow."""
    return job.created_by_id == user.pk or permissions.can_view_imports(user)


def _steps(job: MappingImport) -> list[dict]:
    """Each step done, current (while the job runs) or pending."""
    done = DONE_AT.get(job.stage, 0)
    running = not job.is_finished
    return [
        {
            "label": stage.label,
            "state": "done" if i < done else ("current" if i == done and running else "pending"),
        }
        for i, stage in enumerate(STEPS)
    ]


def _profile_links(user) -> list[tuple[str, str]]:
    """Where the new results can be seen by this person."""
    if permissions.can_view_programme_overview(user):
        return [(_("Programme overview"), reverse("profiles:programme_overview"))]
    ids = held_roles(user).municipalities_with(Role.MUNICIPAL_COORDINATOR)
    return [
        (
            _("%(name)s: the municipality's profile") % {"name": municipality.name},
            reverse("profiles:municipality_profile", args=[municipality.code]),
        )
        for municipality in Municipality.objects.filter(pk__in=ids).order_by("name")
    ]


def _job(request, pk) -> MappingImport:
    return permitted_or_404(
        request.user,
        lambda: MappingImport.objects.select_related("created_by", "confirmed_by").get(pk=pk),
        _may_view,
    )


@require_GET
def import_status(request, pk) -> HttpResponse:
    job = _job(request, pk)
    if job.status == MappingImport.Status.RUNNING and imports.mapping_imports_mark_interrupted(
        job_id=job.pk
    ):
        job.refresh_from_db()  # its worker stopped beating: show it interrupted, with a retry
    shown = job.problems[:PROBLEMS_SHOWN]
    succeeded = job.status == MappingImport.Status.SUCCEEDED
    context = {
        "job": job,
        "steps": _steps(job),
        "problems": shown,
        "more": max(job.problem_count - len(shown), 0),
        "profile_links": _profile_links(request.user) if succeeded else [],
        "changes": job.changes,
        "can_confirm": job.is_waiting and permissions.can_import_mapping(request.user),
    }
    return render(request, "profiles_link/import_status.html", context)


@require_POST
def import_confirm(request, pk) -> HttpResponse:
    job = _job(request, pk)
    if not permissions.can_import_mapping(request.user):
        raise PermissionDenied
    try:
        job = imports.mapping_import_confirm(job=job, by=request.user)
    except ServiceError as error:
        messages.error(request, error.text)
    else:
        _queue(job)
        messages.success(request, _("Confirmed: the round is being imported."))
    return redirect("profiles:import_status", pk=job.pk)


@require_POST
def import_cancel(request, pk) -> HttpResponse:
    job = _job(request, pk)
    if not permissions.can_import_mapping(request.user):
        raise PermissionDenied
    try:
        imports.mapping_import_cancel(job=job, by=request.user)
    except ServiceError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("The import is cancelled; nothing was stored."))
    return redirect("profiles:import_start")


@require_http_methods(["GET", "POST"])
def round_delete(request, pk: int) -> HttpResponse:
    """A programme administrator deletes a round with everything computed from it."""
    mapping_round = permitted_or_404(
        request.user,
        lambda: MappingRound.objects.get(pk=pk),
        lambda user, _round: permissions.can_delete_round(user),
    )
    consequences = services.mapping_round_delete_consequences(mapping_round=mapping_round)
    problems = []
    if request.method == "POST":
        try:
            services.mapping_round_delete(mapping_round=mapping_round, by=request.user)
        except ServiceError as error:
            problems = error.messages
        else:
            messages.success(
                request, _("Round %(label)s is deleted.") % {"label": mapping_round.label}
            )
            return redirect("profiles:import_start")
    context = {"mapping_round": mapping_round, "consequences": consequences, "problems": problems}
    return render(
        request,
        "profiles_link/round_delete.html",
        context,
        status=400 if problems else 200,
    )
