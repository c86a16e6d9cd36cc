"""Who may see and change a team's submissions. The one place these decisions are made.

Views answer 404 to anyone who may not see a submission, version or file, so an id reveals
nothing about another team's work.
"""

from __future__ import annotations

from wagtail import hooks

from lms import permissions as lms_permissions
from lms.roles import Role, held_roles

from .hooks import SUBMISSION_VIEWERS
from .models import EDITABLE_STATUSES, Submission


def is_team_member(user, team) -> bool:
    return team.pk in held_roles(user).team_ids


def can_view_team_submissions(user, team) -> bool:
    """The team, its school's leaders and resource persons, its municipality's coordinator."""
    return lms_permissions.can_view_team(user, team)


def can_view_submission(user, submission: Submission) -> bool:
    """Whoever may read the team's work (lms.permissions.can_read_team_work: not a municipal
    coordinator, unless the municipality turned that on), and whoever an app above lets in
    (feedback: a reviewer holding a task on it, e.g. the coordinator who took it when the school
    had no one else)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if lms_permissions.can_read_team_work(user, submission.team):
        return True
    return is_reviewer(user, submission)


def is_reviewer(user, submission: Submission) -> bool:
    """Someone an app above counts as the submission's reviewer (feedback: holds a task on it)."""
    return any(check(user, submission) for check in hooks.get_hooks(SUBMISSION_VIEWERS))


def can_read_team_work(user, team) -> bool:
    return lms_permissions.can_read_team_work(user, team)


def coordinates_team(user, team) -> bool:
    """The team's municipal coordinator (who is shown the municipality's choice about reading
    hand-ins on the pages it affects)."""
    return Role.MUNICIPAL_COORDINATOR in held_roles(user).in_municipality(
        team.institution.municipality_id
    )


def can_edit_submission(user, submission: Submission) -> bool:
    """Team members change the draft while it is not handed in (or a new version is asked)."""
    return is_team_member(user, submission.team) and submission.status in EDITABLE_STATUSES


def can_work_on(user, team) -> bool:
    """Team members start and write their team's answers."""
    return is_team_member(user, team)


def can_extend_deadline(user, team) -> bool:
    return lms_permissions.can_lead_institution(user, team.institution)


def can_hand_in(user, team) -> bool:
    """The team coordinators lead the hand-in; in a team without one, any member hands in."""
    return lms_permissions.leads_team_work(user, team)


def can_request_extension(user, team) -> bool:
    """Whoever leads the team's hand-in may ask the leadership for more time."""
    return lms_permissions.leads_team_work(user, team)
