"""Writes of the schools' plans: start, write, hand in, answer, approve, start the next period.

Every write runs in one transaction and refuses bad input with one `ServiceError` naming every
problem. Writing is the leadership team's (the views check who may); the rule that nobody
answers a plan they wrote is kept here as well, since it must hold whoever calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from competence_packages import selectors as package_selectors
from competence_packages import services as package_services
from feedback import services as feedback_services
from lms import notifications
from lms.errors import ProblemList, ServiceError
from lms.models import Institution, RoleAssignment, Team, TeamMembership, User
from profiles_link import selectors as profiles
from profiles_link.api import MappingRound

from .models import (
    DialogueMeeting,
    FocusArea,
    Milestone,
    Plan,
    PlanAction,
    PlanResponse,
    PlanVersion,
)
from .snapshot import plan_content

MAX_FOCUS_AREAS = 3
TEXT_LIMIT = 10_000


# --------------------------------------------------------------------------- helpers


def _touch(plan: Plan, by: User) -> None:
    """The plan's content changed: note when, and that `by` is one of its authors."""
    if not plan.is_editable:
        raise ServiceError(
            _("The plan is %(status)s: it cannot be changed now.")
            % {"status": plan.get_status_display()}
        )
    plan.edited_at = timezone.now()
    plan.save(update_fields=["edited_at"])
    plan.authors.add(by)


def _locked(plan: Plan) -> Plan:
    return (
        Plan.objects.select_for_update(of=("self",))
        .select_related("baseline_round")
        .get(pk=plan.pk)
    )


def _text_problems(problems: ProblemList, **texts: str) -> None:
    for field, text in texts.items():
        if len(text or "") > TEXT_LIMIT:
            problems.add(
                _("The text is %(length)d characters long; the limit is %(limit)d.")
                % {"length": len(text), "limit": TEXT_LIMIT},
                field,
            )


def weak_areas_by_key(*, institution: Institution, mapping_round: MappingRound) -> dict[str, dict]:
    """The school's weak areas in the round as snapshots, by the key the choices use too."""
    return {
        package_selectors.weak_area_key(area): package_selectors.weak_area_snapshot(
            area, mapping_round
        )
        for area in profiles.weak_areas_for_school(
            institution=institution, mapping_round=mapping_round
        )
    }


# --------------------------------------------------------------------------- starting


def _start_problems(institution, baseline_round, target_round_label: str) -> ProblemList:
    problems = ProblemList()
    if baseline_round is None:
        problems.add(_("Choose the mapping round the plan starts from."), "baseline_round")
    elif Plan.objects.filter(institution=institution, baseline_round=baseline_round).exists():
        problems.add(
            _("The school already has a plan from %(round)s.") % {"round": baseline_round.label},
            "baseline_round",
        )
    label = (target_round_label or "").strip()
    if not label:
        problems.add(_("Name the round the goals are measured in, e.g. T3."), "target_round_label")
    elif baseline_round is not None and label == baseline_round.label:
        problems.add(
            _("The target round must be a later round than the baseline."), "target_round_label"
        )
    if baseline_round is not None and not profiles.school_has_results(
        institution_id=institution.pk, mapping_round=baseline_round
    ):
        problems.add(
            _("The school has no results in %(round)s to plan from.")
            % {"round": baseline_round.label},
            "baseline_round",
        )
    return problems


@transaction.atomic
def plan_start(
    *, institution: Institution, baseline_round: MappingRound, target_round_label: str, by: User
) -> Plan:
    """A new plan for the period from `baseline_round` to the round named `target_round_label`."""
    _start_problems(institution, baseline_round, target_round_label).raise_if_any()
    plan = Plan.objects.create(
        institution=institution,
        baseline_round=baseline_round,
        target_round_label=target_round_label.strip(),
    )
    plan.authors.add(by)
    return plan


