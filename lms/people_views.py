"""A municipality's people without the Django admin: bringing them in from a roster (upload,
check in Celery, read the preview, confirm, follow the storing), and the people page, where a
coordinator removes a role or deactivates someone who has left."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import people_imports, permissions, selectors, services, tasks
from .errors import ServiceError
from .forms import PeopleImportForm
from .models import Municipality, PeopleImport, RoleAssignment, RoleEvent, User
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


# --------------------------------------------------------------------------- the people page

PEOPLE_PAGE_SIZE = 50


def _municipality_for_people(request, code: str) -> Municipality:
    return permitted_or_404(
        request.user,
        lambda: Municipality.objects.get(code=code),
        permissions.can_import_people,
    )


def municipality_people(request, code: str) -> HttpResponse:
    """A municipality's people and their roles there; a coordinator removes a role or
    deactivates someone who has left, and sees the record of such changes."""
    municipality = _municipality_for_people(request, code)
    query = request.GET.get("q", "").strip()[:100]
    people = selectors.municipality_people(municipality=municipality, query=query)
    page = Paginator(people, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "municipality": municipality,
        "page": page,
        "query": query,
        "events": selectors.role_events_in(municipality=municipality),
    }
    return render(request, "lms/municipality_people.html", context)


@require_POST
def role_remove(request, code: str, pk: int) -> HttpResponse:
    municipality = _municipality_for_people(request, code)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "institution"),
        pk=pk,
        municipality=municipality,
    )
    services.role_revoke(assignment=assignment, by=request.user, source=RoleEvent.Source.WEB)
    messages.success(
        request,
        _("%(name)s no longer holds the role %(role)s at %(place)s. Their open feedback work "
          "has been handed on.") % {"name": assignment.user, "role": assignment.get_role_display(),
                                    "place": assignment.institution or municipality},
    )  # fmt: skip
    return redirect("municipality_people", code=municipality.code)


@require_POST
def person_set_active(request, code: str, pk: int) -> HttpResponse:
    """Deactivate (or reactivate) someone whose every role is in this municipality."""
    municipality = _municipality_for_people(request, code)
    person = get_object_or_404(
        User.objects.filter(role_assignments__municipality=municipality).distinct(), pk=pk
    )
    active = request.POST.get("action") == "reactivate"
    elsewhere = person.role_assignments.exclude(municipality=municipality).exists()
    if person.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate yourself."))
    elif elsewhere and not permissions.is_programme_admin(request.user):
        messages.error(
            request,
            _("%(name)s also works outside %(municipality)s: remove their roles here instead.")
            % {"name": person, "municipality": municipality},
        )
    else:
        services.user_set_active(user=person, active=active, by=request.user,
                                 source=RoleEvent.Source.WEB, municipality=municipality)  # fmt: skip
        text = _("%(name)s is active again.") if active else _("%(name)s is deactivated.")
        messages.success(request, text % {"name": person})
    return redirect("municipality_people", code=municipality.code)
