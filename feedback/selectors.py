from __future__ import annotations

from django.db.models import Prefetch, Q

from lms.models import Institution

from .models import FeedbackRoute, RouteStep


def route_for(*, institution: Institution) -> FeedbackRoute | None:
    """The school's own route if it has one, else its municipality's."""
    routes = FeedbackRoute.objects.filter(
        Q(institution=institution) | Q(municipality_id=institution.municipality_id)
    ).prefetch_related(Prefetch("steps", queryset=RouteStep.objects.order_by("position")))
    by_place = {("school" if r.institution_id else "municipality"): r for r in routes}
    return by_place.get("school") or by_place.get("municipality")
