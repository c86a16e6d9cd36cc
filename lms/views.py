import posixpath

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.static import serve

from . import permissions, selectors, services
from .errors import ServiceError
from .models import User
from .overview import links_for, todo_for
from .page_cache import cached_page
from .roles import held_roles
from .shortcuts import permitted_or_404


@cached_page
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
        "can_view_access_record": permissions.can_view_access_record(request.user, institution),
        "active_teams": [t for t in institution.teams.all() if not t.is_archived],
        "archived_teams": [t for t in institution.teams.all() if t.is_archived],
        "classes": _with_team_names(institution),
    }
    return render(request, "lms/institution_detail.html", context)


ACCESS_RECORD_PAGE_SIZE = 50


def access_record(request, number: str):
    """Who exported the school's profile or plan, and who read its teams' hand-ins from outside
    the team and its reviewers: for the school's leaders."""
    institution = permitted_or_404(
        request.user,
        lambda: selectors.institution_detail_for(user=request.user, number=number),
        permissions.can_view_access_record,
    )
    records = selectors.access_records_for(institution=institution)
    page = Paginator(records, ACCESS_RECORD_PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "lms/access_record.html", {"institution": institution, "page": page})


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


def private_media_path(path: str) -> bool:
    """Whether a media path, however spelt (`./`, `//`, `\\`, `..`, case), lies in a private
    folder (settings.PRIVATE_MEDIA_FOLDERS: team files, mapping uploads)."""
    normal = posixpath.normpath("/" + path.replace("\\", "/")).lstrip("/")
    first = normal.split("/", 1)[0].lower()
    return first in {folder.lower() for folder in settings.PRIVATE_MEDIA_FOLDERS}


def media(request, path: str):
    """Uploaded media while developing (DEBUG); in production the web server serves the public
    folders and nothing here answers. Private folders are never served from /media/: team files
    only through assignments:attachment, after its permission check."""
    if not settings.DEBUG or private_media_path(path):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@require_http_methods(["GET", "POST"])
def person_erase(request, pk: int):
    """A programme administrator erases a person's personal data; their team's work stays,
    attributed to "former staff member"."""
    person = permitted_or_404(
        request.user,
        lambda: User.objects.get(pk=pk),
        lambda user, _person: permissions.is_programme_admin(user),
    )
    problems = []
    if request.method == "POST":
        try:
            services.person_erase(user=person, by=request.user)
        except ServiceError as error:
            problems = error.messages
        else:
            messages.success(request, _("The person's personal data is erased."))
            return redirect("admin:lms_user_changelist")
    context = {
        "person": person,
        "roles": selectors.person_roles(user=person),
        "problems": problems,
    }
    return render(request, "lms/person_erase.html", context, status=400 if problems else 200)
