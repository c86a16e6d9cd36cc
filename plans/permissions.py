"""Who may see, write and answer a school's plans. The one place these decisions are made.

- The school's leadership team writes its plans (leaders, and the resource persons it adds).
- The municipality answers them: its coordinators and the people it names (`PlanReviewer`),
  never anyone on the school's leadership team nor anyone who wrote the plan.
- The school's staff (teachers, resource persons) read the adopted plan, nothing before.
- Nobody else: not other schools, not other municipalities.
"""

from __future__ import annotations

from lms import permissions as lms_permissions
from lms.roles import Role, held_roles

from .models import Plan, PlanReviewer

STAFF_ROLES = frozenset(
    {
        Role.TEACHER,
        Role.SCHOOL_LEADER,
        Role.LOCAL_RESOURCE_PERSON,
        Role.MUNICIPAL_RESOURCE_PERSON,
    }
)


def is_on_leadership_team(user, institution) -> bool:
    return institution.pk in held_roles(user).leadership_of


def can_write_plans(user, institution) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and is_on_leadership_team(
        user, institution
    )


def _named_reviewer(user, municipality_id: int) -> bool:
    return PlanReviewer.objects.filter(
        user_id=user.pk, municipality_id=municipality_id, user__is_active=True
    ).exists()


def is_plan_reviewer_for(user, institution) -> bool:
    """The municipality's side of the dialogue (and programme admins, who oversee it)."""
    if not getattr(user, "is_authenticated", False) or is_on_leadership_team(user, institution):
        return False
    if lms_permissions.is_programme_admin(user):
        return True
    if Role.MUNICIPAL_COORDINATOR in held_roles(user).in_municipality(institution.municipality_id):
        return True
    return _named_reviewer(user, institution.municipality_id)


def can_answer_plan(user, plan: Plan, *, author_ids: set[int] | None = None) -> bool:
    """Comment, ask for a revision, approve, hold the dialogue meeting: the municipality, and
    never someone who wrote the plan."""
    if not is_plan_reviewer_for(user, plan.institution):
        return False
    if author_ids is None:
        author_ids = set(plan.authors.values_list("pk", flat=True))
    return user.pk not in author_ids


def sees_every_plan(user, institution) -> bool:
    """Drafts, versions and the dialogue: the leadership team and the municipality."""
    return can_write_plans(user, institution) or is_plan_reviewer_for(user, institution)


def is_school_staff(user, institution) -> bool:
    return bool(held_roles(user).at_institution(institution.pk) & STAFF_ROLES) or bool(
        held_roles(user).team_ids and _on_a_team_of(user, institution)
    )


def _on_a_team_of(user, institution) -> bool:
    # Team members without a role at the school are rare (roles follow memberships): ask.
    return institution.teams.filter(pk__in=held_roles(user).team_ids).exists()


def has_adopted_plan(institution) -> bool:
    return Plan.objects.filter(institution=institution, status=Plan.Status.APPROVED).exists()


def can_view_school_plans(user, institution) -> bool:
    """The school's plans page: everyone who sees every plan; its staff once a plan is adopted."""
    if not getattr(user, "is_authenticated", False):
        return False
    if sees_every_plan(user, institution):
        return True
    return is_school_staff(user, institution) and has_adopted_plan(institution)


def can_view_plan(user, plan: Plan) -> bool:
    if sees_every_plan(user, plan.institution):
        return True
    return plan.status == Plan.Status.APPROVED and is_school_staff(user, plan.institution)


def can_view_municipality_plans(user, municipality) -> bool:
    """The municipal overview of every school's plan: its coordinators, named reviewers, admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if lms_permissions.can_view_municipality(user, municipality):
        return True
    return _named_reviewer(user, municipality.pk)


def can_manage_leadership_team(user, institution) -> bool:
    """The school's leaders add and remove the resource persons on their leadership team."""
    return lms_permissions.can_lead_institution(user, institution)
