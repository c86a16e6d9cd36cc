"""A small programme for the plan tests (and the browser test): real mapping rounds generated
and imported as in production, a leadership course and a package for teacher teams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from small_round import small_round
from wagtail.models import Site

from competence_packages.models import (
    CompetencePackage,
    LeadershipCourse,
    PackageCatalogue,
    PackageIndicator,
)
from modules.models import ModuleAssignmentPage, ModulePage
from profiles_link.factories import IndicatorFactory
from profiles_link.generator import Effect
from profiles_link.services import mapping_round_import

# Aars Skole's boys lag the girls on faglig trivsel; the school is low on classroom management.
T1_EFFECTS = [
    Effect("FAG", -0.9, school_code="773001", gender="boy"),
    Effect("KLA", -0.8, school_code="773001"),
]
# By T3 the boys have caught up; classroom management has not moved.
T3_EFFECTS = [Effect("KLA", -1.6, school_code="773001")]


def import_round(folder: Path, label: str, held_on: date, effects, round_effect=0.0):
    generated = small_round(
        folder / label,
        round_label=label,
        round_effect=round_effect,
        effects=effects,
    )
    return mapping_round_import(source=generated.path, round_label=label, held_on=held_on)


@dataclass
class Course:
    catalogue: PackageCatalogue
    leadership: CompetencePackage
    modules: list[ModulePage]
    assignment: ModuleAssignmentPage
    wellbeing: CompetencePackage  # for teacher teams, targets FAG


def build_course(mapping_round=None, *, data_checks: bool = True) -> Course:
    root = Site.objects.get(is_default_site=True).root_page
    catalogue = root.add_child(instance=PackageCatalogue(title="Kompetencepakker", slug="pakker"))
    leadership = catalogue.add_child(
        instance=CompetencePackage(
            title="Læringsledelse: fra kortlægning til plan",
            slug="ll",
            code="LL",
            summary="Ledelsesteamets forløb.",
            audience=CompetencePackage.Audience.LEADERSHIP_TEAMS,
            estimated_weeks=8,
        )
    )
    body = [
        {"type": "your_profile", "value": {"show": "profile", "intro": ""}, "id": "profile-1"},
        {"type": "reflection", "value": {"question": "Hvad overrasker jer?", "guidance": ""},
         "id": "reflection-1"},
    ]  # fmt: skip
    if data_checks:
        body.insert(
            1,
            {
                "type": "data_check",
                "value": {"kind": "interval", "respondent_group": "pupil", "intro": ""},
                "id": "check-1",
            },
        )
    reading = leadership.add_child(
        instance=ModulePage(title="Del 1: Læs profilen", slug="del-1", body=body)
    )
    analysis = leadership.add_child(instance=ModulePage(title="Del 2: Analyse", slug="del-2"))
    assignment = analysis.add_child(
        instance=ModuleAssignmentPage(
            title="Modulopgave: Ledelsesteamets analyse",
            slug="analyse",
            task="<p>Analysér profilen.</p>",
            hand_in="<p>Analysen.</p>",
        )
    )
    wellbeing = catalogue.add_child(
        instance=CompetencePackage(
            title="Faglig trivsel for alle", slug="ft", code="FT", summary="Trivsel.",
            estimated_weeks=12,
        )
    )  # fmt: skip
    PackageIndicator.objects.create(
        package=wellbeing, indicator=IndicatorFactory(code="FAG"), weight=3
    )
    wellbeing.add_child(instance=ModulePage(title="Modul 1: Trivsel", slug="modul-1"))
    wellbeing.add_child(instance=ModulePage(title="Modul 2: Feedback", slug="modul-2"))
    if mapping_round is not None:
        LeadershipCourse.objects.create(
            mapping_round=mapping_round, package=leadership, starts_on=date(2024, 10, 1)
        )
    return Course(catalogue, leadership, [reading, analysis], assignment, wellbeing)
