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
from wagtail.models import Page

from competence_packages.models import CompetencePackage, ModulePlan
from feedback.models import ReviewTask
from lms import permissions as lms_permissions
from lms.models import Institution, Municipality, Team
from lms.roles import Role, held_roles
from modules.models import ModuleAssignmentPage

from .models import Status, Submission

# Statuses in which the team still has to hand in: past its due date, the work is overdue.
STILL_TO_HAND_IN = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.RESUBMISSION_REQUESTED)
REVIEWER_ROLES = (Role.MUNICIPAL_RESOURCE_PERSON, Role.LOCAL_RESOURCE_PERSON, Role.SCHOOL_LEADER)


# -- Who may see which overview ------------------------------------------------------------------
# (Decisions for the overview pages only; the lead may move them to a permissions module.)


def can_view_review_queue(user) -> bool:
    """Resource persons and school leaders have a feedback queue; so do municipal coordinators,
    who hold the hand-ins no one else at a school can take. Programme admins may look."""
    if lms_permissions.is_programme_admin(user):
        return True
    roles = held_roles(user)
    return bool(
        roles.institutions_with(*REVIEWER_ROLES)
        or roles.municipalities_with(Role.MUNICIPAL_COORDINATOR)
    )


def can_view_school_overview(user, institution: Institution) -> bool:
    """The school's leaders and local resource persons, its municipal coordinator, admins."""
    if lms_permissions.is_programme_admin(user):
        return True
    roles = held_roles(user)
    if roles.at_institution(institution.pk).intersection(
        {Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON}
    ):
        return True
    return Role.MUNICIPAL_COORDINATOR in roles.in_municipality(institution.municipality_id)


def can_view_municipality_overview(user, municipality: Municipality) -> bool:
    return lms_permissions.can_view_municipality(user, municipality)


# -- Where an assignment sits in the tree -----------------------------------------------------------


@dataclass(frozen=True)
class AssignmentPlace:
    module_title: str
    package_title: str  # empty for a school's own assignment
    package_code: str = ""


