"""The demo's Danish packages and the demo schools' choices (competence_packages.demo)."""

import socket
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import transaction
from wagtail.embeds.models import Embed
from wagtail.models import Page, Revision

from competence_packages import demo_content
from competence_packages.demo import seed_choices, seed_packages
from competence_packages.models import (
    CompetencePackage,
    ModulePlan,
    PackageCatalogue,
    PackageChoice,
    SmartGoal,
)
from lms.demo import seed_organisations
from lms.models import User
from modules.blocks import ModuleBodyBlock
from modules.models import ModuleAssignmentPage, ModulePage
from profiles_link.demo import seed_mapping
from profiles_link.models import UnitScore
from profiles_link.selectors import latest_round, weak_areas_for_school

TODAY = date(2026, 11, 23)


@contextmanager
def offline():
    """Any attempt to open a connection is recorded (in the yielded list) and refused."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError(f"network access in a test: {address}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
        yield attempts


@pytest.fixture
def no_network():
    with offline() as attempts:
        yield attempts


@contextmanager
def seeded_for_module(django_db_blocker, seed):
    """Seed once for the whole module inside a transaction rolled back at its end; each test's
    own transaction nests inside it (seeding pages through Wagtail takes seconds)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with offline() as attempts:
            seed()
        assert attempts == []
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _seeded_packages(django_db_setup, django_db_blocker):
    with seeded_for_module(django_db_blocker, seed_packages):
        yield


@pytest.fixture
def demo_packages(_seeded_packages, db):
    return list(CompetencePackage.objects.order_by("code"))


def _fk01_modules():
    package = CompetencePackage.objects.get(code="FK-01")
    return list(ModulePage.objects.child_of(package).order_by("path"))


def test_seeding_twice_changes_nothing(demo_packages):
    pages, revisions = Page.objects.count(), Revision.objects.count()
    bodies = {m.pk: list(m.body.raw_data) for m in ModulePage.objects.all()}

    seed_packages()

    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions  # nothing republished
    # Block ids stay the same, so answers saved against them stay attached.
    assert {m.pk: list(m.body.raw_data) for m in ModulePage.objects.all()} == bodies
    assert PackageCatalogue.objects.get().slug == demo_content.CATALOGUE_SLUG


def test_seeding_restores_changed_content(demo_packages):
    module = _fk01_modules()[1]
    module.title = "Noget andet"
    module.save_revision().publish()

    seed_packages()

    module.refresh_from_db()
    assert module.title == "Modul 1: Feedback der flytter læring"
    assert module.live and not module.has_unpublished_changes


def test_all_packages_are_live_with_weighted_target_indicators(demo_packages):
    assert [p.code for p in demo_packages] == sorted(spec.code for spec in demo_content.PACKAGES)
    for package in demo_packages:
        assert package.live, package.title
        weights = {t.indicator.code: t.weight for t in package.target_indicators.all()}
        assert weights, package.title
        assert all(1 <= weight <= 3 for weight in weights.values())
    fk = CompetencePackage.objects.get(code="FK-01")
    assert fk.title == "Feedback og klasseledelse"
    assert {t.indicator.code: t.weight for t in fk.target_indicators.all()} == {
        "FEE": 3,
        "KLA": 3,
        "FAG": 2,
    }
    assert fk.estimated_weeks == 16
    plc = CompetencePackage.objects.get(title="PLC og data")
    assert plc.audience == CompetencePackage.Audience.LEADERSHIP_TEAMS
    assert all(page.live for page in Page.objects.descendant_of(PackageCatalogue.objects.get()))


def test_feedback_package_uses_every_block_type_in_the_programmes_rhythm(demo_packages):
    modules = _fk01_modules()
    assert [m.kind for m in modules] == ["introduction"] + ["content"] * 4 + ["closing"]
    used = {block.block_type for module in modules for block in module.body}
    assert used == set(ModuleBodyBlock().child_blocks)
    for module in modules:
        first_text = next(block for block in module.body if block.block_type == "text")
        assert first_text.value.source.count("<p>") >= 3, module.title
        assert {"discussion", "reflection"} <= {block.block_type for block in module.body}


