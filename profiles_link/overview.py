"""What the mapping profiles add to "Mit overblik": a school's quality profile, a municipality's
profile, the programme's overview, and the import for those who may import a round."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.overview import Link, register_overview_links

from . import permissions


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
