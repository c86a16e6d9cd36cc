"""What a person holds where, loaded once per request so permission checks cost no queries."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.db.models import BooleanField, F, IntegerField, Value
from django.db.models.functions import Coalesce

from .models import Institution, RoleAssignment, Team, TeamMembership
from .statements import BuiltOnce

Role = RoleAssignment.Role


@dataclass(frozen=True)
class HeldRoles:
    """A read-only snapshot of one person's roles and team memberships."""

    by_institution: dict[int, frozenset[str]] = field(default_factory=dict)
    by_municipality: dict[int, frozenset[str]] = field(default_factory=dict)
    programme: frozenset[str] = frozenset()
    team_ids: frozenset[int] = frozenset()
    coordinated_team_ids: frozenset[int] = frozenset()
    # Schools whose leadership team the person is on (leaders, and resource persons added).
    leadership_of: frozenset[int] = frozenset()
    # Every municipality the person's roles and teams lie in: where what they are shown changes.
    municipality_ids: frozenset[int] = frozenset()
    # Team id -> the team's school, for every team the person is on.
    school_of_team: dict[int, int] = field(default_factory=dict)

    def at_institution(self, institution_id: int) -> frozenset[str]:
        return self.by_institution.get(institution_id, frozenset())

    def in_municipality(self, municipality_id: int) -> frozenset[str]:
        return self.by_municipality.get(municipality_id, frozenset())

    def institutions_with(self, *roles: str) -> set[int]:
        return {pk for pk, held in self.by_institution.items() if held.intersection(roles)}

    def municipalities_with(self, *roles: str) -> set[int]:
        return {pk for pk, held in self.by_municipality.items() if held.intersection(roles)}

    @property
    def is_programme_admin(self) -> bool:
        return Role.PROGRAMME_ADMIN in self.programme

    @property
    def is_content_author(self) -> bool:
        return Role.CONTENT_AUTHOR in self.programme


def held_roles(user) -> HeldRoles:
    """Return the person's roles, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False):
        return HeldRoles()
    cached = getattr(user, "_lms_held_roles", None)
    if cached is not None:
        return cached
    rows, memberships = [], []
    for (
        is_membership,
        text,
        institution_id,
        other_id,
        flag,
        municipality_id,
    ) in _role_and_membership_rows_of(user.pk):
        if is_membership:
            memberships.append((other_id, flag, text, institution_id, municipality_id))
        else:
            rows.append((text, institution_id, other_id, municipality_id))
    return remember_held_roles(user, rows, memberships)


def _role_and_membership_rows(user):
    """The role assignments of the person with id `user` (0, role, school, municipality, False,
    the place's municipality) and team memberships (1, team kind, school, team, is coordinator,
    the school's municipality), in one query."""
    roles = _as_rows(
        RoleAssignment.objects.filter(user_id=user),
        kind=Value(0),
        text=F("role"),
        institution=F("institution_id"),
        other=F("municipality_id"),
        flag=Value(False, output_field=BooleanField()),
        municipality=Coalesce(
            "municipality_id", "institution__municipality_id", output_field=IntegerField()
        ),
    )
    memberships = _as_rows(
        TeamMembership.objects.filter(user_id=user),
        kind=Value(1),
        text=F("team__kind"),
        institution=F("team__institution_id"),
        other=F("team_id"),
        flag=F("is_coordinator"),
        municipality=F("team__institution__municipality_id"),
    )
    return roles.union(memberships, all=True)


# Every request reads its person's roles: the UNION is built once per process and database
# (building it took longer than running it), then run with the person's id.
_role_and_membership_rows_of = BuiltOnce(_role_and_membership_rows).rows


ROW_COLUMNS = ("kind", "text", "institution", "other", "flag", "municipality")


def _as_rows(queryset, **columns):
    """The queryset as rows of ROW_COLUMNS, so the two halves of the UNION line up."""
    return (
        queryset.order_by()
        .annotate(**{f"row_{name}": columns[name] for name in ROW_COLUMNS})
        .values_list(*(f"row_{name}" for name in ROW_COLUMNS))
    )


def remember_held_roles(user, rows, memberships) -> HeldRoles:
    """Keep the person's roles on the user object, from rows already read elsewhere in the
    request: (role, institution id, municipality id, the institution's municipality id) of every
    role assignment and (team id, is coordinator, team kind, team's institution id, its
    municipality id) of every team membership, archived or not."""
    by_institution: dict[int, set[str]] = {}
    by_municipality: dict[int, set[str]] = {}
    programme: set[str] = set()
    municipalities: set[int] = set()
    for role, institution_id, municipality_id, school_municipality_id in rows:
        municipalities.update(pk for pk in (municipality_id, school_municipality_id) if pk)
        if institution_id:
            by_institution.setdefault(institution_id, set()).add(role)
        elif municipality_id:
            by_municipality.setdefault(municipality_id, set()).add(role)
        else:
            programme.add(role)
    memberships = list(memberships)
    municipalities.update(row[4] for row in memberships if row[4])
    roles = HeldRoles(
        by_institution={pk: frozenset(v) for pk, v in by_institution.items()},
        by_municipality={pk: frozenset(v) for pk, v in by_municipality.items()},
        programme=frozenset(programme),
        team_ids=frozenset(row[0] for row in memberships),
        coordinated_team_ids=frozenset(row[0] for row in memberships if row[1]),
        leadership_of=frozenset(row[3] for row in memberships if row[2] == Team.Kind.LEADERSHIP),
        school_of_team={row[0]: row[3] for row in memberships},
        municipality_ids=frozenset(municipalities),
    )
    user._lms_held_roles = roles
    return roles


@functools.cache
def tables_of_roles() -> frozenset[str]:
    """The tables a person's roles are read from: a write to none of them leaves them as read."""
    models = (RoleAssignment, TeamMembership, Team, Institution)
    return frozenset(model._meta.db_table.lower() for model in models)


def forget_held_roles(user) -> None:
    """Drop the cached snapshot after the person's roles change."""
    user.__dict__.pop("_lms_held_roles", None)
    user.__dict__.pop("_lms_active_teams", None)
