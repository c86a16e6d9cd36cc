"""Reads of the schools' plans: every page loads in a fixed number of queries, however many
plans, focus areas, actions, versions and mapping rounds there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from competence_packages import selectors as package_selectors
from competence_packages.selectors import GoalOutcome
from lms.models import Institution, Municipality, RoleAssignment, Team, TeamMembership, User
from lms.roles import Role, held_roles
from profiles_link import selectors as profiles
from profiles_link.api import MappingRound, RespondentGroup, Subgroup

from .models import (
    DialogueMeeting,
    FocusArea,
    Milestone,
    Plan,
    PlanAction,
    PlanResponse,
    PlanVersion,
)


def institution_by_number(number: str) -> Institution:
    return Institution.objects.select_related("municipality").get(number=number)


def municipality_by_code(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def rounds() -> list[MappingRound]:
    return profiles.rounds()


def rounds_queryset() -> QuerySet[MappingRound]:
    return MappingRound.objects.order_by("held_on", "label")


def leadership_schools(*, user) -> list[Institution]:
    """The schools whose leadership team the person is on."""
    return list(Institution.objects.filter(pk__in=held_roles(user).leadership_of).order_by("name"))


def leadership_course():
    return package_selectors.leadership_course()


weak_area_key = package_selectors.weak_area_key


def next_round_label(label: str | None) -> str:
    """T2 → T3: the round a plan from `label` is measured in, as a suggestion."""
    digits = "".join(ch for ch in (label or "") if ch.isdigit())
    prefix = (label or "").rstrip("0123456789")
    return f"{prefix}{int(digits) + 1}" if digits and (label or "").endswith(digits) else ""


# --------------------------------------------------------------------------- a plan


@dataclass(frozen=True)
class GoalLine:
    """A focus area's goal as text, e.g. "Faglig trivsel, pupils (boys): 492 → 510 in T3"."""

    indicator: str
    group: str
    subgroup: str
    baseline: float
    baseline_round: str
    target: float
    target_round: str


@dataclass
class FocusView:
    focus: FocusArea
    goal: GoalLine
    outcome: GoalOutcome
    actions: list[PlanAction] = field(default_factory=list)


@dataclass
class PlanView:
    plan: Plan
    focus_areas: list[FocusView]
    actions: list[PlanAction]
    milestones: list[Milestone]
    versions: list[PlanVersion]
    responses: list[PlanResponse]
    author_ids: set[int]
    meetings: list[DialogueMeeting] = field(default_factory=list)

    @property
    def open_meeting(self) -> DialogueMeeting | None:
        """The dialogue meeting not yet held, if any (one at a time)."""
        return next((d for d in self.meetings if d.meeting.recorded_at is None), None)

    @property
    def latest_version(self) -> PlanVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def goals_reached(self) -> int:
        return sum(1 for f in self.focus_areas if f.outcome.status == "reached")

    @property
    def goals_measured(self) -> int:
        return sum(1 for f in self.focus_areas if f.outcome.is_reached is not None)


def _goal_line(goal) -> GoalLine:
    return GoalLine(
        indicator=goal.indicator.name,
        group=str(RespondentGroup(goal.respondent_group).label),
        subgroup=str(Subgroup(goal.subgroup).label),
        baseline=goal.baseline_score,
        baseline_round=goal.baseline_round.label,
        target=goal.target_score,
        target_round=goal.target_round_label,
    )


def _plans_queryset() -> QuerySet[Plan]:
    return Plan.objects.select_related(
        "institution__municipality", "baseline_round", "approved_by", "previous__baseline_round"
    )


def _focus_queryset() -> QuerySet[FocusArea]:
    return FocusArea.objects.select_related(
        "goal__indicator", "goal__baseline_round", "plan"
    ).order_by("position", "pk")


def plan_for_school(*, institution: Institution, pk: int) -> Plan:
    """Raises Plan.DoesNotExist when the plan is not the school's."""
    return _plans_queryset().get(institution=institution, pk=pk)


def plan_at_school_number(*, number: str, pk: int) -> Plan | None:
    """The plan with its school (and municipality) in one query, if the plan is the school's."""
    return _plans_queryset().filter(institution__number=number, pk=pk).first()


