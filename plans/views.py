"""The schools' plans: thin views that load, check who may, call one service and render.

Anyone who may not see a school's plans gets 403 (404 for a plan id of another school); the
forms on a plan's page post to one view each, and a refused write shows the page again with
every problem beside its field and nothing typed lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback import selectors as feedback_selectors
from feedback import services as feedback_services
from feedback.api import MeetingProposalForm, MeetingRecordForm, SlotPickForm
from lms import services as lms_services
from lms.errors import ServiceError
from lms.models import AccessRecord, Institution, User
from lms.page_cache import cached_page
from lms.selectors import institutions_visible_to
from lms.services import leadership_team_member_add, leadership_team_member_remove
from lms.shortcuts import permitted_or_404

from . import permissions, selectors, services
from .forms import (
    ActionForm,
    AnswerForm,
    FocusAreaForm,
    LeadershipMemberForm,
    MilestoneForm,
    PlanStartForm,
    PlanTextsForm,
)
from .models import DialogueMeeting, FocusArea, Milestone, Plan, PlanAction
from .pdf import render_pdf

# --------------------------------------------------------------------------- loading


def _school(user, number: str, may=permissions.can_view_school_plans) -> Institution:
    return permitted_or_404(user, lambda: selectors.institution_by_number(number), may)


def _plan(user, number: str, pk: int) -> Plan:
    plan = selectors.plan_at_school_number(number=number, pk=pk)
    if plan is None:
        _school(user, number)  # 404 for an unknown school, 403 for one the person may not see
        raise Http404
    # The plan's school, read with it: the same answers as loading the school first.
    if not permissions.can_view_school_plans(user, plan.institution):
        raise PermissionDenied
    if not permissions.can_view_plan(user, plan):
        raise PermissionDenied
    return plan


def _writable_plan(user, number: str, pk: int) -> Plan:
    plan = _plan(user, number, pk)
    if not permissions.can_write_plans(user, plan.institution):
        raise PermissionDenied
    return plan


def _closed(request, plan: Plan):
    """A post to a plan handed in or approved (from a page open since): say why, change nothing."""
    if plan.is_editable:
        return None
    messages.error(
        request,
        _("The plan is %(status)s: it cannot be changed now.")
        % {"status": plan.get_status_display()},
    )
    return redirect("plans:plan", plan.institution.number, plan.pk)


# --------------------------------------------------------------------------- the school's plans


def index(request):
    """/planer/: straight to the one school whose plans the person writes, else a list."""
    writes = selectors.leadership_schools(user=request.user)
    if len(writes) == 1:
        return redirect("plans:school", writes[0].number)
    schools = [
        school
        for school in institutions_visible_to(user=request.user).order_by("name")
        if permissions.can_view_school_plans(request.user, school)
    ]
    return render(request, "plans/index.html", {"schools": schools})


def school(request, number: str):
    institution = _school(request.user, number)
    sees_all = permissions.sees_every_plan(request.user, institution)
    can_write = permissions.can_write_plans(request.user, institution)
    rounds = selectors.rounds()
    start_form = None
    if can_write and rounds:
        latest = rounds[-1]
        start_form = PlanStartForm(
            prefix="start",
            rounds=selectors.rounds_queryset(),
            initial={
                "baseline_round": latest.pk,
                "target_round_label": selectors.next_round_label(latest.label),
            },
        )
    return _render_school(request, institution, sees_all, can_write, start_form)


def _render_school(request, institution, sees_all, can_write, start_form, status=200):
    context = {
        "institution": institution,
        "plans": selectors.plans_of_school(institution=institution, adopted_only=not sees_all),
        "sees_all": sees_all,
        "can_write": can_write,
        "start_form": start_form,
        "course": selectors.leadership_course() if can_write else None,
    }
    return render(request, "plans/school.html", context, status=status)


@require_POST
def plan_start(request, number: str):
    institution = _school(request.user, number, permissions.can_write_plans)
    form = PlanStartForm(request.POST, prefix="start", rounds=selectors.rounds_queryset())
    if form.is_valid():
        try:
            plan = services.plan_start(
                institution=institution,
                baseline_round=form.cleaned_data["baseline_round"],
                target_round_label=form.cleaned_data["target_round_label"],
                by=request.user,
            )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request, _("The plan for %(period)s is started.") % {"period": plan.period}
            )
            return redirect("plans:plan", institution.number, plan.pk)
    return _render_school(request, institution, True, True, form, status=400)


# --------------------------------------------------------------------------- one plan


def _forms(request, plan: Plan, **bound) -> dict:
    """The plan page's forms: those bound to a refused post, fresh ones for the rest."""
    institution = plan.institution
    forms = {}
    if permissions.can_write_plans(request.user, institution) and plan.is_editable:
        forms["texts_form"] = bound.get("texts_form") or PlanTextsForm(
            prefix="texts", initial={"direction": plan.direction, "resources": plan.resources}
        )
        forms["focus_form"] = bound.get("focus_form") or FocusAreaForm(
            prefix="focus", weak_areas=selectors.weak_area_choices(plan=plan)
        )
        forms["action_form"] = bound.get("action_form") or _action_form(plan, None)
        forms["milestone_form"] = bound.get("milestone_form") or MilestoneForm(prefix="milestone")
    if plan.is_answerable:
        forms["answer_form"] = bound.get("answer_form") or AnswerForm(prefix="answer")
    forms["meeting_form"] = bound.get("meeting_form") or MeetingProposalForm(prefix="meeting")
    forms["record_form"] = bound.get("record_form") or MeetingRecordForm(prefix="record")
    forms["pick_form"] = bound.get("pick_form")
    return forms