@transaction.atomic
def plan_start_next(
    *, plan: Plan, baseline_round: MappingRound, target_round_label: str, by: User
) -> tuple[Plan, list[str]]:
    """The next period's plan from this one: the direction and the focus areas that are still
    weak in the new baseline round, with their new scores (the target carried over where it is
    still ahead, else raised by the same step). Actions and milestones belong to a period and
    start empty. Returns the new plan and the titles of the focus areas left behind."""
    institution = plan.institution
    _start_problems(institution, baseline_round, target_round_label).raise_if_any()
    new = Plan.objects.create(
        institution=institution,
        baseline_round=baseline_round,
        target_round_label=target_round_label.strip(),
        direction=plan.direction,
        resources=plan.resources,
        previous=plan,
    )
    new.authors.add(by)
    areas = weak_areas_by_key(institution=institution, mapping_round=baseline_round)
    left_behind = []
    position = 0
    for focus in plan.focus_areas.select_related("goal").order_by("position"):
        snapshot = areas.get(package_selectors.weak_area_key(focus.weak_area))
        if snapshot is None:
            left_behind.append(focus.title)
            continue
        goal = focus.goal
        step = max(goal.target_score - goal.baseline_score, 1.0)
        target = goal.target_score if goal.target_score > snapshot["score"] else None
        position += 1
        _focus_area_create(
            plan=new,
            position=position,
            snapshot=snapshot,
            title=focus.title,
            target_score=target if target is not None else round(snapshot["score"] + step),
            reasoning=focus.reasoning,
            research=focus.research,
        )
    return new, left_behind


# --------------------------------------------------------------------------- the strategic plan


@transaction.atomic
def plan_texts_update(*, plan: Plan, direction: str, resources: str, by: User) -> Plan:
    """The plan's strategic direction and the resources of its implementation."""
    plan = _locked(plan)
    problems = ProblemList()
    _text_problems(problems, direction=direction, resources=resources)
    problems.raise_if_any()
    plan.direction, plan.resources = direction.strip(), resources.strip()
    plan.save(update_fields=["direction", "resources"])
    _touch(plan, by)
    return plan


def _goal_data(plan: Plan, snapshot: dict, target_score: float) -> package_services.GoalData:
    indicator = profiles.indicator_by_code(snapshot["indicator"])
    return package_services.GoalData(
        indicator=indicator,
        respondent_group=snapshot["respondent_group"],
        subgroup=snapshot["subgroup"],
        baseline_round=plan.baseline_round,
        baseline_score=snapshot["score"],
        target_score=float(target_score),
        target_round_label=plan.target_round_label,
    )


def _focus_area_create(*, plan, position, snapshot, title, target_score, reasoning, research):
    goal = package_services.smart_goal_set(
        institution=plan.institution, data=_goal_data(plan, snapshot, target_score)
    )
    return FocusArea.objects.create(
        plan=plan,
        position=position,
        title=title or snapshot.get("indicator_name", ""),
        weak_area=snapshot,
        goal=goal,
        reasoning=reasoning,
        research=research,
    )


@dataclass(frozen=True)
class FocusAreaData:
    """What the leadership writes for a focus area: the weak area it answers (its key among
    the school's weak areas in the plan's baseline round), the goal's target and the reasons."""

    weak_area: str
    target_score: float | None
    reasoning: str
    title: str = ""
    research: str = ""


def _focus_problems(plan: Plan, data: FocusAreaData, areas: dict, focus: FocusArea | None):
    problems = ProblemList()
    snapshot = areas.get(data.weak_area)
    if snapshot is None:
        problems.add(
            _("Pick one of the school's weak areas in %(round)s.")
            % {"round": plan.baseline_round.label},
            "weak_area",
        )
    others = plan.focus_areas.exclude(pk=focus.pk if focus else None)
    if snapshot is not None and any(
        package_selectors.weak_area_key(other.weak_area) == data.weak_area for other in others
    ):
        problems.add(_("Another focus area of the plan answers this weak area."), "weak_area")
    if focus is None and others.count() >= MAX_FOCUS_AREAS:
        problems.add(
            _("A plan has at most %(max)d focus areas: choose the most important.")
            % {"max": MAX_FOCUS_AREAS}
        )
    if data.target_score is None:
        problems.add(_("Give the goal's target score."), "target_score")
    elif snapshot is not None and data.target_score <= snapshot["score"]:
        problems.add(
            _(
                "The target must be higher than the baseline (%(baseline)s): a higher score is "
                "better on the 500 scale."
            )
            % {"baseline": f"{snapshot['score']:.0f}"},
            "target_score",
        )
    if not data.reasoning.strip():
        problems.add(_("Say why the school works on this area."), "reasoning")
    _text_problems(problems, reasoning=data.reasoning, research=data.research)
    return problems, snapshot


