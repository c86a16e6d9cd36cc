"""Writes to organisations, people and roles."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Page

from . import notifications
from .errors import Problem, ProblemList, ServiceError, full_clean_or_raise
from .models import (
    AccessRecord,
    Institution,
    Invitation,
    Municipality,
    RoleAssignment,
    RoleEvent,
    Team,
    TeamMembership,
    User,
)
from .permissions import is_programme_admin
from .roles import Role, forget_held_roles
from .roster import PersonPlan, RosterPlan
from .signals import person_erased

#: Who may be on a school's teams: its teachers, leaders and local resource persons.
TEAM_MEMBER_ROLES = (Role.TEACHER, Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON)

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
    by: User | None = None,
    source: str = RoleEvent.Source.SYSTEM,
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
    _record(user, RoleEvent.Action.ROLE_ADDED, assignment, by=by, source=source)
    admin_access_sync(user=user)  # the leadership team follows by lms.receivers
    return assignment


@transaction.atomic
def role_revoke(
    *, assignment: RoleAssignment, by: User | None = None, source: str = RoleEvent.Source.SYSTEM
) -> None:
    """Take a role away. The person's open feedback work that the role held moves on to whoever
    the allocation rule picks (feedback listens for the deletion); the removal is recorded."""
    user = assignment.user
    _record(user, RoleEvent.Action.ROLE_REMOVED, assignment, by=by, source=source)
    assignment.delete()
    admin_access_sync(user=user)


@transaction.atomic
def user_set_active(
    *, user: User, active: bool, by: User | None = None, source: str = RoleEvent.Source.SYSTEM,
    municipality: Municipality | None = None,
) -> User:  # fmt: skip
    """Deactivate (or reactivate) an account; a deactivated person's open work moves on. The
    record names the municipality whose people it was done among, if any."""
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = RoleEvent.Action.REACTIVATED if active else RoleEvent.Action.DEACTIVATED
    RoleEvent.objects.create(
        person=user, action=action, by=by, source=source, municipality=municipality
    )
    return user


def _record(user: User, action: str, assignment: RoleAssignment, *, by, source) -> None:
    RoleEvent.objects.create(
        person=user,
        action=action,
        role=assignment.role,
        institution_id=assignment.institution_id,
        municipality_id=assignment.municipality_id,
        by=by,
        source=source,
    )


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


def _team_problems(
    *, institution: Institution, name: str, team: Team | None = None, grade_from=None,
    grade_to=None, classes=(), facilitator: User | None = None,
) -> ProblemList:  # fmt: skip
    problems = ProblemList()
    if not name:
        problems.add(_("Give the team a name."), "name")
    elif len(name) > 150:
        problems.add(_("A team's name can be at most 150 characters."), "name")
    else:
        same = Team.objects.filter(institution=institution, name__iexact=name)
        if team is not None:
            same = same.exclude(pk=team.pk)
        if same.exists():
            problems.add(_("The school already has a team called “%(name)s”.") % {"name": name},
                         "name")  # fmt: skip
    for grade, field in ((grade_from, "grade_from"), (grade_to, "grade_to")):
        if grade is not None and not 0 <= grade <= 10:
            problems.add(_("A grade is from 0 to 10."), field)
    if grade_from is not None and grade_to is not None and grade_from > grade_to:
        problems.add(_("The last grade cannot come before the first grade."), "grade_to")
    if any(school_class.institution_id != institution.pk for school_class in classes):
        problems.add(_("Choose classes of the team's own school."), "classes")
    if (
        facilitator is not None
        and not RoleAssignment.objects.filter(
            user=facilitator, role=Role.LOCAL_RESOURCE_PERSON, institution=institution
        ).exists()
    ):
        problems.add(_("The facilitator must be a local resource person of the school."),
                     "facilitator")  # fmt: skip
    return problems


@transaction.atomic
def team_create(
    *, institution: Institution, name: str, grade_from: int | None = None,
    grade_to: int | None = None, classes=(), facilitator: User | None = None,
) -> Team:  # fmt: skip
    """A new professional learning community at the school."""
    name = " ".join(name.split())
    classes = list(classes)
    _team_problems(institution=institution, name=name, grade_from=grade_from, grade_to=grade_to,
                   classes=classes, facilitator=facilitator).raise_if_any()  # fmt: skip
    team = Team(institution=institution, name=name, grade_from=grade_from, grade_to=grade_to,
                facilitator=facilitator)  # fmt: skip
    full_clean_or_raise(team)
    team.save()
    team.classes.set(classes)
    return team


@transaction.atomic
def team_update(
    *, team: Team, name: str, grade_from: int | None, grade_to: int | None, classes,
    facilitator: User | None,
) -> Team:  # fmt: skip
    """Rename the team, set its grade band, its classes and its local facilitator."""
    name = " ".join(name.split())
    classes = list(classes)
    problems = _team_problems(institution=team.institution, name=name, team=team,
                              grade_from=grade_from, grade_to=grade_to, classes=classes,
                              facilitator=facilitator)  # fmt: skip
    if team.is_archived:
        problems.add(_("The team is archived: restore it before you change it."))
    problems.raise_if_any()
    team.name, team.grade_from, team.grade_to = name, grade_from, grade_to
    team.facilitator = facilitator
    full_clean_or_raise(team)
    team.save()
    team.classes.set(classes)
    return team


def team_archive(*, team: Team, archived: bool = True) -> Team:
    """Archive a team that has stopped (its work stays readable), or restore it."""
    team.archived_at = timezone.now() if archived else None
    team.save(update_fields=["archived_at"])
    return team


def _require_active(team: Team) -> None:
    if team.is_archived:
        raise ServiceError(_("The team is archived: restore it before you change it."))


@transaction.atomic
def team_member_add(*, team: Team, user: User, is_coordinator: bool = False) -> TeamMembership:
    """Add a person to a team; someone with no role at the school becomes its teacher.

    Not for the leadership team, whose members follow their roles (`leadership_team_sync`).
    """
    if team.is_leadership:
        raise ServiceError(
            _("The leadership team holds the school's leaders and the resource persons it adds.")
        )
    _require_active(team)
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


@transaction.atomic
def team_member_add_from_school(*, team: Team, user: User) -> TeamMembership:
    """The leader's way in: only someone who already works at the school joins its team."""
    _require_active(team)
    if not RoleAssignment.objects.filter(
        user=user, institution=team.institution, role__in=TEAM_MEMBER_ROLES
    ).exists():
        raise ServiceError(Problem(_("Only the school's own staff can join its teams."), "user"))
    if TeamMembership.objects.filter(team=team, user=user).exists():
        raise ServiceError(Problem(_("%(name)s is already on the team.") % {"name": user}, "user"))
    return team_member_add(team=team, user=user)


