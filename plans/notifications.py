"""The e-mails of the plans' dialogue, registered with `lms.notifications`.

A hand-in goes to the municipality's coordinators and named reviewers (never to anyone who
wrote the plan); an answer goes to the school's leadership team. Templates:
`templates/email/plans/<kind>.txt` and `<kind>_subject.txt`.
"""

from __future__ import annotations

from django.urls import reverse

from lms.notifications import Mail, absolute_url, register_notification

from .models import Plan, PlanResponse
from .selectors import plan_recipients, plan_reviewers

TEMPLATES = "email/plans/"


def plan_url(plan: Plan) -> str:
    return absolute_url(reverse("plans:plan", args=[plan.institution.number, plan.pk]))


def _plan_submitted(plan_id: int, variant: str = "0") -> Mail:
    plan = Plan.objects.select_related("institution__municipality", "baseline_round").get(
        pk=plan_id
    )
    version = plan.versions.select_related("submitted_by").filter(number=int(variant)).first()
    if version is None:
        return Mail.nobody()
    context = {"plan": plan, "version": version, "plan_url": plan_url(plan)}
    return Mail(plan_reviewers(plan=plan), context)


def _plan_answered(response_id: int, variant: str = "0") -> Mail:
    response = PlanResponse.objects.select_related(
        "author", "version", "plan__institution__municipality", "plan__baseline_round"
    ).get(pk=response_id)
    plan = response.plan
    context = {"plan": plan, "response": response, "plan_url": plan_url(plan)}
    return Mail(plan_recipients(plan=plan), context)


BUILDERS = {"plan_submitted": _plan_submitted, "plan_answered": _plan_answered}


def register_kinds() -> None:
    for kind, builder in BUILDERS.items():
        register_notification(kind, builder, template_prefix=TEMPLATES)