@transaction.atomic
def focus_area_save(
    *, plan: Plan, data: FocusAreaData, by: User, focus: FocusArea | None = None
) -> FocusArea:
    """Add a focus area, or change one: its weak area (score and gap as the profile shows them),
    its SMART goal, the reasoning and the research it rests on."""
    plan = _locked(plan)
    areas = weak_areas_by_key(institution=plan.institution, mapping_round=plan.baseline_round)
    problems, snapshot = _focus_problems(plan, data, areas, focus)
    problems.raise_if_any()
    _touch(plan, by)
    title = data.title.strip() or snapshot["indicator_name"]
    if focus is None:
        position = max(plan.focus_areas.values_list("position", flat=True), default=0) + 1
        return _focus_area_create(
            plan=plan,
            position=position,
            snapshot=snapshot,
            title=title,
            target_score=data.target_score,
            reasoning=data.reasoning.strip(),
            research=data.research.strip(),
        )
    package_services.smart_goal_set(
        institution=plan.institution,
        data=_goal_data(plan, snapshot, data.target_score),
        goal=focus.goal,
    )
    focus.title, focus.weak_area = title, snapshot
    focus.reasoning, focus.research = data.reasoning.strip(), data.research.strip()
    focus.save()
    return focus


@transaction.atomic
def focus_area_delete(*, focus: FocusArea, by: User) -> None:
    _touch(_locked(focus.plan), by)
    goal = focus.goal
    focus.delete()
    package_services.smart_goal_delete(goal=goal)


# --------------------------------------------------------------------------- the implementation


@dataclass(frozen=True)
class NewChoice:
    """A package chosen from the plan for named teams: made as in the catalogue, one source."""

    package: object
    teams: Sequence
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class ActionData:
    focus_area: FocusArea | None
    lead: User | None
    follow_up_on: date | None
    choice: object | None = None  # an existing package choice of the school
    new_choice: NewChoice | None = None
    title: str = ""
    starts_on: date | None = None  # for an action that is not a package
    ends_on: date | None = None


def _may_lead(user: User, institution: Institution) -> bool:
    return (
        user.is_active
        and RoleAssignment.objects.filter(user=user, institution=institution).exists()
    )


def _action_problems(plan: Plan, data: ActionData) -> ProblemList:
    problems = ProblemList()
    kinds = [data.choice is not None, data.new_choice is not None]
    if sum(kinds) > 1:
        problems.add(_("Link a package choice or choose a new package, not both."), "choice")
    if not any(kinds) and not data.title.strip():
        problems.add(
            _("Link a package choice, choose a package for teams, or name the action."), "title"
        )
    if data.choice is not None and data.choice.institution_id != plan.institution_id:
        problems.add(_("The package choice is not the school's."), "choice")
    if data.focus_area is None or data.focus_area.plan_id != plan.pk:
        problems.add(_("Say which focus area the action serves."), "focus_area")
    if data.lead is None or not _may_lead(data.lead, plan.institution):
        problems.add(_("Name someone at the school to lead the action."), "lead")
    if data.follow_up_on is None:
        problems.add(_("Give the date the leadership follows up on the action."), "follow_up_on")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        problems.add(_("The end date must be on or after the start date."), "ends_on")
    new = data.new_choice
    if new is not None and new.ends_on < new.starts_on:
        problems.add(_("The end date must be on or after the start date."), "ends_on")
    return problems


