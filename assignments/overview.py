"""What assignments add to "Mit overblik": a team's assignments, with status and due dates."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.overview import Link, register_overview_links

from . import permissions


@register_overview_links
def submission_overview_links(user, place) -> list[Link]:
    if place.kind == "team" and permissions.can_view_team_submissions(user, place.obj):
        return [
            Link(
                _("The team's assignments"),
                reverse("assignments:team_submissions", args=[place.obj.pk]),
                _("Module assignments, drafts, hand-ins and due dates."),
            )
        ]
    return []
