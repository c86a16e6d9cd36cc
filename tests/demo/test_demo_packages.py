"""The demo's Danish packages (demo/data/packages/), seeded once for the module as Wagtail pages."""

import pytest
from wagtail.embeds.models import Embed
from wagtail.models import Page, Revision

from competence_packages.models import CompetencePackage, PackageCatalogue, PackageChoice
from demo.choices import seed_choices
from demo.organisations import seed_organisations
from demo.packages import seed_packages
from modules.blocks import ModuleBodyBlock
from modules.models import ModuleAssignmentPage, ModulePage
from profiles_link.selectors import latest_round

PACKAGE_CODES = ["FK-01", "KL-02", "ME-04", "FS-05", "PL-06", "RM-03"]
VIDEOS = {
    "https://www.youtube.com/watch?v=rzwJXUieD0U": "rzwJXUieD0U",
    "https://www.youtube.com/watch?v=SFnMTHhKdkw": "SFnMTHhKdkw",
    "https://www.youtube.com/watch?v=_X0mgOOSpLU": "_X0mgOOSpLU",
    "https://www.youtube.com/watch?v=rrkrvAUbU9Y": "rrkrvAUbU9Y",
}


@pytest.fixture(scope="module")
def _seeded_packages(django_db_setup, seed_for_module, demo_data):
    with seed_for_module(lambda: seed_packages(demo_data.catalogue)):
        yield


@pytest.fixture
def demo_packages(_seeded_packages, db):
    return list(CompetencePackage.objects.order_by("code"))


def _fk01_modules():
    package = CompetencePackage.objects.get(code="FK-01")
    return list(ModulePage.objects.child_of(package).order_by("path"))


def test_seeding_twice_changes_nothing(demo_packages, demo_data):
    pages, revisions = Page.objects.count(), Revision.objects.count()
    bodies = {m.pk: list(m.body.raw_data) for m in ModulePage.objects.all()}

    seed_packages(demo_data.catalogue)

    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions  # nothing republished
    # Block ids stay the same, so answers saved against them stay attached.
    assert {m.pk: list(m.body.raw_data) for m in ModulePage.objects.all()} == bodies
    assert PackageCatalogue.objects.get().slug == "kompetencepakker"


def test_seeding_restores_changed_content(demo_packages, demo_data):
    module = _fk01_modules()[1]
    module.title = "Noget andet"
    module.save_revision().publish()

    seed_packages(demo_data.catalogue)

    module.refresh_from_db()
    assert module.title == "Modul 1: Feedback der flytter læring"
    assert module.live and not module.has_unpublished_changes


def test_the_catalogue_has_its_six_packages_with_their_modules(demo_packages):
    assert PackageCatalogue.objects.get().title == "Kompetencepakker"
    assert sorted(p.code for p in demo_packages) == sorted(PACKAGE_CODES)
    assert ModulePage.objects.count() == 18
    assert ModuleAssignmentPage.objects.count() == 16
    fk = CompetencePackage.objects.get(code="FK-01")
    assert [m.slug for m in _fk01_modules()] == [
        "introduktion",
        "feedback-der-flytter-laering",
        "klasseledelse-struktur-regler-og-rutiner",
        "relationer-og-forventninger",
        "feedback-i-praksis-elevernes-stemme",
        "afslutning",
    ]
    assert fk.summary.startswith("Et forløb for skolens team om feedback")
    assert fk.intro.startswith("<p>Kompetencepakken er til skoler, hvor kortlægningen viser")


def test_all_packages_are_live_with_weighted_target_indicators(demo_packages):
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
    course = CompetencePackage.objects.get(code="PL-06")
    assert course.title == "Læringsledelse: fra kortlægning til plan"
    assert course.audience == CompetencePackage.Audience.LEADERSHIP_TEAMS
    assert all(page.live for page in Page.objects.descendant_of(PackageCatalogue.objects.get()))


def test_feedback_package_uses_every_block_type_in_the_programmes_rhythm(demo_packages):
    modules = _fk01_modules()
    assert [m.kind for m in modules] == ["introduction"] + ["content"] * 4 + ["closing"]
    used = {block.block_type for module in modules for block in module.body}
    # The school's whole profile and the checks on its own numbers are the leadership course's.
    assert used == set(ModuleBodyBlock().child_blocks) - {"your_profile", "data_check"}
    for module in modules:
        first_text = next(block for block in module.body if block.block_type == "text")
        assert first_text.value.source.count("<p>") >= 3, module.title
        assert {"discussion", "reflection"} <= {block.block_type for block in module.body}


