"""Writes to organisations, people and roles."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Page

from .errors import ServiceError, full_clean_or_raise
from .models import (
    AccessRecord,
    Institution,
    Municipality,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
)
from .permissions import is_programme_admin
from .roles import Role, forget_held_roles
from .signals import person_erased

CONTENT_AUTHORS_GROUP = "Indholdsforfattere"
COORDINATORS_GROUP = "Programkoordinatorer"


def user_create(
    *, email: str, first_name: str = "", last_name: str = "", password: str | None = None
) -> User:
    user = User(email=email.strip().lower(), first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    full_clean_or_raise(user, exclude=["password"])
    user.save()
    return user


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    institution: Institution | None = None,
    municipality: Municipality | None = None,
) -> RoleAssignment:
    """Give a person a role in a place (idempotent) and the admin access that role needs."""
    if institution is not None:
        municipality = institution.municipality
    existing = RoleAssignment.objects.filter(
        user=user, role=role, institution=institution, municipality=municipality
    ).first()
    if existing:
        return existing
    assignment = RoleAssignment(
        user=user, role=role, institution=institution, municipality=municipality
    )
    full_clean_or_raise(assignment)
    assignment.save()
    admin_access_sync(user=user)  # the leadership team follows by lms.receivers
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    user = assignment.user
    assignment.delete()
    admin_access_sync(user=user)


def _group_with_admin_access(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access:
        group.permissions.add(access)
    return group


def admin_access_sync(*, user: User) -> None:
    """Wagtail admin for authors and coordinators; Django admin for administrators only."""
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    wanted = {
        CONTENT_AUTHORS_GROUP: Role.CONTENT_AUTHOR in roles,
        COORDINATORS_GROUP: Role.MUNICIPAL_COORDINATOR in roles,
    }
    for name, member in wanted.items():
        group = _group_with_admin_access(name)
        if member:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    is_admin = Role.PROGRAMME_ADMIN in roles
    if user.is_staff != is_admin or user.is_superuser != is_admin:
        user.is_staff = user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])
    forget_held_roles(user)


def team_create(*, institution: Institution, name: str) -> Team:
    team = Team(institution=institution, name=name)
    full_clean_or_raise(team)
    team.save()
    return team


@transaction.atomic
def team_member_add(*, team: Team, user: User, is_coordinator: bool = False) -> TeamMembership:
    """Add a person to a team; someone with no role at the school becomes its teacher.

    Not for the leadership team, whose members follow their roles (`leadership_team_sync`).
    """
    if team.is_leadership:
        raise ServiceError(
            _("The leadership team holds the school's leaders and the resource persons it adds.")
        )
    membership, created = TeamMembership.objects.get_or_create(
        team=team, user=user, defaults={"is_coordinator": is_coordinator}
    )
    if not created and membership.is_coordinator != is_coordinator:
        membership.is_coordinator = is_coordinator
        membership.save(update_fields=["is_coordinator"])
    if not RoleAssignment.objects.filter(user=user, institution=team.institution).exists():
        role_assign(user=user, role=Role.TEACHER, institution=team.institution)
    forget_held_roles(user)
    return membership


def page_permission(permission_type: str) -> Permission:
    """Wagtail's page permission ("add", "change", "publish", ...) as a Permission row."""
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
    )


def group_page_permissions_set(*, group: Group, page: Page, permission_types) -> None:
    """Give the group exactly these page permissions on the page (idempotent)."""
    wanted = {page_permission(kind) for kind in permission_types}
    existing = GroupPagePermission.objects.filter(group=group, page=page)
    existing.exclude(permission__in=wanted).delete()
    have = set(existing.values_list("permission_id", flat=True))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission=permission)
        for permission in wanted
        if permission.pk not in have
    )


# --------------------------------------------------------------------------- leadership teams

LEADERSHIP_TEAM_NAME = "Ledelsesteamet"
# Roles that may sit on a school's leadership team: leaders always do, while they lead; local
# resource persons when the school adds them.
LEADERSHIP_ROLES = frozenset({Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON})


