"""Writes for feedback: routing hand-ins to reviewers, written feedback, meetings, replies.

Every status change of a submission goes through `assignments.services.status_change`; every
e-mail is queued with `lms.notifications.notify`, which waits for the transaction to commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from assignments.api import Status, Submission
from assignments.services import status_change
from lms import notifications, page_cache
from lms.errors import Problem, ProblemList, ServiceError, full_clean_or_raise
from lms.models import Institution, Municipality, RoleAssignment, User
from lms.permissions import is_content_author
from lms.statements import BuiltOnce

from . import permissions
from .models import (
    CommentBankEntry,
    FeedbackMessage,
    FeedbackRoute,
    Meeting,
    MeetingSlot,
    ReviewTask,
    ReviewTaskEvent,
    RouteStep,
    WrittenFeedback,
)
from .selectors import route_for, task_holder_roles

Role = RoleAssignment.Role
GivenBy = RouteStep.GivenBy
OPEN = ReviewTask.State.OPEN

# Why a task went to its holder (ReviewTaskEvent.reason); feedback.selectors translates them.
REASON_RESOURCE_PERSON = "least_loaded_resource_person"
REASON_NO_RESOURCE_PERSON = "no_resource_person_leader"
REASON_LEADER = "least_loaded_leader"
REASON_NO_LEADER = "no_leader_coordinator"
REASON_NO_ONE = "no_one_programme_admin"
REASON_REASSIGNED = "reassigned"
REASON_REALLOCATED = "reallocated"
REASON_NO_ROUTE = "no_route_leadership"
REASON_LOCAL_RESOURCE_PERSON = "least_loaded_local_resource_person"
REASON_FACILITATOR = "team_facilitator"
REASON_NO_LOCAL_RESOURCE_PERSON = "no_local_resource_person_leader"
REASON_CONTINUITY = "continuity"

#: Who gives a step of each kind, first choice (the fallbacks follow in `allocate`).
FIRST_CHOICE_ROLE = {
    GivenBy.RESOURCE_PERSONS: Role.MUNICIPAL_RESOURCE_PERSON,
    GivenBy.BOTH: Role.MUNICIPAL_RESOURCE_PERSON,
    GivenBy.LOCAL_RESOURCE_PERSONS: Role.LOCAL_RESOURCE_PERSON,
    GivenBy.LEADERSHIP: Role.SCHOOL_LEADER,
}


class NoReviewerError(ServiceError):
    """Nobody at all can hold the task: no resource person, leader, coordinator or admin."""


@transaction.atomic
def route_set(
    *,
    steps: list[tuple[str, str]],
    municipality: Municipality | None = None,
    institution: Institution | None = None,
    review_before_release: bool = False,
) -> FeedbackRoute:
    """Create or replace the route of a municipality or one school; steps are (kind, given_by)."""
    if not steps:
        raise ServiceError(Problem(_("A feedback route needs at least one step."), "steps"))
    route = FeedbackRoute.objects.filter(
        municipality=municipality, institution=institution
    ).first() or FeedbackRoute(municipality=municipality, institution=institution)
    route.review_before_release = review_before_release
    full_clean_or_raise(route)
    route.save()
    route.steps.all().delete()
    for position, (kind, given_by) in enumerate(steps, start=1):
        step = RouteStep(route=route, position=position, kind=kind, given_by=given_by)
        full_clean_or_raise(step)
        step.save()
    return route


# --- allocation ---------------------------------------------------------------------------


def _people_with(role: str, **place) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=role,
            **{f"role_assignments__{key}": value for key, value in place.items()},
        ).distinct()
    )


def _least_loaded(people: list[User], exclude: set[int]) -> User | None:
    people = [p for p in people if p.pk not in exclude]
    if not people:
        return None
    counts = dict(
        ReviewTask.objects.filter(assignee__in=people, state=OPEN)
        .values_list("assignee")
        .annotate(n=Count("pk"))
    )
    return min(
        people,
        key=lambda p: (counts.get(p.pk, 0), p.last_name, p.first_name, p.email, p.pk),
    )


def _first_choice(institution: Institution, given_by: str, exclude: set[int], team):
    """The person the step's own kind of reviewer gives, and why; (None, "") when none."""
    if given_by in (GivenBy.RESOURCE_PERSONS, GivenBy.BOTH):
        person = _least_loaded(
            _people_with(Role.MUNICIPAL_RESOURCE_PERSON, institution=institution), exclude
        )
        return person, REASON_RESOURCE_PERSON
    if given_by == GivenBy.LOCAL_RESOURCE_PERSONS:
        local = _people_with(Role.LOCAL_RESOURCE_PERSON, institution=institution)
        facilitator_id = getattr(team, "facilitator_id", None)
        facilitator = [p for p in local if p.pk == facilitator_id and p.pk not in exclude]
        if facilitator:
            return facilitator[0], REASON_FACILITATOR
        return _least_loaded(local, exclude), REASON_LOCAL_RESOURCE_PERSON
    return None, ""


