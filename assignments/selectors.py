"""Reads of submissions: one team's answers, one submission with its versions and timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from wagtail import hooks

from lms.models import Team
from lms.roles import Role, held_roles
from lms.statements import BuiltOnce
from modules import selectors as modules
from modules.api import ModuleAssignmentPage, ModulePage

from .hooks import SUBMISSION_PANELS, Panel
from .models import (
    EDITABLE_STATUSES,
    Attachment,
    ExtensionRequest,
    Status,
    StatusChange,
    Submission,
    SubmissionVersion,
)

# Asked on every save of a team's draft and every draw of its edit page: built once each.
_live_assignment = BuiltOnce(lambda pk: ModuleAssignmentPage.objects.live().filter(pk=pk))
_team_submission = BuiltOnce(
    lambda team, assignment: Submission.objects.filter(team=team, assignment=assignment)[:1]
)


def live_assignment(pk: int) -> ModuleAssignmentPage | None:
    """The published assignment with this id, or None."""
    return _live_assignment.first(pk)


def team_submission(*, team: Team, assignment: ModuleAssignmentPage) -> Submission | None:
    """The team's answer to the assignment, if it has begun one (there is at most one)."""
    return _team_submission.first(team.pk, assignment.pk)


def assignment_is_open_to_team(*, assignment: ModuleAssignmentPage, team: Team) -> bool:
    """Published, and either in a module the team is enrolled in or its school's own (which are
    for the school's teacher teams, not its leadership team)."""
    if not assignment.live:
        return False
    parent = modules.assignment_parent(assignment)
    if parent is None:
        return False
    if not parent.is_module:
        return parent.school_id == team.institution_id and not team.is_leadership
    return parent.pk in modules.enrolled_module_ids(team_ids=[team.pk])


def due_on_for(*, team: Team, assignment: ModuleAssignmentPage) -> date | None:
    """When `team` must hand in `assignment` (its module's earliest plan), or None for no plan."""
    parent = modules.assignment_parent(assignment)
    if parent is None or not parent.is_module:
        return None  # a school's own assignment has no plan
    due = [e.due_on for e in modules.enrolments(team_ids=[team.pk]) if e.module_id == parent.pk]
    return min(due, default=None)


def teams_for_assignment(*, user, assignment: ModuleAssignmentPage) -> list[Team]:
    """The person's own teams that work on `assignment`."""
    teams = Team.objects.filter(pk__in=held_roles(user).team_ids).select_related("institution")
    return [team for team in teams if assignment_is_open_to_team(assignment=assignment, team=team)]


def submission_detail(*, pk: int) -> Submission:
    return Submission.objects.select_related(
        "team__institution__municipality", "assignment", "last_edited_by"
    ).get(pk=pk)


_draft_attachments = BuiltOnce(
    lambda submission: Attachment.objects.filter(submission=submission, in_draft=True).order_by(
        "uploaded_at", "pk"
    )
)


def draft_attachments(*, submission: Submission) -> list[Attachment]:
    """The files in the team's draft (drawn with every look at it): the statement built once."""
    return _draft_attachments.objects(submission.pk)


def versions_of(*, submission: Submission) -> list[SubmissionVersion]:
    return list(
        submission.versions.select_related("submitted_by")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("number")
    )


def timeline_of(*, submission: Submission) -> list[StatusChange]:
    return list(submission.status_changes.select_related("changed_by").order_by("changed_at", "pk"))


@dataclass(frozen=True)
class AssignmentRow:
    """One line of a team's list: the assignment, its module, the team's status and due date."""

    assignment: ModuleAssignmentPage
    group: str
    submission: Submission | None
    due_on: date | None

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_submitted(self) -> bool:
        return self.status not in {
            Status.NOT_STARTED,
            Status.IN_PROGRESS,
            Status.RESUBMISSION_REQUESTED,
        }

    @property
    def handed_in_late(self) -> bool:
        return bool(self.submission and self.submission.is_late and self.is_submitted)

    @property
    def overdue(self) -> bool:
        return (
            not self.is_submitted and self.due_on is not None and self.due_on < timezone.localdate()
        )


