"""Who may see a school's package catalogue and choices, and who may choose for it."""

from __future__ import annotations

from lms import permissions as lms_permissions
from lms.roles import Role, held_roles

# At the school itself: those who lead or guide it. Teachers see their team's modules elsewhere.
SCHOOL_CHOICE_VIEW_ROLES = frozenset(
    {Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON, Role.MUNICIPAL_RESOURCE_PERSON}
)


def can_view_school_choices(user, institution) -> bool:
    """The ranked catalogue and the school's choices: leadership, resource persons, coordinator."""
    if lms_permissions.is_programme_admin(user):
        return True
    roles = held_roles(user)
    if roles.at_institution(institution.pk) & SCHOOL_CHOICE_VIEW_ROLES:
        return True
    return Role.MUNICIPAL_COORDINATOR in roles.in_municipality(institution.municipality_id)


def can_choose_package(user, institution) -> bool:
    """Choosing, editing and withdrawing a package is the school leadership's decision."""
    return lms_permissions.can_lead_institution(user, institution)


def can_view_municipality_choices(user, municipality) -> bool:
    return lms_permissions.can_view_municipality(user, municipality)