def allocate(
    *,
    institution: Institution,
    given_by: str,
    exclude: set[int] | None = None,
    team=None,
    prefer: User | None = None,
) -> tuple[User, str]:
    """Who should hold a new task of the school, and why (a REASON_* code).

    The leadership team's own work goes to the municipality: nobody at the school reviews what
    its leadership wrote. `prefer` keeps the case with the reviewer of the step before (the
    writer holds the oral meeting) when they give this kind of step too. A local resource person
    step goes to the team's facilitator, else the least-loaded local resource person; every kind
    then falls back to the school leadership, the municipal coordinator, a programme
    administrator.
    """
    exclude = exclude or set()
    if team is not None and team.is_leadership:
        return _municipal_holder(institution, exclude)
    if prefer is not None and prefer.pk not in exclude and _gives(prefer, institution, given_by):
        return prefer, REASON_CONTINUITY
    person, why = _first_choice(institution, given_by, exclude, team)
    if person:
        return person, why
    leader = _least_loaded(_people_with(Role.SCHOOL_LEADER, institution=institution), exclude)
    if leader:
        if given_by == GivenBy.LEADERSHIP:
            return leader, REASON_LEADER
        if given_by == GivenBy.LOCAL_RESOURCE_PERSONS:
            return leader, REASON_NO_LOCAL_RESOURCE_PERSON
        return leader, REASON_NO_RESOURCE_PERSON
    return _municipal_holder(institution, exclude)


def _municipal_holder(institution: Institution, exclude: set[int]) -> tuple[User, str]:
    coordinator = _least_loaded(
        _people_with(
            Role.MUNICIPAL_COORDINATOR,
            municipality_id=institution.municipality_id,
            institution__isnull=True,
        ),
        exclude,
    )
    if coordinator:
        return coordinator, REASON_NO_LEADER
    admin = _least_loaded(_people_with(Role.PROGRAMME_ADMIN), exclude)
    if admin:
        return admin, REASON_NO_ONE
    raise NoReviewerError(
        _("Nobody can review submissions from %(school)s.") % {"school": institution}
    )


def _gives(user: User, institution: Institution, given_by: str) -> bool:
    """Whether the person is, at the school, the kind of reviewer the step asks for."""
    role = FIRST_CHOICE_ROLE.get(given_by)
    return (
        user.is_active
        and role is not None
        and RoleAssignment.objects.filter(user=user, role=role, institution=institution).exists()
    )


def may_hold_task(user: User, task: ReviewTask) -> bool:
    """A task may rest with an active resource person or leader of the school, or a
    coordinator of its municipality (the fallbacks of `allocate`), or a programme admin."""
    if not user.is_active:
        return False
    team = task.submission.team
    holders = task_holder_roles(team.institution, for_leadership=team.is_leadership) | Q(
        role=Role.PROGRAMME_ADMIN
    )
    return RoleAssignment.objects.filter(holders, user=user).exists()


def _feedback_due_at() -> datetime:
    return timezone.now() + timedelta(days=getattr(settings, "FEEDBACK_OVERDUE_DAYS", 10))


def _task_create(*, submission: Submission, version, step_kind: str, given_by: str,
                 position: int, reason: str | None = None, prefer: User | None = None,
                 ) -> ReviewTask:  # fmt: skip
    assignee, why = allocate(institution=submission.team.institution, given_by=given_by,
                             team=submission.team, prefer=prefer)  # fmt: skip
    task = ReviewTask.objects.create(
        submission=submission,
        version=version,
        position=position,
        kind=step_kind,
        given_by=given_by,
        assignee=assignee,
        due_at=_feedback_due_at(),
    )
    ReviewTaskEvent.objects.create(task=task, assignee=assignee, reason=reason or why)
    notifications.notify("task_assigned", task.pk, assignee.pk)
    return task


