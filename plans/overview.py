"""What plans add to "Mit overblik": the school's plans and leadership team; the municipality's
overview of every school's plan."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.overview import Link, register_overview_links

from . import permissions


@register_overview_links
def plan_overview_links(user, place) -> list[Link]:
    obj = place.obj
    if place.kind == "institution" and permissions.can_view_school_plans(user, obj):
        links = [
            Link(
                _("The school's strategic and implementation plans"),
                reverse("plans:school", args=[obj.number]),
                _(
                    "The leadership's plans from the mapping, the dialogue with the municipality "
                    "and how the goals went."
                ),
            )
        ]
        if permissions.can_write_plans(user, obj):
            links.append(
                Link(
                    _("The leadership team"),
                    reverse("plans:leadership_team", args=[obj.number]),
                    _("Who sits on it, and its course from the mapping to the plan."),
                )
            )
        return links
    if place.kind == "municipality" and permissions.can_view_municipality_plans(user, obj):
        return [
            Link(
                _("The schools' plans"),
                reverse("plans:municipality", args=[obj.code]),
                _("Every school's plan status and goal attainment, and the plans to answer."),
            )
        ]
    return []
