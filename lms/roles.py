"""What a person holds where, loaded once per request so permission checks cost no queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, F, Value

from .models import RoleAssignment, Team, TeamMembership

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
    by_institution: dict[int, set[str]] = {}
    by_municipality: dict[int, set[str]] = {}
    programme: set[str] = set()
    memberships = []
    for is_membership, text, institution_id, other_id, flag in _role_and_membership_rows(user):
        if is_membership:  # (team kind, its school, team id, is coordinator)
            memberships.append((other_id, flag, text, institution_id))
        elif institution_id:
            by_institution.setdefault(institution_id, set()).add(text)
        elif other_id:
            by_municipality.setdefault(other_id, set()).add(text)
        else:
            programme.add(text)
    roles = HeldRoles(
        by_institution={pk: frozenset(v) for pk, v in by_institution.items()},
        by_municipality={pk: frozenset(v) for pk, v in by_municipality.items()},
        programme=frozenset(programme),
        team_ids=frozenset(row[0] for row in memberships),
        coordinated_team_ids=frozenset(row[0] for row in memberships if row[1]),
        leadership_of=frozenset(row[3] for row in memberships if row[2] == Team.Kind.LEADERSHIP),
    )
    user._lms_held_roles = roles
    return roles


def _role_and_membership_rows(user):
    """The person's role assignments (0, role, school, municipality, False) and team memberships
    (1, team kind, school, team, is coordinator), in one query."""
    roles = (
        RoleAssignment.objects.filter(user=user)
        .order_by()
        .annotate(
            row_kind=Value(0),
            row_text=F("role"),
            row_institution=F("institution_id"),
            row_other=F("municipality_id"),
            row_flag=Value(False, output_field=BooleanField()),
        )
        .values_list("row_kind", "row_text", "row_institution", "row_other", "row_flag")
    )
    memberships = (
        TeamMembership.objects.filter(user=user)
        .order_by()
        .annotate(
            row_kind=Value(1),
            row_text=F("team__kind"),
            row_institution=F("team__institution_id"),
            row_other=F("team_id"),
            row_flag=F("is_coordinator"),
        )
        .values_list("row_kind", "row_text", "row_institution", "row_other", "row_flag")
    )
    return roles.union(memberships, all=True)


def forget_held_roles(user) -> None:
    """Drop the cached snapshot after the person's roles change."""
    user.__dict__.pop("_lms_held_roles", None)