def assignment_places(paths: Iterable[str]) -> dict[str, AssignmentPlace]:
    """The module (parent) and package (grandparent) of each assignment path, in two queries."""
    paths = set(paths)
    if not paths:
        return {}
    step = Page.steplen
    parents = dict(
        Page.objects.filter(path__in={p[:-step] for p in paths}).values_list("path", "title")
    )
    packages = {
        path: (title, code)
        for path, title, code in CompetencePackage.objects.filter(
            path__in={p[: -2 * step] for p in paths}
        ).values_list("path", "title", "code")
    }
    places = {}
    for path in paths:
        package_title, package_code = packages.get(path[: -2 * step], ("", ""))
        places[path] = AssignmentPlace(
            module_title=parents.get(path[:-step], ""),
            package_title=package_title,
            package_code=package_code,
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

    Two queries: the module plans (one row per team and module), then the modules' assignments.
    """
    plans = ModulePlan.objects.filter(
        choice__institution_id__in=list(institution_ids), choice__teams__isnull=False
    ).values_list(
        "choice__teams", "module__path", "module__title", "choice__package__title", "due_on"
    )
    by_team_module: dict[tuple[int, str], tuple[str, str, date]] = {}
    for team_id, module_path, module_title, package_title, due_on in plans:
        key = (team_id, module_path)
        earlier = by_team_module.get(key)
        if earlier is None or due_on < earlier[2]:
            by_team_module[key] = (module_title, package_title, due_on)
    module_paths = {module_path for _, module_path in by_team_module}
    if not module_paths:
        return {}
    step = Page.steplen
    condition = Q()
    for module_path in module_paths:
        condition |= Q(path__startswith=module_path)
    children: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    rows = ModuleAssignmentPage.objects.filter(condition, live=True).order_by("path")
    for pk, title, path in rows.values_list("pk", "title", "path"):
        children[path[:-step]].append((pk, title, path))
    result: dict[int, list[Enrolled]] = defaultdict(list)
    for (team_id, module_path), (module_title, package_title, due_on) in by_team_module.items():
        for pk, title, path in children.get(module_path, []):
            result[team_id].append(Enrolled(pk, title, path, module_title, package_title, due_on))
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
    teams = list(Team.objects.filter(institution=institution).order_by("name"))
    enrolled = enrolled_assignments(institution_ids=[institution.pk])
    submissions = (
        Submission.objects.filter(team__institution=institution)
        .order_by()
        .values_list(
            "pk",
            "team_id",
            "assignment_id",
            "assignment__path",
            "assignment__title",
            "status",
            "due_on",
            "extended_until",
            "is_late",
        )
    )
    by_team: dict[int, dict[int, tuple]] = defaultdict(dict)
    for row in submissions:
        by_team[row[1]][row[2]] = row
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
                extra_paths.add(row[3])
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


def _cell(item: Enrolled | None, row, labels, today: date) -> Cell:
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
    pk, _team_id, assignment_id, path, title, status, due_on, extended_until, is_late = row
    due = extended_until or due_on or (item.due_on if item else None)
    return Cell(
        assignment_id=assignment_id,
        title=item.title if item else title,
        module_title=item.module_title if item else "",
        package_title=item.package_title if item else "",
        status=status,
        status_label=str(labels.get(status, status)),
        due_on=due,
        is_late=is_late,
        is_overdue=is_overdue(status=status, due_on=due, today=today),
        submission_id=pk,
        path=path,
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
    hand-ins and feedback; per reviewer: open tasks and the oldest one's age. Five queries."""
    today = now.date()
    schools = list(Institution.objects.filter(municipality=municipality).order_by("name"))
    summaries = {school.pk: SchoolSummary(institution=school) for school in schools}
    team_school = dict(
        Team.objects.filter(institution__municipality=municipality).values_list(
            "pk", "institution_id"
        )
    )
    enrolled = enrolled_assignments(institution_ids=list(summaries))
    submissions = Submission.objects.filter(team__institution__municipality=municipality).order_by()
    seen = set()
    for team_id, assignment_id, status, due_on, extended_until in submissions.values_list(
        "team_id", "assignment_id", "status", "due_on", "extended_until"
    ):
        seen.add((team_id, assignment_id))
        summary = summaries[team_school[team_id]]
        summary.counts[status] = summary.counts.get(status, 0) + 1
        due = extended_until or due_on
        summary.hand_in_overdue += is_overdue(status=status, due_on=due, today=today)
    for team_id, items in enrolled.items():
        summary = summaries.get(team_school.get(team_id))
        if summary is None:
            continue
        for item in items:
            if (team_id, item.assignment_id) not in seen:
                summary.counts[Status.NOT_STARTED] = summary.counts.get(Status.NOT_STARTED, 0) + 1
                summary.hand_in_overdue += is_overdue(
                    status=Status.NOT_STARTED, due_on=item.due_on, today=today
                )
    open_tasks = ReviewTask.objects.filter(
        state=ReviewTask.State.OPEN, submission__team__institution__municipality=municipality
    ).order_by()
    overdue = Q(due_at__lt=now)
    for school_id, count, late in (
        open_tasks.values("submission__team__institution_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=overdue))
        .values_list("submission__team__institution_id", "n", "late")
    ):
        summaries[school_id].open_tasks, summaries[school_id].feedback_overdue = count, late
    loads = (
        open_tasks.values(
            "assignee_id", "assignee__first_name", "assignee__last_name", "assignee__email"
        )
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=overdue),
            oldest=Min("created_at"),
        )
        .values_list(
            "assignee__first_name", "assignee__last_name", "assignee__email", "n", "late", "oldest"
        )
        .order_by("oldest")
    )
    reviewers = [
        ReviewerLoad(
            name=f"{first} {last}".strip() or email,
            email=email,
            open_tasks=n,
            overdue_tasks=late,
            oldest_assigned_at=oldest,
            oldest_age_days=(now - oldest).days,
        )
        for first, last, email, n, late, oldest in loads
    ]
    totals = SchoolSummary(institution=None)
    for summary in summaries.values():
        for status, count in summary.counts.items():
            totals.counts[status] = totals.counts.get(status, 0) + count
        totals.hand_in_overdue += summary.hand_in_overdue
        totals.open_tasks += summary.open_tasks
        totals.feedback_overdue += summary.feedback_overdue
    return MunicipalityOverview(
        schools=list(summaries.values()), totals=totals, reviewers=reviewers
    )
