"""Reads for feedback: routes, review queues, who takes part, and the submission page's panel."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from assignments.api import Status, Submission
from competence_packages import selectors as packages
from lms.models import Institution, RoleAssignment, User
from lms.roles import held_roles
from lms.statements import BuiltOnce

from . import permissions
from .models import (
    CommentBankEntry,
    FeedbackMessage,
    FeedbackRoute,
    Meeting,
    ReviewTask,
    ReviewTaskEvent,
    RouteStep,
    WrittenFeedback,
)

Role = RoleAssignment.Role

REASONS = {
    "least_loaded_resource_person": _("the municipal resource person with the fewest open tasks"),
    "no_resource_person_leader": _(
        "no municipal resource person is assigned to the school, so the school leadership"
    ),
    "least_loaded_leader": _("the school leader with the fewest open tasks"),
    "no_leader_coordinator": _(
        "the school has no leader or resource person, so the municipal coordinator"
    ),
    "no_one_programme_admin": _("nobody in the municipality could take it: programme admin"),
    "least_loaded_local_resource_person": _(
        "the school's local resource person with the fewest open tasks"
    ),
    "team_facilitator": _("the team's local facilitator"),
    "no_local_resource_person_leader": _(
        "the school has no local resource person, so the school leadership"
    ),
    "continuity": _("the reviewer who gave the written feedback keeps the case"),
    "reassigned": _("handed over by hand"),
    "reallocated": _("the previous reviewer no longer holds the role"),
}


def route_for(*, institution: Institution) -> FeedbackRoute | None:
    """The school's own route if it has one, else its municipality's."""
    routes = FeedbackRoute.objects.filter(
        Q(institution=institution) | Q(municipality_id=institution.municipality_id)
    ).prefetch_related(Prefetch("steps", queryset=RouteStep.objects.order_by("position")))
    by_place = {("school" if r.institution_id else "municipality"): r for r in routes}
    return by_place.get("school") or by_place.get("municipality")


def _task_related(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "submission__team__institution__municipality",
        "submission__assignment",
        "version",
        "assignee",
    )


def approvals_for(*, user) -> QuerySet[WrittenFeedback]:
    """Written feedback waiting for a leader of one of the person's schools to approve it."""
    led = held_roles(user).institutions_with(Role.SCHOOL_LEADER)
    return (
        WrittenFeedback.objects.filter(
            released_at__isnull=True,
            approval_requested_at__isnull=False,
            task__state=ReviewTask.State.OPEN,
            task__submission__team__institution_id__in=led,
        )
        .select_related(
            "author", "task__submission__team__institution", "task__submission__assignment"
        )
        .order_by("approval_requested_at", "pk")
    )


# Every look at a task and every save of its feedback reads it: built once.
_task_with_related = BuiltOnce(lambda pk: _task_related(ReviewTask.objects.filter(pk=pk)))


def task_detail(*, pk: int) -> ReviewTask:
    """The task with its submission, team, school, municipality, assignment, version and
    assignee; ReviewTask.DoesNotExist when there is none."""
    task = _task_with_related.first(pk)
    if task is None:
        raise ReviewTask.DoesNotExist
    return task


_events_of_task = BuiltOnce(
    lambda task: ReviewTaskEvent.objects.filter(task=task).select_related(
        "assignee", "previous_assignee", "by"
    )
)


def task_events(*, task: ReviewTask) -> list[dict]:
    events = _events_of_task.objects(task.pk)
    return [{"event": e, "reason": REASONS.get(e.reason, e.reason)} for e in events]


def team_members(submission) -> list[User]:
    return list(submission.team.members.filter(is_active=True).order_by("pk"))


def school_leaders(institution_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.SCHOOL_LEADER,
            role_assignments__institution_id=institution_id,
        )
        .distinct()
        .order_by("pk")
    )


def meeting_participants(meeting: Meeting) -> list[User]:
    """Team members, the reviewer, and the school leadership when the step is given by both;
    for a meeting about something else, whoever holds it and whoever is invited."""
    task = meeting.task
    if task is None:
        people = {meeting.organizer_id: meeting.organizer}
        people.update({u.pk: u for u in meeting.attendees.filter(is_active=True)})
        return list(people.values())
    people = {task.assignee.pk: task.assignee}
    if task.given_by == RouteStep.GivenBy.BOTH:
        people.update({u.pk: u for u in school_leaders(task.submission.team.institution_id)})
    people.update({u.pk: u for u in team_members(task.submission)})
    return list(people.values())


def task_holder_roles(institution: Institution, *, for_leadership: bool = False) -> Q:
    """The role assignments that let a person hold the school's review tasks: its municipal and
    local resource persons and leaders, or a coordinator of its municipality (the fallbacks of
    `services.allocate`). The leadership team's own work is held in the municipality only."""
    at_school = Q(
        institution=institution,
        role__in=[
            Role.MUNICIPAL_RESOURCE_PERSON,
            Role.LOCAL_RESOURCE_PERSON,
            Role.SCHOOL_LEADER,
        ],
    )
    if for_leadership:
        at_school = Q(pk__in=[])
    return at_school | Q(
        role=Role.MUNICIPAL_COORDINATOR,
        municipality_id=institution.municipality_id,
        institution__isnull=True,
    )


def reassign_candidates(*, task: ReviewTask) -> list[User]:
    team = task.submission.team
    holders = RoleAssignment.objects.filter(
        task_holder_roles(team.institution, for_leadership=team.is_leadership)
    )
    return list(
        User.objects.filter(is_active=True, pk__in=holders.values("user_id")).order_by(
            "first_name", "last_name", "email"
        )
    )


