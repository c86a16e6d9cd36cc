from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from . import permissions
from .forms import MappingUploadForm
from .imports import mapping_import_create
from .models import MappingImport
from .tasks import mapping_import_task


def import_start(request):
    if not permissions.can_import_mapping(request.user):
        raise PermissionDenied
    form = MappingUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = mapping_import_create(
            uploads=form.cleaned_data["files"],
            round_label=form.cleaned_data["round_label"],
            held_on=form.cleaned_data["held_on"],
            as_reference=form.cleaned_data["as_reference"],
            replace=form.cleaned_data["replace"],
            user=request.user,
        )
        if job.status == MappingImport.Status.QUEUED:
            transaction.on_commit(lambda: mapping_import_task.delay(str(job.pk)))
        return redirect("profiles:import_status", pk=job.pk)
    recent = MappingImport.objects.select_related("created_by")[:10]
    return render(request, "profiles_link/import_start.html", {"form": form, "recent": recent})


def import_status(request, pk):
    job = get_object_or_404(MappingImport.objects.select_related("created_by"), pk=pk)
    if not (
        job.created_by_id == request.user.pk
        or permissions.can_view_programme_overview(request.user)
    ):
        raise PermissionDenied
    shown = job.problems[:200]
    context = {"job": job, "problems": shown, "more": max(job.problem_count - len(shown), 0)}
    return render(request, "profiles_link/import_status.html", context)
