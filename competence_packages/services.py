"""Writes of the schools' package choices: choose, edit, withdraw. Each runs in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lms.errors import ProblemList
from modules.api import ModulePage

from .authoring import authoring_setup
from .models import CompetencePackage, ModulePlan, PackageChoice, SmartGoal

# COK's authoring set-up (rights, the second-author workflow) is an idempotent write that others
# may run, e.g. the demo loader as a safety net; it lives in `authoring` with its helpers.
__all__ = [
    "GoalData",
    "PlannedModule",
    "authoring_setup",
    "package_choice_update",
    "package_choice_withdraw",
    "package_choose",
]


@dataclass(frozen=True)
class PlannedModule:
    module: ModulePage
    starts_on: date
    due_on: date


@dataclass(frozen=True)
class GoalData:
    indicator: object
    respondent_group: str
    subgroup: str
    baseline_round: object
    baseline_score: float
    target_score: float
    target_round_label: str


def _check(
    *, institution, package, teams, starts_on, ends_on, modules: Sequence[PlannedModule], goals
) -> None:
    """Raise one ServiceError with everything that keeps the choice from holding together."""
    problems = ProblemList()
    if not teams:
        problems.add(_("Choose at least one team."), "teams")
    if any(team.institution_id != institution.pk for team in teams):
        problems.add(_("Every team must belong to the school."), "teams")
    if ends_on < starts_on:
        problems.add(_("The end date must be on or after the start date."), "ends_on")
    if not modules:
        problems.add(_("Include at least one of the package's modules."))
    for planned in modules:
        module = planned.module
        if not module.is_descendant_of(package) or module.depth != package.depth + 1:
            problems.add(_("%(module)s is not a module of the package.") % {"module": module.title})
        if not starts_on <= planned.starts_on <= planned.due_on <= ends_on:
            problems.add(
                _("%(module)s is planned outside the package's dates.") % {"module": module.title}
            )
    if not goals:
        problems.add(_("Set at least one SMART goal."))
    if any(goal.target_score <= goal.baseline_score for goal in goals):
        problems.add(_("A goal's target must be higher than its baseline."))
    problems.raise_if_any()


def _goal_rows(choice: PackageChoice, goals: Sequence[GoalData]) -> list[SmartGoal]:
    return [
        SmartGoal(
            choice=choice,
            indicator=goal.indicator,
            respondent_group=goal.respondent_group,
            subgroup=goal.subgroup,
            baseline_round=goal.baseline_round,
            baseline_score=goal.baseline_score,
            target_score=goal.target_score,
            target_round_label=goal.target_round_label,
        )
        for goal in goals
    ]


@transaction.atomic
def package_choose(
    *,
    institution,
    package: CompetencePackage,
    teams: Sequence,
    starts_on: date,
    ends_on: date,
    modules: Sequence[PlannedModule],
    goals: Sequence[GoalData],
    weak_areas: list[dict] | None = None,
    note: str = "",
    by=None,
) -> PackageChoice:
    """The school chooses `package` for `teams`; the module plan enrols the teams in modules."""
    teams = list(teams)
    _check(
        institution=institution,
        package=package,
        teams=teams,
        starts_on=starts_on,
        ends_on=ends_on,
        modules=modules,
        goals=goals,
    )
    choice = PackageChoice.objects.create(
        institution=institution,
        package=package,
        starts_on=starts_on,
        ends_on=ends_on,
        weak_areas=list(weak_areas or []),
        note=note,
        chosen_by=by,
    )
    choice.teams.set(teams)
    ModulePlan.objects.bulk_create(
        ModulePlan(choice=choice, module=p.module, starts_on=p.starts_on, due_on=p.due_on)
        for p in modules
    )
    SmartGoal.objects.bulk_create(_goal_rows(choice, goals))
    return choice


@transaction.atomic
def package_choice_update(
    *,
    choice: PackageChoice,
    teams: Sequence,
    starts_on: date,
    ends_on: date,
    modules: Sequence[PlannedModule],
    goals: Sequence[GoalData],
    weak_areas: list[dict] | None = None,
    note: str = "",
    by=None,
) -> PackageChoice:
    """Change a choice; plans of modules kept are updated in place, so enrolments stay put."""
    teams = list(teams)
    _check(
        institution=choice.institution,
        package=choice.package,
        teams=teams,
        starts_on=starts_on,
        ends_on=ends_on,
        modules=modules,
        goals=goals,
    )
    choice.starts_on, choice.ends_on = starts_on, ends_on
    choice.weak_areas = list(weak_areas or [])
    choice.note = note
    choice.save(update_fields=["starts_on", "ends_on", "weak_areas", "note"])
    choice.teams.set(teams)
    existing = {plan.module_id: plan for plan in ModulePlan.objects.filter(choice=choice)}
    wanted = {p.module.pk: p for p in modules}
    ModulePlan.objects.filter(choice=choice).exclude(module_id__in=wanted).delete()
    changed, created = [], []
    for module_id, planned in wanted.items():
        plan = existing.get(module_id)
        if plan is None:
            created.append(
                ModulePlan(
                    choice=choice,
                    module=planned.module,
                    starts_on=planned.starts_on,
                    due_on=planned.due_on,
                )
            )
        elif (plan.starts_on, plan.due_on) != (planned.starts_on, planned.due_on):
            plan.starts_on, plan.due_on = planned.starts_on, planned.due_on
            changed.append(plan)
    if changed:
        ModulePlan.objects.bulk_update(changed, ["starts_on", "due_on"])
    ModulePlan.objects.bulk_create(created)
    SmartGoal.objects.filter(choice=choice).delete()
    SmartGoal.objects.bulk_create(_goal_rows(choice, goals))
    return choice


@transaction.atomic
def package_choice_withdraw(*, choice: PackageChoice, by=None) -> None:
    """The school withdraws the choice: its module plans and goals go with it."""
    choice.delete()