def leadership_team_for(*, institution: Institution) -> Team:
    """The school's leadership team, made the first time it is needed (idempotent)."""
    team = Team.objects.leadership().filter(institution=institution).first()
    if team is not None:
        return team
    # Lock the school so two requests do not both make the team.
    Institution.objects.select_for_update().filter(pk=institution.pk).first()
    team, _created = Team.objects.get_or_create(
        institution=institution,
        kind=Team.Kind.LEADERSHIP,
        defaults={"name": LEADERSHIP_TEAM_NAME},
    )
    return team


def _holders(institution: Institution, role: str) -> set[int]:
    return set(
        RoleAssignment.objects.filter(
            institution=institution, role=role, user__is_active=True
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def leadership_team_sync(*, institution: Institution) -> Team | None:
    """Keep the leadership team in step with roles: every active leader is on it; a member who
    neither leads nor is a local resource person of the school any more leaves it."""
    leaders = _holders(institution, Role.SCHOOL_LEADER)
    team = Team.objects.leadership().filter(institution=institution).first()
    if team is None:
        if not leaders:
            return None
        team = leadership_team_for(institution=institution)
    may_stay = leaders | _holders(institution, Role.LOCAL_RESOURCE_PERSON)
    members = set(team.memberships.values_list("user_id", flat=True))
    leaving = members - may_stay
    if leaving:
        TeamMembership.objects.filter(team=team, user_id__in=leaving).delete()
    TeamMembership.objects.bulk_create(
        [TeamMembership(team=team, user_id=user_id) for user_id in sorted(leaders - members)]
    )
    for user in User.objects.filter(pk__in=leaving | (leaders - members)):
        forget_held_roles(user)
    return team


@transaction.atomic
def leadership_team_member_add(*, institution: Institution, user: User) -> TeamMembership:
    """The school adds one of its local resource persons to its leadership team."""
    held = set(
        RoleAssignment.objects.filter(user=user, institution=institution).values_list(
            "role", flat=True
        )
    )
    if not held & LEADERSHIP_ROLES or not user.is_active:
        raise ServiceError(
            _("Only the school's leaders and local resource persons can be on its leadership team.")
        )
    team = leadership_team_for(institution=institution)
    membership, _created = TeamMembership.objects.get_or_create(team=team, user=user)
    forget_held_roles(user)
    return membership


@transaction.atomic
def leadership_team_member_remove(*, institution: Institution, user: User) -> None:
    """Take a local resource person off the leadership team; leaders stay while they lead."""
    if RoleAssignment.objects.filter(
        user=user, institution=institution, role=Role.SCHOOL_LEADER
    ).exists():
        raise ServiceError(
            _("A school leader is on the leadership team while they lead the school.")
        )
    TeamMembership.objects.filter(
        team__institution=institution, team__kind=Team.Kind.LEADERSHIP, user=user
    ).delete()
    forget_held_roles(user)


# --------------------------------------------------------------------------- access policy


def access_record_add(
    *, user: User, institution: Institution, kind: str, what: str, team: Team | None = None
) -> AccessRecord:
    """Record who exported or read what of a school (access policy: the leader sees it)."""
    return AccessRecord.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        institution=institution,
        team=team,
        kind=kind,
        what=str(what)[:300],
    )


@transaction.atomic
def person_erase(*, user: User, by: User) -> User:
    """Erase a person's personal data (access policy): name, e-mail, UNI-Login id, password,
    roles, team memberships, invitations and linked logins. The account row stays, inactive and
    anonymous, so the team's work keeps its history ("former staff member"); open review tasks
    move on as when a role is removed; apps above delete what is the person's own."""
    if not is_programme_admin(by):
        raise ServiceError(_("Only programme administrators erase a person."))
    if user.pk == by.pk:
        raise ServiceError(_("You cannot erase yourself; ask another administrator."))
    if user.erased_at is not None:
        raise ServiceError(_("This person has already been erased."))
    for assignment in RoleAssignment.objects.filter(user=user):
        role_revoke(assignment=assignment)
    TeamMembership.objects.filter(user=user).delete()
    user.invitations.all().delete()
    SocialAccount.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    user.groups.clear()
    user.first_name = user.last_name = ""
    user.email = f"erased-{user.pk}@erased.invalid"
    user.uniid = None
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.erased_at = timezone.now()
    user.save()
    forget_held_roles(user)
    person_erased.send(sender=User, user=user)
    return user