def _action_form(plan: Plan, data) -> ActionForm:
    institution = plan.institution
    return ActionForm(
        data,
        prefix="action",
        focus_areas=plan.focus_areas.order_by("position"),
        choices=selectors.school_choices(institution=institution),
        packages=selectors.team_packages(),
        teams=selectors.school_teams(institution=institution),
        leads=selectors.possible_leads(institution=institution),
    )


def _render_plan(request, plan: Plan, status: int = 200, **bound):
    view = selectors.plan_view(plan)
    institution = plan.institution
    context = {
        "institution": institution,
        "plan": plan,
        "view": view,
        "can_write": permissions.can_write_plans(request.user, institution) and plan.is_editable,
        "is_writer": permissions.can_write_plans(request.user, institution),
        "can_answer": plan.is_answerable
        and permissions.can_answer_plan(request.user, plan, author_ids=view.author_ids),
        "holds_meetings": bool(view.versions)
        and permissions.can_answer_plan(request.user, plan, author_ids=view.author_ids),
        "sees_all": permissions.sees_every_plan(request.user, institution),
        "next_label": selectors.next_round_label(plan.target_round_label),
        **_forms(request, plan, **bound),
    }
    return render(request, "plans/plan.html", context, status=status)


@cached_page
def plan(request, number: str, pk: int):
    return _render_plan(request, _plan(request.user, number, pk))


