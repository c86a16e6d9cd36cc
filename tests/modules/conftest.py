"""A package with one module holding every block type, a school's choice enrolling `team`."""

from dataclasses import dataclass
from datetime import date

import pytest
from wagtail.models import Site

from competence_packages.models import (
    CompetencePackage,
    ModulePlan,
    PackageCatalogue,
    PackageChoice,
)
from modules.models import ModuleAssignmentPage, ModulePage
from profiles_link.factories import IndicatorFactory, MappingRoundFactory, UnitScoreFactory


def body_blocks(indicator, copies: int = 1, prefix: str = "") -> list[tuple]:
    """`copies` of each block type, with contents numbered so tests can find them."""
    stream = []
    for n in range(1, copies + 1):
        tag = f"{prefix}{n}"
        stream += [
            ("text", f"<p>Feedback virker bedst undervejs {tag}.</p>"),
            (
                "video",
                {
                    "video": f"https://www.youtube.com/watch?v=abc{tag}",
                    "title": f"Lærere om feedback {tag}",
                    "transcript": f"Tre lærere fortæller om feedback {tag}.",
                },
            ),
            (
                "reading",
                {
                    "title": f"Synlig læring {tag}",
                    "url": f"https://example.org/laesning-{tag}",
                    "source": f"Hattie, Dafolo 2013 {tag}",
                    "note": "Kapitel 7.",
                },
            ),
            (
                "reflection",
                {"question": f"Hvornår gav du sidst feedback {tag}?", "guidance": "Tænk konkret."},
            ),
            (
                "check",
                {
                    "question": f"Hvilken feedback virker {tag}?",
                    "options": [
                        {
                            "text": f"Om opgaven {tag}",
                            "correct": True,
                            "explanation": f"Rigtigt: opgaven er i fokus {tag}.",
                        },
                        {
                            "text": f"Ros af personen {tag}",
                            "correct": False,
                            "explanation": f"Ros flytter sjældent læringen {tag}.",
                        },
                    ],
                },
            ),
            ("discussion", {"prompt": f"Hvad prøver vi i næste uge {tag}?", "minutes": 20}),
            (
                "your_data",
                {"indicator": indicator, "respondent_group": "pupil", "intro": f"Jeres tal {tag}"},
            ),
        ]
    return stream


@dataclass
class Content:
    package: CompetencePackage
    module: ModulePage
    other_module: ModulePage
    assignment: ModuleAssignmentPage
    choice: PackageChoice
    indicator: object


@pytest.fixture
def content(programme) -> Content:
    root = Site.objects.get(is_default_site=True).root_page
    catalogue = root.add_child(instance=PackageCatalogue(title="Kompetencepakker", slug="pakker"))
    package = catalogue.add_child(
        instance=CompetencePackage(
            title="Feedback", slug="feedback", code="FK", summary="Om feedback."
        )
    )
    indicator = IndicatorFactory(
        code="FAG", name_da="Faglig trivsel", name_en="Academic well-being"
    )
    module = package.add_child(
        instance=ModulePage(title="Modul 1: Feedback", slug="modul-1", body=body_blocks(indicator))
    )
    other_module = package.add_child(
        instance=ModulePage(
            title="Modul 2: Klasseledelse", slug="modul-2", body=body_blocks(indicator)
        )
    )
    assignment = module.add_child(
        instance=ModuleAssignmentPage(
            title="Modulopgave 1", slug="opgave-1", task="<p>Giv feedback i to uger</p>",
            hand_in="<p>En fælles refleksion</p>",
        )
    )  # fmt: skip
    choice = PackageChoice.objects.create(
        institution=programme.school,
        package=package,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 1),
    )
    choice.teams.add(programme.team)
    ModulePlan.objects.create(
        choice=choice, module=module, starts_on=date(2026, 9, 1), due_on=date(2026, 10, 1)
    )
    return Content(package, module, other_module, assignment, choice, indicator)


@pytest.fixture
def scores(programme, content):
    """Round T1 with Aars Skole's pupils on faglig trivsel, and the programme's value."""
    mapping_round = MappingRoundFactory(label="T1", held_on=date(2025, 9, 1))
    UnitScoreFactory(
        round=mapping_round, institution=programme.school, indicator=content.indicator,
        score=487.6, se=8.0,
    )  # fmt: skip
    UnitScoreFactory(
        round=mapping_round, institution=None, municipality=None, level="programme",
        unit_code="programme", indicator=content.indicator, score=503.2,
    )  # fmt: skip
    return mapping_round


def _block_ids(page: ModulePage, block_type: str) -> list[str]:
    return [block.id for block in page.body if block.block_type == block_type]


@pytest.fixture
def block_ids():
    """block_ids(page, "reflection") → the ids of the page's blocks of that type."""
    return _block_ids


@pytest.fixture
def make_body():
    return body_blocks
