"""Many submissions fast: teams × module assignments, each handed in with an open review task.

Used by the overview tests and by bench/bench_queues.py. Pages go through Wagtail's add_child
(the tree needs it); teams, submissions, versions and review tasks through bulk_create.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from wagtail.models import Page, Site

from assignments.models import Status, Submission, SubmissionVersion
from competence_packages.models import (
    CompetencePackage,
    ModulePlan,
    PackageCatalogue,
    PackageChoice,
)
from feedback.models import ReviewTask, RouteStep
from lms.models import Institution, Team
from modules.models import ModuleAssignmentPage, ModulePage

# Handed-in statuses the submissions cycle through, so every status filter finds something.
HANDED_IN = (Status.SUBMITTED, Status.WRITTEN_FEEDBACK_GIVEN, Status.MEETING_SCHEDULED)


@dataclass
class Workload:
    package: CompetencePackage
    module: ModulePage
    assignments: list[ModuleAssignmentPage]
    teams: list[Team]
    submissions: int


def _catalogue() -> Page:
    found = PackageCatalogue.objects.first()
    if found:
        return found
    root = Site.objects.get(is_default_site=True).root_page
    return root.add_child(instance=PackageCatalogue(title="Kompetencepakker", slug="wl-pakker"))


def build_workload(
    *,
    school: Institution,
    reviewer,
    teams: int,
    assignments: int,
    prefix: str = "W",
    now: datetime | None = None,
    given_by: str = RouteStep.GivenBy.RESOURCE_PERSONS,
) -> Workload:
    """`teams` new teams at `school`, all enrolled in one new module of `assignments`
    assignments; every team has handed in every assignment and `reviewer` holds an open task
    for each. A third of the tasks are past their due time, every fifth hand-in was late, every
    seventh submission's own due date has passed."""
    now = now or timezone.now()
    today = now.date()
    catalogue = _catalogue()
    package = catalogue.add_child(
        instance=CompetencePackage(
            title=f"Pakke {prefix}", slug=f"pakke-{prefix.lower()}", code=f"{prefix}-PKG",
            summary="Til overblikket.",
        )
    )  # fmt: skip
    module = package.add_child(instance=ModulePage(title=f"Modul {prefix}", slug="modul"))
    pages = [
        module.add_child(
            instance=ModuleAssignmentPage(
                title=f"Opgave {prefix}{n:03d}",
                slug=f"opgave-{n}",
                task="<p>Prøv</p>",
                hand_in="<p>Refleksion</p>",
            )
        )  # fmt: skip
        for n in range(assignments)
    ]
    team_rows = Team.objects.bulk_create(
        Team(institution=school, name=f"Team {prefix}{n:03d}") for n in range(teams)
    )
    choice = PackageChoice.objects.create(
        institution=school,
        package=package,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=60),
    )
    choice.teams.set(team_rows)
    due_on = today + timedelta(days=10)
    ModulePlan.objects.create(
        choice=choice, module=module, starts_on=today - timedelta(days=30), due_on=due_on
    )
    submissions = Submission.objects.bulk_create(
        _submission(team, page, n, now, due_on)
        for n, (team, page) in enumerate((t, p) for t in team_rows for p in pages)
    )
    versions = SubmissionVersion.objects.bulk_create(
        SubmissionVersion(
            submission=s, number=1, text=s.text, submitted_at=s.submitted_at, is_late=s.is_late
        )
        for s in submissions
    )
    ReviewTask.objects.bulk_create(
        ReviewTask(
            submission=s,
            version=v,
            position=1,
            kind=RouteStep.Kind.WRITTEN,
            given_by=given_by,
            assignee=reviewer,
            due_at=now + timedelta(days=7 if n % 3 else -2),
        )
        for n, (s, v) in enumerate(zip(submissions, versions, strict=True))
    )
    return Workload(package, module, pages, team_rows, len(submissions))


def _submission(team, page, n: int, now: datetime, due_on: date) -> Submission:
    late = n % 5 == 0
    return Submission(
        team=team,
        assignment=page,
        status=HANDED_IN[n % len(HANDED_IN)],
        text="Vores refleksion",
        due_on=due_on if n % 7 else now.date() - timedelta(days=3),
        submitted_at=now - timedelta(days=4 if not late else 1, minutes=n),
        is_late=late,
    )
