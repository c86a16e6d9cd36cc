"""Which teams take which modules, read from the schools' choices. Other apps ask here.

A team is enrolled in a module when one of its package choices has a module plan naming it.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from .models import ModulePlan


def plans_for_team(team) -> QuerySet[ModulePlan]:
    return ModulePlan.objects.filter(choice__teams=team).select_related("module", "choice")


def enrolled_module_ids(*, team_ids) -> set[int]:
    """The ModulePage ids the given teams are enrolled in."""
    return set(
        ModulePlan.objects.filter(choice__teams__in=list(team_ids)).values_list(
            "module_id", flat=True
        )
    )


def team_is_enrolled(*, team, module) -> bool:
    return ModulePlan.objects.filter(choice__teams=team, module=module).exists()


def due_on_for(*, team, assignment) -> date | None:
    """When `team` must hand in `assignment` (its module's plan), or None for no plan."""
    module_id = assignment.get_parent().pk
    return (
        ModulePlan.objects.filter(choice__teams=team, module_id=module_id)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )
