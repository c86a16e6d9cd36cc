"""Reads of submissions: one team's answers, one submission with its versions and timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from competence_packages.enrolment import plans_for_team, team_is_enrolled
from lms.models import Team
from lms.roles import held_roles
from modules.models import ModuleAssignmentPage, ModulePage, SchoolAssignmentsPage

from .models import Attachment, Status, StatusChange, Submission, SubmissionVersion


def assignment_is_open_to_team(*, assignment: ModuleAssignmentPage, team: Team) -> bool:
    """Published, and either in a module the team is enrolled in or its school's own."""
    if not assignment.live:
        return False
    parent = assignment.get_parent().specific
    if isinstance(parent, SchoolAssignmentsPage):
        return parent.institution_id == team.institution_id
    if isinstance(parent, ModulePage):
        return team_is_enrolled(team=team, module=parent)
    return False


def teams_for_assignment(*, user, assignment: ModuleAssignmentPage) -> list[Team]:
    """The person's own teams that work on `assignment`."""
    teams = Team.objects.filter(pk__in=held_roles(user).team_ids).select_related("institution")
    return [team for team in teams if assignment_is_open_to_team(assignment=assignment, team=team)]


def submission_detail(*, pk: int) -> Submission:
    return Submission.objects.select_related(
        "team__institution__municipality", "assignment", "last_edited_by"
    ).get(pk=pk)


def draft_attachments(*, submission: Submission) -> list[Attachment]:
    return list(submission.attachments.filter(in_draft=True).order_by("uploaded_at", "pk"))


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


def _children_of(parents) -> QuerySet[ModuleAssignmentPage]:
    if not parents:
        return ModuleAssignmentPage.objects.none()
    depth = {p.depth + 1 for p in parents}
    prefix = reduce(or_, (Q(path__startswith=p.path) for p in parents))
    return ModuleAssignmentPage.objects.live().filter(prefix, depth__in=depth).order_by("path")


def team_assignment_rows(*, team: Team) -> list[AssignmentRow]:
    """Every assignment the team works on (its modules' and its school's own), in a fixed
    number of queries however many modules, assignments and submissions there are."""
    plans = list(plans_for_team(team).order_by("due_on", "module__path"))
    due_by_module: dict[str, tuple[ModulePage, date]] = {}
    for plan in plans:
        due_by_module.setdefault(plan.module.path, (plan.module, plan.due_on))
    school_pages = list(SchoolAssignmentsPage.objects.filter(institution_id=team.institution_id))
    parents = [module for module, _ in due_by_module.values()] + school_pages
    assignments = list(_children_of(parents))
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
