from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from . import permissions, selectors
from .models import Institution, Municipality, Team
from .overview import links_for
from .roles import held_roles


def home(request):
    """ "Mit overblik": the person's places and roles, with links to what each role works on."""
    places = selectors.places_for(user=request.user)
    context = {"places": [(place, links_for(request.user, place)) for place in places]}
    return render(request, "lms/home.html", context)


def institution_detail(request, number: str):
    try:
        institution = selectors.institution_detail_for(user=request.user, number=number)
    except Institution.DoesNotExist as exc:
        raise Http404 from exc
    if not permissions.can_view_institution(request.user, institution):
        raise PermissionDenied
    context = {
        "institution": institution,
        "leaders": selectors.school_leaders(institution=institution),
        "can_lead": permissions.can_lead_institution(request.user, institution),
        # A teacher sees the school's teams, but opens only their own.
        "sees_every_team": permissions.can_view_every_team_of(request.user, institution),
        "own_team_ids": held_roles(request.user).team_ids,
    }
    return render(request, "lms/institution_detail.html", context)


def team_detail(request, pk: int):
    try:
        team = selectors.team_detail(pk=pk)
    except Team.DoesNotExist as exc:
        raise Http404 from exc
    if not permissions.can_view_team(request.user, team):
        raise PermissionDenied
    return render(request, "lms/team_detail.html", {"team": team})


def municipality_detail(request, code: str):
    try:
        municipality = selectors.municipality_detail(code=code)
    except Municipality.DoesNotExist as exc:
        raise Http404 from exc
    if not permissions.can_view_municipality(request.user, municipality):
        raise PermissionDenied
    return render(request, "lms/municipality_detail.html", {"municipality": municipality})
