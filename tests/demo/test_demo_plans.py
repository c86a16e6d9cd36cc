"""The demo's leadership teams and plans (demo/data/plans.yaml): Aars Skole's leadership has done
the course and has an approved plan on the boys' faglig trivsel, Løsning Skole's plan waits for
Hedensted, Løgstør Skole's for Vesthimmerland. Seeded once for the module."""

from __future__ import annotations

import pytest
from django.urls import reverse

from competence_packages.models import CompetencePackage, LeadershipCourse
from demo.choices import seed_choices
from demo.mapping import seed_mapping
from demo.organisations import seed_organisations
from demo.packages import seed_packages
from demo.plans import seed_plans
from lms.models import Team, User
from modules.models import CheckAnswer, ModuleCompletion, ModulePage
from modules.selectors import enrolled_module_ids
from plans import selectors
from plans.models import Plan


@pytest.fixture(scope="module")
def _seeded(django_db_setup, seed_for_module, demo_data):
    def seed():
        seed_organisations(demo_data.organisations)
        seed_mapping(demo_data.mapping, demo_data.organisations)
        seed_packages(demo_data.catalogue)
        seed_choices(demo_data.choices)
        seed_plans(demo_data.plans)

    with seed_for_module(seed):
        yield


@pytest.fixture
def demo(_seeded, db):
    return None


def plans_of(number: str) -> list[Plan]:
    return list(Plan.objects.filter(institution__number=number).order_by("baseline_round__label"))


def test_aars_skoles_leadership_has_done_the_course(demo):
    course = CompetencePackage.objects.get(code="PL-06")
    assert LeadershipCourse.objects.get().package == course
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    assert len(modules) == 4
    team = Team.objects.leadership().get(institution__number="773001")
    assert set(team.members.values_list("email", flat=True)) == {
        "leder@demo.dk",
        "vejleder@demo.dk",
    }
    assert enrolled_module_ids(team_ids=[team.pk]) == {m.pk for m in modules}
    leader = User.objects.get(email="leder@demo.dk")
    assert ModuleCompletion.objects.filter(user=leader, module__in=modules).count() == 4
    checks = CheckAnswer.objects.filter(user=leader, page__in=modules)
    assert checks.count() >= 4 and all(answer.correct for answer in checks)


def test_aars_skole_has_an_approved_plan_with_two_goals_on_its_weak_areas(demo):
    first, current = plans_of("773001")
    for plan in (first, current):
        assert plan.status == Plan.Status.APPROVED
        assert plan.approved_by.email == "forvaltning@demo.dk"
        areas = [f.weak_area for f in plan.focus_areas.order_by("position")]
        assert len(areas) == 2
        assert (areas[0]["indicator"], areas[0]["subgroup"]) == ("FAG", "boy")
        for focus in plan.focus_areas.select_related("goal"):
            assert focus.goal.baseline_score == focus.weak_area["score"]
            assert focus.goal.target_score > focus.goal.baseline_score
    assert current.previous == first
    # The first plan is followed up: T2 is imported.
    view = selectors.plan_view(first)
    assert {item.outcome.status for item in view.focus_areas} <= {"reached", "not_reached"}
    # The current plan's package action is the school's choice in the catalogue.
    assert current.actions.filter(choice__package__code="FK-01").exists()


def test_two_plans_wait_for_the_municipalities(demo):
    (losning,) = plans_of("615001")
    (logstor,) = plans_of("773002")
    assert losning.status == logstor.status == Plan.Status.SUBMITTED
    assert not losning.responses.exists() and not logstor.responses.exists()


def test_the_coordinators_can_answer_their_schools_plans(demo, client):
    (logstor,) = plans_of("773002")
    (losning,) = plans_of("615001")
    url = reverse("plans:plan", args=["773002", logstor.pk])
    client.force_login(User.objects.get(email="forvaltning@demo.dk"))
    assert client.get(url).context["can_answer"]
    client.force_login(User.objects.get(email="forvaltning.hedensted@demo.dk"))
    assert client.get(url).status_code == 403
    page = client.get(reverse("plans:plan", args=["615001", losning.pk]))
    assert page.context["can_answer"]
