"""Reads for the catalogue, the schools' choices and how their SMART goals turned out."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from wagtail.models import Page

from lms import content_cache
from lms.holidays import school_days
from lms.models import Institution, Municipality, Team
from lms.permissions import is_programme_admin
from lms.roles import Role, held_roles
from lms.statements import BuiltOnce
from modules import selectors as module_selectors
from modules.api import ModulePage
from modules.hooks import Enrolment
from profiles_link import selectors as profiles
from profiles_link.api import Indicator, MappingRound, WeakArea

from .models import (
    CompetencePackage,
    LeadershipCourse,
    ModulePlan,
    PackageChoice,
    PackageIndicator,
    SmartGoal,
)


def institution_by_number(number: str) -> Institution:
    """The school with its municipality; raises Institution.DoesNotExist."""
    return Institution.objects.select_related("municipality").get(number=number)


def schools_led_by(user) -> list[Institution]:
    """The schools the person may choose packages for (all of them for programme admins)."""
    schools = Institution.objects.select_related("municipality").order_by("name")
    if not is_programme_admin(user):
        schools = schools.filter(pk__in=held_roles(user).institutions_with(Role.SCHOOL_LEADER))
    return list(schools)


def municipality_by_code(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def live_packages() -> QuerySet[CompetencePackage]:
    return CompetencePackage.objects.live().order_by("title")


def live_team_packages() -> QuerySet[CompetencePackage]:
    """The live packages a school chooses for its teacher teams: not the leadership course,
    which every leadership team takes (see `leadership_enrolments`)."""
    return live_packages().exclude(audience=CompetencePackage.Audience.LEADERSHIP_TEAMS)


def live_packages_with_weights() -> tuple[list[CompetencePackage], dict[int, dict[int, int]]]:
    """Live team packages and, per package pk, {indicator pk: weight}: the same for everyone,
    so kept until the content changes (two queries when it did, none otherwise)."""
    packages, weights = content_cache.kept(
        "live-packages-with-weights", _live_packages_with_weights
    )
    return list(packages), weights


def _live_packages_with_weights() -> tuple[list[CompetencePackage], dict[int, dict[int, int]]]:
    packages = list(live_team_packages())
    weights: dict[int, dict[int, int]] = {}
    rows = PackageIndicator.objects.filter(package__in=[p.pk for p in packages]).values_list(
        "package_id", "indicator_id", "weight"
    )
    for package_id, indicator_id, weight in rows:
        weights.setdefault(package_id, {})[indicator_id] = weight
    return packages, weights


def live_package(pk: int) -> CompetencePackage:
    """A package a school may choose for its teams. Raises CompetencePackage.DoesNotExist for an
    unknown or unpublished package, or the leadership course."""
    return live_team_packages().prefetch_related("target_indicators").get(pk=pk)


def package_modules(package: CompetencePackage) -> list[ModulePage]:
    """The package's live modules in the order the authors gave them."""
    return module_selectors.live_modules_of(package)


def school_teams(institution: Institution) -> QuerySet[Team]:
    """The teams a package can be chosen for: the school's teacher teams (never its leadership
    team) that are not archived."""
    return (
        Team.objects.plc()
        .filter(institution=institution, archived_at__isnull=True)
        .order_by("name")
    )


