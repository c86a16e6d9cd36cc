"""The demo schools' package choices (demo/data/choices.yaml), made against their real weak
areas in the latest round; seeded once for the module."""

from datetime import date

import pytest

from competence_packages.models import CompetencePackage, ModulePlan, PackageChoice, SmartGoal
from demo.choices import seed_choices
from demo.mapping import seed_mapping
from demo.organisations import seed_organisations
from demo.packages import seed_packages
from lms.models import User
from modules.models import ModulePage
from profiles_link.models import UnitScore
from profiles_link.selectors import latest_round, weak_areas_for_school

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def _seeded(django_db_setup, seed_for_module, demo_data):
    def seed():
        seed_organisations(demo_data.organisations)
        seed_mapping(demo_data.mapping, demo_data.organisations)
        seed_packages(demo_data.catalogue)
        seed_choices(demo_data.choices)

    with seed_for_module(seed):
        yield


@pytest.fixture
def demo(_seeded, db):
    return None


def _fk01_modules():
    package = CompetencePackage.objects.get(code="FK-01")
    return list(ModulePage.objects.child_of(package).order_by("path"))


def test_aars_chose_feedback_for_its_boys(demo):
    choice = PackageChoice.objects.get(institution__number="773001")
    assert choice.package.code == "FK-01"
    assert sorted(team.name for team in choice.teams.all()) == ["Mellemtrinnet", "Udskolingen"]
    assert choice.chosen_by.email == "leder@demo.dk"
    assert choice.note.startswith("Valgt på baggrund af T2: drengenes faglige trivsel")

    plans = list(choice.module_plans.order_by("starts_on"))
    assert [plan.module for plan in plans] == _fk01_modules()
    assert all(plan.starts_on <= plan.due_on for plan in plans)
    assert all(a.due_on < b.starts_on for a, b in zip(plans, plans[1:], strict=False))
    assert any(plan.due_on < TODAY for plan in plans)
    assert any(plan.due_on > TODAY for plan in plans)
    assert choice.starts_on == plans[0].starts_on and choice.ends_on == plans[-1].due_on
    assert choice.starts_on == date(2026, 9, 28)
    # The autumn holiday (12–18 October) moves the second module's due day by a week.
    assert [(p.starts_on, p.due_on) for p in plans[:2]] == [
        (date(2026, 9, 28), date(2026, 10, 9)),
        (date(2026, 10, 19), date(2026, 11, 6)),
    ]

    goal = SmartGoal.objects.get(choice=choice)
    t2 = latest_round()
    assert (goal.indicator.code, goal.respondent_group, goal.subgroup) == ("FAG", "pupil", "boy")
    assert goal.baseline_round == t2
    school_score = UnitScore.objects.get(
        round=t2, level="school", institution=choice.institution, indicator=goal.indicator,
        respondent_group="pupil", subgroup="boy",
    ).score  # fmt: skip
    assert goal.baseline_score == pytest.approx(school_score, abs=0.1)
    assert 15 <= goal.target_score - goal.baseline_score <= 20
    assert goal.target_score == float(round(goal.baseline_score) + 17)
    assert goal.target_round_label == "T3"
    assert {"indicator": "FAG", "subgroup": "boy"}.items() <= next(
        area for area in choice.weak_areas if area["indicator"] == "FAG"
    ).items()


def test_every_demo_school_chose_against_its_real_weak_areas(demo):
    choices = list(PackageChoice.objects.select_related("institution", "package"))
    assert sorted(c.institution.number for c in choices) == [
        "615001",
        "615002",
        "773001",
        "773002",
    ]
    for choice in choices:
        areas = weak_areas_for_school(institution=choice.institution)
        real = {(a.indicator.code, a.respondent_group, a.subgroup, a.kind) for a in areas}
        snapshot = {
            (a["indicator"], a["respondent_group"], a["subgroup"], a["kind"])
            for a in choice.weak_areas
        }
        assert snapshot and snapshot <= real, choice
        targeted = set(choice.package.target_indicators.values_list("indicator__code", flat=True))
        assert {code for code, *_rest in snapshot} <= targeted
        assert choice.teams.count() >= 2
        assert choice.goals.exists()
        assert ModulePlan.objects.filter(choice=choice).count() == len(
            ModulePage.objects.child_of(choice.package)
        )
        if choice.institution.number != "773001":
            # The package answers the school's top weak area, and the note says why.
            assert areas[0].indicator.code in targeted, choice
            assert choice.starts_on == date(2026, 10, 19)
            assert choice.note.startswith("Valgt på baggrund af T2: ")
            assert len(choice.note) > len("Valgt på baggrund af T2: ") + 20


def test_seeding_choices_twice_changes_nothing(demo, demo_data):
    counts = (PackageChoice.objects.count(), ModulePlan.objects.count(), SmartGoal.objects.count())
    snapshot = list(PackageChoice.objects.values_list("pk", "weak_areas", "starts_on"))

    seed_choices(demo_data.choices)

    assert counts == (
        PackageChoice.objects.count(),
        ModulePlan.objects.count(),
        SmartGoal.objects.count(),
    )
    assert list(PackageChoice.objects.values_list("pk", "weak_areas", "starts_on")) == snapshot


def test_a_leader_sees_the_schools_own_score_in_a_module(demo, client, no_network):
    leader = User.objects.get(email="leder@demo.dk")
    client.force_login(leader)
    intro = _fk01_modules()[0]
    score = UnitScore.objects.get(
        round=latest_round(), level="school", institution__number="773001",
        indicator__code="FAG", respondent_group="pupil", subgroup="all",
    ).score  # fmt: skip
    response = client.get(intro.url)
    assert response.status_code == 200
    assert str(round(score)) in response.content.decode()
    assert no_network == []