def team_assignment_rows(*, team: Team) -> list[AssignmentRow]:
    """Every assignment the team works on (its modules' and its school's own), in a fixed
    number of queries however many modules, assignments and submissions there are."""
    first_due = modules.earliest_due(modules.enrolments(team_ids=[team.pk])).values()
    module_pages = modules.modules_by_id(
        {e.module_id for e in first_due}, live_only=False, fields=("title", "path", "depth")
    )
    taken = sorted(
        (e for e in first_due if e.module_id in module_pages),
        key=lambda e: (e.due_on, module_pages[e.module_id].path),
    )
    due_by_module: dict[str, tuple[ModulePage, date]] = {
        module_pages[e.module_id].path: (module_pages[e.module_id], e.due_on) for e in taken
    }
    parents = [module for module, _ in due_by_module.values()]
    if not team.is_leadership:
        parents += modules.school_assignment_pages(institution_id=team.institution_id)
    # What the rows show of an assignment (not its task texts).
    assignments = list(modules.live_assignments_under(parents).only("title", "path"))
    submissions = {
        s.assignment_id: s
        for s in Submission.objects.filter(team=team, assignment__in=[a.pk for a in assignments])
    }
    steplen = ModuleAssignmentPage.steplen
    rows = []
    for assignment in assignments:
        parent_path = assignment.path[:-steplen]
        submission = submissions.get(assignment.pk)
        if parent_path in due_by_module:
            module, due_on = due_by_module[parent_path]
            group = module.title
        else:
            group, due_on = "", None
        if submission is not None:
            due_on = submission.effective_due_on or due_on
        rows.append(AssignmentRow(assignment, group, submission, due_on))
    order = {path: i for i, path in enumerate(due_by_module)}
    rows.sort(
        key=lambda r: (order.get(r.assignment.path[:-steplen], len(order)), r.assignment.path)
    )
    return rows


@dataclass(frozen=True)
class SubmissionState:
    """Where one submission stands, for overviews across many teams."""

    pk: int
    team_id: int
    assignment_id: int
    assignment_path: str
    assignment_title: str
    status: str
    due_on: date | None
    extended_until: date | None
    is_late: bool


def submission_states(*, institution_ids) -> list[SubmissionState]:
    """Every submission of the schools' teams, in one query."""
    rows = (
        Submission.objects.filter(team__institution_id__in=list(institution_ids))
        .order_by()
        .values_list(
            "pk", "team_id", "assignment_id", "assignment__path", "assignment__title", "status",
            "due_on", "extended_until", "is_late",
        )
    )  # fmt: skip
    return [SubmissionState(*row) for row in rows]


def pending_hand_ins(*, due_dates: set[date]) -> list[tuple[Team, ModuleAssignmentPage, date]]:
    """(team, assignment, due date) of enrolled teams without a hand-in due on those dates.

    The module plan's date counts unless the submission has an extension, which then counts.
    """
    waiting = set(EDITABLE_STATUSES)
    taken = modules.enrolments(due_dates=due_dates)
    module_pages = modules.modules_by_id({e.module_id for e in taken}, live_only=False)
    by_module: dict[int, list[ModuleAssignmentPage]] = {pk: [] for pk in module_pages}
    steplen = ModuleAssignmentPage.steplen
    paths = {page.path: pk for pk, page in module_pages.items()}
    for assignment in modules.live_assignments_under(list(module_pages.values())):
        by_module[paths[assignment.path[:-steplen]]].append(assignment)
    teams = Team.objects.in_bulk({e.team_id for e in taken})
    pending: dict[tuple[int, int], tuple] = {}
    for enrolment in taken:
        for assignment in by_module.get(enrolment.module_id, []):
            key = (enrolment.team_id, assignment.pk)
            pending[key] = (teams[enrolment.team_id], assignment, enrolment.due_on)
    if pending:
        existing = Submission.objects.filter(
            team_id__in={t for t, _a in pending}, assignment_id__in={a for _t, a in pending}
        ).only("team_id", "assignment_id", "status", "extended_until")
        for sub in existing:
            key = (sub.team_id, sub.assignment_id)
            if key in pending and (sub.status not in waiting or sub.extended_until):
                del pending[key]
    extended = Submission.objects.filter(
        extended_until__in=due_dates, status__in=waiting
    ).select_related("team", "assignment")
    for sub in extended:
        pending[(sub.team_id, sub.assignment_id)] = (sub.team, sub.assignment, sub.extended_until)
    return list(pending.values())


def submission_panels(*, submission: Submission, user) -> list[Panel]:
    """The parts of the submission page the apps above show this person (assignments.hooks)."""
    found = (provider(user, submission) for provider in hooks.get_hooks(SUBMISSION_PANELS))
    return [panel for panel in found if panel is not None]


def submission_version_detail(*, pk: int) -> SubmissionVersion:
    """One handed-in version with its team and assignment, as an e-mail about it shows them."""
    return SubmissionVersion.objects.select_related(
        "submission__team", "submission__assignment"
    ).get(pk=pk)


def open_extension_request(*, submission: Submission | None) -> ExtensionRequest | None:
    if submission is None:
        return None
    return (
        submission.extension_requests.filter(state=ExtensionRequest.State.OPEN)
        .select_related("requested_by")
        .first()
    )


def extension_requests_for(*, user) -> QuerySet[ExtensionRequest]:
    """Requests for more time waiting for a leader of one of the person's schools."""
    led = held_roles(user).institutions_with(Role.SCHOOL_LEADER)
    return (
        ExtensionRequest.objects.filter(
            state=ExtensionRequest.State.OPEN, submission__team__institution_id__in=led
        )
        .select_related("submission__team", "submission__assignment", "requested_by")
        .order_by("requested_at", "pk")
    )
