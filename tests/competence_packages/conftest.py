"""Packages in the page tree and real mapping rounds, generated and imported as in production."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from small_round import small_round
from wagtail.models import Site

from competence_packages.models import CompetencePackage, PackageCatalogue, PackageIndicator
from modules.models import ModulePage
from profiles_link.factories import IndicatorFactory
from profiles_link.generator import Effect
from profiles_link.models import MappingRound
from profiles_link.services import mapping_round_import

# Aars Skole's boys lag the girls on academic well-being; the whole school is low on classroom
# management. Strong effects, so a small round shows them clearly.
T1_EFFECTS = [
    Effect("FAG", -0.9, school_code="773001", gender="boy"),
    Effect("KLA", -0.8, school_code="773001"),
]


def import_round(folder: Path, label: str, held_on: date, effects, round_effect=0.0):
    generated = small_round(
        folder / label,
        round_label=label,
        round_effect=round_effect,
        effects=effects,
    )
    return mapping_round_import(source=generated.path, round_label=label, held_on=held_on)


@pytest.fixture
def round_importer():
    """import_round, for tests that import a round in the middle of their story."""
    return import_round


@pytest.fixture
def t1(programme, tmp_path: Path) -> MappingRound:
    return import_round(tmp_path, "T1", date(2024, 9, 16), T1_EFFECTS)


@dataclass
class Packages:
    catalogue: PackageCatalogue
    classroom: CompetencePackage  # targets KLA (3)
    wellbeing: CompetencePackage  # targets FAG (3) and KLA (1)
    parents: CompetencePackage  # targets FOR (2), not weak at Aars Skole
    modules: list[ModulePage]  # the well-being package's two modules


def add_package(catalogue, title: str, code: str, targets: dict[str, int], weeks: int = 12):
    package = catalogue.add_child(
        instance=CompetencePackage(
            title=title, slug=code.lower(), code=code, summary=f"{title}.", estimated_weeks=weeks
        )
    )
    for indicator_code, weight in targets.items():
        PackageIndicator.objects.create(
            package=package, indicator=IndicatorFactory(code=indicator_code), weight=weight
        )
    return package


@pytest.fixture
def packages(db) -> Packages:
    root = Site.objects.get(is_default_site=True).root_page
    catalogue = root.add_child(instance=PackageCatalogue(title="Kompetencepakker", slug="pakker"))
    classroom = add_package(catalogue, "Klasseledelse i praksis", "KL", {"KLA": 3})
    wellbeing = add_package(catalogue, "Faglig trivsel for alle", "FT", {"FAG": 3, "KLA": 1})
    parents = add_package(catalogue, "Forældresamarbejde", "FS", {"FOR": 2})
    modules = [
        wellbeing.add_child(instance=ModulePage(title="Modul 1: Trivsel", slug="modul-1")),
        wellbeing.add_child(instance=ModulePage(title="Modul 2: Feedback", slug="modul-2")),
    ]
    return Packages(catalogue, classroom, wellbeing, parents, modules)
