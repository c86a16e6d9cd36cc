"""Reads of organisations and people, always for a given viewer."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import (
    AccessRecord,
    Institution,
    Municipality,
    RoleAssignment,
    RoleEvent,
    SchoolClass,
    Team,
    TeamMembership,
    User,
)
from .permissions import SCHOOL_VIEW_ROLES, is_programme_admin
from .roles import Role, held_roles, remember_held_roles
from .statements import BuiltOnce


@dataclass
class Place:
    """One place on a person's home page and what they do there."""

    kind: str  # "institution", "municipality", "team" or "programme"
    obj: object | None
    roles: list[str] = field(default_factory=list)


def institutions_visible_to(*, user) -> QuerySet[Institution]:
    qs = Institution.objects.select_related("municipality")
    if is_programme_admin(user):
        return qs
    roles = held_roles(user)
    return qs.filter(pk__in=roles.institutions_with(*SCHOOL_VIEW_ROLES)) | qs.filter(
        municipality_id__in=roles.municipalities_with(Role.MUNICIPAL_COORDINATOR)
    )


def places_for(*, user) -> list[Place]:
    """The person's places and roles, grouped by place, for "Mit overblik".

    The rows read here are the person's roles and teams for the rest of the request as well
    (held_roles, active_teams_of), so those ask nothing more.
    """
    assignments = list(
        RoleAssignment.objects.filter(user=user)
        .select_related("institution__municipality", "municipality")
        .order_by("role")
    )
    memberships = list(
        TeamMembership.objects.filter(user=user)
        .select_related("team__institution__municipality")
        .order_by("team__institution__name", "team__name")  # Team's own order
        .annotate(team_has_coordinator=Exists(_coordinators_of(OuterRef("team_id"))))
    )
    if getattr(user, "_lms_held_roles", None) is None:
        remember_held_roles(
            user,
            [
                (
                    a.role,
                    a.institution_id,
                    a.municipality_id,
                    a.institution.municipality_id if a.institution_id else None,
                )
                for a in assignments
            ],
            [
                (
                    m.team_id,
                    m.is_coordinator,
                    m.team.kind,
                    m.team.institution_id,
                    m.team.institution.municipality_id,
                )
                for m in memberships
            ],
        )
    active = [m for m in memberships if m.team.archived_at is None]
    for membership in active:
        membership.team._lms_has_coordinator = membership.team_has_coordinator
    user._lms_active_teams = [m.team for m in active]
    places: dict[tuple[str, int | None], Place] = {}
    for assignment in assignments:
        if assignment.institution_id:
            key, obj = ("institution", assignment.institution_id), assignment.institution
        elif assignment.municipality_id:
            key, obj = ("municipality", assignment.municipality_id), assignment.municipality
        else:
            key, obj = ("programme", None), None
        place = places.setdefault(key, Place(kind=key[0], obj=obj))
        place.roles.append(assignment.get_role_display())
    coordinator, member = str(_("team coordinator")), str(_("team member"))
    for membership in active:
        place = places.setdefault(("team", membership.team_id), Place("team", membership.team))
        place.roles.append(coordinator if membership.is_coordinator else member)
    order = {"programme": 0, "municipality": 1, "institution": 2, "team": 3}
    return sorted(places.values(), key=lambda p: (order[p.kind], str(p.obj or "")))


def _coordinators_of(team):
    return TeamMembership.objects.filter(team_id=team, is_coordinator=True)


def active_teams_of(*, user) -> list[Team]:
    """The person's teams that are not archived, with their schools; read once a request."""
    cached = getattr(user, "_lms_active_teams", None)
    if cached is None:
        cached = list(
            Team.objects.filter(
                pk__in=held_roles(user).team_ids, archived_at__isnull=True
            ).select_related("institution")
        )
        user._lms_active_teams = cached
    return cached


def institution_detail_for(*, user, number: str) -> Institution:
    """The school with what its page shows; the caller checks permission on the result."""
    return (
        Institution.objects.select_related("municipality")
        .prefetch_related(
            Prefetch("classes", queryset=SchoolClass.objects.order_by("grade", "code")),
            Prefetch(
                "teams",
                queryset=Team.objects.plc()
                .annotate(member_count=Count("memberships"))
                .select_related("facilitator")
                .prefetch_related(
                    Prefetch("classes", queryset=SchoolClass.objects.order_by("grade", "code"))
                )
                .order_by("name"),
            ),
        )
        .get(number=number)
    )


