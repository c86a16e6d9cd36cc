"""Reads for the overviews across many submissions: a school's teams, a municipality's schools.

Every read here costs a fixed number of queries whatever the number of teams, assignments and
submissions: rows are loaded in bulk and joined in Python, never one query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Min, Q
from django.utils import timezone
from wagtail.models import Page

from assignments import selectors as submissions
from assignments.api import Status
from competence_packages import selectors as packages
from lms.models import Institution, Municipality, Team
from modules import selectors as modules

from .models import ReviewTask

# Statuses in which the team still has to hand in: past its due date, the work is overdue.
STILL_TO_HAND_IN = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.RESUBMISSION_REQUESTED)


# -- Where an assignment sits in the tree -----------------------------------------------------------


@dataclass(frozen=True)
class AssignmentPlace:
    module_title: str
    package_title: str  # empty for a school's own assignment
    package_code: str = ""


def assignment_places(paths: Iterable[str]) -> dict[str, AssignmentPlace]:
    """The module (parent) and package (grandparent) of each assignment path, in one query."""
    paths = set(paths)
    if not paths:
        return {}
    step = Page.steplen
    titles = packages.titles_by_path({p[:-step] for p in paths} | {p[: -2 * step] for p in paths})
    places = {}
    for path in paths:
        module_title = titles.get(path[:-step], ("", None))[0]
        package_title, code = titles.get(path[: -2 * step], ("", None))
        places[path] = AssignmentPlace(
            module_title=module_title,
            package_title=package_title if code is not None else "",
            package_code=code or "",
        )
    return places


# -- Enrolment: which team should hand in which assignment, by when --------------------------------


@dataclass(frozen=True)
class Enrolled:
    assignment_id: int
    title: str
    path: str
    module_title: str
    package_title: str
    due_on: date | None


def enrolled_assignments(*, institution_ids: Iterable[int]) -> dict[int, list[Enrolled]]:
    """For every team of the schools: the live assignments of its planned modules, in tree order.

    Three queries: the enrolments (one row per team and module), the modules, their assignments.
    """
    taken = modules.earliest_due(modules.enrolments(institution_ids=list(institution_ids)))
    module_pages = modules.modules_by_id(
        {e.module_id for e in taken.values()}, live_only=False, fields=("title", "path", "depth")
    )
    step = Page.steplen
    children: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    assignments = modules.live_assignments_under(list(module_pages.values()))
    for pk, title, path in assignments.values_list("pk", "title", "path"):
        children[path[:-step]].append((pk, title, path))
    result: dict[int, list[Enrolled]] = defaultdict(list)
    for (team_id, module_id), enrolment in taken.items():
        module = module_pages.get(module_id)
        if module is None:
            continue
        for pk, title, path in children.get(module.path, []):
            result[team_id].append(
                Enrolled(pk, title, path, module.title, enrolment.label, enrolment.due_on)
            )
    for items in result.values():
        items.sort(key=lambda e: e.path)
    return result


def is_overdue(*, status: str, due_on: date | None, today: date) -> bool:
    return status in STILL_TO_HAND_IN and due_on is not None and due_on < today


# -- The leader's overview of one school ----------------------------------------------------------


@dataclass
class Cell:
    """One team's position on one module assignment."""

    assignment_id: int
    title: str
    module_title: str
    package_title: str
    status: str
    status_label: str
    due_on: date | None
    is_late: bool
    is_overdue: bool
    submission_id: int | None
    path: str = ""
    enrolled: bool = True


@dataclass
class TeamOverview:
    team: Team
    cells: list[Cell] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(cell.is_overdue for cell in self.cells)

    @property
    def completed_count(self) -> int:
        return sum(cell.status == Status.COMPLETED for cell in self.cells)


def school_overview(*, institution: Institution, today: date) -> list[TeamOverview]:
    """Every team of the school × its enrolled assignments, plus any other work it handed in.

    Five queries at most, whatever the number of teams and submissions.
    """
    teams = list(Team.objects.plc().filter(institution=institution).order_by("name"))
    enrolled = enrolled_assignments(institution_ids=[institution.pk])
    by_team: dict[int, dict[int, submissions.SubmissionState]] = defaultdict(dict)
    for state in submissions.submission_states(institution_ids=[institution.pk]):
        by_team[state.team_id][state.assignment_id] = state
    labels = dict(Status.choices)
    overviews = []
    extra_paths = set()
    for team in teams:
        overview = TeamOverview(team=team)
        handed = by_team.get(team.pk, {})
        seen = set()
        for item in enrolled.get(team.pk, []):
            seen.add(item.assignment_id)
            overview.cells.append(_cell(item, handed.get(item.assignment_id), labels, today))
        for assignment_id, row in handed.items():
            if assignment_id not in seen:
                extra_paths.add(row.assignment_path)
                overview.cells.append(_cell(None, row, labels, today))
        overviews.append(overview)
    if extra_paths:
        places = assignment_places(extra_paths)
        for overview in overviews:
            for cell in overview.cells:
                if not cell.enrolled:
                    place = places[cell.path]
                    cell.module_title, cell.package_title = place.module_title, place.package_title
    return overviews