def _act(request, plan: Plan, form_name: str, form, act, done: str):
    """Run `act(cleaned_data)` when the form is valid; on a refusal show the page again."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, done)
            return redirect("plans:plan", plan.institution.number, plan.pk)
    return _render_plan(request, plan, status=400, **{form_name: form})


@require_POST
def plan_texts(request, number: str, pk: int):
    plan = _writable_plan(request.user, number, pk)
    if closed := _closed(request, plan):
        return closed
    form = PlanTextsForm(request.POST, prefix="texts")
    return _act(
        request, plan, "texts_form", form,
        lambda data: services.plan_texts_update(
            plan=plan, direction=data["direction"], resources=data["resources"], by=request.user
        ),
        _("The plan is saved."),
    )  # fmt: skip


def _focus_data(data) -> services.FocusAreaData:
    return services.FocusAreaData(
        weak_area=data["weak_area"],
        target_score=data["target_score"],
        reasoning=data["reasoning"],
        title=data["title"],
        research=data["research"],
    )


@require_POST
def focus_add(request, number: str, pk: int):
    plan = _writable_plan(request.user, number, pk)
    if closed := _closed(request, plan):
        return closed
    form = FocusAreaForm(
        request.POST, prefix="focus", weak_areas=selectors.weak_area_choices(plan=plan)
    )
    return _act(
        request, plan, "focus_form", form,
        lambda data: services.focus_area_save(plan=plan, data=_focus_data(data), by=request.user),
        _("The focus area and its SMART goal are added."),
    )  # fmt: skip


def _focus(plan: Plan, focus_id: int) -> FocusArea:
    focus = plan.focus_areas.select_related("goal").filter(pk=focus_id).first()
    if focus is None:
        raise Http404
    return focus


def focus_edit(request, number: str, pk: int, focus_id: int):
    plan = _writable_plan(request.user, number, pk)
    if closed := _closed(request, plan):
        return closed
    focus = _focus(plan, focus_id)
    weak_areas = selectors.weak_area_choices(plan=plan)
    key = selectors.weak_area_key(focus.weak_area)
    if key not in dict(weak_areas):
        weak_areas.append((key, focus.weak_area.get("explanation", key)))
    if request.method == "POST":
        form = FocusAreaForm(request.POST, prefix="focus", weak_areas=weak_areas)
        if form.is_valid():
            try:
                services.focus_area_save(
                    plan=plan, data=_focus_data(form.cleaned_data), by=request.user, focus=focus
                )
            except ServiceError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("The focus area is saved."))
                return redirect("plans:plan", plan.institution.number, plan.pk)
    else:
        form = FocusAreaForm(
            prefix="focus",
            weak_areas=weak_areas,
            initial={
                "weak_area": key,
                "title": focus.title,
                "target_score": focus.goal.target_score,
                "reasoning": focus.reasoning,
                "research": focus.research,
            },
        )
    context = {"institution": plan.institution, "plan": plan, "focus": focus, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "plans/focus_edit.html", context, status=status)


@require_POST
def focus_delete(request, number: str, pk: int, focus_id: int):
    plan = _writable_plan(request.user, number, pk)
    if closed := _closed(request, plan):
        return closed
    focus = _focus(plan, focus_id)
    try:
        services.focus_area_delete(focus=focus, by=request.user)
    except ServiceError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("The focus area is removed."))
    return redirect("plans:plan", plan.institution.number, plan.pk)


@require_POST
def action_add(request, number: str, pk: int):
    plan = _writable_plan(request.user, number, pk)
    if closed := _closed(request, plan):
        return closed
    form = _action_form(plan, request.POST)

    def act(data):
        new_choice = None
        if data["package"]:
            new_choice = services.NewChoice(
                data["package"], list(data["teams"]), data["starts_on"], data["ends_on"]
            )
        services.plan_action_add(
            plan=plan,
            data=services.ActionData(
                focus_area=data["focus_area"],
                lead=data["lead"],
                follow_up_on=data["follow_up_on"],
                choice=data["choice"],
                new_choice=new_choice,
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            ),
            by=request.user,
        )

    return _act(request, plan, "action_form", form, act, _("The action is added."))


@require_POST
def action_remove(request, number: str, pk: int, action_id: int):
    plan = _writable_plan(request.user, number, pk)
    if closed := _closed(request, plan):
        return closed
    action = PlanAction.objects.filter(plan=plan, pk=action_id).first()
    if action is None:
        raise Http404
    try:
        services.plan_action_remove(action=action, by=request.user)
    except ServiceError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("The action is removed from the plan."))
    return redirect("plans:plan", plan.institution.number, plan.pk)


@require_POST
def milestone_add(request, number: str, pk: int):
    plan = _writable_plan(request.user, number, pk)
    if closed := _closed(request, plan):
        return closed
    form = MilestoneForm(request.POST, prefix="milestone")
    return _act(
        request, plan, "milestone_form", form,
        lambda data: services.milestone_add(
            plan=plan, due_on=data["due_on"], text=data["text"], by=request.user
        ),
        _("The milestone is added."),
    )  # fmt: skip


@require_POST
def milestone_remove(request, number: str, pk: int, milestone_id: int):
    plan = _writable_plan(request.user, number, pk)
    if closed := _closed(request, plan):
        return closed
    milestone = Milestone.objects.filter(plan=plan, pk=milestone_id).first()
    if milestone is None:
        raise Http404
    try:
        services.milestone_remove(milestone=milestone, by=request.user)
    except ServiceError as error:
        messages.error(request, error.text)
    return redirect("plans:plan", plan.institution.number, plan.pk)


@require_POST
def submit(request, number: str, pk: int):
    plan = _writable_plan(request.user, number, pk)
    try:
        version = services.plan_submit(plan=plan, by=request.user)
    except ServiceError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(number)s is handed in to the municipality.") % {"number": version.number},
        )
    return redirect("plans:plan", plan.institution.number, plan.pk)


@require_POST
def answer(request, number: str, pk: int):
    plan = _plan(request.user, number, pk)
    if not permissions.can_answer_plan(request.user, plan):
        raise PermissionDenied
    form = AnswerForm(request.POST, prefix="answer")
    return _act(
        request, plan, "answer_form", form,
        lambda data: services.plan_answer(
            plan=plan, kind=data["kind"], text=data["text"], by=request.user
        ),
        _("Your answer is sent to the school's leadership."),
    )  # fmt: skip


def version(request, number: str, pk: int, version_number: int):
    plan = _plan(request.user, number, pk)
    if not permissions.sees_every_plan(request.user, plan.institution):
        raise PermissionDenied
    try:
        found = selectors.version_of(plan=plan, number=version_number)
    except plan.versions.model.DoesNotExist as exc:
        raise Http404 from exc
    context = {"institution": plan.institution, "plan": plan, "version": found}
    return render(request, "plans/version.html", context)


@require_POST
def start_next(request, number: str, pk: int):
    plan = _writable_plan(request.user, number, pk)
    rounds = selectors.rounds()
    latest = rounds[-1] if rounds else None
    try:
        new, left_behind = services.plan_start_next(
            plan=plan,
            baseline_round=latest,
            target_round_label=selectors.next_round_label(latest.label if latest else ""),
            by=request.user,
        )
    except ServiceError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("plans:plan", plan.institution.number, plan.pk)
    messages.success(request, _("The plan for %(period)s is started from %(previous)s.") % {
        "period": new.period, "previous": plan.period,
    })  # fmt: skip
    if left_behind:
        messages.info(
            request,
            _("No longer weak areas, so not carried over: %(areas)s.")
            % {"areas": ", ".join(left_behind)},
        )
    return redirect("plans:plan", plan.institution.number, new.pk)


# --------------------------------------------------------------------------- dialogue meetings


def _dialogue(plan: Plan, meeting_id: int) -> DialogueMeeting:
    try:
        return selectors.dialogue_of(plan=plan, pk=meeting_id)
    except DialogueMeeting.DoesNotExist as exc:
        raise Http404 from exc


@require_POST
def meeting_propose(request, number: str, pk: int):
    plan = _plan(request.user, number, pk)
    if not permissions.can_answer_plan(request.user, plan):
        raise PermissionDenied
    form = MeetingProposalForm(request.POST, prefix="meeting")
    open_meeting = selectors.plan_view(plan).open_meeting
    return _act(
        request, plan, "meeting_form", form,
        lambda data: services.dialogue_meeting_propose(
            plan=plan, slots=data["slots"], place=data["place"], video_url=data["video_url"],
            link_path=reverse("plans:plan", args=[plan.institution.number, plan.pk]),
            by=request.user, dialogue=open_meeting,
        ),
        _("The times are proposed to the school's leadership."),
    )  # fmt: skip


@require_POST
def meeting_pick(request, number: str, pk: int, meeting_id: int):
    plan = _plan(request.user, number, pk)
    if not permissions.can_write_plans(request.user, plan.institution):
        raise PermissionDenied
    meeting = _dialogue(plan, meeting_id).meeting
    form = SlotPickForm(request.POST, prefix="pick", meeting=meeting)
    return _act(
        request, plan, "pick_form", form,
        lambda data: feedback_services.dialogue_meeting_confirm(
            meeting=meeting, slot=data["slot"], by=request.user
        ),
        _("The meeting time is confirmed. Invitations are sent."),
    )  # fmt: skip


@require_POST
def meeting_record(request, number: str, pk: int, meeting_id: int):
    plan = _plan(request.user, number, pk)
    if not permissions.can_answer_plan(request.user, plan):
        raise PermissionDenied
    meeting = _dialogue(plan, meeting_id).meeting
    form = MeetingRecordForm(request.POST, prefix="record")
    return _act(
        request, plan, "record_form", form,
        lambda data: feedback_services.dialogue_meeting_record(
            meeting=meeting, notes=data["notes"], next_steps=data["next_steps"], by=request.user
        ),
        _("The notes from the meeting are saved. The leadership can read them."),
    )  # fmt: skip


def meeting_ics(request, number: str, pk: int, meeting_id: int):
    plan = _plan(request.user, number, pk)
    if not permissions.sees_every_plan(request.user, plan.institution):
        raise PermissionDenied
    meeting = _dialogue(plan, meeting_id).meeting
    if meeting.chosen_slot_id is None:
        raise Http404
    response = HttpResponse(
        feedback_selectors.meeting_calendar(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="dialogmoede.ics"'
    return response


# --------------------------------------------------------------------------- output


def _print_context(plan: Plan) -> dict:
    view = selectors.plan_view(plan)
    return {
        "institution": plan.institution,
        "plan": plan,
        "view": view,
        "profiles": selectors.profile_summary(plan=plan),
    }


def _record_export(request, plan: Plan, form: str) -> None:
    """Every export of a school's plan is recorded for its leaders (the access policy)."""
    lms_services.access_record_add(
        user=request.user,
        institution=plan.institution,
        kind=AccessRecord.Kind.PLAN_EXPORT,
        what=_("Plan %(period)s (%(format)s)") % {"period": plan.period, "format": form},
    )