def package_of(submission):
    """The competence package the submission's module assignment belongs to, if any."""
    return packages.package_of_page(submission.assignment)


def comment_bank_for(*, package, user) -> QuerySet[CommentBankEntry]:
    """The package's phrases the person may use: COK's shared ones and their own."""
    if package is None or not getattr(user, "is_authenticated", False):
        return CommentBankEntry.objects.none()
    return CommentBankEntry.objects.filter(package=package).filter(
        Q(shared=True) | Q(created_by=user)
    )


def submission_feedback_panel(*, submission, user) -> dict:
    """What the submission page shows of the feedback (tasks, written feedback, replies,
    meeting) for `user`, as context for templates/feedback/_submission_panel.html.

    Unreleased written feedback is never part of it: drafts live on the reviewer's task page.
    A constant number of queries however many versions, tasks and replies there are.
    """
    if not permissions.can_view_submission_feedback(user, submission):
        return {"visible": False}
    tasks = list(
        ReviewTask.objects.filter(submission=submission)
        .exclude(state=ReviewTask.State.CANCELLED)
        # The panel prints who wrote released feedback, never the assignee or the version.
        .select_related("written_feedback__author", "meeting__chosen_slot")
        .prefetch_related("meeting__slots")
        .order_by("version__number", "position")
    )
    for task in tasks:
        task.submission = submission  # the permission checks read its team: no query per task
    feedback = [
        t.written_feedback
        for t in tasks
        if hasattr(t, "written_feedback") and t.written_feedback.is_released
    ]
    meetings = [t.meeting for t in tasks if hasattr(t, "meeting")]
    messages = list(
        FeedbackMessage.objects.filter(submission=submission)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    is_member = permissions.is_team_member(user, submission)
    leads = is_member and permissions.leads_team_work(user, submission.team) if meetings else False
    open_tasks = [t for t in tasks if t.state == ReviewTask.State.OPEN]
    return {
        "visible": True,
        "submission": submission,
        "tasks": tasks,
        "open_tasks": open_tasks,
        "my_tasks": [t for t in open_tasks if permissions.can_act_on_task(user, t)],
        "released_feedback": feedback,
        "meetings": [
            {
                "meeting": m,
                "can_pick": leads and permissions.meeting_is_pickable(m),
                "picked_by_coordinator": is_member and not leads,
                "can_download": m.chosen_slot_id is not None
                and (
                    is_member
                    or m.task.assignee_id == user.pk
                    or permissions.can_act_on_task(user, m.task)
                ),
            }
            for m in meetings
        ],
        "messages": messages,
        "can_reply": permissions.can_post_message(user, submission, tasks=tasks),
        "is_team_member": is_member,
    }


def meeting_calendar(meeting: Meeting) -> bytes:
    """The meeting's iCalendar invitation for everyone taking part (its time must be chosen)."""
    # At call time: ics imports this module's models, and the invitation is rarely asked for.
    from .ics import meeting_invitation

    return meeting_invitation(meeting=meeting, attendees=meeting_participants(meeting))


def dialogue_meeting(*, pk: int) -> Meeting:
    """A meeting that is not about a hand-in (raises Meeting.DoesNotExist)."""
    return (
        Meeting.objects.filter(task__isnull=True)
        .select_related("organizer", "chosen_slot", "chosen_by", "recorded_by")
        .prefetch_related("slots", "attendees")
        .get(pk=pk)
    )


def submissions_with_new_feedback(*, team_ids) -> QuerySet:
    """The teams' submissions whose written feedback is released and not yet followed up: the
    team has new feedback to read."""
    return (
        Submission.objects.filter(
            team_id__in=list(team_ids),
            team__archived_at__isnull=True,
            status=Status.WRITTEN_FEEDBACK_GIVEN,
        )
        .select_related("team", "assignment")
        .order_by("updated_at", "pk")
    )


def meetings_to_pick(*, team_ids) -> QuerySet[Meeting]:
    """Meetings proposed to the teams that wait for a time to be picked."""
    return (
        Meeting.objects.filter(
            task__submission__team_id__in=list(team_ids),
            task__submission__team__archived_at__isnull=True,
            task__state=ReviewTask.State.OPEN,
            chosen_slot__isnull=True,
            recorded_at__isnull=True,
        )
        .select_related("task__submission__team", "task__submission__assignment")
        .order_by("proposed_at", "pk")
    )


#: What a listed task shows: its kind, due time, meeting, assignment, team and school.
_TASK_LISTED_FIELDS = (
    "kind",
    "due_at",
    "meeting__id",
    "submission__assignment__title",
    "submission__team__name",
    "submission__team__institution__name",
)


def open_tasks_of(*, user, limit: int) -> tuple[list[ReviewTask], int]:
    """The person's open review tasks, the most urgent first (at most `limit`), and how many
    there are in all."""
    tasks = ReviewTask.objects.filter(assignee=user, state=ReviewTask.State.OPEN)
    listed = list(
        tasks.select_related("submission__team__institution", "submission__assignment", "meeting")
        .only(*_TASK_LISTED_FIELDS)
        .order_by(F("due_at").asc(nulls_last=True), "created_at", "pk")[:limit]
    )
    # Fewer than the limit are all there are: no count to ask for.
    return listed, tasks.count() if len(listed) == limit else len(listed)
