"""Who may do what to which organisation object. The one place these decisions are made."""

from __future__ import annotations

from .models import Institution, Municipality, SchoolClass, Team
from .roles import Role, held_roles

# Roles that give a view of a school's own pages (teams, classes, and later its profile).
SCHOOL_VIEW_ROLES = (
    Role.TEACHER,
    Role.SCHOOL_LEADER,
    Role.LOCAL_RESOURCE_PERSON,
    Role.MUNICIPAL_RESOURCE_PERSON,
)


def is_programme_admin(user) -> bool:
    return held_roles(user).is_programme_admin or bool(getattr(user, "is_superuser", False))


def is_content_author(user) -> bool:
    return held_roles(user).is_content_author


def is_municipal_coordinator(user) -> bool:
    """A programme coordinator in at least one municipality."""
    return bool(held_roles(user).municipalities_with(Role.MUNICIPAL_COORDINATOR))


def can_view_institution(user, institution: Institution) -> bool:
    roles = held_roles(user)
    if is_programme_admin(user):
        return True
    if roles.at_institution(institution.pk).intersection(SCHOOL_VIEW_ROLES):
        return True
    return Role.MUNICIPAL_COORDINATOR in roles.in_municipality(institution.municipality_id)


# Roles that see every class of their school (teachers see their own teams' classes).
EVERY_CLASS_ROLES = (
    Role.SCHOOL_LEADER,
    Role.LOCAL_RESOURCE_PERSON,
    Role.MUNICIPAL_RESOURCE_PERSON,
)


def can_view_every_class_of(user, institution: Institution) -> bool:
    roles = held_roles(user)
    if is_programme_admin(user) or roles.at_institution(institution.pk).intersection(
        EVERY_CLASS_ROLES
    ):
        return True
    return Role.MUNICIPAL_COORDINATOR in roles.in_municipality(institution.municipality_id)


def visible_class_ids(user, institution: Institution) -> set[int] | None:
    """The classes of the school the person may see; None for all of them. A teacher sees the
    classes of their own teams, not every class."""
    if can_view_every_class_of(user, institution):
        return None
    team_ids = held_roles(user).team_ids
    return set(
        SchoolClass.objects.filter(institution=institution, teams__in=team_ids).values_list(
            "pk", flat=True
        )
    )


def can_view_class(user, school_class: SchoolClass) -> bool:
    if not can_view_institution(user, school_class.institution):
        return False
    visible = visible_class_ids(user, school_class.institution)
    return visible is None or school_class.pk in visible


def can_lead_institution(user, institution: Institution) -> bool:
    """School leaders run their school: they choose modules, form teams, set goals."""
    return is_programme_admin(user) or Role.SCHOOL_LEADER in held_roles(user).at_institution(
        institution.pk
    )


def can_view_access_record(user, institution: Institution) -> bool:
    """Who exported the school's data or read its teams' hand-ins: its leaders see it."""
    return can_lead_institution(user, institution)


def can_view_municipality(user, municipality: Municipality) -> bool:
    if is_programme_admin(user):
        return True
    return Role.MUNICIPAL_COORDINATOR in held_roles(user).in_municipality(municipality.pk)


def can_view_team(user, team: Team) -> bool:
    """A team sees its own work; those who lead, guide or coordinate its school see it too."""
    if team.pk in held_roles(user).team_ids:
        return True
    return can_view_every_team_of(user, team.institution)


def can_read_team_work(user, team: Team) -> bool:
    """The content of a team's hand-ins: the team, its school's leaders and resource persons,
    administrators; the municipal coordinator only where the municipality has turned that on.
    (Reviewers holding a task are let in by the apps above.)"""
    roles = held_roles(user)
    if team.pk in roles.team_ids or is_programme_admin(user):
        return True
    at_school = roles.at_institution(team.institution_id)
    if at_school.intersection(
        {Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON, Role.MUNICIPAL_RESOURCE_PERSON}
    ):
        return True
    municipality = team.institution.municipality
    return municipality.coordinators_read_hand_ins and (
        Role.MUNICIPAL_COORDINATOR in roles.in_municipality(municipality.pk)
    )


def can_view_every_team_of(user, institution: Institution) -> bool:
    """Leaders, resource persons and the municipal coordinator see all of a school's teams."""
    roles = held_roles(user)
    if is_programme_admin(user):
        return True
    at_school = roles.at_institution(institution.pk)
    if at_school.intersection(
        {Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON, Role.MUNICIPAL_RESOURCE_PERSON}
    ):
        return True
    return Role.MUNICIPAL_COORDINATOR in roles.in_municipality(institution.municipality_id)


def can_manage_team(user, team: Team) -> bool:
    """The school's leaders form its teams; its leadership team follows the leaders' roles and
    is kept on its own page (`plans.permissions.can_manage_leadership_team`)."""
    return not team.is_leadership and can_lead_institution(user, team.institution)


def can_use_cms(user) -> bool:
    roles = held_roles(user)
    return (
        roles.is_content_author
        or is_programme_admin(user)
        or bool(roles.municipalities_with(Role.MUNICIPAL_COORDINATOR))
    )


def has_cms_work(user) -> bool:
    """Whether the CMS holds work for the person, so the header offers it: content authors and
    administrators, and leaders and local resource persons for their school's own assignments.
    (A municipal coordinator may look in, but has nothing to do there.)"""
    roles = held_roles(user)
    return roles.is_content_author or is_programme_admin(user) or can_write_school_assignments(user)


def can_write_school_assignments(user) -> bool:
    """Leaders and local resource persons write their school's own module assignments in the CMS
    (only under their school's page: Wagtail page permissions enforce where)."""
    return bool(held_roles(user).institutions_with(Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON))


def can_import_people(user, municipality: Municipality | None = None) -> bool:
    """Programme administrators for every municipality; a municipal coordinator for their own
    (with no municipality given: for any of theirs)."""
    if is_programme_admin(user):
        return True
    held = held_roles(user).municipalities_with(Role.MUNICIPAL_COORDINATOR)
    return bool(held) if municipality is None else municipality.pk in held


def municipalities_for_people_import(user):
    """The municipalities the person may bring people into."""
    qs = Municipality.objects.order_by("name")
    if is_programme_admin(user):
        return qs
    return qs.filter(pk__in=held_roles(user).municipalities_with(Role.MUNICIPAL_COORDINATOR))


def can_view_people_import(user, job) -> bool:
    """Whoever started it, and whoever may import people for its municipality."""
    return job.created_by_id == user.pk or can_import_people(user, job.municipality)


def leads_team_work(user, team: Team) -> bool:
    """Who leads the team's hand-in (hands in, picks the meeting time, asks for more time):
    its team coordinators, or every member of a team that has none."""
    roles = held_roles(user)
    if team.pk not in roles.team_ids:
        return False
    if team.pk in roles.coordinated_team_ids:
        return True
    return not team_has_coordinator(team)


def team_has_coordinator(team: Team) -> bool:
    """Whether the team has a coordinator, asked once per team object."""
    cached = getattr(team, "_lms_has_coordinator", None)
    if cached is None:
        cached = team.memberships.filter(is_coordinator=True).exists()
        team._lms_has_coordinator = cached
    return cached
