from __future__ import annotations

from django.db import transaction

from lms.models import Institution, Municipality

from .models import FeedbackRoute, RouteStep


@transaction.atomic
def route_set(
    *,
    steps: list[tuple[str, str]],
    municipality: Municipality | None = None,
    institution: Institution | None = None,
    review_before_release: bool = False,
) -> FeedbackRoute:
    """Create or replace the route of a municipality or one school; steps are (kind, given_by)."""
    if not steps:
        raise ValueError("A feedback route needs at least one step.")
    route = FeedbackRoute.objects.filter(
        municipality=municipality, institution=institution
    ).first() or FeedbackRoute(municipality=municipality, institution=institution)
    route.review_before_release = review_before_release
    route.full_clean()
    route.save()
    route.steps.all().delete()
    for position, (kind, given_by) in enumerate(steps, start=1):
        step = RouteStep(route=route, position=position, kind=kind, given_by=given_by)
        step.full_clean()
        step.save()
    return route
