"""What packages add to "Mit overblik": a school's ranked catalogue and choices; a
municipality's choices."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.overview import Link, register_overview_links

from . import permissions


@register_overview_links
def package_overview_links(user, place) -> list[Link]:
    obj = place.obj
    if place.kind == "institution" and permissions.can_view_school_choices(user, obj):
        return [
            Link(
                _("Competence packages for the school"),
                reverse("competence_packages:catalogue", args=[obj.number]),
                _("The catalogue ranked by the school's weak areas in the mapping."),
            ),
            Link(
                _("The school's package choices"),
                reverse("competence_packages:choices", args=[obj.number]),
                _("Chosen packages, teams, module plans and how the SMART goals went."),
            ),
        ]
    if place.kind == "municipality" and permissions.can_view_municipality_choices(user, obj):
        return [
            Link(
                _("The schools' package choices and goals"),
                reverse("competence_packages:municipality", args=[obj.code]),
                _("Every school's chosen packages and SMART goals, with their outcomes."),
            )
        ]
    return []
