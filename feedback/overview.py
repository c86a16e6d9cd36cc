"""What feedback adds to "Mit overblik": the feedback queue and the overviews of submissions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.overview import Link, register_overview_links
from lms.roles import held_roles

from . import permissions


@register_overview_links
def overview_links(user, place) -> list[Link]:
    """Links on "Mit overblik"; decided from the cached roles, so they cost no queries."""
    links: list[Link] = []
    obj = place.obj
    if place.kind == "institution":
        if held_roles(user).at_institution(obj.pk).intersection(permissions.REVIEWER_ROLES):
            links.append(
                Link(
                    _("Feedback queue"),
                    f"{reverse('overviews:queue')}?school={obj.number}",
                    _("Hand-ins from the school's teams waiting for your feedback."),
                )
            )
        if permissions.can_view_school_overview(user, obj):
            links.append(
                Link(
                    _("The teams' module assignments"),
                    reverse("overviews:school", args=[obj.number]),
                    _("Every team's assignments with status, late and overdue work."),
                )
            )
    if place.kind == "municipality" and permissions.can_view_municipality_overview(user, obj):
        links.append(
            Link(
                _("Feedback queue"),
                reverse("overviews:queue"),
                _("Hand-ins you hold because no one else at a school could take them."),
            )
        )
        links.append(
            Link(
                _("Submissions and feedback in the municipality"),
                reverse("overviews:municipality", args=[obj.code]),
                _("Per school: work by status, overdue work and the reviewers' workload."),
            )
        )
    return links
