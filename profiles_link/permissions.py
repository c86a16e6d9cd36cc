"""Who may see which mapping data. A school's profile belongs to that school."""

from __future__ import annotations

from lms import permissions as org
from lms.models import Institution, Municipality
from lms.roles import Role, held_roles


def can_view_school_profile(user, institution: Institution) -> bool:
    """The school's own staff and leaders, its assigned resource persons, its coordinators."""
    return org.can_view_institution(user, institution)


def can_view_class_profile(user, school_class) -> bool:
    """The school's people; a teacher only the classes of their own teams."""
    return org.can_view_class(user, school_class)


def visible_class_codes(user, institution: Institution) -> set[str] | None:
    """Codes of the classes whose profiles the person may open; None for every class."""
    ids = org.visible_class_ids(user, institution)
    if ids is None:
        return None
    return set(institution.classes.filter(pk__in=ids).values_list("code", flat=True))


def can_export_school_profile(user, institution: Institution) -> bool:
    roles = held_roles(user)
    if org.is_programme_admin(user) or org.can_lead_institution(user, institution):
        return True
    return Role.MUNICIPAL_COORDINATOR in roles.in_municipality(institution.municipality_id)


def can_view_municipality_profile(user, municipality: Municipality) -> bool:
    return org.can_view_municipality(user, municipality)


def can_view_programme_overview(user) -> bool:
    return org.is_programme_admin(user)


def can_import_mapping(user) -> bool:
    """Rounds are the programme's: only its administrators import, replace or re-mark one."""
    return org.is_programme_admin(user)


def can_view_imports(user) -> bool:
    """Municipal coordinators follow the programme's rounds and imports; they do not import."""
    return org.is_programme_admin(user) or org.is_municipal_coordinator(user)


def can_delete_round(user) -> bool:
    return org.is_programme_admin(user)