def _choose_for_plan(plan: Plan, focus: FocusArea, new: NewChoice, by: User):
    """Make the package choice as the catalogue would: the package's modules spread over the
    dates, the focus area's weak area and goal (measured alike) on the choice."""
    modules = package_selectors.package_modules(new.package)
    days = (new.ends_on - new.starts_on).days + 1
    _ends, suggested = package_selectors.suggested_plan(
        modules=modules, starts_on=new.starts_on, weeks=max(days // 7, 1)
    )
    goal = focus.goal
    choice_plan = package_services.ChoicePlan(
        teams=list(new.teams),
        starts_on=new.starts_on,
        ends_on=new.ends_on,
        modules=[
            package_services.PlannedModule(module, start, min(due, new.ends_on))
            for module, start, due in suggested
        ],
        goals=[package_services.GoalData.of(goal)],
        weak_areas=[focus.weak_area],
        note=_("Chosen in the school's plan for %(period)s: %(focus)s.")
        % {"period": plan.period, "focus": focus.title},
    )
    return package_services.package_choose(
        institution=plan.institution, package=new.package, plan=choice_plan, by=by
    )


@transaction.atomic
def plan_action_add(*, plan: Plan, data: ActionData, by: User) -> PlanAction:
    """An action of the implementation plan. A package chosen here is a real choice of the
    catalogue (it enrols the teams); an existing choice is linked, never copied."""
    plan = _locked(plan)
    _action_problems(plan, data).raise_if_any()
    _touch(plan, by)
    choice = data.choice
    if data.new_choice is not None:
        choice = _choose_for_plan(plan, data.focus_area, data.new_choice, by)
    return PlanAction.objects.create(
        plan=plan,
        focus_area=data.focus_area,
        choice=choice,
        title=data.title.strip(),
        starts_on=None if choice else data.starts_on,
        ends_on=None if choice else data.ends_on,
        lead=data.lead,
        follow_up_on=data.follow_up_on,
    )


@transaction.atomic
def plan_action_remove(*, action: PlanAction, by: User) -> None:
    """Take the action out of the plan; a linked package choice stays in the catalogue."""
    _touch(_locked(action.plan), by)
    action.delete()


@transaction.atomic
def milestone_add(*, plan: Plan, due_on: date | None, text: str, by: User) -> Milestone:
    plan = _locked(plan)
    problems = ProblemList()
    if due_on is None:
        problems.add(_("Give the milestone's date."), "due_on")
    if not (text or "").strip():
        problems.add(_("Say what is reached by then."), "text")
    elif len(text) > 300:
        problems.add(_("Keep a milestone under 300 characters."), "text")
    problems.raise_if_any()
    _touch(plan, by)
    return Milestone.objects.create(plan=plan, due_on=due_on, text=text.strip())


@transaction.atomic
def milestone_remove(*, milestone: Milestone, by: User) -> None:
    _touch(_locked(milestone.plan), by)
    milestone.delete()


# --------------------------------------------------------------------------- the dialogue


def _submit_problems(plan: Plan) -> ProblemList:
    problems = ProblemList()
    focus_areas = list(plan.focus_areas.all())
    actions = list(plan.actions.all())
    if not plan.is_editable:
        problems.add(
            _("The plan is %(status)s: there is nothing to hand in.")
            % {"status": plan.get_status_display()}
        )
    if not focus_areas:
        problems.add(_("The strategic plan needs at least one focus area with a SMART goal."))
    if not actions:
        problems.add(_("The implementation plan needs at least one action."))
    served = {action.focus_area_id for action in actions}
    for focus in focus_areas:
        if focus.pk not in served:
            problems.add(
                _("The focus area “%(focus)s” has no action in the implementation plan.")
                % {"focus": focus.title}
            )
    if plan.status != Plan.Status.DRAFT and not plan.has_unsubmitted_changes:
        problems.add(_("Nothing has changed since the plan was handed in."))
    return problems


@transaction.atomic
def plan_submit(*, plan: Plan, by: User) -> PlanVersion:
    """Hand the plan in to the municipality: a new version, which the municipality answers."""
    plan = _locked(plan)
    _submit_problems(plan).raise_if_any()
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, content=plan_content(plan), submitted_by=by
    )
    plan.status = Plan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at"])
    plan.authors.add(by)
    notifications.notify("plan_submitted", plan.pk, number)
    return version


