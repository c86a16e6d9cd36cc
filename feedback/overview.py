"""Links on Mit overblik: reviewers, leaders and coordinators reach their feedback queue."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.overview import Link, register_overview_links
from lms.roles import Role, held_roles


@register_overview_links
def feedback_links(user, place) -> list[Link]:
    roles = held_roles(user)
    if place.kind == "institution":
        held = roles.at_institution(place.obj.pk)
        if not held.intersection({Role.MUNICIPAL_RESOURCE_PERSON, Role.SCHOOL_LEADER}):
            return []
    elif place.kind == "municipality":
        if Role.MUNICIPAL_COORDINATOR not in roles.in_municipality(place.obj.pk):
            return []
    else:
        return []
    return [
        Link(
            _("Feedback to give"),
            reverse("feedback:queue"),
            _("Team hand-ins waiting for your written feedback or a feedback meeting."),
        )
    ]
