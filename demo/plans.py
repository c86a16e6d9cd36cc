"""The leadership course and the demo schools' plans (plans.yaml), written through the services.

Read and checked first like every demo file; then the leadership course is set for its round,
the schools add their resource persons to the leadership teams, the named leaders work through
the course, and each plan is written, handed in and answered by the people the file names. A
plan that exists already (school and baseline round) is left as it is, so seeding again changes
nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from competence_packages.models import CompetencePackage, LeadershipCourse, PackageChoice
from lms.models import Institution, User
from lms.services import leadership_team_member_add
from modules import services as module_services
from modules.models import ModulePage
from modules.selectors import data_check_for
from plans import services as plan_services
from plans.models import Plan
from profiles_link.models import MappingRound

from .files import DataFolder, Record

STATUSES = ("draft", "submitted", "commented", "revision_requested", "approved")
ANSWERS = {"commented": "comment", "revision_requested": "revision", "approved": "approval"}


@dataclass(frozen=True)
class FocusSpec:
    indicator: str
    subgroup: str
    rise: int
    title: str
    reasoning: str
    research: str


@dataclass(frozen=True)
class ActionSpec:
    focus: int  # the focus area's position
    lead: str
    follow_up_on: dt.date
    choice: str | None = None  # a package code, or "any": the school's first choice
    title: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


@dataclass(frozen=True)
class PlanSpec:
    school: str
    baseline: str
    target: str
    by: str
    status: str
    focus_areas: tuple[FocusSpec, ...]
    actions: tuple[ActionSpec, ...]
    milestones: tuple[tuple[dt.date, str], ...]
    direction: str = ""
    resources: str = ""
    previous: str | None = None
    answered_by: str | None = None
    answer: str = ""


@dataclass(frozen=True)
class PlansSpec:
    course_package: str
    course_round: str
    course_starts_on: dt.date
    members: tuple[tuple[str, str], ...]  # (school, e-mail)
    course_done: tuple[str, ...]
    course_reflection: str
    plans: tuple[PlanSpec, ...]


# --------------------------------------------------------------------------- reading


def read_plans(folder: DataFolder, schools, emails, package_codes) -> PlansSpec | None:
    data = folder.yaml("plans.yaml")
    if data is None:
        return None
    course = data.record("leadership_course")
    fields = None
    if course is not None:
        fields = (
            course.choice("package", package_codes),
            course.text("round"),
            course.date("starts_on"),
        )
        course.check_keys()
    members = []
    for record in data.records("leadership_members", required=False):
        members.append((record.choice("school", schools), record.choice("email", emails)))
        record.check_keys()
    done = data.texts("course_done", required=False)
    reflection = data.text("course_reflection", required=False, default="")
    for email in done:
        if email not in emails:
            data.problem(
                _("%(where)s names %(value)s, who is not a demo account.")
                % {"where": data.at("course_done"), "value": repr(email)}
            )
    plans = tuple(_plan(r, schools, emails, package_codes) for r in data.records("plans"))
    data.check_keys()
    if fields is None or None in fields or None in plans or any(None in m for m in members):
        return None
    return PlansSpec(*fields, tuple(members), tuple(done), reflection, plans)


def _focus(record: Record) -> FocusSpec | None:
    fields = (
        record.text("indicator"),
        record.text("subgroup", required=False, default="all"),
        record.integer("rise"),
        record.text("title"),
        record.text("reasoning"),
        record.text("research", required=False, default=""),
    )
    record.check_keys()
    return None if None in fields else FocusSpec(*fields)


def _action(record: Record, emails, package_codes) -> ActionSpec | None:
    focus, lead = record.integer("focus"), record.choice("lead", emails)
    follow_up_on = record.date("follow_up_on")
    choice = record.choice("choice", [*package_codes, "any"], required=False)
    title = record.text("title", required=False, default="")
    starts_on = record.date("starts_on", required=False)
    ends_on = record.date("ends_on", required=False)
    record.check_keys()
    if not choice and not title:
        record.problem(_("%(where)s needs a choice or a title.") % {"where": record.where})
        return None
    if None in (focus, lead, follow_up_on):
        return None
    return ActionSpec(focus, lead, follow_up_on, choice, title, starts_on, ends_on)


def _plan(record: Record, schools, emails, package_codes) -> PlanSpec | None:
    fields = {
        "school": record.choice("school", schools),
        "baseline": record.text("baseline"),
        "target": record.text("target"),
        "by": record.choice("by", emails),
        "status": record.choice("status", STATUSES),
    }
    optional = {
        "direction": record.text("direction", required=False, default=""),
        "resources": record.text("resources", required=False, default=""),
        "previous": record.text("previous", required=False),
        "answered_by": record.choice("answered_by", emails, required=False),
        "answer": record.text("answer", required=False, default=""),
    }
    focus_areas = tuple(_focus(r) for r in record.records("focus_areas"))
    actions = tuple(_action(r, emails, package_codes) for r in record.records("actions"))
    milestones = []
    for milestone in record.records("milestones", required=False):
        milestones.append((milestone.date("due_on"), milestone.text("text")))
        milestone.check_keys()
    record.check_keys()
    if fields["status"] in ANSWERS and not optional["answered_by"]:
        record.problem(
            _("%(where)s is %(status)s: name who answered it (answered_by).")
            % {"where": record.where, "status": fields["status"]}
        )
        return None
    if None in fields.values() or None in focus_areas or None in actions:
        return None
    if any(None in m for m in milestones):
        return None
    return PlanSpec(
        **fields,
        focus_areas=focus_areas,
        actions=actions,
        milestones=tuple(milestones),
        **optional,
    )


# --------------------------------------------------------------------------- writing


def _people(emails) -> dict[str, User]:
    return {user.email: user for user in User.objects.filter(email__in=set(emails))}


def _course(spec: PlansSpec) -> CompetencePackage | None:
    package = CompetencePackage.objects.filter(code=spec.course_package).first()
    mapping_round = MappingRound.objects.filter(label=spec.course_round).first()
    if package is None or mapping_round is None:
        return None
    LeadershipCourse.objects.update_or_create(
        mapping_round=mapping_round,
        defaults={"package": package, "starts_on": spec.course_starts_on},
    )
    return package


def _work_through(package: CompetencePackage, person: User, reflection: str) -> None:
    """Every module read, every question answered as a careful leader would."""
    for module in ModulePage.objects.child_of(package).live().order_by("path"):
        for block in module.body:
            if block.block_type == "reflection":
                module_services.reflection_answer_save(
                    user=person,
                    page=module,
                    block_id=block.id,
                    text=reflection,
                )
            elif block.block_type == "check":
                right = next(
                    i for i, option in enumerate(block.value["options"]) if option["correct"]
                )
                module_services.check_answer_save(
                    user=person, page=module, block_id=block.id, option=right
                )
            elif block.block_type == "data_check":
                _school, check = data_check_for(user=person, block=block)
                if check is not None:
                    module_services.data_check_answer_save(
                        user=person, page=module, block_id=block.id, option=check.correct_index
                    )
        module_services.module_mark_read(user=person, module=module)


def _focus_areas(plan: Plan, spec: PlanSpec, by: User) -> list:
    areas = plan_services.weak_areas_by_key(
        institution=plan.institution, mapping_round=plan.baseline_round
    )
    by_area = {(a["indicator"], a["subgroup"]): key for key, a in areas.items()}
    carried = {
        (f.weak_area["indicator"], f.weak_area["subgroup"]): f for f in plan.focus_areas.all()
    }
    result = []
    for focus in spec.focus_areas:
        key = by_area.get((focus.indicator, focus.subgroup))
        if key is None:
            continue  # not a weak area in this round's data: nothing to plan on
        data = plan_services.FocusAreaData(
            weak_area=key,
            target_score=round(areas[key]["score"]) + focus.rise,
            reasoning=focus.reasoning,
            title=focus.title,
            research=focus.research,
        )
        existing = carried.get((focus.indicator, focus.subgroup))
        result.append(plan_services.focus_area_save(plan=plan, data=data, by=by, focus=existing))
    for (indicator, subgroup), focus in carried.items():
        if all((f.indicator, f.subgroup) != (indicator, subgroup) for f in spec.focus_areas):
            plan_services.focus_area_delete(focus=focus, by=by)
    return result


def _choice_for(institution: Institution, code: str) -> PackageChoice | None:
    choices = PackageChoice.objects.filter(institution=institution).order_by("starts_on", "pk")
    if code != "any":
        choices = choices.filter(package__code=code)
    return choices.first()


def _write(spec: PlanSpec, people: dict[str, User]) -> None:
    institution = Institution.objects.get(number=spec.school)
    baseline = MappingRound.objects.filter(label=spec.baseline).first()
    if baseline is None:
        return
    if Plan.objects.filter(institution=institution, baseline_round=baseline).exists():
        return
    by = people[spec.by]
    previous = (
        Plan.objects.filter(institution=institution, baseline_round__label=spec.previous).first()
        if spec.previous
        else None
    )
    if previous is not None:
        plan, _left = plan_services.plan_start_next(
            plan=previous, baseline_round=baseline, target_round_label=spec.target, by=by
        )
    else:
        plan = plan_services.plan_start(
            institution=institution, baseline_round=baseline, target_round_label=spec.target, by=by
        )
    plan_services.plan_texts_update(
        plan=plan,
        direction=spec.direction or plan.direction,  # a next period's plan keeps its texts
        resources=spec.resources or plan.resources,
        by=by,
    )
    focus_areas = _focus_areas(plan, spec, by)
    for action in spec.actions:
        if action.focus > len(focus_areas):
            continue
        choice = _choice_for(institution, action.choice) if action.choice else None
        plan_services.plan_action_add(
            plan=plan,
            data=plan_services.ActionData(
                focus_area=focus_areas[action.focus - 1],
                lead=people[action.lead],
                follow_up_on=action.follow_up_on,
                choice=choice,
                title=action.title if choice is None else "",
                starts_on=action.starts_on,
                ends_on=action.ends_on,
            ),
            by=by,
        )
    for due_on, text in spec.milestones:
        plan_services.milestone_add(plan=plan, due_on=due_on, text=text, by=by)
    if spec.status == "draft":
        return
    plan_services.plan_submit(plan=plan, by=by)
    if spec.status in ANSWERS:
        plan_services.plan_answer(
            plan=plan, kind=ANSWERS[spec.status], text=spec.answer, by=people[spec.answered_by]
        )


@transaction.atomic
def seed_plans(spec: PlansSpec | None) -> None:
    if spec is None:
        return
    people = _people(
        [spec_.by for spec_ in spec.plans]
        + [spec_.answered_by for spec_ in spec.plans if spec_.answered_by]
        + [a.lead for spec_ in spec.plans for a in spec_.actions]
        + [email for _school, email in spec.members]
        + list(spec.course_done)
    )
    package = _course(spec)
    for school, email in spec.members:
        leadership_team_member_add(
            institution=Institution.objects.get(number=school), user=people[email]
        )
    with translation.override("da"):  # answers and snapshots as the Danish leaders wrote them
        if package is not None:
            for email in spec.course_done:
                _work_through(package, people[email], spec.course_reflection)
        for plan_spec in spec.plans:
            _write(plan_spec, people)