def test_every_content_module_has_module_assignments(demo_packages):
    for module in ModulePage.objects.filter(kind=ModulePage.Kind.CONTENT):
        assignments = ModuleAssignmentPage.objects.child_of(module).live()
        assert 1 <= assignments.count() <= 2, module.title
        for assignment in assignments:
            assert 2 <= assignment.suggested_duration_weeks <= 4
            assert assignment.task and assignment.hand_in
    fk_assignments = ModuleAssignmentPage.objects.descendant_of(
        CompetencePackage.objects.get(code="FK-01")
    )
    assert fk_assignments.filter(file_expected=True).exists()
    reading_module = ModulePage.objects.get(title="Læs jeres kortlægning")
    titles = list(
        ModuleAssignmentPage.objects.child_of(reading_module).values_list("title", flat=True)
    )
    assert any("Strategisk plan" in t for t in titles)
    assert any("Implementeringsplan" in t for t in titles)


def test_module_content_is_valid_for_the_cms(demo_packages, admin_client):
    for module in ModulePage.objects.all():
        module.body.stream_block.clean(module.body)  # raises on a missing or invalid value
    module = _fk01_modules()[1]
    response = admin_client.get(f"/cms/pages/{module.pk}/edit/")
    assert response.status_code == 200
    assert "Hattie og Helen Timperley" in response.content.decode()


def test_videos_have_static_embeds(demo_packages):
    for video in demo_content.VIDEOS:
        embed = Embed.objects.get(url=video.url)
        assert f"youtube-nocookie.com/embed/{video.youtube_id}" in embed.html
        assert embed.cache_until is None  # never expires, so it is never fetched again


def test_every_module_renders_offline_for_a_content_author(
    demo_packages, programme, client_for, no_network
):
    client = client_for(programme.people["author"])
    pages = [*ModulePage.objects.all(), *ModuleAssignmentPage.objects.all()]
    embeds = Embed.objects.count()
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert page.title in html
    intro = _fk01_modules()[0]
    html = client.get(intro.url).content.decode()
    assert "youtube-nocookie.com/embed/rzwJXUieD0U" in html  # the stored embed, not a fetch
    assert "Velkommen til kompetencepakken" in html
    assert no_network == []
    assert Embed.objects.count() == embeds


def test_catalogue_and_packages_render(demo_packages, programme, client_for, no_network):
    client = client_for(programme.people["teacher"])
    catalogue = PackageCatalogue.objects.get()
    for page in [catalogue, *CompetencePackage.objects.all()]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
    assert no_network == []


def test_without_mapping_data_no_choices_are_made(demo_packages):
    assert latest_round() is None
    seed_organisations()
    seed_choices()
    assert not PackageChoice.objects.exists()


# --------------------------------------------------------------------------- choices


def _seed_demo():
    seed_organisations()
    seed_mapping()
    seed_packages()
    seed_choices()


# Module-scoped: set up when the first test below asks for it, after the tests above have run
# (test_without_mapping_data_no_choices_are_made must come before, as it wants no mapping).
@pytest.fixture(scope="module")
def _seeded_demo(_seeded_packages, django_db_setup, django_db_blocker):
    with seeded_for_module(django_db_blocker, _seed_demo):
        yield


@pytest.fixture
def demo(_seeded_demo, db):
    return None


def test_aars_chose_feedback_for_its_boys(demo):
    choice = PackageChoice.objects.get(institution__number="773001")
    assert choice.package.code == "FK-01"
    assert sorted(team.name for team in choice.teams.all()) == ["Mellemtrinnet", "Udskolingen"]
    assert choice.chosen_by.email == "leder@demo.dk"

    plans = list(choice.module_plans.order_by("starts_on"))
    assert [plan.module for plan in plans] == _fk01_modules()
    assert all(plan.starts_on <= plan.due_on for plan in plans)
    assert all(a.due_on < b.starts_on for a, b in zip(plans, plans[1:], strict=False))
    assert any(plan.due_on < TODAY for plan in plans)
    assert any(plan.due_on > TODAY for plan in plans)
    assert choice.starts_on == plans[0].starts_on and choice.ends_on == plans[-1].due_on

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
            # The package answers the school's top weak area.
            assert areas[0].indicator.code in targeted, choice


def test_seeding_choices_twice_changes_nothing(demo):
    counts = (PackageChoice.objects.count(), ModulePlan.objects.count(), SmartGoal.objects.count())
    snapshot = list(PackageChoice.objects.values_list("pk", "weak_areas", "starts_on"))

    seed_choices()

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
