"""What the mapping profiles add to "Mit overblik": a school's quality profile, a municipality's
profile, the programme's overview, and the import for those who may import a round."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.overview import Link, TodoItem, register_overview_links, register_todo_items

from . import permissions
from .models import MappingImport


@register_overview_links
def profile_overview_links(user, place) -> list[Link]:
    obj = place.obj
    if place.kind == "institution" and permissions.can_view_school_profile(user, obj):
        return [
            Link(
                _("The school's quality profile"),
                reverse("profiles:school_profile", args=[obj.number]),
                _("Results of the mapping for each respondent group, weak areas and development."),
            )
        ]
    if place.kind == "municipality" and permissions.can_view_municipality_profile(user, obj):
        return _import_links(user, place) + [
            Link(
                _("The municipality's profile"),
                reverse("profiles:municipality_profile", args=[obj.code]),
                _("The schools' results in the mapping side by side."),
            )
        ]
    if place.kind == "programme" and permissions.can_view_programme_overview(user):
        return _import_links(user, place) + [
            Link(
                _("Programme overview"),
                reverse("profiles:programme_overview"),
                _("Mapping rounds, municipalities and the programme's results."),
            )
        ]
    return []


def _import_links(user, place) -> list[Link]:
    if place.kind == "programme" and permissions.can_import_mapping(user):
        return [
            Link(
                _("Import a mapping round"),
                reverse("profiles:import_start"),
                _(
                    "Upload the survey export; it is checked, you confirm what it changes, and "
                    "it is scored and stored in the background."
                ),
            )
        ]
    if place.kind == "municipality" and permissions.can_view_imports(user):
        return [
            Link(
                _("Mapping rounds and imports"),
                reverse("profiles:import_start"),
                _("Which rounds the programme has imported, and when."),
            )
        ]
    return []


@register_todo_items
def mapping_import_todo(user) -> list[TodoItem]:
    """The person's mapping imports of the last week that were refused and not followed by a
    successful import of the same round."""
    if not permissions.can_import_mapping(user):
        return []
    week_ago = timezone.now() - timedelta(days=7)
    recent = list(
        MappingImport.objects.filter(created_by=user, created_at__gte=week_ago)
        .only("pk", "round_label", "status", "created_at")
        .order_by("created_at")
    )
    imported = {job.round_label for job in recent if job.status == MappingImport.Status.SUCCEEDED}
    return [
        TodoItem(
            _("The import of round %(round)s was refused: correct the files")
            % {"round": job.round_label},
            reverse("profiles:import_status", args=[job.pk]),
        )
        for job in recent
        if job.status == MappingImport.Status.FAILED and job.round_label not in imported
    ]
