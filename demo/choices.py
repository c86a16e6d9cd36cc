"""The demo schools' package choices (choices.yaml), made against their real weak areas.

For each school, the latest round's weak areas decide what the choice answers: the package the
file names, or else the school-team package that weighs the top weak area most. The module
plan, the SMART goal and the snapshot of weak areas are what a school leader would have made.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from competence_packages.models import (
    CompetencePackage,
    ModulePlan,
    PackageChoice,
    SmartGoal,
)
from competence_packages.selectors import weak_area_snapshot
from lms.models import Institution, RoleAssignment, Team
from modules.models import ModuleAssignmentPage, ModulePage
from profiles_link.models import MappingRound, Subgroup
from profiles_link.selectors import WeakArea, latest_round, school_cells, weak_areas_for_school

from .files import DataFolder, Record


@dataclass(frozen=True)
class ChoiceSpec:
    school: str  # the school's number
    package: str | None  # a package code; None: the package that best answers the weak areas
    teams: tuple[str, ...]
    starts_on: dt.date
    note: str  # with {round} and {explanation}
    goal_indicator: str | None = None
    goal_subgroup: str | None = None


@dataclass(frozen=True)
class ChoicesSpec:
    goal_rise: int
    holidays: tuple[tuple[dt.date, dt.date], ...]  # (first day, last day)
    choices: tuple[ChoiceSpec, ...]


# --------------------------------------------------------------------------- reading


def read_choices(folder: DataFolder, schools, teams, package_codes) -> ChoicesSpec | None:
    data = folder.yaml("choices.yaml")
    if data is None:
        return None
    goal_rise = data.integer("goal_rise")
    holidays = []
    for holiday in data.records("school_holidays", required=False):
        holidays.append((holiday.date("first"), holiday.date("last")))
        holiday.check_keys()
    choices = tuple(
        _choice(record, sorted(schools), teams, package_codes) for record in data.records("choices")
    )
    data.check_keys()
    if goal_rise is None or None in choices or any(None in pair for pair in holidays):
        return None
    return ChoicesSpec(goal_rise, tuple(holidays), choices)


def _choice(record: Record, schools, teams, package_codes) -> ChoiceSpec | None:
    school = record.choice("school", schools)
    package = record.choice("package", package_codes, required=False)
    chosen_teams = record.texts("teams")
    for name in chosen_teams:
        if name not in teams:
            record.problem(
                _("%(where)s is %(value)s; expected one of: %(choices)s.")
                % {"where": record.at("teams"), "value": repr(name), "choices": ", ".join(teams)}
            )
    starts_on, note = record.date("starts_on"), record.text("note")
    goal = record.record("goal", required=False)
    indicator = goal.text("indicator") if goal else None
    subgroup = goal.choice("subgroup", Subgroup.values) if goal else None
    if goal:
        goal.check_keys()
    record.check_keys()
    if note is not None:
        try:
            note.format(round="", explanation="")
        except (KeyError, IndexError, ValueError):
            record.problem(
                _("%(where)s may use {round} and {explanation}, and no other braces.")
                % {"where": record.at("note")}
            )
            note = None
    if None in (school, starts_on, note) or not set(chosen_teams) <= set(teams):
        return None
    return ChoiceSpec(school, package, tuple(chosen_teams), starts_on, note, indicator, subgroup)


# --------------------------------------------------------------------------- the module plan


def _working_window(holidays, start: dt.date, weeks: int) -> tuple[dt.date, dt.date]:
    """(first day, the Monday after) for `weeks` school weeks from `start`."""
    for first, last in holidays:
        if first <= start <= last:
            start = last + dt.timedelta(days=1)
    end = start + dt.timedelta(weeks=weeks)
    for first, last in holidays:
        if start < first < end:
            end += last - first + dt.timedelta(days=1)
    return start, end


def _module_schedule(
    package: CompetencePackage, starts_on: dt.date, holidays
) -> list[tuple[ModulePage, dt.date, dt.date]]:
    """Modules one after another from a Monday: 2 weeks for introduction and closing, the
    longest suggested assignment duration (3–4 weeks) for a content module; due on a Friday."""
    modules = list(ModulePage.objects.child_of(package).live().order_by("path"))
    weeks_by_module: dict[int, int] = {}
    for assignment in ModuleAssignmentPage.objects.descendant_of(package).live():
        module_id = next(m.pk for m in modules if assignment.path.startswith(m.path))
        weeks = assignment.suggested_duration_weeks
        weeks_by_module[module_id] = max(weeks_by_module.get(module_id, 0), weeks)
    schedule = []
    next_start = starts_on
    for module in modules:
        if module.kind == ModulePage.Kind.CONTENT:
            weeks = min(max(weeks_by_module.get(module.pk, 3), 3), 4)
        else:
            weeks = 2
        start, next_start = _working_window(holidays, next_start, weeks)
        schedule.append((module, start, next_start - dt.timedelta(days=3)))
    return schedule


def _next_round_label(label: str) -> str:
    match = re.fullmatch(r"(\D*)(\d+)", label)
    if match is None:
        return f"{label}+1"
    return f"{match.group(1)}{int(match.group(2)) + 1}"


def _school_score(institution, mapping_round, area: WeakArea) -> float | None:
    cells = school_cells(
        institution_ids=[institution.pk],
        indicator_ids=[area.indicator.pk],
        round_ids=[mapping_round.pk],
        respondent_groups=[area.respondent_group],
        subgroups=[area.subgroup],
    )
    return cells[0].cell.score if cells else None  # a suppressed cell has no score


def _leader(institution):
    assignment = (
        RoleAssignment.objects.filter(
            institution=institution, role=RoleAssignment.Role.SCHOOL_LEADER
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class _Choosing:
    institution: Institution
    package: CompetencePackage
    spec: ChoiceSpec
    areas: list[WeakArea]
    goal_area: WeakArea | None
    mapping_round: MappingRound
    note: str


def _snapshots(areas: list[WeakArea], mapping_round: MappingRound) -> list[dict]:
    """The weak areas as a leader's choice stores them (in Danish, as the demo's leader reads)."""
    with translation.override("da"):
        return [weak_area_snapshot(area, mapping_round) for area in areas]


def _choose(choosing: _Choosing, plan: ChoicesSpec) -> PackageChoice:
    institution, package = choosing.institution, choosing.package
    schedule = _module_schedule(package, choosing.spec.starts_on, plan.holidays)
    ends_on = schedule[-1][2] if schedule else choosing.spec.starts_on
    values = {
        "starts_on": choosing.spec.starts_on,
        "ends_on": ends_on,
        "weak_areas": _snapshots(choosing.areas, choosing.mapping_round),
        "note": choosing.note,
        "chosen_by": _leader(institution),
    }
    # The first choice of the package at the school is the demo's (a leader may add more).
    choice = (
        PackageChoice.objects.filter(institution=institution, package=package)
        .order_by("pk")
        .first()
    )
    if choice is None:
        choice = PackageChoice.objects.create(institution=institution, package=package, **values)
    else:
        for name, value in values.items():
            setattr(choice, name, value)
        choice.save()
    choice.teams.set(Team.objects.filter(institution=institution, name__in=choosing.spec.teams))
    for module, module_starts_on, due_on in schedule:
        ModulePlan.objects.update_or_create(
            choice=choice,
            module=module,
            defaults={"starts_on": module_starts_on, "due_on": due_on},
        )
    ModulePlan.objects.filter(choice=choice).exclude(
        module__in=[module for module, *_dates in schedule]
    ).delete()
    if choosing.goal_area is not None:
        _goal(choice, choosing, plan.goal_rise)
    return choice


def _goal(choice: PackageChoice, choosing: _Choosing, goal_rise: int) -> None:
    area, mapping_round = choosing.goal_area, choosing.mapping_round
    baseline = _school_score(choosing.institution, mapping_round, area)
    baseline = round(area.score if baseline is None else baseline, 1)
    SmartGoal.objects.update_or_create(
        choice=choice,
        indicator=area.indicator,
        respondent_group=area.respondent_group,
        subgroup=area.subgroup,
        defaults={
            "baseline_round": mapping_round,
            "baseline_score": baseline,
            "target_score": float(round(baseline) + goal_rise),
            "target_round_label": _next_round_label(mapping_round.label),
        },
    )


def _targeted(package: CompetencePackage) -> dict[str, int]:
    return {
        t.indicator.code: t.weight for t in package.target_indicators.select_related("indicator")
    }


def _best_package(
    packages: list[CompetencePackage], areas: list[WeakArea]
) -> CompetencePackage | None:
    """The school-team package that weighs the school's top weak area most (ties: the one that
    answers more of its other weak areas, then the shorter title)."""
    targets = {package.pk: _targeted(package) for package in packages}
    for area in areas:
        code = area.indicator.code
        candidates = [p for p in packages if code in targets[p.pk]]
        if candidates:
            return max(
                candidates,
                key=lambda p: (
                    targets[p.pk][code],
                    sum(a.gap * targets[p.pk].get(a.indicator.code, 0) for a in areas),
                    -len(p.title),
                ),
            )
    return None


def _goal_area(spec: ChoiceSpec, answered: list[WeakArea]) -> WeakArea | None:
    named = (
        a
        for a in answered
        if spec.goal_indicator is not None
        and a.indicator.code == spec.goal_indicator
        and a.subgroup == (spec.goal_subgroup or a.subgroup)
    )
    return next(named, answered[0] if answered else None)


@transaction.atomic
def seed_choices(plan: ChoicesSpec) -> None:
    """The demo schools' package choices, linked to their weak areas, with SMART goals."""
    mapping_round = latest_round()
    if mapping_round is None:
        return
    packages = list(
        CompetencePackage.objects.live().filter(audience=CompetencePackage.Audience.SCHOOL_TEAMS)
    )
    by_code = {package.code: package for package in packages}
    by_school = {spec.school: spec for spec in plan.choices}
    for institution in Institution.objects.filter(number__in=by_school).order_by("number"):
        spec = by_school[institution.number]
        areas = weak_areas_for_school(institution=institution, mapping_round=mapping_round)
        if not areas:
            continue
        package = by_code.get(spec.package) if spec.package else _best_package(packages, areas)
        if package is None:
            continue
        targeted = _targeted(package)
        answered = [a for a in areas if a.indicator.code in targeted]
        with translation.override("da"):
            explanation = answered[0].explanation if answered else ""
        note = spec.note.format(round=mapping_round.label, explanation=explanation)
        _choose(
            _Choosing(institution, package, spec, answered, _goal_area(spec, answered),
                      mapping_round, note),
            plan,
        )  # fmt: skip