def plan_view(plan: Plan) -> PlanView:
    """Everything the plan's page shows, the goals' follow-up and the dialogue meetings included
    (ten queries, however much there is). The plan's focus areas and actions are given the plan
    and their focus area already loaded, not read again with each row."""
    focus_areas = list(
        FocusArea.objects.filter(plan=plan)
        .select_related("goal__indicator", "goal__baseline_round")
        .order_by("position", "pk")
    )
    focus_by_pk = {focus.pk: focus for focus in focus_areas}
    for focus in focus_areas:
        focus.plan = plan
    outcomes = package_selectors.goal_outcomes([focus.goal for focus in focus_areas])
    actions = list(
        PlanAction.objects.filter(plan=plan)
        .select_related("lead", "choice__package")
        .prefetch_related(Prefetch("choice__teams", queryset=Team.objects.order_by("name")))
        .order_by("follow_up_on", "pk")
    )
    by_focus: dict[int, list[PlanAction]] = defaultdict(list)
    for action in actions:
        action.plan = plan
        if action.focus_area_id in focus_by_pk:
            action.focus_area = focus_by_pk[action.focus_area_id]
        by_focus[action.focus_area_id].append(action)
    return PlanView(
        plan=plan,
        focus_areas=[
            FocusView(focus, _goal_line(focus.goal), outcomes[focus.goal_id], by_focus[focus.pk])
            for focus in focus_areas
        ],
        actions=actions,
        milestones=list(plan.milestones.order_by("due_on", "pk")),
        # The page lists the versions; a version's content is read on its own page.
        versions=list(
            plan.versions.select_related("submitted_by").defer("content").order_by("number")
        ),
        responses=list(plan.responses.select_related("author").order_by("created_at", "pk")),
        author_ids=set(plan.authors.values_list("pk", flat=True)),
        meetings=list(
            plan.meetings.select_related(
                "meeting__organizer", "meeting__chosen_slot", "meeting__recorded_by"
            )
            .prefetch_related("meeting__slots")
            .order_by("created_at", "pk")
        ),
    )


def version_of(*, plan: Plan, number: int) -> PlanVersion:
    return plan.versions.select_related("submitted_by").get(number=number)


# --------------------------------------------------------------------------- a school's plans


@dataclass
class PlanSummary:
    plan: Plan
    focus_areas: list[FocusView]

    @property
    def goals_reached(self) -> int:
        return sum(1 for f in self.focus_areas if f.outcome.status == "reached")

    @property
    def goals_measured(self) -> int:
        return sum(1 for f in self.focus_areas if f.outcome.is_reached is not None)


def _summaries(plans: list[Plan]) -> list[PlanSummary]:
    focus_areas = list(_focus_queryset().filter(plan__in=[p.pk for p in plans]))
    outcomes = package_selectors.goal_outcomes([focus.goal for focus in focus_areas])
    by_plan: dict[int, list[FocusView]] = defaultdict(list)
    for focus in focus_areas:
        by_plan[focus.plan_id].append(
            FocusView(focus, _goal_line(focus.goal), outcomes[focus.goal_id])
        )
    return [PlanSummary(plan, by_plan[plan.pk]) for plan in plans]


def plans_of_school(*, institution: Institution, adopted_only: bool) -> list[PlanSummary]:
    """The school's plans, newest period first, with their goals' follow-up (four queries)."""
    plans = _plans_queryset().filter(institution=institution)
    if adopted_only:
        plans = plans.filter(status=Plan.Status.APPROVED)
    plans = plans.order_by("-baseline_round__held_on", "-baseline_round__label", "-pk")
    return _summaries(list(plans))


@dataclass
class SchoolPlans:
    institution: Institution
    plans: list[PlanSummary]

    @property
    def current(self) -> PlanSummary | None:
        return self.plans[0] if self.plans else None


def plans_of_municipality(*, municipality: Municipality) -> list[SchoolPlans]:
    """Every school of the municipality with its plans, newest first (five queries)."""
    schools = list(
        Institution.objects.filter(municipality=municipality, kind=Institution.Kind.SCHOOL)
        .select_related("municipality")
        .order_by("name")
    )
    plans = list(
        _plans_queryset()
        .filter(institution__municipality=municipality)
        .order_by("institution__name", "-baseline_round__held_on", "-baseline_round__label")
    )
    by_school: dict[int, list[PlanSummary]] = defaultdict(list)
    for summary in _summaries(plans):
        by_school[summary.plan.institution_id].append(summary)
    return [SchoolPlans(school, by_school[school.pk]) for school in schools]


# --------------------------------------------------------------------------- forms' choices


def school_choices(*, institution: Institution):
    """The school's package choices, to link from the implementation plan."""
    return package_selectors.choices_of_school(institution)


def school_teams(*, institution: Institution) -> QuerySet[Team]:
    return package_selectors.school_teams(institution)


def team_packages():
    return package_selectors.live_team_packages()


def possible_leads(*, institution: Institution) -> QuerySet[User]:
    """Everyone with a role at the school may lead an action."""
    holders = RoleAssignment.objects.filter(institution=institution).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by(
        "first_name", "last_name", "email"
    )


