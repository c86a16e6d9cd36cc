"""Fixtures for team submissions, reusable by the feedback and overview tests.

`module_tree`: catalogue → package → module → assignment under the default site root.
`enrolled`: a PackageChoice at `programme.school` enrolling `programme.team` and
`programme.other_team` in the module, due in two weeks.
`school_assignment`: a school-local assignment for `programme.school`.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from wagtail.models import Site

from competence_packages.models import (
    CompetencePackage,
    ModulePlan,
    PackageCatalogue,
    PackageChoice,
)
from modules.models import (
    ModuleAssignmentPage,
    ModulePage,
    SchoolAssignmentsIndexPage,
    SchoolAssignmentsPage,
)


@dataclass
class ModuleTree:
    catalogue: PackageCatalogue
    package: CompetencePackage
    module: ModulePage
    assignment: ModuleAssignmentPage


def build_module_tree(*, code: str = "FK", slug: str = "pakker") -> ModuleTree:
    root = Site.objects.get(is_default_site=True).root_page
    catalogue = root.add_child(instance=PackageCatalogue(title="Kompetencepakker", slug=slug))
    package = catalogue.add_child(
        instance=CompetencePackage(
            title="Feedback og klasseledelse", slug="feedback", code=code,
            summary="Feedback der flytter elevernes læring.",
        )
    )  # fmt: skip
    module = package.add_child(instance=ModulePage(title="Modul 1: Feedback", slug="modul-1"))
    assignment = module.add_child(
        instance=ModuleAssignmentPage(
            title="Modulopgave 1", slug="opgave-1", task="<p>Giv feedback i tre uger</p>",
            hand_in="<p>En fælles refleksion</p>",
        )
    )  # fmt: skip
    return ModuleTree(catalogue, package, module, assignment)


def enrol(*, institution, package, module, teams, due_on=None, chosen_by=None) -> PackageChoice:
    today = date.today()
    due_on = due_on or today + timedelta(days=14)
    choice = PackageChoice.objects.create(
        institution=institution,
        package=package,
        starts_on=min(today - timedelta(days=30), due_on),
        ends_on=max(today + timedelta(days=90), due_on),
        chosen_by=chosen_by,
    )
    choice.teams.set(teams)
    ModulePlan.objects.create(
        choice=choice, module=module, starts_on=min(today - timedelta(days=7), due_on),
        due_on=due_on,
    )  # fmt: skip
    return choice


@pytest.fixture
def module_tree(db) -> ModuleTree:
    return build_module_tree()


@pytest.fixture
def enrolled(programme, module_tree) -> PackageChoice:
    return enrol(
        institution=programme.school,
        package=module_tree.package,
        module=module_tree.module,
        teams=[programme.team, programme.other_team],
        chosen_by=programme.people["leader"],
    )


@pytest.fixture
def school_assignment(programme) -> ModuleAssignmentPage:
    """A published school-local assignment written by `programme.school` itself."""
    page = SchoolAssignmentsPage.objects.filter(institution=programme.school).first()
    if page is None:
        index = SchoolAssignmentsIndexPage.objects.first()
        if index is None:
            root = Site.objects.get(is_default_site=True).root_page
            index = root.add_child(
                instance=SchoolAssignmentsIndexPage(title="Skolernes", slug="skoler")
            )
        page = index.add_child(
            instance=SchoolAssignmentsPage(
                title="Aars Skoles opgaver", slug="aars", institution=programme.school
            )
        )
    return page.add_child(
        instance=ModuleAssignmentPage(
            title="Vores egen opgave", slug="egen", task="<p>Observér hinanden</p>",
            hand_in="<p>Noter</p>",
        )
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