def test_blocks_keep_their_words(demo_packages):
    module = _fk01_modules()[1]
    blocks = {}
    for block in module.body:
        blocks.setdefault(block.block_type, block.value)  # the first of each type
    assert "<strong>Hvor skal jeg hen?</strong> (målet)" in blocks["text"].source
    check = blocks["check"]
    assert [option["correct"] for option in check["options"]] == [False, True, False]
    assert check["options"][2]["text"] == "7 ud af 10 point."
    assert blocks["discussion"]["minutes"] == 30
    assert blocks["your_data"]["indicator"].code == "FEE"
    assert blocks["reading"]["source"].startswith("John Hattie og Helen Timperley")
    assert blocks["reflection"]["guidance"].startswith("Tænk på en helt almindelig uge.")
    rhythm = next(b for b in module.body if b.block_type == "text" and "<ol>" in b.value.source)
    assert rhythm.value.source.startswith("<h2>Sådan arbejder I med modulet</h2><ol><li>")
    assignment = ModuleAssignmentPage.objects.child_of(module).get()
    assert assignment.hand_in.endswith(
        "<p>Når I har afleveret, får teamet først skriftlig feedback og derefter en mundtlig "
        "feedbacksamtale. Tag besvarelsen og den skriftlige feedback med til samtalen.</p>"
    )


def test_every_content_module_has_module_assignments(demo_packages):
    course = CompetencePackage.objects.get(code="PL-06")
    # The leadership course's plan modules end in the school's plans, not in an assignment.
    for module in ModulePage.objects.child_of(course).filter(slug__startswith="del-3"):
        assert any("/planer/" in b.value.source for b in module.body if b.block_type == "text")
    teams_modules = ModulePage.objects.filter(kind=ModulePage.Kind.CONTENT).not_descendant_of(
        course
    )
    for module in teams_modules:
        assignments = ModuleAssignmentPage.objects.child_of(module).live()
        assert 1 <= assignments.count() <= 2, module.title
        for assignment in assignments:
            assert 2 <= assignment.suggested_duration_weeks <= 4
            assert assignment.task and assignment.hand_in
    fk_assignments = ModuleAssignmentPage.objects.descendant_of(
        CompetencePackage.objects.get(code="FK-01")
    )
    assert fk_assignments.filter(file_expected=True).exists()
    analysis = ModulePage.objects.child_of(course).get(slug="del-2-analyse")
    titles = list(ModuleAssignmentPage.objects.child_of(analysis).values_list("title", flat=True))
    assert titles == ["Modulopgave: Ledelsesteamets analyse af profilen"]


def test_the_leadership_course_uses_the_schools_own_numbers(demo_packages):
    course = CompetencePackage.objects.get(code="PL-06")
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    assert [m.slug for m in modules] == [
        "del-1-laes-profilen",
        "del-2-analyse",
        "del-3-strategisk-plan",
        "del-4-implementeringsplan",
    ]
    blocks = [(b.block_type, b.value) for m in modules for b in m.body]
    shows = {value["show"] for kind, value in blocks if kind == "your_profile"}
    assert shows == {"profile", "weak_areas", "subgroups", "trends"}
    checks = {value["kind"] for kind, value in blocks if kind == "data_check"}
    assert checks == {"interval", "subgroup_gap", "change"}
    assert not any(kind == "your_data" for kind, _value in blocks)  # no fixed indicators


def test_module_content_is_valid_for_the_cms(demo_packages, admin_client):
    for module in ModulePage.objects.all():
        module.body.stream_block.clean(module.body)  # raises on a missing or invalid value
    module = _fk01_modules()[1]
    response = admin_client.get(f"/cms/pages/{module.pk}/edit/")
    assert response.status_code == 200
    assert "Hattie og Helen Timperley" in response.content.decode()


def test_videos_have_static_embeds(demo_packages):
    assert Embed.objects.count() == len(VIDEOS)
    for url, youtube_id in VIDEOS.items():
        embed = Embed.objects.get(url=url)
        assert f"youtube-nocookie.com/embed/{youtube_id}" in embed.html
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


def test_without_mapping_data_no_choices_are_made(demo_packages, demo_data):
    assert latest_round() is None
    seed_organisations(demo_data.organisations)
    seed_choices(demo_data.choices)
    assert not PackageChoice.objects.exists()
