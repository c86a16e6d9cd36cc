"""What modules add to "Mit overblik": on a team the person is on, a link to their modules."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.overview import Link, register_overview_links
from lms.roles import held_roles


@register_overview_links
def my_modules_link(user, place) -> list[Link]:
    if place.kind != "team" or place.obj is None:
        return []
    if place.obj.pk not in held_roles(user).team_ids:
        return []
    return [
        Link(
            _("My modules"),
            reverse("modules:my_modules"),
            _("The modules your team takes, what you have answered and read."),
        )
    ]
