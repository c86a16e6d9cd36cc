"""Where plans plug into the floors below (their hooks, through Wagtail's hook registry)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail import hooks

from profiles_link.hooks import ROUND_DEPENDANTS, Dependants

from .models import Plan


# Before the SMART goals' own hook (order 0): a plan's focus areas hold on to their goals.
@hooks.register(ROUND_DEPENDANTS, order=-1)
def plans_on_a_round(mapping_round) -> Dependants:
    """A plan starts from its baseline round's profile: deleting the round deletes the plan."""
    plans = Plan.objects.filter(baseline_round=mapping_round)
    return Dependants(
        label=_("school plans starting from the round"),
        count=plans.count(),
        delete=lambda: plans.delete(),
    )