def plan_print(request, number: str, pk: int):
    plan = _plan(request.user, number, pk)
    _record_export(request, plan, _("printable page"))
    return render(request, "plans/print.html", _print_context(plan))


def plan_pdf(request, number: str, pk: int):
    plan = _plan(request.user, number, pk)
    _record_export(request, plan, "PDF")
    context = _print_context(plan) | {"for_pdf": True}
    html = render_to_string("plans/print.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    name = f"plan-{plan.institution.number}-{plan.baseline_round.label}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def municipality(request, code: str):
    found = permitted_or_404(
        request.user,
        lambda: selectors.municipality_by_code(code),
        permissions.can_view_municipality_plans,
    )
    context = {
        "municipality": found,
        "schools": selectors.plans_of_municipality(municipality=found),
    }
    return render(request, "plans/municipality.html", context)


# --------------------------------------------------------------------------- leadership team


def leadership_team(request, number: str):
    institution = _school(request.user, number, permissions.sees_every_plan)
    can_manage = permissions.can_manage_leadership_team(request.user, institution)
    form = None
    if can_manage:
        form = LeadershipMemberForm(
            request.POST or None,
            prefix="member",
            people=selectors.local_resource_persons(institution=institution),
        )
        if request.method == "POST" and form.is_valid():
            try:
                leadership_team_member_add(institution=institution, user=form.cleaned_data["user"])
            except ServiceError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("%(person)s is on the leadership team.") % {
                    "person": form.cleaned_data["user"],
                })  # fmt: skip
                return redirect("plans:leadership_team", institution.number)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "institution": institution,
        "team": selectors.leadership_team(institution=institution),
        "leader_ids": selectors.school_leader_ids(institution=institution),
        "form": form,
        "can_manage": can_manage,
        "course": selectors.leadership_course(),
    }
    return render(
        request, "plans/leadership_team.html", context, status=400 if form and form.errors else 200
    )


@require_POST
def leadership_team_remove(request, number: str, user_id: int):
    institution = _school(request.user, number, permissions.can_manage_leadership_team)
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise Http404
    try:
        leadership_team_member_remove(institution=institution, user=person)
    except ServiceError as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request, _("%(person)s has left the leadership team.") % {"person": person}
        )
    return redirect("plans:leadership_team", institution.number)
