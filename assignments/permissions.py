"""Who may see and change a team's submissions. The one place these decisions are made.

Views answer 404 to anyone who may not see a submission, version or file, so an id reveals
nothing about another team's work.
"""

from __future__ import annotations

from lms import permissions as lms_permissions
from lms.roles import Role, held_roles

from .models import EDITABLE_STATUSES, Submission

# Roles at the team's school that see its submissions.
SCHOOL_ROLES = frozenset(
    {Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON, Role.MUNICIPAL_RESOURCE_PERSON}
)


def is_team_member(user, team) -> bool:
    return team.pk in held_roles(user).team_ids


def can_view_team_submissions(user, team) -> bool:
    """The team, its school's leaders and resource persons, its municipality's coordinator."""
    return lms_permissions.can_view_team(user, team)


def can_view_submission(user, submission: Submission) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    team = submission.team
    roles = held_roles(user)
    if team.pk in roles.team_ids or lms_permissions.is_programme_admin(user):
        return True
    if roles.at_institution(team.institution_id) & SCHOOL_ROLES:
        return True
    if Role.MUNICIPAL_COORDINATOR in roles.in_municipality(team.institution.municipality_id):
        return True
    from feedback.models import ReviewTask

    return ReviewTask.objects.filter(submission=submission, assignee=user).exists()


def can_edit_submission(user, submission: Submission) -> bool:
    """Team members change the draft while it is not handed in (or a new version is asked)."""
    return is_team_member(user, submission.team) and submission.status in EDITABLE_STATUSES


def can_work_on(user, team) -> bool:
    """Team members start and write their team's answers."""
    return is_team_member(user, team)


def can_extend_deadline(user, team) -> bool:
    return lms_permissions.can_lead_institution(user, team.institution)
