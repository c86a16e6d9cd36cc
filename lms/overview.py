"""What "Mit overblik" links to for each place. Apps add their own links in AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import permissions
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
