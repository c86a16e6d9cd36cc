"""What "Mit overblik" shows: the person's to-do list, and links for each of their places.

Apps add their own to-do items and links in AppConfig.ready(), with `register_todo_items` and
`register_overview_links`, so the ground floor never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import PeopleImport
from .selectors import Place


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    description: str = ""


LinkProvider = Callable[[object, Place], list[Link]]
_providers: list[LinkProvider] = []


def register_overview_links(provider: LinkProvider) -> LinkProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def links_for(user, place: Place) -> list[Link]:
    links: list[Link] = []
    for provider in _providers:
        links.extend(provider(user, place))
    return links


@dataclass(frozen=True)
class TodoItem:
    """One thing the person should do now: what, where to do it, and by when."""

    label: str
    url: str
    detail: str = ""
    due: date | None = None
    overdue: bool = False


TodoProvider = Callable[[object], list[TodoItem]]
_todo_providers: list[TodoProvider] = []


def register_todo_items(provider: TodoProvider) -> TodoProvider:
    """`provider(user)` returns the person's items; keep it to a fixed number of queries."""
    if provider not in _todo_providers:
        _todo_providers.append(provider)
    return provider


def todo_for(user) -> list[TodoItem]:
    """Every app's items, overdue first, then by when they are due (undated last)."""
    items = [item for provider in _todo_providers for item in provider(user)]
    return sorted(items, key=lambda i: (not i.overdue, i.due is None, _day(i.due), i.label))


def _day(value) -> date:
    if value is None:
        return date.max
    if isinstance(value, datetime):
        # A due time counts on its Danish calendar day, not UTC's.
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register_overview_links
def organisation_links(user, place: Place) -> list[Link]:
    obj = place.obj
    if place.kind == "institution" and permissions.can_view_institution(user, obj):
        if permissions.can_lead_institution(user, obj):
            description = _(
                "Create teams, add colleagues, appoint team coordinators and link classes."
            )
        else:
            description = _("Who works together in which professional learning community.")
        return [
            Link(
                _("The school's teams and classes"),
                reverse("institution_detail", args=[obj.number]),
                description,
            )
        ]
    if place.kind == "team" and permissions.can_view_team(user, obj):
        return [
            Link(
                _("The team's page"),
                reverse("team_detail", args=[obj.pk]),
                _("Members and the modules the team works on."),
            )
        ]
    if place.kind == "municipality" and permissions.can_view_municipality(user, obj):
        links = [
            Link(
                _("The municipality's schools"),
                reverse("municipality_detail", args=[obj.code]),
                _("Every school in the programme in your municipality."),
            )
        ]
        if permissions.can_import_people(user, obj):
            links.append(
                Link(
                    _("The municipality's people"),
                    reverse("municipality_people", args=[obj.code]),
                    _("Roles at the schools; remove a role or deactivate someone who has left."),
                )
            )
            links.append(_people_import_link())
        return links
    if place.kind == "programme":
        links = []
        if permissions.can_use_cms(user):
            links.append(
                Link(
                    _("Competence packages in the CMS"),
                    reverse("wagtailadmin_home"),
                    _("Write and approve packages, modules and module assignments."),
                )
            )
        if permissions.is_programme_admin(user):
            links.append(_people_import_link())
            links.append(
                Link(
                    _("Administration"),
                    reverse("admin:index"),
                    _("Municipalities, schools, people and roles."),
                )
            )
        return links
    return []


def _people_import_link() -> Link:
    return Link(
        _("Import people"),
        reverse("people_import_start"),
        _(
            "Bring staff, roles and teams in from a roster, with a preview before anything is stored."
        ),
    )


@register_todo_items
def people_import_todo(user) -> list[TodoItem]:
    """Rosters checked and waiting for the person to confirm them, and their refused ones of
    the last week."""
    if not permissions.can_import_people(user):
        return []
    week_ago = timezone.now() - timedelta(days=7)
    jobs = (
        PeopleImport.objects.filter(
            municipality__in=permissions.municipalities_for_people_import(user)
        )
        .filter(
            Q(status=PeopleImport.Status.CHECKED)
            | Q(status=PeopleImport.Status.FAILED, created_by=user, created_at__gte=week_ago)
        )
        .select_related("municipality")
        .defer("content")
        .order_by("created_at")
    )
    items = []
    for job in jobs:
        url = reverse("people_import_status", args=[job.pk])
        if job.status == PeopleImport.Status.CHECKED:
            label = _("Read the preview and import %(file)s") % {"file": job.file_name}
        else:
            label = _("The roster %(file)s was refused: correct it") % {"file": job.file_name}
        items.append(TodoItem(label, url, str(job.municipality)))
    return items