def _route_steps(submission: Submission) -> list[tuple[str, str]]:
    route = route_for(institution=submission.team.institution)
    if route is None:
        return []
    return [(s.kind, s.given_by) for s in route.steps.all()]


@transaction.atomic
def submission_route(*, submission: Submission, version, by=None) -> ReviewTask:
    """A new hand-in: cancel what was open for older versions, start at the route's first step.

    A school without any route gets written feedback from its leadership, so no hand-in is
    ever left without a reviewer.
    """
    ReviewTask.objects.filter(submission=submission, state=OPEN).exclude(version=version).update(
        state=ReviewTask.State.CANCELLED, completed_at=timezone.now()
    )
    steps = _route_steps(submission)
    if steps:
        kind, given_by = steps[0]
        reason = None
    else:
        kind, given_by, reason = RouteStep.Kind.WRITTEN, GivenBy.LEADERSHIP, None
    task = _task_create(submission=submission, version=version, step_kind=kind,
                        given_by=given_by, position=1, reason=reason)  # fmt: skip
    notifications.notify("submission_received", version.pk, 0)
    return task


def _step_done(*, task: ReviewTask, by) -> ReviewTask | None:
    """Close `task` and start the next route step, or complete the submission after the last."""
    task.state = ReviewTask.State.DONE
    task.completed_at = timezone.now()
    task.save(update_fields=["state", "completed_at"])
    steps = _route_steps(task.submission)
    if task.position < len(steps):
        kind, given_by = steps[task.position]
        # Continuity: the reviewer who wrote keeps the case for the meeting when they can.
        return _task_create(submission=task.submission, version=task.version, step_kind=kind,
                            given_by=given_by, position=task.position + 1,
                            prefer=task.assignee)  # fmt: skip
    status_change(submission=task.submission, to_status=Status.COMPLETED, by=by)
    return None


@transaction.atomic
def review_task_reassign(*, task: ReviewTask, to_user: User, by) -> ReviewTask:
    """Hand an open task to another person who may hold it (see `may_hold_task`)."""
    task = ReviewTask.objects.select_for_update().get(pk=task.pk)
    if task.state != OPEN:
        raise ServiceError(_("Only an open task can be handed to someone else."))
    if not may_hold_task(to_user, task):
        raise ServiceError(
            Problem(_("This person cannot give feedback to teams at this school."), "to_user")
        )
    if to_user.pk == task.assignee_id:
        return task
    previous = task.assignee_id
    task.assignee = to_user
    task.save(update_fields=["assignee"])
    ReviewTaskEvent.objects.create(task=task, assignee=to_user, previous_assignee_id=previous,
                                   by=by, reason=REASON_REASSIGNED)  # fmt: skip
    notifications.notify("task_assigned", task.pk, to_user.pk)
    return task


@transaction.atomic
def review_tasks_reallocate(*, user: User) -> list[ReviewTask]:
    """Move the open tasks `user` may no longer hold to whoever the allocation rule picks."""
    moved = []
    tasks = ReviewTask.objects.filter(assignee=user, state=OPEN).select_related(
        "submission__team__institution"
    )
    for task in tasks:
        if may_hold_task(user, task):
            continue
        try:
            to_user, _why = allocate(
                institution=task.submission.team.institution,
                given_by=task.given_by,
                exclude={user.pk},
                team=task.submission.team,
            )
        except NoReviewerError:
            continue  # nobody else at all: it stays where it is rather than unassigned
        task.assignee = to_user
        task.save(update_fields=["assignee"])
        ReviewTaskEvent.objects.create(task=task, assignee=to_user, previous_assignee=user,
                                       reason=REASON_REALLOCATED)  # fmt: skip
        notifications.notify("task_assigned", task.pk, to_user.pk)
        moved.append(task)
    return moved


# --- written feedback ---------------------------------------------------------------------


def _require_open(task: ReviewTask, kind: str) -> None:
    if task.state != OPEN:
        raise ServiceError(_("This feedback task is no longer open."))
    if task.kind != kind:
        raise ServiceError(_("This is not the right kind of feedback task."))


