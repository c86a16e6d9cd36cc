"""The profile selectors' weak areas agree with weak_areas_for_school, cost one query, read well."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from small_round import small_round

from profiles_link import selectors
from profiles_link.generator import Effect
from profiles_link.models import Indicator, MappingRound
from profiles_link.services import mapping_round_import

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn

# The programme's own example, made strong enough to be clear in a small round: Aars Skole's boys
# lag the girls on academic well-being, and the whole school is low on classroom management.
EFFECTS = [
    Effect("FAG", -0.9, school_code="773001", gender="boy"),
    Effect("KLA", -0.8, school_code="773001"),
]


@pytest.fixture
def mapped(programme, tmp_path: Path) -> MappingRound:
    folder = small_round(
        tmp_path / "T1",
        effects=EFFECTS,
    )
    return mapping_round_import(source=folder.path, round_label="T1", held_on=date(2024, 9, 16))


def key(area: selectors.WeakArea) -> tuple:
    return (
        area.indicator.code,
        area.respondent_group,
        area.subgroup,
        area.kind,
        round(area.gap, 6),
    )


@pytest.mark.parametrize("benchmark", ["programme", "municipality"])
def test_profile_weak_areas_agree_with_weak_areas_for_school(programme, mapped, benchmark):
    expected = selectors.weak_areas_for_school(institution=programme.school, benchmark=benchmark)
    profile = selectors.school_profile(
        institution=programme.school,
        mapping_round=mapped,
        rounds=selectors.rounds(),
        benchmark=benchmark,
    )
    assert expected, "the injected effects should give weak areas"
    assert [key(a) for a in profile.weak_areas] == [key(a) for a in expected]


def test_weak_areas_come_largest_gap_first_with_the_injected_ones(programme, mapped):
    areas = selectors.school_weak_areas(
        institution=programme.school,
        mapping_round=mapped,
        benchmark="programme",
        indicators=selectors.profile_indicators(),
    )
    gaps = [area.gap for area in areas]
    assert gaps == sorted(gaps, reverse=True)
    kinds = {(a.indicator.code, a.kind, a.subgroup) for a in areas}
    assert ("FAG", "subgroup_gap", "boy") in kinds
    assert ("KLA", "below_benchmark", "all") in kinds


def test_explanation_names_the_gap_and_the_indicator(programme, mapped):
    areas = selectors.school_weak_areas(
        institution=programme.school,
        mapping_round=mapped,
        benchmark="programme",
        indicators=selectors.profile_indicators(),
    )
    boys = next(a for a in areas if a.kind == "subgroup_gap" and a.indicator.code == "FAG")
    assert boys.gap >= 15 and boys.benchmark > boys.score
    with translation.override("da"):
        text = boys.explanation
    assert f"{boys.gap:.0f}" in text and "Faglig trivsel" in text
    with translation.override("en"):
        assert boys.explanation.startswith("The boys score")


def test_weak_areas_cost_one_query_with_indicators_loaded(
    programme, mapped, django_assert_num_queries
):
    indicators = selectors.profile_indicators()
    with django_assert_num_queries(1):
        areas = selectors.school_weak_areas(
            institution=programme.school,
            mapping_round=mapped,
            benchmark="municipality",
            indicators=indicators,
        )
    assert all(isinstance(area.indicator, Indicator) for area in areas)


def test_school_profile_costs_three_queries_whatever_it_finds(
    programme, mapped, django_assert_num_queries
):
    rounds = selectors.rounds()
    with django_assert_num_queries(3):
        profile = selectors.school_profile(
            institution=programme.school, mapping_round=mapped, rounds=rounds
        )
    with django_assert_num_queries(3):
        elsewhere = selectors.school_profile(
            institution=programme.far_school, mapping_round=mapped, rounds=rounds
        )
    assert profile.weak_areas and profile.classes
    assert not elsewhere.groups and not elsewhere.weak_areas  # 615001 is not in the round


def test_municipality_benchmark_is_the_municipality_score_shown_beside_the_school(
    programme, mapped
):
    rounds = selectors.rounds()
    profile = selectors.school_profile(
        institution=programme.school, mapping_round=mapped, rounds=rounds, benchmark="municipality"
    )
    below = [a for a in profile.weak_areas if a.kind == "below_benchmark"]
    assert below
    for area in below:
        group = selectors.school_profile(
            institution=programme.school,
            mapping_round=mapped,
            rounds=rounds,
            respondent_group=area.respondent_group,
        )
        row = next(r for r in group.rows if r.indicator.code == area.indicator.code)
        municipality = row.benchmarks[group.benchmark_levels.index("municipality")]
        assert area.benchmark == pytest.approx(municipality.score)
        assert area.score == pytest.approx(row.cell.score)
        assert row.cell.ci_high < municipality.score