@transaction.atomic
def team_member_remove(*, team: Team, user: User) -> None:
    """Take a person off the team; their role at the school stays. Not for the leadership team,
    whose leaders stay while they lead (`leadership_team_member_remove`)."""
    if team.is_leadership:
        raise ServiceError(
            _("The leadership team holds the school's leaders and the resource persons it adds.")
        )
    _require_active(team)
    deleted, _rows = TeamMembership.objects.filter(team=team, user=user).delete()
    if not deleted:
        raise ServiceError(_("%(name)s is not on the team.") % {"name": user})
    forget_held_roles(user)


@transaction.atomic
def team_coordinator_set(*, team: Team, user: User, is_coordinator: bool) -> TeamMembership:
    """Appoint a member as (one of) the team's coordinators, or relieve them."""
    _require_active(team)
    membership = TeamMembership.objects.filter(team=team, user=user).first()
    if membership is None:
        raise ServiceError(Problem(_("Only a member of the team can be its coordinator."), "user"))
    if membership.is_coordinator != is_coordinator:
        membership.is_coordinator = is_coordinator
        membership.save(update_fields=["is_coordinator"])
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
        role_revoke(assignment=assignment, by=by, source=RoleEvent.Source.ADMIN)
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


# --- people rosters -----------------------------------------------------------------------


@transaction.atomic
def roster_apply(
    *, plan: RosterPlan, by: User | None = None, invite: bool = False, progress=None
) -> dict[str, int]:
    """Store a checked roster (lms.roster.roster_plan) in one transaction; the counts.

    New people get no password: they log in with UNI-Login, matched on their `uniid`, or
    through an invitation, which `invite` sends (after commit, by Celery) to each new person
    without one.
    """
    report = progress or (lambda stage, percent: None)
    source = RoleEvent.Source.ROSTER
    for school, name in plan.new_teams:
        if not Team.objects.filter(institution=school, name__iexact=name).exists():
            team_create(institution=school, name=name)
    total = max(len(plan.people), 1)
    for done, person in enumerate(plan.people, start=1):
        _roster_person(person, by=by, source=source, invite=invite, where=plan.municipality)
        if done % 25 == 0 or done == total:
            report("storing", 10 + int(85 * done / total))
    return plan.counts


def _roster_person(person: PersonPlan, *, by, source, invite: bool, where) -> None:
    user = person.user
    if user is None:
        user = user_create(email=person.email, first_name=person.first_name,
                           last_name=person.last_name)  # fmt: skip
        if person.uniid:
            user.uniid = person.uniid
            user.save(update_fields=["uniid"])
        elif invite:
            invitation_send(user=user)
    fields = []
    if person.set_names:
        user.first_name, user.last_name = person.first_name, person.last_name
        fields += ["first_name", "last_name"]
    if person.set_uniid:
        user.uniid = person.uniid
        fields.append("uniid")
    if fields:
        user.save(update_fields=fields)
    if person.reactivate:
        user_set_active(user=user, active=True, by=by, source=source, municipality=where)
    for role, school, municipality in person.roles_to_add:
        role_assign(user=user, role=role, institution=school,
                    municipality=None if school else municipality, by=by, source=source)  # fmt: skip
    for school, name, is_coordinator in person.memberships:
        team = Team.objects.get(institution=school, name__iexact=name)
        team_member_add(team=team, user=user, is_coordinator=is_coordinator)
    for assignment in person.roles_to_remove:
        role_revoke(assignment=assignment, by=by, source=source)
    if person.deactivate:
        user_set_active(user=user, active=False, by=by, source=source, municipality=where)


def invitation_send(*, user: User) -> Invitation:
    """A link that ties the person's first UNI-Login to this account, sent by e-mail."""
    invitation = Invitation.objects.create(user=user)
    notifications.notify("invitation", invitation.pk)
    return invitation