def weak_area_choices(*, plan: Plan) -> list[tuple[str, str]]:
    """The school's weak areas in the plan's baseline round: (key, what the profile says)."""
    areas = profiles.weak_areas_for_school(
        institution=plan.institution, mapping_round=plan.baseline_round
    )
    return [
        (
            package_selectors.weak_area_key(area),
            f"{area.explanation} ({round(area.score)}, {plan.baseline_round.label})",
        )
        for area in areas
    ]


def leadership_team(*, institution: Institution) -> Team | None:
    return (
        Team.objects.leadership()
        .filter(institution=institution)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=TeamMembership.objects.select_related("user").order_by(
                    "user__first_name", "user__last_name"
                ),
            )
        )
        .first()
    )


def local_resource_persons(*, institution: Institution) -> QuerySet[User]:
    holders = RoleAssignment.objects.filter(
        institution=institution, role=Role.LOCAL_RESOURCE_PERSON
    ).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("first_name", "last_name")


def school_leader_ids(*, institution: Institution) -> set[int]:
    return set(
        RoleAssignment.objects.filter(institution=institution, role=Role.SCHOOL_LEADER).values_list(
            "user_id", flat=True
        )
    )


def plan_recipients(*, plan: Plan) -> list[User]:
    """Who hears of the municipality's answer: the school's leadership team."""
    return list(
        User.objects.filter(
            is_active=True,
            team_memberships__team__institution_id=plan.institution_id,
            team_memberships__team__kind=Team.Kind.LEADERSHIP,
        ).distinct()
    )


def plan_reviewers(*, plan: Plan) -> list[User]:
    """Who hears of a hand-in: the municipality's coordinators and named reviewers, never an
    author or someone on the school's leadership team."""
    writers = set(plan.authors.values_list("pk", flat=True)) | {
        user.pk for user in plan_recipients(plan=plan)
    }
    coordinators = RoleAssignment.objects.filter(
        role=Role.MUNICIPAL_COORDINATOR,
        municipality_id=plan.institution.municipality_id,
        institution__isnull=True,
    ).values("user_id")
    named = plan.institution.municipality.plan_reviewers.values("user_id")
    people = User.objects.filter(is_active=True).filter(pk__in=coordinators) | User.objects.filter(
        is_active=True, pk__in=named
    )
    return [person for person in people.distinct() if person.pk not in writers]


# --------------------------------------------------------------------------- the profile


def profile_summary(*, plan: Plan) -> list:
    """The school's profile in the plan's baseline round (every group, trends up to it)."""
    ordered = profiles.rounds()
    cut = next((i for i, r in enumerate(ordered) if r.pk == plan.baseline_round_id), None)
    all_rounds = ordered[: cut + 1] if cut is not None else [plan.baseline_round]
    return profiles.school_profiles(
        institution=plan.institution, mapping_round=plan.baseline_round, rounds=all_rounds
    )


# --------------------------------------------------------------------------- the CSV export

EXPORT_HEADER = [
    "school_number", "school_name", "period", "plan_status", "focus_area", "indicator_code",
    "respondent_group", "subgroup", "baseline_round", "baseline", "target_round", "target",
    "outcome_round", "outcome", "outcome_ci_low", "outcome_ci_high", "reached",
]  # fmt: skip


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _goal_row(plan: Plan, item: FocusView) -> list[str]:
    goal, outcome = item.focus.goal, item.outcome
    measured = outcome.has_score  # suppressed or not yet imported: nothing to show
    reached = outcome.is_reached
    return [
        item.focus.title,
        goal.indicator.code,
        goal.respondent_group,
        goal.subgroup,
        goal.baseline_round.label,
        _number(goal.baseline_score),
        goal.target_round_label,
        _number(goal.target_score),
        outcome.round_label if measured else "",
        _number(outcome.score) if measured else "",
        _number(outcome.ci_low) if measured else "",
        _number(outcome.ci_high) if measured else "",
        "" if reached is None else str(int(reached)),
    ]


def plan_goal_rows(*, municipality: Municipality) -> list[list[str]]:
    """One row per SMART goal of every plan of the municipality's schools (a plan without goals
    gets one row with its status), in school and period order. Five queries."""
    rows = []
    for school in plans_of_municipality(municipality=municipality):
        for summary in reversed(school.plans):  # oldest period first
            plan = summary.plan
            start = [school.institution.number, school.institution.name, plan.period, plan.status]
            if not summary.focus_areas:
                rows.append(start + [""] * (len(EXPORT_HEADER) - len(start)))
            rows.extend(start + _goal_row(plan, item) for item in summary.focus_areas)
    return rows


def dialogue_of(*, plan: Plan, pk: int) -> DialogueMeeting:
    """The plan's dialogue meeting (raises DialogueMeeting.DoesNotExist)."""
    return plan.meetings.select_related("meeting__organizer", "meeting__chosen_slot").get(pk=pk)
