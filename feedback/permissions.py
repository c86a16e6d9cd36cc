"""Who may act on which feedback. The one place these decisions are made.

Reviewer: the task's assignee or, for leadership and joint (both) steps, any leader of the
school. Team: the members of the submission's team. Coordinators and leaders oversee.
"""

from __future__ import annotations

from assignments.permissions import can_view_submission
from lms.models import Institution, Municipality
from lms.permissions import (
    can_view_municipality,
    is_content_author,
    is_programme_admin,
    leads_team_work,
)
from lms.roles import Role, held_roles

from .models import Meeting, ReviewTask, RouteStep, WrittenFeedback

LEADERSHIP_STEPS = (RouteStep.GivenBy.LEADERSHIP, RouteStep.GivenBy.BOTH)
REVIEWER_ROLES = (Role.MUNICIPAL_RESOURCE_PERSON, Role.LOCAL_RESOURCE_PERSON, Role.SCHOOL_LEADER)


def _institution_id(submission) -> int:
    return submission.team.institution_id


def _leads(user, institution_id: int) -> bool:
    return Role.SCHOOL_LEADER in held_roles(user).at_institution(institution_id)


def _coordinates(user, submission) -> bool:
    municipality_id = submission.team.institution.municipality_id
    return Role.MUNICIPAL_COORDINATOR in held_roles(user).in_municipality(municipality_id)


def is_team_member(user, submission) -> bool:
    return submission.team_id in held_roles(user).team_ids


def can_act_on_task(user, task: ReviewTask) -> bool:
    """Write, release, propose times and record the meeting of an open task."""
    if not user.is_authenticated or task.state != ReviewTask.State.OPEN:
        return False
    if task.assignee_id == user.pk:
        return True
    if task.submission.team.is_leadership:
        return False  # the leadership's own work: its leaders do not review it
    return task.given_by in LEADERSHIP_STEPS and _leads(user, _institution_id(task.submission))


def can_reassign_task(user, task: ReviewTask) -> bool:
    if not user.is_authenticated or task.state != ReviewTask.State.OPEN:
        return False
    return (
        is_programme_admin(user)
        or _leads(user, _institution_id(task.submission))
        or _coordinates(user, task.submission)
    )


def can_view_task(user, task: ReviewTask) -> bool:
    if not user.is_authenticated:
        return False
    return (
        task.assignee_id == user.pk
        or is_programme_admin(user)
        or _leads(user, _institution_id(task.submission))
        or _coordinates(user, task.submission)
    )


def can_approve_feedback(user, feedback: WrittenFeedback) -> bool:
    return (
        feedback.is_awaiting_approval
        and feedback.task.state == ReviewTask.State.OPEN
        and not feedback.task.submission.team.is_leadership
        and _leads(user, _institution_id(feedback.task.submission))
    )


def can_view_submission_feedback(user, submission) -> bool:
    """Released feedback, replies and meetings: whoever may read the hand-in itself."""
    return user.is_authenticated and can_view_submission(user, submission)


def can_post_message(user, submission, *, tasks=None) -> bool:
    """The team and its reviewers talk once some written feedback has been released."""
    if not user.is_authenticated:
        return False
    if tasks is None:
        tasks = list(
            submission.review_tasks.select_related("written_feedback").exclude(
                state=ReviewTask.State.CANCELLED
            )
        )
    released = any(hasattr(t, "written_feedback") and t.written_feedback.is_released for t in tasks)
    if not released:
        return False
    if is_team_member(user, submission) or _leads(user, _institution_id(submission)):
        return True
    return any(t.assignee_id == user.pk for t in tasks)


def meeting_is_pickable(meeting: Meeting) -> bool:
    return meeting.recorded_at is None and meeting.task.state == ReviewTask.State.OPEN


def can_pick_slot(user, meeting: Meeting) -> bool:
    """The team coordinator picks the meeting time (any member of a team without one)."""
    return meeting_is_pickable(meeting) and leads_team_work(user, meeting.task.submission.team)


def can_download_invitation(user, meeting: Meeting, participants: list) -> bool:
    if meeting.chosen_slot_id is None or not user.is_authenticated:
        return False
    return user.pk in {p.pk for p in participants} or can_act_on_task(user, meeting.task)


def can_change_comment(user, entry) -> bool:
    """A phrase is its author's; COK's shared phrases are COK's; administrators may do all."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_programme_admin(user):
        return True
    if entry.shared:
        return is_content_author(user)
    return entry.created_by_id == user.pk


def can_manage_comment_bank(user) -> bool:
    """Reviewers (municipal resource persons, school leaders) and content authors."""
    roles = held_roles(user)
    return (
        is_content_author(user)
        or is_programme_admin(user)
        or bool(roles.institutions_with(Role.MUNICIPAL_RESOURCE_PERSON, Role.SCHOOL_LEADER))
    )


# -- Who may see which overview ------------------------------------------------------------


def can_view_review_queue(user) -> bool:
    """Resource persons and school leaders have a feedback queue; so do municipal coordinators,
    who hold the hand-ins no one else at a school can take. Programme admins may look."""
    if is_programme_admin(user):
        return True
    roles = held_roles(user)
    return bool(
        roles.institutions_with(*REVIEWER_ROLES)
        or roles.municipalities_with(Role.MUNICIPAL_COORDINATOR)
    )


def can_view_school_overview(user, institution: Institution) -> bool:
    """The school's leaders and local resource persons, its municipal coordinator, admins."""
    if is_programme_admin(user):
        return True
    roles = held_roles(user)
    if roles.at_institution(institution.pk).intersection(
        {Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON}
    ):
        return True
    return Role.MUNICIPAL_COORDINATOR in roles.in_municipality(institution.municipality_id)


def can_view_municipality_overview(user, municipality: Municipality) -> bool:
    return can_view_municipality(user, municipality)