def _cell(item: Enrolled | None, row: submissions.SubmissionState | None, labels, today) -> Cell:
    if row is None:
        return Cell(
            assignment_id=item.assignment_id,
            title=item.title,
            module_title=item.module_title,
            package_title=item.package_title,
            status=Status.NOT_STARTED,
            status_label=str(labels[Status.NOT_STARTED]),
            due_on=item.due_on,
            is_late=False,
            is_overdue=is_overdue(status=Status.NOT_STARTED, due_on=item.due_on, today=today),
            submission_id=None,
        )
    due = row.extended_until or row.due_on or (item.due_on if item else None)
    return Cell(
        assignment_id=row.assignment_id,
        title=item.title if item else row.assignment_title,
        module_title=item.module_title if item else "",
        package_title=item.package_title if item else "",
        status=row.status,
        status_label=str(labels.get(row.status, row.status)),
        due_on=due,
        is_late=row.is_late,
        is_overdue=is_overdue(status=row.status, due_on=due, today=today),
        submission_id=row.pk,
        path=row.assignment_path,
        enrolled=item is not None,
    )


# -- The municipal coordinator's overview ---------------------------------------------------------


@dataclass
class SchoolSummary:
    institution: Institution
    counts: dict[str, int] = field(default_factory=dict)
    hand_in_overdue: int = 0
    open_tasks: int = 0
    feedback_overdue: int = 0

    def count(self, status: str, *, due_on: date | None, today: date) -> None:
        """One piece of work in `status`, overdue when still to hand in after `due_on`."""
        self.counts[status] = self.counts.get(status, 0) + 1
        self.hand_in_overdue += is_overdue(status=status, due_on=due_on, today=today)

    def count_list(self) -> list[int]:
        return [self.counts.get(value, 0) for value, _label in Status.choices]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ReviewerLoad:
    name: str
    email: str
    open_tasks: int
    overdue_tasks: int
    oldest_assigned_at: datetime
    oldest_age_days: int


@dataclass
class MunicipalityOverview:
    schools: list[SchoolSummary]
    totals: SchoolSummary
    reviewers: list[ReviewerLoad]


def municipality_overview(*, municipality: Municipality, now: datetime) -> MunicipalityOverview:
    """Per school: work by status (not started counts enrolled work not yet begun), overdue
    hand-ins and feedback; per reviewer: open tasks and the oldest one's age. Constant queries."""
    schools = list(Institution.objects.filter(municipality=municipality).order_by("name"))
    summaries = {school.pk: SchoolSummary(institution=school) for school in schools}
    _count_work(summaries, municipality=municipality, today=timezone.localdate(now))
    open_tasks = ReviewTask.objects.filter(
        state=ReviewTask.State.OPEN, submission__team__institution__municipality=municipality
    ).order_by()
    reviewers = _count_feedback(summaries, open_tasks=open_tasks, now=now)
    return MunicipalityOverview(
        schools=list(summaries.values()),
        totals=_totals(summaries.values()),
        reviewers=reviewers,
    )


def _count_work(summaries: dict[int, SchoolSummary], *, municipality, today: date) -> None:
    """Submissions by status and overdue hand-ins; enrolled work not begun counts as not started."""
    team_school = dict(
        Team.objects.filter(institution__municipality=municipality).values_list(
            "pk", "institution_id"
        )
    )
    seen = set()
    for state in submissions.submission_states(institution_ids=list(summaries)):
        seen.add((state.team_id, state.assignment_id))
        due = state.extended_until or state.due_on
        summaries[team_school[state.team_id]].count(state.status, due_on=due, today=today)
    for team_id, items in enrolled_assignments(institution_ids=list(summaries)).items():
        summary = summaries.get(team_school.get(team_id))
        for item in items if summary is not None else ():
            if (team_id, item.assignment_id) not in seen:
                summary.count(Status.NOT_STARTED, due_on=item.due_on, today=today)


def _count_feedback(
    summaries: dict[int, SchoolSummary], *, open_tasks, now: datetime
) -> list[ReviewerLoad]:
    """Open and overdue feedback per school, and each reviewer's load (open tasks, overdue ones,
    the oldest one's age, the oldest first), from one query grouped by school and reviewer."""
    rows = (
        open_tasks.values(
            "submission__team__institution_id",
            "assignee_id",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__email",
        )
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(due_at__lt=now)),
            oldest=Min("created_at"),
        )
        .values_list(
            "submission__team__institution_id", "assignee_id", "assignee__first_name",
            "assignee__last_name", "assignee__email", "n", "late", "oldest",
        )
    )  # fmt: skip
    loads: dict[int, list] = {}
    for school_id, assignee_id, first, last, email, n, late, oldest in rows:
        summaries[school_id].open_tasks += n
        summaries[school_id].feedback_overdue += late
        load = loads.setdefault(assignee_id, [first, last, email, 0, 0, oldest])
        load[3] += n
        load[4] += late
        load[5] = min(load[5], oldest)
    return [
        ReviewerLoad(
            name=f"{first} {last}".strip() or email,
            email=email,
            open_tasks=n,
            overdue_tasks=late,
            oldest_assigned_at=oldest,
            oldest_age_days=(now - oldest).days,
        )
        for first, last, email, n, late, oldest in sorted(loads.values(), key=lambda x: x[5])
    ]


def _totals(summaries) -> SchoolSummary:
    totals = SchoolSummary(institution=None)
    for summary in summaries:
        for status, count in summary.counts.items():
            totals.counts[status] = totals.counts.get(status, 0) + count
        totals.hand_in_overdue += summary.hand_in_overdue
        totals.open_tasks += summary.open_tasks
        totals.feedback_overdue += summary.feedback_overdue
    return totals