# Read on every save of a reviewer's draft: built once.
_feedback_of_task = BuiltOnce(
    lambda task: WrittenFeedback.objects.filter(task=task).order_by("pk")[:1]
)


@transaction.atomic
def written_feedback_save(*, task: ReviewTask, text: str, by: User) -> WrittenFeedback:
    """Save the draft. A draft is the reviewer's own until it is released."""
    _require_open(task, RouteStep.Kind.WRITTEN)
    if not text.strip():
        raise ServiceError(Problem(_("Write the feedback before saving it."), "text"))
    feedback = _feedback_of_task.first(task.pk)
    if feedback is None:
        return WrittenFeedback.objects.create(task=task, author=by, text=text)
    if feedback.is_released:
        raise ServiceError(_("Released feedback cannot be changed."))
    feedback.text = text
    with page_cache.writing_drafts():  # a new draft (above) is not: overviews may count it
        feedback.save(update_fields=["text", "updated_at"])
    return feedback


def _needs_approval(feedback: WrittenFeedback) -> bool:
    team = feedback.task.submission.team
    institution = team.institution
    route = route_for(institution=institution)
    if team.is_leadership:
        return False  # the school's leaders would approve feedback on their own work
    if route is None or not route.review_before_release or feedback.approved_by_id:
        return False
    author_leads = RoleAssignment.objects.filter(
        user_id=feedback.author_id, role=Role.SCHOOL_LEADER, institution=institution
    ).exists()
    return not author_leads


@transaction.atomic
def written_feedback_release(*, feedback: WrittenFeedback, by: User) -> WrittenFeedback:
    """Release to the team, or on a route with review_before_release send it to a leader."""
    feedback = WrittenFeedback.objects.select_for_update().get(pk=feedback.pk)
    _require_open(feedback.task, RouteStep.Kind.WRITTEN)
    if feedback.is_released:
        return feedback
    if _needs_approval(feedback):
        if feedback.approval_requested_at is None:
            feedback.approval_requested_at = timezone.now()
            feedback.save(update_fields=["approval_requested_at"])
            notifications.notify("approval_waiting", feedback.pk, 0)
        return feedback
    return _release(feedback, by)


@transaction.atomic
def written_feedback_approve(*, feedback: WrittenFeedback, by: User) -> WrittenFeedback:
    feedback = WrittenFeedback.objects.select_for_update().get(pk=feedback.pk)
    if not feedback.is_awaiting_approval:
        raise ServiceError(_("This feedback is not waiting for approval."))
    feedback.approved_by = by
    feedback.save(update_fields=["approved_by"])
    return _release(feedback, by)


def _release(feedback: WrittenFeedback, by: User) -> WrittenFeedback:
    feedback.released_at = timezone.now()
    feedback.save(update_fields=["released_at"])
    task = feedback.task
    status_change(submission=task.submission, to_status=Status.WRITTEN_FEEDBACK_GIVEN, by=by)
    notifications.notify("feedback_released", feedback.pk, 0)
    _step_done(task=task, by=by)
    return feedback


@transaction.atomic
def resubmission_request(*, task: ReviewTask, note: str, by: User) -> ReviewTask:
    """Ask the team for a new version. The reason is posted to the submission's thread; the
    team's next hand-in starts the route again."""
    if task.state != OPEN:
        raise ServiceError(_("This feedback task is no longer open."))
    if not note.strip():
        raise ServiceError(Problem(_("Tell the team what the new version should change."), "note"))
    now = timezone.now()
    ReviewTask.objects.filter(submission=task.submission, state=OPEN).exclude(pk=task.pk).update(
        state=ReviewTask.State.CANCELLED, completed_at=now
    )
    task.state = ReviewTask.State.DONE
    task.completed_at = now
    task.save(update_fields=["state", "completed_at"])
    FeedbackMessage.objects.create(submission=task.submission, author=by, text=note)
    status_change(submission=task.submission, to_status=Status.RESUBMISSION_REQUESTED, by=by,
                  note=note)  # fmt: skip
    notifications.notify("resubmission_requested", task.pk, 0)
    return task


# --- replies and comment bank -------------------------------------------------------------