def _writes_for_school(user: User, plan: Plan) -> bool:
    return (
        plan.authors.filter(pk=user.pk).exists()
        or TeamMembership.objects.filter(
            user=user, team__institution_id=plan.institution_id, team__kind=Team.Kind.LEADERSHIP
        ).exists()
    )


@transaction.atomic
def plan_answer(*, plan: Plan, kind: str, text: str, by: User) -> PlanResponse:
    """The municipality's answer to the version handed in: a comment, a request for a revision,
    or the approval. Nobody answers a plan they wrote or their own school's leadership's."""
    plan = _locked(plan)
    problems = ProblemList()
    if _writes_for_school(by, plan):
        raise ServiceError(
            _(
                "You wrote this plan, or sit on the school's leadership team: someone else must answer it."
            )
        )
    if not plan.is_answerable:
        problems.add(
            _("The plan is %(status)s: there is no version waiting for an answer.")
            % {"status": plan.get_status_display()}
        )
    if kind not in PlanResponse.Kind.values:
        problems.add(_("Choose how you answer."), "kind")
    text = (text or "").strip()
    if kind in (PlanResponse.Kind.COMMENT, PlanResponse.Kind.REVISION) and not text:
        problems.add(_("Write your comments to the leadership."), "text")
    _text_problems(problems, text=text)
    if kind == PlanResponse.Kind.APPROVAL and plan.has_unsubmitted_changes:
        problems.add(
            _(
                "The leadership has changed the plan since it was handed in: approve it when "
                "they hand in the new version."
            )
        )
    problems.raise_if_any()
    version = plan.versions.order_by("-number").first()
    response = PlanResponse.objects.create(
        plan=plan, version=version, author=by, kind=kind, text=text
    )
    plan.status = {
        PlanResponse.Kind.COMMENT: Plan.Status.COMMENTED,
        PlanResponse.Kind.REVISION: Plan.Status.REVISION_REQUESTED,
        PlanResponse.Kind.APPROVAL: Plan.Status.APPROVED,
    }[kind]
    fields = ["status"]
    if kind == PlanResponse.Kind.APPROVAL:
        plan.approved_at, plan.approved_by = timezone.now(), by
        fields += ["approved_at", "approved_by"]
    plan.save(update_fields=fields)
    notifications.notify("plan_answered", response.pk)
    return response


# --------------------------------------------------------------------------- dialogue meetings


def _leadership(plan: Plan) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            team_memberships__team__institution_id=plan.institution_id,
            team_memberships__team__kind=Team.Kind.LEADERSHIP,
        ).distinct()
    )


@transaction.atomic
def dialogue_meeting_propose(
    *, plan: Plan, slots, place: str, video_url: str, link_path: str, by: User,
    dialogue: DialogueMeeting | None = None,
) -> DialogueMeeting:  # fmt: skip
    """The municipality proposes times for a dialogue meeting with the school's leadership about
    the plan (the meeting machinery of feedback: times, invitation, notes, next steps)."""
    if _writes_for_school(by, plan):
        raise ServiceError(
            _("The municipality holds the dialogue meeting, not the plan's authors.")
        )
    if not plan.versions.exists():
        raise ServiceError(_("The plan has not been handed in yet."))
    with translation.override("da"):  # the invitation's words, as every e-mail, in Danish
        subject = _("Dialogue meeting about %(school)s' plan for %(period)s") % {
            "school": plan.institution.name, "period": plan.period,
        }  # fmt: skip
    meeting = feedback_services.dialogue_meeting_propose(
        subject=subject,
        attendees=_leadership(plan),
        slots=slots,
        place=place,
        video_url=video_url,
        link_path=link_path,
        by=by,
        meeting=dialogue.meeting if dialogue else None,
    )
    if dialogue is None:
        dialogue = DialogueMeeting.objects.create(plan=plan, meeting=meeting)
    return dialogue


def default_follow_up(starts_on: date) -> date:
    """A suggestion for the leadership's follow-up: four weeks into the action."""
    return starts_on + timedelta(weeks=4)
