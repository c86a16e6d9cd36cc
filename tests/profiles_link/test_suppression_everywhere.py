"""Finding 2: a suppressed cell must not be worked out by subtraction, nor shown, anywhere.

Complementary suppression (mapping-data.md) is tested cell by cell in
test_complementary_suppression; here every page, block, chart and export that shows a score is
rendered for a round where it bites, and none of the suppressed cells' numbers (worked out
outside the database) appears: the school, class, municipality and programme profiles with their
charts, the CSV and Excel exports, both export commands, the package catalogue's weak areas, the
choices page's goal outcomes, and a module's "your data" block.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from test_profile_views import PUPILS, assert_no_number, hidden_scores, tiny_round
from wagtail.models import Site

from competence_packages.models import CompetencePackage, PackageCatalogue, PackageChoice, SmartGoal
from lms import services as lms_services
from lms.factories import UserFactory
from lms.roles import Role
from modules.models import ModulePage
from profiles_link.models import Indicator, MappingRound, UnitScore
from profiles_link.services import mapping_round_import

# Aars Skole and Løgstør as in the profile tests, and a third school of three pupils: it is
# suppressed, and takes Løgstør (the smallest school shown beside it) along.
SMALL_SCHOOL = [
    ("p17", "773003", "3A", "girl", 1, 2),
    ("p18", "773003", "3A", "boy", 2, 1),
    ("p19", "773003", "3A", "girl", 1, 1),
]
FILES = tiny_round([*PUPILS, *SMALL_SCHOOL])


@pytest.fixture
def world(programme):
    mapping_round_import(source=FILES, round_label="T1", held_on=date(2024, 9, 16))
    hidden = set(
        UnitScore.objects.filter(suppressed=True).values_list("level", "unit_code", "subgroup")
    )
    # The round bites where the pages look: classes, girls and boys, and whole schools.
    assert {("school", "773003", "all"), ("school", "773002", "all"),
            ("class", "773001/1A", "all"), ("school", "773001", "boy")} <= hidden  # fmt: skip
    return hidden_scores(FILES)


def assert_none_of(numbers, text: str) -> None:
    assert numbers
    for score in numbers:
        assert_no_number(text, score)


def page(client, url, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, url
    return response.content.decode()


def test_profiles_their_charts_and_exports(client_for, programme, world):
    client = client_for(programme.people["admin"])
    texts = []
    for number in ["773001", "773002", "773003"]:
        for benchmark in ["programme", "municipality"]:
            texts.append(page(client, reverse("profiles:school_profile", args=[number]),
                              benchmark=benchmark))  # fmt: skip
        texts.append(page(client, reverse("profiles:school_profile_csv", args=[number])))
        sheet = load_workbook(
            io.BytesIO(client.get(reverse("profiles:school_profile_xlsx", args=[number])).content)
        ).active
        texts.append("\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row))
    for number, klass in [("773001", "1A"), ("773001", "1B"), ("773002", "2A"), ("773003", "3A")]:
        texts.append(page(client, reverse("profiles:class_profile", args=[number, klass])))
    texts.append(page(client, reverse("profiles:municipality_profile", args=["820"])))
    texts.append(page(client, reverse("profiles:programme_overview")))
    assert "<svg" in texts[0]  # the charts are in the pages checked
    for text in texts:
        assert_none_of(world, text)


def test_the_export_commands(programme, world):
    for level in ["class", "school", "municipality", "programme"]:
        out = io.StringIO()
        call_command("export_profiles", "--round", "T1", "--level", level, stdout=out)
        assert_none_of(world, out.getvalue())
    for school in ["773001", "773002", "773003"]:
        out = io.StringIO()
        call_command("export_weak_areas", "--round", "T1", "--school", school, stdout=out)
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        numbers = {row[key] for row in rows for key in ("score", "benchmark")}
        assert_none_of(world, " ".join(numbers))


@pytest.fixture
def package(programme, world):
    root = Site.objects.get(is_default_site=True).root_page
    catalogue = root.add_child(instance=PackageCatalogue(title="Kompetencepakker", slug="pk"))
    package = catalogue.add_child(
        instance=CompetencePackage(title="Trivsel", slug="trivsel", code="TR", summary="S")
    )
    fag = Indicator.objects.get(code="FAG")
    package.add_child(
        instance=ModulePage(
            title="Jeres data", slug="data",
            body=[("your_data", {"indicator": fag, "respondent_group": "pupil", "intro": ""})],
        )
    )  # fmt: skip
    return package


def test_the_catalogue_the_goal_outcomes_and_the_your_data_block(client_for, programme, package):
    admin = client_for(programme.people["admin"])
    hidden = hidden_scores(FILES)
    for number in ["773001", "773002"]:
        assert_none_of(hidden, page(admin, reverse("competence_packages:catalogue", args=[number])))
    # A goal on the boys of Aars Skole, whose cell is suppressed in its target round.
    choice = PackageChoice.objects.create(
        institution=programme.school, package=package, starts_on=date(2025, 1, 6),
        ends_on=date(2025, 3, 30),
    )  # fmt: skip
    SmartGoal.objects.create(
        choice=choice, indicator=Indicator.objects.get(code="FAG"), respondent_group="pupil",
        subgroup="boy", baseline_round=MappingRound.objects.get(), baseline_score=480,
        target_score=495, target_round_label="T1",
    )  # fmt: skip
    assert_none_of(hidden, page(admin, reverse("competence_packages:choices", args=["773001"])))
    # The module's "your data" block, read by the leader of the school of three pupils.
    leader = UserFactory(email="leder.773003@test.dk")
    from lms.models import Institution  # the school the import created

    lms_services.role_assign(user=leader, role=Role.SCHOOL_LEADER,
                             institution=Institution.objects.get(number="773003"))  # fmt: skip
    module = ModulePage.objects.get(slug="data")
    html = page(client_for(leader), module.get_url())
    assert 'class="your-data-table"' in html and 'class="suppressed"' in html
    assert_none_of(hidden, html)
