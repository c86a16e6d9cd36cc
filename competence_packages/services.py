"""Writes of the schools' package choices: choose, edit, withdraw. Each runs in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lms.errors import ProblemList, ServiceError
from modules.api import ModulePage

from .authoring import authoring_setup
from .models import CompetencePackage, ModulePlan, PackageChoice, SmartGoal

# COK's authoring set-up (rights, the second-author workflow) is an idempotent write that others
# may run, e.g. the demo loader as a safety net; it lives in `authoring` with its helpers.
__all__ = [
    "ChoicePlan",
    "GoalData",
    "PlannedModule",
    "authoring_setup",
    "package_choice_update",
    "package_choice_withdraw",
    "package_choose",
    "smart_goal_delete",
    "smart_goal_set",
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

    @classmethod
    def of(cls, goal: SmartGoal) -> GoalData:
        """A stored goal's data (to copy the goal, e.g. into a package choice)."""
        return cls(**{name: getattr(goal, name) for name in cls.__dataclass_fields__})

    def fields(self) -> dict:
        """As keyword arguments of a SmartGoal."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class ChoicePlan:
    """What a school decides when it chooses a package: for which teams, when, which modules
    by when, the weak areas it answers and the SMART goals it sets."""

    teams: Sequence
    starts_on: date
    ends_on: date
    modules: Sequence[PlannedModule]
    goals: Sequence[GoalData]
    weak_areas: Sequence[dict] = ()
    note: str = ""


def _check(*, institution, package, plan: ChoicePlan) -> None:
    """Raise one ServiceError with everything that keeps the choice from holding together."""
    problems = ProblemList()
    if package.audience == CompetencePackage.Audience.LEADERSHIP_TEAMS:
        problems.add(
            _(
                "%(package)s is the leadership course: every school's leadership team takes it "
                "without being chosen."
            )
            % {"package": package.title}
        )
    if any(team.is_leadership for team in plan.teams):
        problems.add(_("Packages are chosen for teacher teams, not the leadership team."), "teams")
    if not plan.teams:
        problems.add(_("Choose at least one team."), "teams")
    if any(team.institution_id != institution.pk for team in plan.teams):
        problems.add(_("Every team must belong to the school."), "teams")
    if plan.ends_on < plan.starts_on:
        problems.add(_("The end date must be on or after the start date."), "ends_on")
    if not plan.modules:
        problems.add(_("Include at least one of the package's modules."))
    for planned in plan.modules:
        module = planned.module
        if not module.is_descendant_of(package) or module.depth != package.depth + 1:
            problems.add(_("%(module)s is not a module of the package.") % {"module": module.title})
        if not plan.starts_on <= planned.starts_on <= planned.due_on <= plan.ends_on:
            problems.add(
                _("%(module)s is planned outside the package's dates.") % {"module": module.title}
            )
    if not plan.goals:
        problems.add(_("Set at least one SMART goal."))
    if any(goal.target_score <= goal.baseline_score for goal in plan.goals):
        problems.add(_("A goal's target must be higher than its baseline."))
    problems.raise_if_any()


def _goal_rows(choice: PackageChoice, goals: Sequence[GoalData]) -> list[SmartGoal]:
    return [
        SmartGoal(institution_id=choice.institution_id, choice=choice, **goal.fields())
        for goal in goals
    ]


def _plan_rows(choice: PackageChoice, modules: Sequence[PlannedModule]) -> None:
    """Set the choice's module plans; plans of modules kept are updated in place, so the teams'
    enrolments (and what hangs on them) stay put."""
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


def _apply(choice: PackageChoice, plan: ChoicePlan) -> PackageChoice:
    choice.starts_on, choice.ends_on = plan.starts_on, plan.ends_on
    choice.weak_areas = list(plan.weak_areas)
    choice.note = plan.note
    choice.save()
    choice.teams.set(list(plan.teams))
    _plan_rows(choice, plan.modules)
    SmartGoal.objects.filter(choice=choice).delete()
    SmartGoal.objects.bulk_create(_goal_rows(choice, plan.goals))
    return choice


@transaction.atomic
def package_choose(
    *, institution, package: CompetencePackage, plan: ChoicePlan, by=None
) -> PackageChoice:
    """The school chooses `package` for the plan's teams; the module plan enrols them."""
    _check(institution=institution, package=package, plan=plan)
    return _apply(PackageChoice(institution=institution, package=package, chosen_by=by), plan)


@transaction.atomic
def package_choice_update(*, choice: PackageChoice, plan: ChoicePlan, by=None) -> PackageChoice:
    """Change a choice: its teams, dates, module plan, weak areas and goals."""
    _check(institution=choice.institution, package=choice.package, plan=plan)
    return _apply(choice, plan)


@transaction.atomic
def package_choice_withdraw(*, choice: PackageChoice, by=None) -> None:
    """The school withdraws the choice: its module plans and goals go with it."""
    choice.delete()


# --------------------------------------------------------------------------- goals of plans


def _goal_problems(data: GoalData) -> ProblemList:
    problems = ProblemList()
    if data.target_score <= data.baseline_score:
        problems.add(
            _(
                "The target must be higher than the baseline (%(baseline)s): a higher score is "
                "better on the 500 scale."
            )
            % {"baseline": f"{data.baseline_score:.0f}"},
            "target_score",
        )
    if data.target_score > 1000:
        problems.add(_("A target above 1000 is off the 500 scale."), "target_score")
    if data.target_round_label == getattr(data.baseline_round, "label", None):
        problems.add(_("The target round must be a later round than the baseline."))
    return problems


@transaction.atomic
def smart_goal_set(*, institution, data: GoalData, goal: SmartGoal | None = None) -> SmartGoal:
    """A SMART goal of the school outside any package choice (a focus area of its strategic
    plan sets one); `goal` is changed in place when given."""
    _goal_problems(data).raise_if_any()
    goal = goal or SmartGoal(institution=institution)
    if goal.choice_id is not None or goal.institution_id != institution.pk:
        raise ServiceError(_("This goal belongs to something else."))
    for name, value in data.fields().items():
        setattr(goal, name, value)
    goal.save()
    return goal


@transaction.atomic
def smart_goal_delete(*, goal: SmartGoal) -> None:
    goal.delete()
