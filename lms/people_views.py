"""Bringing a municipality's people in from a roster, in the browser: upload, check in Celery,
read the preview, confirm, and follow the storing."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import people_imports, permissions, tasks
from .errors import ServiceError
from .forms import PeopleImportForm
from .models import PeopleImport
from .roster import summary_text
from .shortcuts import permitted_or_404

#: Problems and people listed on the page; the rest are counted.
SHOWN = 500


@require_http_methods(["GET", "POST"])
def people_import_start(request) -> HttpResponse:
    if not permissions.can_import_people(request.user):
        raise PermissionDenied
    municipalities = permissions.municipalities_for_people_import(request.user)
    form = PeopleImportForm(
        request.POST or None, request.FILES or None, municipalities=municipalities
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = people_imports.people_import_create(
                municipality=form.cleaned_data["municipality"],
                file_name=upload.name,
                data=upload.read(),
                user=request.user,
                deactivate_missing=form.cleaned_data["deactivate_missing"],
                invite=form.cleaned_data["invite"],
            )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            transaction.on_commit(partial(tasks.people_import_check.delay, str(job.pk)))
            return redirect("people_import_status", pk=job.pk)
    recent = people_imports.recent_people_imports_for(user=request.user)
    return render(request, "lms/people_import_start.html", {"form": form, "recent": recent})


def _job_or_404(request, pk) -> PeopleImport:
    return permitted_or_404(
        request.user,
        lambda: (
            PeopleImport.objects.select_related("municipality", "created_by")
            .defer("content")
            .get(pk=pk)
        ),
        permissions.can_view_people_import,
        hide=True,
    )


def people_import_status(request, pk) -> HttpResponse:
    job = _job_or_404(request, pk)
    preview = job.preview or {}
    lists = [
        (key, title, preview.get(key, [])[:SHOWN], max(len(preview.get(key, [])) - SHOWN, 0))
        for key, title in (
            ("created", _("New people")),
            ("updated", _("Changed people")),
            ("deactivated", _("Deactivated people")),
        )
    ]
    context = {
        "job": job,
        "counts": preview.get("counts"),
        "summary": summary_text(job.summary) if job.status == job.Status.SUCCEEDED else "",
        "preview_summary": summary_text(preview["counts"]) if preview.get("counts") else "",
        "lists": lists,
        "new_teams": preview.get("new_teams", []),
        "problems": job.problems[:SHOWN],
        "more_problems": max(job.problem_count - SHOWN, 0),
        "may_confirm": job.status == job.Status.CHECKED
        and permissions.can_import_people(request.user, job.municipality),
    }
    return render(request, "lms/people_import_status.html", context)


@require_POST
def people_import_decide(request, pk) -> HttpResponse:
    """Store the previewed roster (action=confirm) or throw it away (action=discard)."""
    job = _job_or_404(request, pk)
    if not permissions.can_import_people(request.user, job.municipality):
        raise PermissionDenied
    if request.POST.get("action") == "discard":
        if people_imports.people_import_discard(job=job):
            messages.info(request, _("The roster was discarded; nothing was stored."))
    elif people_imports.people_import_confirm(job=job, by=request.user):
        transaction.on_commit(partial(tasks.people_import_apply.delay, str(job.pk)))
    else:
        messages.error(request, _("This roster is no longer waiting to be imported."))
    return redirect("people_import_status", pk=job.pk)
