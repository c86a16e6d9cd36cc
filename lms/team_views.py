"""The school leadership forms its teams here, not in the Django admin: create, rename, archive,
members, coordinators, classes, grade band and local facilitator."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import permissions, selectors, services
from .errors import ServiceError
from .forms import TeamForm, TeamMemberForm
from .models import Institution, SchoolClass, Team, User
from .roles import Role
from .shortcuts import permitted_or_404


def _team_form(institution: Institution, *args, **kwargs) -> TeamForm:
    return TeamForm(
        *args,
        classes=SchoolClass.objects.filter(institution=institution).order_by("grade", "code"),
        facilitators=selectors.school_staff(
            institution=institution, roles=(Role.LOCAL_RESOURCE_PERSON,)
        ),
        **kwargs,
    )


def _team_fields(form: TeamForm) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "grade_from": data["grade_from"],
        "grade_to": data["grade_to"],
        "classes": data["classes"],
        "facilitator": data["facilitator"],
    }


@require_http_methods(["GET", "POST"])
def team_create(request, number: str) -> HttpResponse:
    institution = permitted_or_404(
        request.user,
        lambda: Institution.objects.select_related("municipality").get(number=number),
        permissions.can_lead_institution,
    )
    form = _team_form(institution, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(institution=institution, **_team_fields(form))
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The team %(name)s was created.") % {"name": team})
            return redirect("team_members", pk=team.pk)
    context = {"institution": institution, "form": form, "team": None}
    return render(request, "lms/team_form.html", context)


def _managed_team(request, pk: int) -> Team:
    """One of the school's teams (not its leadership team, kept on its own page where leaders
    stay while they lead), for those who lead the school."""
    return permitted_or_404(
        request.user,
        lambda: Team.objects.plc().select_related("institution__municipality").get(pk=pk),
        permissions.can_manage_team,
    )


@require_http_methods(["GET", "POST"])
def team_edit(request, pk: int) -> HttpResponse:
    team = _managed_team(request, pk)
    initial = {
        "name": team.name,
        "grade_from": team.grade_from,
        "grade_to": team.grade_to,
        "classes": list(team.classes.all()),
        "facilitator": team.facilitator_id,
    }
    form = _team_form(team.institution, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(team=team, **_team_fields(form))
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The team was saved."))
            return redirect("team_detail", pk=team.pk)
    context = {"institution": team.institution, "form": form, "team": team}
    return render(request, "lms/team_form.html", context)


@require_http_methods(["GET", "POST"])
def team_members(request, pk: int) -> HttpResponse:
    """Add a colleague of the school; the page lists the members with their buttons."""
    team = _managed_team(request, pk)
    members = selectors.team_detail(pk=team.pk).memberships.all()
    people = selectors.school_staff(institution=team.institution).exclude(
        pk__in=[m.user_id for m in members]
    )
    form = TeamMemberForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        try:
            services.team_member_add_from_school(team=team, user=user)
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("%(name)s joined the team.") % {"name": user})
            return redirect("team_members", pk=team.pk)
    context = {"team": team, "members": members, "form": form}
    return render(request, "lms/team_members.html", context)


@require_POST
def team_member_change(request, pk: int, user_id: int) -> HttpResponse:
    """Remove a member (action=remove), or appoint or relieve a coordinator."""
    team = _managed_team(request, pk)
    user = User.objects.filter(pk=user_id, team_memberships__team=team).first()
    action = request.POST.get("action")
    try:
        if user is None:
            raise ServiceError(_("The person is not on the team."))
        if action == "remove":
            services.team_member_remove(team=team, user=user)
            text = _("%(name)s left the team.")
        elif action in ("appoint", "relieve"):
            services.team_coordinator_set(team=team, user=user, is_coordinator=action == "appoint")
            text = (
                _("%(name)s is now a team coordinator.")
                if action == "appoint"
                else _("%(name)s is no longer a team coordinator.")
            )
        else:
            raise ServiceError(_("Unknown action."))
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, text % {"name": user})
    return redirect("team_members", pk=team.pk)


@require_POST
def team_archive(request, pk: int) -> HttpResponse:
    team = _managed_team(request, pk)
    archive = request.POST.get("action") != "restore"
    services.team_archive(team=team, archived=archive)
    if archive:
        messages.success(request, _("The team %(name)s was archived.") % {"name": team})
    else:
        messages.success(request, _("The team %(name)s was restored.") % {"name": team})
    return redirect("institution_detail", number=team.institution.number)
