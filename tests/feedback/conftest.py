"""Fixtures for feedback: a module assignment, an enrolled team, and handing in for real."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from wagtail.models import Site

from assignments.services import draft_save, submission_get_or_create, submission_submit
from competence_packages.models import (
    CompetencePackage,
    ModulePlan,
    PackageCatalogue,
    PackageChoice,
)
from demo.routes import load_routes, seed_routes
from lms import services as lms_services
from lms.factories import TeamFactory, UserFactory
from lms.roles import Role
from modules.models import ModuleAssignmentPage, ModulePage


@dataclass
class Tree:
    package: CompetencePackage
    module: ModulePage
    assignment: ModuleAssignmentPage


@pytest.fixture
def tree(db) -> Tree:
    root = Site.objects.get(is_default_site=True).root_page
    catalogue = root.add_child(instance=PackageCatalogue(title="Kompetencepakker", slug="pk"))
    package = catalogue.add_child(
        instance=CompetencePackage(title="Feedback", slug="feedback", code="FB", summary="S")
    )
    module = package.add_child(instance=ModulePage(title="Modul 1", slug="modul-1"))
    assignment = module.add_child(
        instance=ModuleAssignmentPage(title="Modulopgave 1", slug="opgave-1", task="<p>T</p>",
                                      hand_in="<p>H</p>")
    )  # fmt: skip
    return Tree(package, module, assignment)


def enrol(*, institution, tree, teams, due_on=None) -> PackageChoice:
    today = date.today()
    due_on = due_on or today + timedelta(days=14)
    choice = PackageChoice.objects.create(
        institution=institution, package=tree.package,
        starts_on=min(today - timedelta(days=30), due_on), ends_on=today + timedelta(days=90),
    )  # fmt: skip
    choice.teams.set(teams)
    ModulePlan.objects.create(choice=choice, module=tree.module,
                              starts_on=min(today - timedelta(days=20), due_on), due_on=due_on)  # fmt: skip
    return choice


@pytest.fixture
def enrol_teams():
    return enrol


@pytest.fixture
def routes(programme):
    """The demo municipalities' routes (not the demo schools' own: the fixture's Løgstør is a
    school of the municipality's route)."""
    seed_routes({code: steps for code, steps in load_routes().items() if len(code) == 3})


@pytest.fixture
def hedensted(programme, tree):
    """Løsning Skole (far_school, Hedensted 766) with a leader and an enrolled team."""
    leader = UserFactory(email="leder.hedensted@test.dk", first_name="Hanne")
    lms_services.role_assign(user=leader, role=Role.SCHOOL_LEADER,
                             institution=programme.far_school)  # fmt: skip
    team = TeamFactory(institution=programme.far_school, name="Indskolingen")
    lms_services.team_member_add(team=team, user=programme.people["far_teacher"])
    enrol(institution=programme.far_school, tree=tree, teams=[team])
    return {"leader": leader, "team": team}


@pytest.fixture
def enrolled(programme, tree):
    return enrol(institution=programme.school, tree=tree,
                 teams=[programme.team, programme.other_team])  # fmt: skip


def _hand_in(*, team, assignment, by, text="Vi prøvede feedback i tre uger."):
    """The team writes a draft and hands it in through the assignments services."""
    submission = submission_get_or_create(team=team, assignment=assignment)
    draft_save(submission=submission, text=text, base_revision=submission.revision, by=by)
    version = submission_submit(submission=submission, by=by)
    submission.refresh_from_db()
    return submission, version


@pytest.fixture
def hand_in():
    return _hand_in


@pytest.fixture
def handed_in(programme, tree, enrolled, routes, django_capture_on_commit_callbacks):
    """Mellemtrinnet at Aars Skole (Vesthimmerland route) has handed in version 1."""
    with django_capture_on_commit_callbacks(execute=True):
        return _hand_in(team=programme.team, assignment=tree.assignment,
                       by=programme.people["teacher"])  # fmt: skip