def feedback_message_post(*, submission: Submission, author: User, text: str) -> FeedbackMessage:
    if not text.strip():
        raise ServiceError(Problem(_("Write a reply before sending it."), "text"))
    return FeedbackMessage.objects.create(submission=submission, author=author, text=text)


def comment_bank_entry_add(*, package, text: str, by: User) -> CommentBankEntry:
    """A phrase of `by`'s own; a content author's phrase is shared with every reviewer."""
    entry = CommentBankEntry(
        package=package, text=text.strip(), created_by=by, shared=is_content_author(by)
    )
    full_clean_or_raise(entry)
    entry.save()
    return entry


def _may_change(entry: CommentBankEntry, by: User) -> None:
    if not permissions.can_change_comment(by, entry):
        raise ServiceError(_("Only the phrase's author (for COK's phrases: COK) may change it."))


def comment_bank_entry_update(*, entry: CommentBankEntry, text: str, by: User) -> CommentBankEntry:
    _may_change(entry, by)
    entry.text = text.strip()
    full_clean_or_raise(entry)
    entry.save(update_fields=["text"])
    return entry


def comment_bank_entry_delete(*, entry: CommentBankEntry, by: User) -> None:
    _may_change(entry, by)
    entry.delete()


# --- oral meetings ------------------------------------------------------------------------


def _proposal_problems(slots, place: str, video_url: str) -> ProblemList:
    problems = ProblemList()
    if not slots:
        problems.add(_("Propose at least one time."), "slots")
    elif any(end <= start for start, end in slots):
        problems.add(_("Every meeting must end after it starts."), "slots")
    if not place.strip() and not video_url.strip():
        problems.add(_("Give a place or a video link."), "place")
    return problems


def _new_slots(meeting: Meeting, slots) -> None:
    MeetingSlot.objects.bulk_create(
        [MeetingSlot(meeting=meeting, starts_at=s, ends_at=e) for s, e in slots]
    )


@transaction.atomic
def meeting_propose(
    *,
    task: ReviewTask,
    slots: list[tuple[datetime, datetime]],
    place: str,
    video_url: str,
    by: User,
) -> Meeting:
    """Offer the team one or more times. Proposing again replaces the times and the choice."""
    _require_open(task, RouteStep.Kind.ORAL)
    _proposal_problems(slots, place, video_url).raise_if_any()
    meeting = Meeting.objects.select_for_update().filter(task=task).first()
    if meeting is None:
        meeting = Meeting.objects.create(task=task, place=place, video_url=video_url,
                                         proposed_by=by)  # fmt: skip
    else:
        if meeting.recorded_at:
            raise ServiceError(_("The meeting has already been held."))
        meeting.place, meeting.video_url, meeting.proposed_by = place, video_url, by
        meeting.chosen_slot, meeting.chosen_by, meeting.confirmed_at = None, None, None
        meeting.sequence += 1
        meeting.save()
        meeting.slots.all().delete()
    _new_slots(meeting, slots)
    notifications.notify("meeting_proposed", meeting.pk, meeting.sequence)
    return meeting


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, slot: MeetingSlot, by: User) -> Meeting:
    """The team picks a time: the meeting is scheduled and everyone gets the invitation."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if slot.meeting_id != meeting.pk:
        raise ServiceError(Problem(_("Choose one of the proposed times."), "slot"))
    if meeting.recorded_at or meeting.task.state != OPEN:
        raise ServiceError(_("The meeting has already been held."))
    if meeting.chosen_slot_id == slot.pk:
        return meeting
    if meeting.chosen_slot_id is not None:
        meeting.sequence += 1  # a new time: calendars update the event they already hold
    meeting.chosen_slot, meeting.chosen_by, meeting.confirmed_at = slot, by, timezone.now()
    meeting.save(update_fields=["chosen_slot", "chosen_by", "confirmed_at", "sequence"])
    status_change(submission=meeting.task.submission, to_status=Status.MEETING_SCHEDULED, by=by)
    notifications.notify("meeting_confirmed", meeting.pk, meeting.sequence)
    return meeting


def meeting_not_started_text(meeting: Meeting) -> str:
    when = timezone.localtime(meeting.chosen_slot.starts_at)
    return _("The meeting starts %(when)s. Record the notes once it has started.") % {
        "when": formats.date_format(when, "DATETIME_FORMAT")
    }


@transaction.atomic
def meeting_record(*, meeting: Meeting, notes: str, next_steps: str, by: User) -> Meeting:
    """Notes and agreed next steps, which the team reads; then the route moves on."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("chosen_slot")
        .get(pk=meeting.pk)
    )
    if meeting.chosen_slot_id is None:
        raise ServiceError(_("The team has not chosen a time yet."))
    if meeting.recorded_at or meeting.task.state != OPEN:
        raise ServiceError(_("The meeting has already been recorded."))
    if meeting.chosen_slot.starts_at > timezone.now():
        raise ServiceError(meeting_not_started_text(meeting))
    if not notes.strip():
        raise ServiceError(Problem(_("Write what the meeting was about."), "notes"))
    meeting.notes, meeting.next_steps = notes, next_steps
    meeting.recorded_at, meeting.recorded_by = timezone.now(), by
    meeting.save(update_fields=["notes", "next_steps", "recorded_at", "recorded_by"])
    _step_done(task=meeting.task, by=by)
    return meeting


