"""Demo submissions in every status, told through the real services. Idempotent.

Each story (`demo.stories`) is one team's work on one module assignment: drafts, hand-ins,
extensions, the feedback route's review tasks, written feedback, requests for a new version,
replies, meeting proposals, picks and notes, so status changes, the timeline, allocation and
review tasks are exactly what the programme produces. After every step the rows the step wrote
are dated back to the moment the story gives it, so the demo reads like an autumn's work rather
than one second's; lateness is decided from that date too.

A story whose (team, assignment) already has a submission is left alone, so seeding again
changes nothing; so is one that names someone who is not there. Notifications are queued on
commit like any other change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assignments import services
from assignments.models import ExtensionRequest, StatusChange, Submission, SubmissionVersion
from feedback import services as feedback
from feedback.models import (
    FeedbackMessage,
    Meeting,
    ReviewTask,
    ReviewTaskEvent,
    RouteStep,
    WrittenFeedback,
)
from lms.models import Team, User
from modules.models import ModuleAssignmentPage

from .files import Moment
from .stories import FIRST_MEMBER, LAST_MEMBER, StepSpec, StoriesSpec, StorySpec

# --------------------------------------------------------------------------- dates


def _at(day: dt.date, hour: int = 14, minute: int = 0) -> dt.datetime:
    """A moment on `day` in the project's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _ahead(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A school-day time `days` from today (for meetings still to come)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return _at(day, hour, minute)


def _when(moment: Moment) -> dt.datetime:
    if moment.day is None:
        return _ahead(moment.days_ahead, moment.hour, moment.minute)
    return _at(moment.day, moment.hour, moment.minute)


def _slot(start: dt.datetime, minutes: int = 45) -> tuple[dt.datetime, dt.datetime]:
    return start, start + dt.timedelta(minutes=minutes)


# (queryset of a submission's rows, its date fields). Every field a service sets to "now".
def _dated_rows(submission: Submission):
    return [
        (Submission.objects.filter(pk=submission.pk),
         ["created_at", "updated_at", "last_edited_at", "submitted_at"]),
        (SubmissionVersion.objects.filter(submission=submission), ["submitted_at"]),
        (StatusChange.objects.filter(submission=submission), ["changed_at"]),
        (ExtensionRequest.objects.filter(submission=submission), ["requested_at"]),
        (ReviewTask.objects.filter(submission=submission), ["created_at", "completed_at"]),
        (ReviewTaskEvent.objects.filter(task__submission=submission), ["created_at"]),
        (WrittenFeedback.objects.filter(task__submission=submission),
         ["created_at", "updated_at", "approval_requested_at", "released_at"]),
        (FeedbackMessage.objects.filter(submission=submission), ["created_at"]),
        (Meeting.objects.filter(task__submission=submission),
         ["proposed_at", "confirmed_at", "recorded_at"]),
    ]  # fmt: skip


# --------------------------------------------------------------------------- telling a story


