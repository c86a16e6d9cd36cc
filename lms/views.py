from django.shortcuts import render

from . import permissions, selectors
from .overview import links_for, todo_for
from .roles import held_roles
from .shortcuts import permitted_or_404


def home(request):
    """ "Mit overblik": the person's places and roles, with links to what each role works on."""
    places = selectors.places_for(user=request.user)
    context = {
        "todo": todo_for(request.user),
        "places": [(place, links_for(request.user, place)) for place in places],
    }
    return render(request, "lms/home.html", context)


def institution_detail(request, number: str):
    institution = permitted_or_404(
        request.user,
        lambda: selectors.institution_detail_for(user=request.user, number=number),
        permissions.can_view_institution,
    )
    context = {
        "institution": institution,
        "leaders": selectors.school_leaders(institution=institution),
        "can_lead": permissions.can_lead_institution(request.user, institution),
        # A teacher sees the school's teams, but opens only their own.
        "sees_every_team": permissions.can_view_every_team_of(request.user, institution),
        "own_team_ids": held_roles(request.user).team_ids,
        "active_teams": [t for t in institution.teams.all() if not t.is_archived],
        "archived_teams": [t for t in institution.teams.all() if t.is_archived],
        "classes": _with_team_names(institution),
    }
    return render(request, "lms/institution_detail.html", context)


def _with_team_names(institution) -> list:
    """The school's classes, each with the names of the teams that teach it."""
    names = selectors.teams_of_classes(institution=institution)
    classes = list(institution.classes.all())
    for school_class in classes:
        school_class.team_names = names.get(school_class.pk, [])
    return classes


def team_detail(request, pk: int):
    team = permitted_or_404(
        request.user, lambda: selectors.team_detail(pk=pk), permissions.can_view_team
    )
    links = [
        link
        for link in links_for(request.user, selectors.Place("team", team))
        if link.url != request.path
    ]
    context = {
        "team": team,
        "links": links,
        "can_manage": permissions.can_manage_team(request.user, team),
    }
    return render(request, "lms/team_detail.html", context)


def municipality_detail(request, code: str):
    municipality = permitted_or_404(
        request.user,
        lambda: selectors.municipality_detail(code=code),
        permissions.can_view_municipality,
    )
    return render(request, "lms/municipality_detail.html", {"municipality": municipality})
