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


def submission_feedback_panel(*, submission, user) -> dict:
    """What the submission page shows of the feedback (tasks, written feedback, replies,
    meeting) for `user`, as context for templates/feedback/_submission_panel.html."""
    return {}