@dataclass
class _Story:
    """One team's work on one assignment, step by step, each step dated `when`."""

    team: Team
    assignment: ModuleAssignmentPage
    people: dict[str, User]
    values: dict[str, str]  # what the texts' {placeholders} stand for
    submission: Submission | None = None

    def tell(self, steps: tuple[StepSpec, ...]) -> None:
        for step in steps:
            getattr(self, step.action)(_when(step.at), **step.fields)

    def _text(self, text: str, up_to: str | None = None) -> str:
        text = text.format(**self.values)
        return text.split(up_to)[0] if up_to else text

    def _step(self, when: dt.datetime, action):
        since = timezone.now()
        when = min(when, since)  # never in the future, whatever day the demo is seeded
        result = action()
        if self.submission is None:
            self.submission = Submission.objects.get(team=self.team, assignment=self.assignment)
        days = getattr(settings, "FEEDBACK_OVERDUE_DAYS", 10)
        ReviewTask.objects.filter(submission=self.submission, created_at__gte=since).update(
            due_at=when + dt.timedelta(days=days)
        )
        for rows, fields in _dated_rows(self.submission):
            for name in fields:
                rows.filter(**{f"{name}__gte": since}).update(**{name: when})
        self.submission.refresh_from_db()
        return result

    def _open_task(self, kind: str) -> ReviewTask:
        return ReviewTask.objects.select_related("assignee").get(
            submission=self.submission, state=ReviewTask.State.OPEN, kind=kind
        )

    # -- the team ----------------------------------------------------------------------

    def _draft(self, when: dt.datetime, by: User, text: str) -> None:
        def save():
            submission = self.submission or services.submission_get_or_create(
                team=self.team, assignment=self.assignment
            )
            return services.draft_save(
                submission=submission, text=text, base_revision=submission.revision, by=by
            )

        self._step(when, save)

    def draft(self, when, *, by: str, text: str, up_to: str | None = None) -> None:
        self._draft(when, self.people[by], self._text(text, up_to))

    def hand_in(self, when, *, by: str, text: str | None = None, up_to: str | None = None):
        person = self.people[by]
        if text is not None:
            self._draft(when - dt.timedelta(minutes=20), person, self._text(text, up_to))
        version = self._step(
            when, lambda: services.submission_submit(submission=self.submission, by=person)
        )
        # Late is judged on the day the story hands in, not the day the demo was seeded.
        due = self.submission.effective_due_on
        late = due is not None and timezone.localdate(min(when, timezone.now())) > due
        Submission.objects.filter(pk=self.submission.pk).update(is_late=late)
        SubmissionVersion.objects.filter(pk=version.pk).update(is_late=late)
        self.submission.refresh_from_db()

    def extend(self, when, *, by: str, until: dt.date, note: str) -> None:
        self._step(
            when,
            lambda: services.submission_extend(
                team=self.team, assignment=self.assignment, until=until, by=self.people[by],
                note=self._text(note),
            ),
        )  # fmt: skip

    def ask_for_more_time(self, when, *, by: str, until: dt.date, reason: str) -> None:
        """The team coordinator asks the leadership for more time. The wish is moved on when
        the demo is seeded so late that it would lie in the past or before the deadline."""
        submission = self.submission or services.submission_get_or_create(
            team=self.team, assignment=self.assignment
        )
        due = submission.effective_due_on
        earliest = max(timezone.localdate(), due or timezone.localdate()) + dt.timedelta(days=7)
        self._step(
            when,
            lambda: services.extension_request(
                team=self.team, assignment=self.assignment, until=max(until, earliest),
                reason=reason, by=self.people[by],
            ),
        )  # fmt: skip

    def reply(self, when, *, by: str, text: str) -> None:
        self._step(
            when,
            lambda: feedback.feedback_message_post(
                submission=self.submission, author=self.people[by], text=self._text(text)
            ),
        )

    def pick_time(self, when, *, by: str, slot: int) -> None:
        meeting = Meeting.objects.get(
            task__submission=self.submission, task__state=ReviewTask.State.OPEN
        )
        chosen = list(meeting.slots.order_by("starts_at"))[slot - 1]
        self._step(
            when,
            lambda: feedback.meeting_confirm(meeting=meeting, slot=chosen, by=self.people[by]),
        )

    # -- the reviewers -----------------------------------------------------------------

    def assign(self, when, *, to: str, by: str) -> None:
        """Hand the open task to `to` (when someone else got it), as `by` would."""
        reviewer, person = self.people[to], self.people[by]
        task = ReviewTask.objects.filter(
            submission=self.submission, state=ReviewTask.State.OPEN
        ).first()
        if task is None or task.assignee_id == reviewer.pk:
            return
        if not feedback.may_hold_task(reviewer, task):
            return
        self._step(
            when,
            lambda: feedback.review_task_reassign(task=task, to_user=reviewer, by=person),
        )

    def written_feedback(self, when, *, text: str) -> None:
        task = self._open_task(RouteStep.Kind.WRITTEN)
        reviewer = task.assignee
        draft = self._step(
            when - dt.timedelta(hours=1),
            lambda: feedback.written_feedback_save(task=task, text=self._text(text), by=reviewer),
        )
        self._step(when, lambda: feedback.written_feedback_release(feedback=draft, by=reviewer))

    def ask_for_new_version(self, when, *, note: str) -> None:
        task = self._open_task(RouteStep.Kind.WRITTEN)
        self._step(
            when,
            lambda: feedback.resubmission_request(
                task=task, note=self._text(note), by=task.assignee
            ),
        )

    def propose_meeting(self, when, *, slots: tuple[Moment, ...], place: str) -> None:
        task = self._open_task(RouteStep.Kind.ORAL)
        self._step(
            when,
            lambda: feedback.meeting_propose(
                task=task, slots=[_slot(_when(s)) for s in slots], place=place, video_url="",
                by=task.assignee,
            ),
        )  # fmt: skip

    def record_meeting(self, when, *, notes: str, next_steps: str) -> None:
        task = self._open_task(RouteStep.Kind.ORAL)
        meeting = task.meeting
        self._step(
            when,
            lambda: feedback.meeting_record(
                meeting=meeting, notes=self._text(notes), next_steps=self._text(next_steps),
                by=task.assignee,
            ),
        )  # fmt: skip


# --------------------------------------------------------------------------- writing


def _members(team: Team) -> list[User]:
    """The team's members, coordinators first, then in the order they joined."""
    return [
        m.user for m in team.memberships.select_related("user").order_by("-is_coordinator", "pk")
    ]


def _people(spec: StorySpec, members: list[User]) -> dict[str, User] | None:
    """The people the story names, or None when one of them is not there."""
    people = {}
    for name in spec.people:
        if name in (FIRST_MEMBER, LAST_MEMBER):
            person = (members[0] if name == FIRST_MEMBER else members[-1]) if members else None
        else:
            person = User.objects.filter(email=name).first()
        if person is None:
            return None
        people[name] = person
    return people


def _tell(spec: StorySpec, plan: StoriesSpec) -> None:
    team = Team.objects.filter(institution__number=spec.school, name=spec.team).first()
    assignment = ModuleAssignmentPage.objects.filter(slug=spec.assignment).first()
    if team is None or assignment is None:
        return
    if Submission.objects.filter(team=team, assignment=assignment).exists():
        return
    members = _members(team)
    people = _people(spec, members)
    if people is None:
        return
    coordinator = members[0].get_full_name() if members else plan.no_coordinator
    values = {**plan.team_facts.get(team.name, {}), **spec.facts, "coordinator": coordinator}
    _Story(team, assignment, people, values).tell(spec.steps)


@transaction.atomic
def seed_submissions(plan: StoriesSpec) -> None:
    """Create the demo teams' submissions and feedback; existing ones are left as they are."""
    for spec in plan.stories:
        _tell(spec, plan)
