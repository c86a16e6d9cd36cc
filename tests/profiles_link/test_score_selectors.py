"""The door to the unit scores: what other apps may read, suppression applied, in fixed queries."""

from __future__ import annotations

from datetime import date

import pytest
from test_profile_views import tiny_round

from profiles_link import api, selectors
from profiles_link.factories import IndicatorFactory
from profiles_link.generator import generate_round
from profiles_link.models import Indicator, MappingRound, UnitScore
from profiles_link.selectors import Cell, SchoolCell
from profiles_link.services import mapping_round_import

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn


@pytest.fixture
def t1(programme) -> MappingRound:
    """Aars Skole (773001) and Løgstør (773002), pupils on FAG; every girl and boy cell is
    suppressed (Løgstør's three, Aars Skole's five beside them), the schools' "all" is shown."""
    return mapping_round_import(source=tiny_round(), round_label="T1", held_on=date(2024, 9, 16))


def fag() -> Indicator:
    return Indicator.objects.get(code="FAG")


def test_school_cells_give_the_schools_own_cells_with_suppression_applied(programme, t1):
    found = selectors.school_cells(institution_ids=[programme.school.pk, programme.other_school.pk])
    assert [(c.institution_name, c.subgroup) for c in found] == [
        ("Aars Skole", "all"), ("Aars Skole", "boy"), ("Aars Skole", "girl"),
        ("Løgstør", "all"), ("Løgstør", "boy"), ("Løgstør", "girl"),
    ]  # fmt: skip
    aars = found[0]
    stored = UnitScore.objects.get(level="school", unit_code="773001", subgroup="all")
    assert aars == SchoolCell(
        institution_id=programme.school.pk,
        institution_name="Aars Skole",
        round_id=t1.pk,
        indicator_id=fag().pk,
        respondent_group="pupil",
        subgroup="all",
        cell=Cell(
            n=10,
            suppressed=False,
            score=stored.score,
            ci_low=stored.ci_low,
            ci_high=stored.ci_high,
            se=stored.se,
        ),
    )
    assert found[2].cell == Cell(n=5, suppressed=True)  # hidden beside Løgstør's three girls
    assert found[5].cell == Cell(n=3, suppressed=True)


def test_a_suppressed_cell_has_no_number_even_if_a_row_had_one(programme, t1):
    """The door does not trust the row: a suppressed cell is n only, whatever is stored."""
    UnitScore.objects.filter(unit_code="773002", subgroup="girl").update(score=512.0)
    (girls,) = selectors.school_cells(
        institution_ids=[programme.other_school.pk], subgroups=["girl"]
    )
    assert girls.cell == Cell(n=3, suppressed=True) and girls.cell.score is None


def test_school_cells_filter_by_round_indicator_group_and_subgroup(programme, t1):
    other = IndicatorFactory(code="ZZZ")
    ids = [programme.school.pk]
    assert len(selectors.school_cells(institution_ids=ids, indicator_ids=[other.pk])) == 0
    assert len(selectors.school_cells(institution_ids=ids, indicator_ids=[fag().pk])) == 3
    assert len(selectors.school_cells(institution_ids=ids, round_ids=[t1.pk + 1])) == 0
    assert len(selectors.school_cells(institution_ids=ids, respondent_groups=["staff"])) == 0
    only_all = selectors.school_cells(institution_ids=ids, subgroups=["all"], round_ids=[t1.pk])
    assert [c.subgroup for c in only_all] == ["all"]
    assert selectors.school_cells(institution_ids=[programme.far_school.pk]) == []
    assert selectors.school_cells(institution_ids=[]) == []


def test_programme_cells_are_keyed_by_round_indicator_group_and_subgroup(t1):
    indicator = fag().pk
    cells = selectors.programme_cells(round_ids=[t1.pk])
    assert list(cells) == [(t1.pk, indicator, "pupil", "all")]
    stored = UnitScore.objects.get(level="programme", subgroup="all")
    assert cells[(t1.pk, indicator, "pupil", "all")].score == stored.score
    every = selectors.programme_cells(round_ids=[t1.pk], subgroups=None)
    assert sorted(key[3] for key in every) == ["all", "boy", "girl"]
    assert every[(t1.pk, indicator, "pupil", "girl")].n == 8
    assert selectors.programme_cells(round_ids=[t1.pk], respondent_groups=["staff"]) == {}
    assert selectors.programme_cells(round_ids=[t1.pk], indicator_ids=[indicator + 1]) == {}
    assert selectors.programme_cells(round_ids=[]) == {}


def test_school_has_results(programme, t1):
    assert selectors.school_has_results(institution_id=programme.school.pk, mapping_round=t1)
    assert selectors.school_has_results(institution_id=programme.school.pk, mapping_round=t1.pk)
    assert not selectors.school_has_results(
        institution_id=programme.far_school.pk, mapping_round=t1
    )


def test_indicators_by_code(db):
    for code in ("SOC", "FAG", "KLA"):
        IndicatorFactory(code=code)
    assert [i.code for i in selectors.indicators()] == ["FAG", "KLA", "SOC"]
    assert selectors.indicator_by_code("KLA").code == "KLA"
    assert selectors.indicator_by_code("XXX") is None


def test_each_read_costs_one_query_however_much_it_finds(
    programme, t1, tmp_path, django_assert_num_queries
):
    def read_everything(round_ids):
        schools = [programme.school.pk, programme.other_school.pk, programme.far_school.pk]
        with django_assert_num_queries(1):
            found = selectors.school_cells(institution_ids=schools, round_ids=round_ids)
        with django_assert_num_queries(1):
            selectors.programme_cells(round_ids=round_ids, subgroups=None)
        with django_assert_num_queries(1):
            selectors.school_has_results(institution_id=schools[0], mapping_round=round_ids[0])
        return found

    small = read_everything([t1.pk])
    generated = generate_round(
        tmp_path / "t2",
        seed=3,
        municipalities=[
            ("820", "Vesthimmerland", [("773001", "Aars Skole"), ("773002", "Løgstør")]),
            ("766", "Hedensted", [("615001", "Hedensted Skole")]),
        ],
        classes_per_school=3,
        pupils_per_class=12,
    )
    t2 = mapping_round_import(source=generated.path, round_label="T2")
    large = read_everything([t1.pk, t2.pk])
    assert len(large) > 10 * len(small)


def test_the_api_names_the_vocabulary_other_apps_use():
    assert api.RespondentGroup.PUPIL == "pupil"
    assert api.Subgroup.GIRL == "girl" and api.Level.SCHOOL == "school"
    assert api.Indicator is Indicator and api.MappingRound is MappingRound
    assert api.WeakArea is selectors.WeakArea
    assert "UnitScore" not in api.__all__
