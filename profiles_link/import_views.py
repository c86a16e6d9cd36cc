"""Uploading a mapping round in the browser and following its import."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lms.models import Municipality
from lms.roles import Role, held_roles

from . import imports, permissions, selectors, tasks
from .forms import MappingUploadForm
from .models import MappingImport

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


@require_http_methods(["GET", "POST"])
def import_start(request) -> HttpResponse:
    if not permissions.can_import_mapping(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = MappingUploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = imports.mapping_import_create(
                uploads=form.cleaned_data["files"],
                round_label=form.cleaned_data["round_label"],
                held_on=form.cleaned_data["held_on"],
                as_reference=form.cleaned_data["as_reference"],
                replace=form.cleaned_data["replace"],
                user=request.user,
            )
            if job.status == MappingImport.Status.QUEUED:
                transaction.on_commit(partial(tasks.mapping_import_run.delay, str(job.pk)))
            return redirect("profiles:import_status", pk=job.pk)
    else:
        form = MappingUploadForm()
    recent = imports.recent_imports_for(user=request.user)
    context = {"form": form, "recent": recent, "rounds": selectors.rounds()}
    return render(request, "profiles_link/import_start.html", context)


def _may_view(user, job: MappingImport) -> bool:
    """The person who started the import, and programme administrators."""
    return job.created_by_id == user.pk or permissions.can_view_programme_overview(user)


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


@require_GET
def import_status(request, pk) -> HttpResponse:
    job = get_object_or_404(MappingImport.objects.select_related("created_by"), pk=pk)
    if not _may_view(request.user, job):
        raise PermissionDenied
    shown = job.problems[:PROBLEMS_SHOWN]
    succeeded = job.status == MappingImport.Status.SUCCEEDED
    context = {
        "job": job,
        "steps": _steps(job),
        "problems": shown,
        "more": max(job.problem_count - len(shown), 0),
        "profile_links": _profile_links(request.user) if succeeded else [],
    }
    return render(request, "profiles_link/import_status.html", context)