_team_with_school = BuiltOnce(lambda pk: Team.objects.select_related("institution").filter(pk=pk))


def team_with_school(*, pk: int) -> Team | None:
    """The team with its school, or None: asked on every save of a team's draft."""
    return _team_with_school.first(pk)


def team_detail(*, pk: int) -> Team:
    return (
        Team.objects.select_related("institution__municipality", "facilitator")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=TeamMembership.objects.select_related("user").order_by(
                    "-is_coordinator", "user__first_name", "user__last_name"
                ),
            ),
            Prefetch("classes", queryset=SchoolClass.objects.order_by("grade", "code")),
        )
        .get(pk=pk)
    )


def school_staff(*, institution: Institution, roles=None) -> QuerySet[User]:
    """The active people holding one of `roles` (by default any team role) at the school."""
    roles = roles or (Role.TEACHER, Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON)
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__institution=institution,
            role_assignments__role__in=roles,
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def teams_of_classes(*, institution: Institution) -> dict[int, list[str]]:
    """Class id -> the names of the school's active teams that teach it."""
    result: dict[int, list[str]] = {}
    rows = Team.classes.through.objects.filter(
        team__institution=institution, team__archived_at__isnull=True
    ).values_list("schoolclass_id", "team__name")
    for class_id, name in rows.order_by("team__name"):
        result.setdefault(class_id, []).append(name)
    return result


def municipality_detail(*, code: str) -> Municipality:
    return Municipality.objects.prefetch_related(
        Prefetch(
            "institutions",
            queryset=Institution.objects.annotate(
                team_count=Count("teams", filter=Q(teams__kind=Team.Kind.PLC), distinct=True),
                class_count=Count("classes", distinct=True),
            ).order_by("name"),
        )
    ).get(code=code)


def school_leaders(*, institution: Institution) -> QuerySet:
    return RoleAssignment.objects.filter(
        institution=institution, role=Role.SCHOOL_LEADER
    ).select_related("user")


def access_records_for(*, institution: Institution) -> QuerySet[AccessRecord]:
    """The school's access record, newest first, with the people and teams it names."""
    return AccessRecord.objects.filter(institution=institution).select_related("user", "team")


def person_roles(*, user) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("institution", "municipality")


def team_leads(*, team: Team) -> list[User]:
    """The active people who lead the team's hand-in and get its reminders: the coordinators,
    or every member when the team has none (lms.permissions.leads_team_work)."""
    memberships = list(
        TeamMembership.objects.filter(team=team, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    coordinators = [m.user for m in memberships if m.is_coordinator]
    return coordinators or [m.user for m in memberships]


# Asked on every draw of a team's draft and answer: built once.
_coordinator_memberships = BuiltOnce(
    lambda team: TeamMembership.objects.filter(team=team, is_coordinator=True).select_related(
        "user"
    )
)


def team_coordinators(*, team: Team) -> list[User]:
    """The team's coordinators; remembers on the team object whether it has any, so the
    permission check that follows (lms.permissions.leads_team_work) asks nothing more."""
    coordinators = [m.user for m in _coordinator_memberships.objects(team.pk)]
    team._lms_has_coordinator = bool(coordinators)
    return coordinators


def municipality_people(*, municipality: Municipality, query: str = "") -> QuerySet[User]:
    """The people holding a role in the municipality (at one of its schools or in it), with
    those roles, found by name or e-mail."""
    here = RoleAssignment.objects.filter(municipality=municipality).select_related("institution")
    people = (
        User.objects.filter(role_assignments__municipality=municipality)
        .distinct()
        .prefetch_related(Prefetch("role_assignments", queryset=here, to_attr="roles_here"))
        .order_by("first_name", "last_name", "email")
    )
    for word in query.split():
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return people


def role_events_in(*, municipality: Municipality, limit: int = 20) -> list:
    """The latest role changes in the municipality, newest first."""
    return list(
        RoleEvent.objects.filter(municipality=municipality)
        .select_related("person", "by", "institution")
        .order_by("-created_at", "-pk")[:limit]
    )