# --- meetings about something else (the dialogue about a school's plan) -------------------


@transaction.atomic
def dialogue_meeting_propose(
    *,
    subject: str,
    attendees: list[User],
    slots: list[tuple[datetime, datetime]],
    place: str,
    video_url: str,
    link_path: str,
    by: User,
    meeting: Meeting | None = None,
) -> Meeting:
    """Arrange a meeting that is not about a hand-in: `by` holds it and proposes the times, the
    attendees pick one. Proposing again replaces the times and the choice."""
    problems = _proposal_problems(slots, place, video_url)
    if not subject.strip():
        problems.add(_("Say what the meeting is about."), "subject")
    if not attendees:
        problems.add(_("Invite at least one person."), "attendees")
    problems.raise_if_any()
    if meeting is None:
        meeting = Meeting.objects.create(
            subject=subject.strip()[:200], organizer=by, proposed_by=by, place=place,
            video_url=video_url, link_path=link_path,
        )  # fmt: skip
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, task__isnull=True)
        if meeting.recorded_at:
            raise ServiceError(_("The meeting has already been held."))
        meeting.place, meeting.video_url, meeting.proposed_by = place, video_url, by
        meeting.chosen_slot, meeting.chosen_by, meeting.confirmed_at = None, None, None
        meeting.sequence += 1
        meeting.save()
        meeting.slots.all().delete()
    meeting.attendees.set([person for person in attendees if person.pk != meeting.organizer_id])
    _new_slots(meeting, slots)
    notifications.notify("dialogue_meeting_proposed", meeting.pk, meeting.sequence)
    return meeting


@transaction.atomic
def dialogue_meeting_confirm(*, meeting: Meeting, slot: MeetingSlot, by: User) -> Meeting:
    """An attendee picks a time: everyone gets the iCalendar invitation."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, task__isnull=True)
    if slot.meeting_id != meeting.pk:
        raise ServiceError(Problem(_("Choose one of the proposed times."), "slot"))
    if meeting.recorded_at:
        raise ServiceError(_("The meeting has already been held."))
    if meeting.chosen_slot_id == slot.pk:
        return meeting
    if meeting.chosen_slot_id is not None:
        meeting.sequence += 1
    meeting.chosen_slot, meeting.chosen_by, meeting.confirmed_at = slot, by, timezone.now()
    meeting.save(update_fields=["chosen_slot", "chosen_by", "confirmed_at", "sequence"])
    notifications.notify("dialogue_meeting_confirmed", meeting.pk, meeting.sequence)
    return meeting


@transaction.atomic
def dialogue_meeting_record(*, meeting: Meeting, notes: str, next_steps: str, by: User) -> Meeting:
    """What was said and the next steps agreed, which everyone invited reads."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, task__isnull=True)
    if meeting.chosen_slot_id is None:
        raise ServiceError(_("No time has been chosen yet."))
    if meeting.recorded_at:
        raise ServiceError(_("The meeting has already been recorded."))
    if not notes.strip():
        raise ServiceError(Problem(_("Write what the meeting was about."), "notes"))
    meeting.notes, meeting.next_steps = notes, next_steps
    meeting.recorded_at, meeting.recorded_by = timezone.now(), by
    meeting.save(update_fields=["notes", "next_steps", "recorded_at", "recorded_by"])
    return meeting