def suggested_plan(
    *, modules: Sequence[ModulePage], starts_on: date, weeks: int
) -> tuple[date, list[tuple[ModulePage, date, date]]]:
    """The choice's end and each module's start and due date: the package's weeks of school
    days (holidays and weekends left out, lms.holidays) shared evenly over its modules, so no
    module starts or falls due on a holiday."""
    days = school_days(starts_on, max(weeks, 1) * 5)
    total = len(days)
    count = max(len(modules), 1)
    plan = []
    for index, module in enumerate(modules):
        module_start = days[total * index // count]
        module_due = days[total * (index + 1) // count - 1]
        plan.append((module, module_start, module_due))
    return days[-1], plan


def school_scores(institution: Institution) -> dict[tuple[int, int, str, str], float]:
    """The school's own published scores: {(round pk, indicator pk, group, subgroup): score}."""
    return {
        (c.round_id, c.indicator_id, c.respondent_group, c.subgroup): c.cell.score
        for c in profiles.school_cells(institution_ids=[institution.pk])
        if c.cell.score is not None
    }


def school_has_results(institution: Institution, mapping_round: MappingRound) -> bool:
    return profiles.school_has_results(institution_id=institution.pk, mapping_round=mapping_round)


def weak_area_key(area: WeakArea | dict) -> str:
    """A stable key for a weak area, also for its stored snapshot."""
    if isinstance(area, dict):
        return "|".join(
            [area["indicator"], area["respondent_group"], area["subgroup"], area["kind"]]
        )
    return "|".join([area.indicator.code, area.respondent_group, area.subgroup, area.kind])


def weak_area_snapshot(area: WeakArea, mapping_round: MappingRound | None) -> dict:
    return {
        "indicator": area.indicator.code,
        "indicator_name": area.indicator.name,
        "respondent_group": area.respondent_group,
        "subgroup": area.subgroup,
        "kind": area.kind,
        "score": round(area.score, 1),
        "benchmark": round(area.benchmark, 1),
        "gap": round(area.gap, 1),
        "benchmark_kind": area.benchmark_kind,
        "explanation": area.explanation,
        "round": mapping_round.label if mapping_round else "",
    }


# --------------------------------------------------------------------------- goal outcomes


@dataclass(frozen=True)
class GoalOutcome:
    """How one SMART goal turned out in its target round, as far as it is known."""

    status: str  # "reached", "not_reached", "suppressed" or "waiting"
    round_label: str
    score: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    change: float | None = None  # from the baseline score
    # Half the 95% interval of the change (1.96 · √(se_baseline² + se_outcome²)), when both
    # rounds' standard errors are known: a change smaller than this may be chance.
    change_margin: float | None = None

    @property
    def label(self) -> str:
        if self.status == "reached":
            return _("Reached")
        if self.status == "not_reached":
            return _("Not reached")
        if self.status == "suppressed":
            return _("Too few respondents")
        return _("Waiting for %(round)s") % {"round": self.round_label}

    @property
    def change_shown(self) -> str:
        """The rounded change with its sign, e.g. "+15" or "-3"."""
        if self.change is None:
            return ""
        value = round(self.change)
        return f"+{value}" if value > 0 else str(value)

    @property
    def margin_shown(self) -> str:
        return "" if self.change_margin is None else f"±{round(self.change_margin)}"

    @property
    def change_is_clear(self) -> bool | None:
        """Whether the change is larger than its uncertainty; None when that is not known."""
        if self.change is None or self.change_margin is None:
            return None
        return abs(self.change) > self.change_margin

    @property
    def has_score(self) -> bool:
        return self.score is not None

    @property
    def is_reached(self) -> bool | None:
        """True or False once measured; None while waiting or suppressed."""
        if self.status in ("reached", "not_reached"):
            return self.status == "reached"
        return None


def goal_outcomes(goals: Iterable[SmartGoal]) -> dict[int, GoalOutcome]:
    """{goal pk: outcome} in two queries (rounds, scores), however many goals and schools.

    The scores are read for the goals' target and baseline rounds at once: the baseline's
    standard error gives the uncertainty of the change.
    """
    goals = list(goals)
    if not goals:
        return {}
    labels = {goal.target_round_label for goal in goals}
    rounds = dict(MappingRound.objects.filter(label__in=labels).values_list("label", "pk"))
    cells: dict[tuple, profiles.Cell] = {}
    # Read even before any target round is imported (the baselines' cells), so a page costs
    # the same before and after.
    found = profiles.school_cells(
        institution_ids={goal.institution_id for goal in goals},
        indicator_ids={goal.indicator_id for goal in goals},
        round_ids={*rounds.values(), *(goal.baseline_round_id for goal in goals)},
    )
    for c in found:
        key = (c.round_id, c.institution_id, c.indicator_id, c.respondent_group, c.subgroup)
        cells[key] = c.cell
    return {goal.pk: _outcome(goal, rounds, cells) for goal in goals}


def _change_margin(baseline: profiles.Cell | None, outcome: profiles.Cell) -> float | None:
    if baseline is None or baseline.se is None or outcome.se is None:
        return None
    return 1.96 * math.sqrt(baseline.se**2 + outcome.se**2)


def _outcome(goal: SmartGoal, rounds: dict[str, int], cells: dict[tuple, profiles.Cell]):
    label = goal.target_round_label
    round_id = rounds.get(label)
    if round_id is None:
        return GoalOutcome(status="waiting", round_label=label)
    where = (goal.institution_id, goal.indicator_id, goal.respondent_group, goal.subgroup)
    cell = cells.get((round_id, *where))
    if cell is None:
        # The round is there but holds no result for this cell: the school did not take part.
        return GoalOutcome(status="waiting", round_label=label)
    if cell.suppressed or cell.score is None:
        return GoalOutcome(status="suppressed", round_label=label)
    return GoalOutcome(
        status="reached" if cell.score >= goal.target_score else "not_reached",
        round_label=label,
        score=cell.score,
        ci_low=cell.ci_low,
        ci_high=cell.ci_high,
        change=cell.score - goal.baseline_score,
        change_margin=_change_margin(cells.get((goal.baseline_round_id, *where)), cell),
    )


# --------------------------------------------------------------------------- choices


@dataclass(frozen=True)
class GoalRow:
    goal: SmartGoal
    outcome: GoalOutcome


@dataclass(frozen=True)
class ChoiceView:
    choice: PackageChoice
    teams: tuple[Team, ...]
    plans: tuple[ModulePlan, ...]
    goals: tuple[GoalRow, ...]
    weak_areas: tuple[str, ...] = ()  # the linked weak areas, explained in today's language


def snapshot_text(snapshot: dict, indicators: dict[str, Indicator]) -> str:
    """A stored weak area explained in the current language, with the round it was read in."""
    indicator = indicators.get(snapshot.get("indicator"))
    if indicator is None:
        text = snapshot.get("explanation", "")
    else:
        text = profiles.weak_area_explanation(
            WeakArea(
                indicator=indicator,
                respondent_group=snapshot["respondent_group"],
                subgroup=snapshot["subgroup"],
                kind=snapshot["kind"],
                score=snapshot.get("score", 0.0),
                benchmark=snapshot.get("benchmark", 0.0),
                gap=snapshot["gap"],
                benchmark_kind=snapshot.get("benchmark_kind", "programme"),
            )
        )
    return f"{text} ({snapshot['round']})" if snapshot.get("round") else text


def _choices_queryset() -> QuerySet[PackageChoice]:
    return PackageChoice.objects.select_related(
        "package", "institution", "chosen_by"
    ).prefetch_related(
        Prefetch("teams", queryset=Team.objects.order_by("name")),
        Prefetch(
            "module_plans",
            queryset=ModulePlan.objects.select_related("module").order_by("starts_on", "pk"),
        ),
        Prefetch(
            "goals",
            queryset=SmartGoal.objects.select_related("indicator", "baseline_round").order_by("pk"),
        ),
    )


def _views(choices: list[PackageChoice]) -> list[ChoiceView]:
    goals = []
    for choice in choices:
        goals.extend(choice.goals.all())
    outcomes = goal_outcomes(goals)
    codes = {area.get("indicator") for choice in choices for area in choice.weak_areas}
    indicators = profiles.indicators().in_bulk(codes, field_name="code") if codes else {}
    return [
        ChoiceView(
            choice=choice,
            teams=tuple(choice.teams.all()),
            plans=tuple(choice.module_plans.all()),
            goals=tuple(GoalRow(goal, outcomes[goal.pk]) for goal in choice.goals.all()),
            weak_areas=tuple(snapshot_text(area, indicators) for area in choice.weak_areas),
        )
        for choice in choices
    ]


def choices_for_school(institution: Institution) -> list[ChoiceView]:
    choices = list(_choices_queryset().filter(institution=institution).order_by("starts_on", "pk"))
    return _views(choices)


def choices_of_school(institution: Institution) -> QuerySet[PackageChoice]:
    """The school's choices with their package and teams, by start (for linking them)."""
    return (
        PackageChoice.objects.filter(institution=institution)
        .select_related("package")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("starts_on", "pk")
    )


def choice_for_school(institution: Institution, pk: int) -> PackageChoice:
    """Raises PackageChoice.DoesNotExist when the choice is not the school's."""
    return _choices_queryset().get(institution=institution, pk=pk)


@dataclass(frozen=True)
class SchoolChoices:
    institution: Institution
    choices: tuple[ChoiceView, ...]


def choices_for_municipality(municipality: Municipality) -> list[SchoolChoices]:
    """Every school of the municipality with its choices and goals; constant queries."""
    schools = list(Institution.objects.filter(municipality=municipality).order_by("name"))
    choices = list(
        _choices_queryset()
        .filter(institution__municipality=municipality)
        .order_by("institution__name", "starts_on", "pk")
    )
    views = _views(choices)
    by_school: dict[int, list[ChoiceView]] = {}
    for view in views:
        by_school.setdefault(view.choice.institution_id, []).append(view)
    return [SchoolChoices(school, tuple(by_school.get(school.pk, ()))) for school in schools]


# --------------------------------------------------------------------------- enrolment


_PLAN_COLUMNS = ("choice__teams", "module_id", "starts_on", "due_on", "choice__package__title",
                 "choice__package__code")  # fmt: skip


def _plans_of_one_team(team_id: int) -> QuerySet:
    return ModulePlan.objects.filter(choice__teams=team_id).values_list(*_PLAN_COLUMNS)


# One team's enrolments are asked for on every save of its draft and every draw of its
# assignment's page: the statement is built once (lms.statements).
_plan_rows_of_one_team = BuiltOnce(_plans_of_one_team).converted_rows


def package_enrolments(
    *,
    team_ids: Collection[int] | None = None,
    institution_ids: Collection[int] | None = None,
    due_dates: Collection[date] | None = None,
) -> list[Enrolment]:
    """The schools' choices as enrolments: each team of a choice takes each module of its plan.

    Registered with modules (competence_packages.wagtail_hooks); one query.
    """
    if (
        team_ids is not None
        and len(team_ids) == 1
        and institution_ids is None
        and due_dates is None
    ):
        rows = _plan_rows_of_one_team(next(iter(team_ids)))
    else:
        # One filter() call: the team join of the condition is the one the rows are read from.
        condition: dict = {"choice__teams__isnull": False}
        if team_ids is not None:
            condition["choice__teams__in"] = list(team_ids)
        if institution_ids is not None:
            condition["choice__institution_id__in"] = list(institution_ids)
        if due_dates is not None:
            condition["due_on__in"] = list(due_dates)
        rows = ModulePlan.objects.filter(**condition).values_list(*_PLAN_COLUMNS)
    return [
        Enrolment(team_id, module_id, starts_on, due_on, title, code)
        for team_id, module_id, starts_on, due_on, title, code in rows
    ]


@dataclass(frozen=True)
class CourseInForce:
    """The leadership course the leadership teams take now, and when each module is due."""

    package: CompetencePackage
    starts_on: date
    ends_on: date
    plan: tuple[tuple[ModulePage, date, date], ...]  # (module, starts, due)


def leadership_course() -> CourseInForce | None:
    """The course set for the latest round that has one; without any, the first live package
    for leadership teams, from the latest round's date (three queries at most, none while the
    content has not changed: the same for everyone, so kept)."""
    return content_cache.kept(f"leadership-course:{date.today().isoformat()}", _leadership_course)


def _leadership_course() -> CourseInForce | None:
    course = (
        LeadershipCourse.objects.select_related("package", "mapping_round")
        .filter(package__live=True)
        .order_by("-mapping_round__held_on", "-mapping_round__label")
        .first()
    )
    if course is not None:
        package, starts_on = course.package, course.starts_on
    else:
        package = (
            live_packages()
            .filter(audience=CompetencePackage.Audience.LEADERSHIP_TEAMS)
            .order_by("path")
            .first()
        )
        if package is None:
            return None
        mapping_round = profiles.latest_round()
        starts_on = (mapping_round.held_on if mapping_round else None) or date.today()
    ends_on, plan = suggested_plan(
        modules=package_modules(package), starts_on=starts_on, weeks=package.estimated_weeks
    )
    return CourseInForce(package, starts_on, ends_on, tuple(plan))


# Whether one team is a leadership team: asked with its enrolments (above).
_leadership_team_rows = BuiltOnce(
    lambda pk: Team.objects.leadership().filter(pk=pk).values_list("pk")
).rows


def leadership_enrolments(
    *,
    team_ids: Collection[int] | None = None,
    institution_ids: Collection[int] | None = None,
    due_dates: Collection[date] | None = None,
) -> list[Enrolment]:
    """Every school's leadership team takes every module of the leadership course in force.

    Registered with modules (competence_packages.wagtail_hooks) beside the choices' enrolments.
    """
    if team_ids is not None and len(team_ids) == 1 and institution_ids is None:
        team_pks = [pk for (pk,) in _leadership_team_rows(next(iter(team_ids)))]
    else:
        teams = Team.objects.leadership()
        if team_ids is not None:
            teams = teams.filter(pk__in=list(team_ids))
        if institution_ids is not None:
            teams = teams.filter(institution_id__in=list(institution_ids))
        team_pks = list(teams.values_list("pk", flat=True))
    course = leadership_course() if team_pks else None
    if course is None:
        return []
    package = course.package
    return [
        Enrolment(team_pk, module.pk, starts_on, due_on, package.title, package.code)
        for module, starts_on, due_on in course.plan
        if due_dates is None or due_on in due_dates
        for team_pk in team_pks
    ]


def titles_by_path(paths: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """path -> (title, package code) of the pages at these tree paths (an assignment's module
    and package, say), in one query; the code is None for a page that is not a package."""
    rows = Page.objects.filter(path__in=set(paths)).values_list(
        "path", "title", "competencepackage__code"
    )
    return {path: (title, code) for path, title, code in rows}


def package_by_pk(pk: int) -> CompetencePackage | None:
    """Any package, published or not (past work may belong to one since unpublished)."""
    return CompetencePackage.objects.filter(pk=pk).first()


def package_of_page(page) -> CompetencePackage | None:
    """The package a page (a module, a module assignment) lies in, if any: kept until the
    content changes (a reviewer's every save of a feedback draft asks). A page not yet saved
    (an author's preview) is read each time."""
    if not page.pk or not page.path:
        return CompetencePackage.objects.ancestor_of(page).first()
    return content_cache.kept(
        f"package-of-page:{page.pk}:{page.path}",
        lambda: CompetencePackage.objects.ancestor_of(page).first(),
    )


def all_packages() -> QuerySet[CompetencePackage]:
    """Every package, published or not, by title (filters over past work): its title and path
    only (a filter's choice prints the title and filters by the path)."""
    return CompetencePackage.objects.only("pk", "title", "path").order_by("title")


def package_choices() -> list[tuple[int, str]]:
    """(pk, title) of every package, as `all_packages()`: a filter's options, kept until the
    content changes (a form would read them again each time it is drawn)."""
    return content_cache.kept(
        "package-choices", lambda: list(all_packages().values_list("pk", "title"))
    )


def chosen_package_ids(institution: Institution) -> dict[int, int]:
    """Package id -> the school's (latest) choice of it."""
    rows = PackageChoice.objects.filter(institution=institution).order_by("created_at", "pk")
    return dict(rows.values_list("package_id", "pk"))
