"""The 500-point scale, unit aggregates and weak areas on hand-computed cases.

Expected numbers are worked out in the test (the arithmetic is written out),
never by calling the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from profiles_link.parsing import RoundData
from profiles_link.scoring import (
    AGGREGATE_COLUMNS,
    public_view,
    reference_parameters,
    respondent_raw_scores,
    score500,
    score_round,
    unit_aggregates,
    weak_areas,
)


def frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


def respondents(rows: list[tuple]) -> pd.DataFrame:
    cols = "respondent_id respondent_group municipality_code school_code class_code gender"
    return frame(cols, rows)


def round_data(items: list[tuple], answers: list[tuple], people: list[tuple]) -> RoundData:
    return RoundData(
        indicators=frame("indicator_code name_da name_en", [("A", "A", "A"), ("B", "B", "B")]),
        items=frame("item_code indicator_code respondent_group reverse min max text", items),
        respondents=respondents(people),
        answers=frame("respondent_id item_code value", answers),
    )


def raw_of(raw: pd.DataFrame, respondent: str, indicator: str) -> float | None:
    hit = raw.loc[(raw["respondent_id"] == respondent) & (raw["indicator_code"] == indicator)]
    return None if hit.empty else float(hit["raw"].iloc[0])


# Indicator A: four pupil items on 5-, 4- (reversed), 3- and 0..4-point scales,
# plus one staff item, so |I| is 4 for pupils and 1 for staff.
# Indicator B: three pupil items, |I| = 3.
ITEMS = [
    ("A1", "A", "pupil", 0, 1, 5, ""),
    ("A2", "A", "pupil", 1, 1, 4, ""),
    ("A3", "A", "pupil", 0, 1, 3, ""),
    ("A4", "A", "pupil", 0, 0, 4, ""),
    ("A5", "A", "staff", 0, 1, 5, ""),
    ("B1", "B", "pupil", 0, 1, 5, ""),
    ("B2", "B", "pupil", 0, 1, 5, ""),
    ("B3", "B", "pupil", 1, 1, 5, ""),
]
PEOPLE = [
    ("p1", "pupil", "766", "615004", "5A", "girl"),
    ("p2", "pupil", "766", "615004", "5A", "boy"),
    ("p3", "pupil", "766", "615004", "5A", "boy"),
    ("s1", "staff", "766", "615004", "", ""),
]


# --------------------------------------------------------------------------- raw scores


def test_raw_score_reverses_and_normalises_mixed_scales() -> None:
    answers = [
        ("p1", "A1", 4),  # (4-1)/(5-1) = 0.75
        ("p1", "A2", 2),  # reversed: 1+4-2 = 3 -> (3-1)/(4-1) = 2/3
        ("p1", "A3", 3),  # (3-1)/(3-1) = 1
        ("p1", "A4", 1),  # (1-0)/(4-0) = 0.25
        ("s1", "A5", 5),  # (5-1)/4 = 1
    ]
    raw = respondent_raw_scores(round_data(ITEMS, answers, PEOPLE))
    assert raw_of(raw, "p1", "A") == pytest.approx((0.75 + 2 / 3 + 1 + 0.25) / 4)
    assert raw_of(raw, "s1", "A") == pytest.approx(1.0)
    row = raw.loc[raw["respondent_id"] == "s1"].iloc[0]
    assert (row["indicator_code"], row["respondent_group"]) == ("A", "staff")
    assert list(raw.columns) == ["respondent_id", "indicator_code", "respondent_group", "raw"]


def test_half_answered_rule_at_the_boundary() -> None:
    answers = [
        # A, |I| = 4 for pupils: a = 2 -> 2·2 = 4 >= 4 scored; a = 1 -> 2 < 4 not.
        ("p1", "A1", 5),  # 1
        ("p1", "A2", 4),  # reversed: 1+4-4 = 1 -> 0
        ("p2", "A3", 2),  # a = 1
        # B, |I| = 3: a = 2 -> 4 >= 3 scored; a = 1 -> 2 < 3 not.
        ("p1", "B1", 3),  # 0.5
        ("p1", "B3", 2),  # reversed: 1+5-2 = 4 -> 0.75
        ("p2", "B2", 5),  # a = 1
    ]
    raw = respondent_raw_scores(round_data(ITEMS, answers, PEOPLE))
    # If the staff item counted towards the pupils' |I| (5), a = 2 would fail.
    assert raw_of(raw, "p1", "A") == pytest.approx((1 + 0) / 2)
    assert raw_of(raw, "p2", "A") is None
    assert raw_of(raw, "p1", "B") == pytest.approx((0.5 + 0.75) / 2)
    assert raw_of(raw, "p2", "B") is None
    assert raw_of(raw, "p3", "A") is None  # answered nothing
    assert len(raw) == 2


# --------------------------------------------------------------------------- 500 scale


def test_reference_parameters_use_sample_sd() -> None:
    raw = frame(
        "respondent_id indicator_code respondent_group raw",
        [("r1", "A", "pupil", 0.2), ("r2", "A", "pupil", 0.4), ("r3", "A", "pupil", 0.9)],
    )
    params = reference_parameters(raw)
    # mean = 1.5/3 = 0.5; squared deviations 0.09 + 0.01 + 0.16 = 0.26; /(3-1) = 0.13.
    assert params.loc[0, "mean"] == pytest.approx(0.5)
    assert params.loc[0, "sd"] == pytest.approx(math.sqrt(0.13))
    assert params.loc[0, "n"] == 3


def test_reference_parameters_are_per_indicator_and_group() -> None:
    raw = frame(
        "respondent_id indicator_code respondent_group raw",
        [
            ("r1", "A", "pupil", 0.0),
            ("r2", "A", "pupil", 1.0),
            ("s1", "A", "staff", 0.5),
            ("s2", "A", "staff", 0.7),
        ],
    )
    params = reference_parameters(raw).set_index(["indicator_code", "respondent_group"])
    assert params.loc[("A", "pupil"), "mean"] == pytest.approx(0.5)
    # pupils: deviations ±0.5 -> (0.25+0.25)/1 = 0.5; staff: ±0.1 -> 0.02/1.
    assert params.loc[("A", "pupil"), "sd"] == pytest.approx(math.sqrt(0.5))
    assert params.loc[("A", "staff"), "mean"] == pytest.approx(0.6)
    assert params.loc[("A", "staff"), "sd"] == pytest.approx(math.sqrt(0.02))


def test_score500_and_a_later_round_on_the_reference_scale() -> None:
    t1 = frame(
        "respondent_id indicator_code respondent_group raw",
        [("r1", "A", "pupil", 0.2), ("r2", "A", "pupil", 0.4), ("r3", "A", "pupil", 0.9)],
    )
    params = reference_parameters(t1)
    sd = math.sqrt(0.13)  # 0.360555...
    scored = score500(t1, params)
    assert scored["score"].tolist() == pytest.approx(
        [500 + 100 * (0.2 - 0.5) / sd, 500 + 100 * (0.4 - 0.5) / sd, 500 + 100 * 0.4 / sd]
    )
    # T2 uses T1's μ and σ: raw 0.5 is exactly 500, raw 0.68 is 500 + 18/σ.
    t2 = frame(
        "respondent_id indicator_code respondent_group raw",
        [("q1", "A", "pupil", 0.5), ("q2", "A", "pupil", 0.68), ("q3", "B", "pupil", 0.9)],
    )
    later = score500(t2, params)
    assert later["score"].tolist() == pytest.approx([500.0, 500 + 18 / sd])
    assert later["score"].iloc[1] == pytest.approx(549.92, abs=0.005)
    # B has no reference scale, so q3 has no score.
    assert "q3" not in set(later["respondent_id"])


def test_indicator_without_spread_in_the_reference_gives_no_score() -> None:
    raw = frame(
        "respondent_id indicator_code respondent_group raw",
        [("r1", "A", "pupil", 0.5), ("r2", "A", "pupil", 0.5), ("r3", "B", "pupil", 0.1)],
    )
    assert score500(raw, reference_parameters(raw)).empty  # σ = 0 for A, NaN for B


def test_score_round_chains_the_rules() -> None:
    answers = [("p1", "A1", 5), ("p1", "A2", 4), ("p2", "A1", 3), ("p2", "A3", 3)]
    scored = score_round(round_data(ITEMS, answers, PEOPLE))
    # raw p1 = (1 + 0)/2 = 0.5; raw p2 = (0.5 + 1)/2 = 0.75; mean 0.625,
    # sd = sqrt((0.125² + 0.125²)/1) = 0.125·√2 -> scores 500 ∓ 100/√2.
    by_id = dict(zip(scored.scores["respondent_id"], scored.scores["score"], strict=True))
    assert by_id["p1"] == pytest.approx(500 - 100 / math.sqrt(2))
    assert by_id["p2"] == pytest.approx(500 + 100 / math.sqrt(2))


# --------------------------------------------------------------------------- aggregates

# Municipality 766: school 012345 (class 5A: girl 480, boy 520, boy 500, no
# gender 540; class 5B: girl 460) and school 612345 (one girl, no class, 600).
# Municipality 820: school 820001 with one staff member (450).
AGG_PEOPLE = [
    ("g1", "pupil", "766", "012345", "5A", "girl"),
    ("b1", "pupil", "766", "012345", "5A", "boy"),
    ("b2", "pupil", "766", "012345", "5A", "boy"),
    ("u1", "pupil", "766", "012345", "5A", ""),
    ("g2", "pupil", "766", "012345", "5B", "girl"),
    ("g3", "pupil", "766", "612345", "", "girl"),
    ("s1", "staff", "820", "820001", "", ""),
]
AGG_SCORES = frame(
    "respondent_id indicator_code respondent_group raw score",
    [
        ("g1", "A", "pupil", 0.0, 480.0),
        ("b1", "A", "pupil", 0.0, 520.0),
        ("b2", "A", "pupil", 0.0, 500.0),
        ("u1", "A", "pupil", 0.0, 540.0),
        ("g2", "A", "pupil", 0.0, 460.0),
        ("g3", "A", "pupil", 0.0, 600.0),
        ("s1", "A", "staff", 0.0, 450.0),
    ],
)


def agg_row(aggregates: pd.DataFrame, level: str, unit: str, group: str, sub: str) -> pd.Series:
    hit = aggregates.loc[
        (aggregates["level"] == level)
        & (aggregates["unit_code"] == unit)
        & (aggregates["respondent_group"] == group)
        & (aggregates["subgroup"] == sub)
    ]
    assert len(hit) == 1, (level, unit, group, sub)
    return hit.iloc[0]


def test_school_aggregate_with_interval() -> None:
    aggs = unit_aggregates(AGG_SCORES, respondents(AGG_PEOPLE))
    school = agg_row(aggs, "school", "012345", "pupil", "all")
    # (480+520+500+540+460)/5 = 500; deviations -20, 20, 0, 40, -40 -> 4000/4 = 1000.
    sd = math.sqrt(1000)
    se = sd / math.sqrt(5)  # 14.1421
    assert school["n"] == 5
    assert school["score"] == pytest.approx(500.0)
    assert school["sd"] == pytest.approx(sd)
    assert school["se"] == pytest.approx(se)
    assert school["ci_low"] == pytest.approx(500 - 1.96 * se)
    assert school["ci_high"] == pytest.approx(500 + 1.96 * se)
    # n = 5 is enough, but municipality 766 minus this school would give g3's score (school
    # 612345, n = 1): complementary suppression hides it; its numbers stay in this frame.
    assert school["suppressed"]
    assert (school["municipality_code"], school["school_code"]) == ("766", "012345")


def test_class_level_unit_codes_and_suppression_at_four_vs_five() -> None:
    aggs = unit_aggregates(AGG_SCORES, respondents(AGG_PEOPLE))
    five_a = agg_row(aggs, "class", "012345/5A", "pupil", "all")
    # 480, 520, 500, 540 -> n = 4 < 5: suppressed, mean (2040/4 = 510) kept internally.
    assert five_a["n"] == 4
    assert five_a["score"] == pytest.approx(510.0)
    assert five_a["suppressed"]
    # The school (n = 5) is not below the threshold; it is hidden beside school 612345 (n = 1).
    assert agg_row(aggs, "school", "012345", "pupil", "all")["n"] == 5
    # g3 has no class, so school 612345 has no class rows at all.
    classes = set(aggs.loc[aggs["level"] == "class", "unit_code"])
    assert classes == {"012345/5A", "012345/5B"}
    # With the threshold at 4, the n = 4 class is not below it; it is hidden all the same, since
    # the school minus 5A would give 5B's one pupil (complementary suppression).
    lower = unit_aggregates(AGG_SCORES, respondents(AGG_PEOPLE), suppression_min_n=4)
    assert agg_row(lower, "class", "012345/5B", "pupil", "all")["suppressed"]  # n = 1
    assert agg_row(lower, "class", "012345/5A", "pupil", "all")["suppressed"]
    # At the threshold itself a cell is shown: at 6, municipality 766 (n = 6) is, and the school
    # (n = 5) is not.
    six = unit_aggregates(AGG_SCORES, respondents(AGG_PEOPLE), suppression_min_n=6)
    assert not agg_row(six, "municipality", "766", "pupil", "all")["suppressed"]
    assert agg_row(six, "school", "012345", "pupil", "all")["suppressed"]


def test_n_of_one_has_no_interval() -> None:
    aggs = unit_aggregates(AGG_SCORES, respondents(AGG_PEOPLE), suppression_min_n=1)
    single = agg_row(aggs, "class", "012345/5B", "pupil", "all")
    assert single["n"] == 1
    assert single["score"] == pytest.approx(460.0)
    assert np.isnan(single["sd"]) and np.isnan(single["se"])
    assert np.isnan(single["ci_low"]) and np.isnan(single["ci_high"])


def test_girls_and_boys_subgroups_leave_out_empty_gender() -> None:
    aggs = unit_aggregates(AGG_SCORES, respondents(AGG_PEOPLE))
    girls = agg_row(aggs, "school", "012345", "pupil", "girl")
    boys = agg_row(aggs, "school", "012345", "pupil", "boy")
    # girls 480, 460 -> 470, sd = sqrt((10² + 10²)/1) = √200, se = √200/√2 = 10.
    assert (girls["n"], girls["score"]) == (2, pytest.approx(470.0))
    assert girls["se"] == pytest.approx(10.0)
    assert girls["ci_high"] == pytest.approx(470 + 19.6)
    # boys 520, 500 -> 510; u1 (no gender) is only in "all".
    assert (boys["n"], boys["score"]) == (2, pytest.approx(510.0))
    assert girls["n"] + boys["n"] == 4 < agg_row(aggs, "school", "012345", "pupil", "all")["n"]
    # No girl/boy rows for staff.
    staff = aggs.loc[aggs["respondent_group"] == "staff", "subgroup"]
    assert set(staff) == {"all"}


def test_municipality_and_programme_levels() -> None:
    aggs = unit_aggregates(AGG_SCORES, respondents(AGG_PEOPLE))
    muni = agg_row(aggs, "municipality", "766", "pupil", "all")
    # The class-less pupil counts above class level: (2500 + 600)/6 = 516.67.
    assert muni["n"] == 6
    assert muni["score"] == pytest.approx(3100 / 6)
    # Suppressed units still count upwards: school 612345 (n = 1) is in 766.
    assert agg_row(aggs, "school", "612345", "pupil", "all")["suppressed"]
    programme = agg_row(aggs, "programme", "programme", "pupil", "all")
    assert programme["n"] == 6
    assert programme["score"] == pytest.approx(3100 / 6)
    prog_girls = agg_row(aggs, "programme", "programme", "pupil", "girl")
    assert prog_girls["score"] == pytest.approx((480 + 460 + 600) / 3)
    staff = agg_row(aggs, "programme", "programme", "staff", "all")
    assert (staff["n"], staff["score"]) == (1, pytest.approx(450.0))
    assert list(aggs.columns) == list(AGGREGATE_COLUMNS)


def test_public_view_blanks_suppressed_numbers_only() -> None:
    aggs = unit_aggregates(AGG_SCORES, respondents(AGG_PEOPLE))
    shown = public_view(aggs)
    hidden = agg_row(shown, "class", "012345/5A", "pupil", "all")
    assert hidden["n"] == 4
    for column in ("score", "sd", "se", "ci_low", "ci_high"):
        assert np.isnan(hidden[column])
    # School 012345 (n = 5) is hidden beside 612345 (n = 1); the municipality is shown.
    assert np.isnan(agg_row(shown, "school", "012345", "pupil", "all")["score"])
    assert agg_row(shown, "municipality", "766", "pupil", "all")["score"] == pytest.approx(3100 / 6)
    # The internal frame is untouched.
    assert agg_row(aggs, "class", "012345/5A", "pupil", "all")["score"] == pytest.approx(510.0)


# --------------------------------------------------------------------------- weak areas


def aggregate(
    level: str,
    unit: str,
    indicator: str,
    score: float,
    se: float,
    *,
    subgroup: str = "all",
    group: str = "pupil",
    n: int = 50,
    suppressed: bool = False,
) -> dict:
    """One aggregate row; the interval is written out as score ± 1.96·se."""
    return {
        "level": level,
        "unit_code": unit,
        "respondent_group": group,
        "indicator_code": indicator,
        "subgroup": subgroup,
        "n": n,
        "score": score,
        "sd": se * math.sqrt(n),
        "se": se,
        "ci_low": score - 1.96 * se,
        "ci_high": score + 1.96 * se,
        "suppressed": suppressed,
        "municipality_code": "" if level == "programme" else "766",
        "school_code": unit if level == "school" else "",
    }


SCHOOL = "615004"


def school_rows() -> list[dict]:
    def s(indicator: str, score: float, se: float, **kw: object) -> dict:
        return aggregate("school", SCHOOL, indicator, score, se, **kw)

    return [
        s("I1", 480.0, 4.0),  # gap 20, ci_high 487.84 < 500 -> weak
        s("I2", 490.0, 6.0),  # gap 10 but ci_high 501.76 >= 500 -> not weak
        s("I3", 490.0, 2.0),  # gap exactly 10, ci_high 493.92 -> weak (>=)
        s("I4", 491.0, 1.0),  # gap 9 -> not weak
        s("I5", 400.0, 5.0, suppressed=True, n=4),  # suppressed -> never judged
        {
            **s("I6", 450.0, 0.0, n=1),
            "sd": np.nan,
            "se": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
        },  # n = 1: no interval -> not weak
        s("I7", 470.0, 3.0, group="staff"),  # gap 30, ci_high 475.88 -> weak
        # Subgroups (the "all" rows of I1/I2/I3 above):
        s("I1", 516.0, 5.0, subgroup="girl"),  # d = 24 > 1.96·√50 = 13.86 -> boys weak
        s("I1", 492.0, 5.0, subgroup="boy"),
        s("I2", 500.0, 8.0, subgroup="girl"),  # d = 20 >= 15 but 1.96·√128 = 22.17
        s("I2", 520.0, 8.0, subgroup="boy"),
        s("I3", 480.0, 3.0, subgroup="girl"),  # d = 14 < 15
        s("I3", 494.0, 3.0, subgroup="boy"),
        s("I4", 450.0, 4.0, subgroup="girl"),  # d = 50 > 1.96·√32 = 11.09 -> girls weak
        s("I4", 500.0, 4.0, subgroup="boy"),
        s("I5", 400.0, 5.0, subgroup="girl", suppressed=True, n=4),  # suppressed girls
        s("I5", 480.0, 5.0, subgroup="boy"),
        s("I6", 400.0, np.nan, subgroup="girl", n=1),  # n = 1 girls (not suppressed)
        s("I6", 480.0, 5.0, subgroup="boy"),
    ]


def test_weak_areas_against_the_programme() -> None:
    aggs = pd.DataFrame(school_rows())
    weak = weak_areas(aggs, SCHOOL)
    assert weak.to_dict("records") == [
        # I4 girls: d = |450 - 500| = 50.
        {"indicator_code": "I4", "respondent_group": "pupil", "subgroup": "girl",
         "kind": "subgroup_gap", "score": 450.0, "benchmark": 500.0, "gap": 50.0},
        # I7 staff: 500 - 470 = 30.
        {"indicator_code": "I7", "respondent_group": "staff", "subgroup": "all",
         "kind": "below_benchmark", "score": 470.0, "benchmark": 500.0, "gap": 30.0},
        # I1 boys: d = |516 - 492| = 24, lower = boys, benchmark = girls' 516.
        {"indicator_code": "I1", "respondent_group": "pupil", "subgroup": "boy",
         "kind": "subgroup_gap", "score": 492.0, "benchmark": 516.0, "gap": 24.0},
        # I1: 500 - 480 = 20.
        {"indicator_code": "I1", "respondent_group": "pupil", "subgroup": "all",
         "kind": "below_benchmark", "score": 480.0, "benchmark": 500.0, "gap": 20.0},
        # I3: 500 - 490 = 10 (boundary).
        {"indicator_code": "I3", "respondent_group": "pupil", "subgroup": "all",
         "kind": "below_benchmark", "score": 490.0, "benchmark": 500.0, "gap": 10.0},
    ]  # fmt: skip


def test_weak_area_thresholds_are_settings() -> None:
    aggs = pd.DataFrame(school_rows())
    weak = weak_areas(aggs, SCHOOL, min_gap=25, min_subgroup_gap=30)
    # Only gaps of at least 25 (I7: 30) and subgroup gaps of at least 30 (I4: 50) remain.
    assert list(zip(weak["indicator_code"], weak["kind"], strict=True)) == [
        ("I4", "subgroup_gap"),
        ("I7", "below_benchmark"),
    ]


def test_weak_areas_against_the_municipality() -> None:
    rows = school_rows() + [
        aggregate("municipality", "766", "I1", 495.0, 1.0),  # gap 15, ci_high 487.84 < 495
        aggregate("municipality", "766", "I2", 520.0, 1.0, suppressed=True, n=4),  # skipped
        aggregate("municipality", "766", "I3", 490.0, 1.0),  # gap 0
        aggregate("municipality", "766", "I4", 530.0, 1.0),  # gap 39, ci_high 492.96 < 530
        aggregate("municipality", "820", "I3", 600.0, 1.0),  # another municipality
        aggregate("programme", "programme", "I3", 600.0, 1.0),
    ]
    weak = weak_areas(pd.DataFrame(rows), SCHOOL, benchmark="municipality")
    below = weak.loc[weak["kind"] == "below_benchmark"]
    assert below[["indicator_code", "benchmark", "gap"]].to_dict("records") == [
        {"indicator_code": "I4", "benchmark": 530.0, "gap": 530.0 - 491.0},
        {"indicator_code": "I1", "benchmark": 495.0, "gap": 495.0 - 480.0},
    ]
    # I7 (staff) has no municipality row, so it is not judged; subgroup gaps stay.
    assert set(weak.loc[weak["kind"] == "subgroup_gap", "indicator_code"]) == {"I1", "I4"}
    assert weak["gap"].tolist() == sorted(weak["gap"].tolist(), reverse=True)


def test_weak_areas_ties_are_ordered_by_indicator_group_subgroup() -> None:
    def s(indicator: str, score: float, group: str = "pupil", **kw: object) -> dict:
        return aggregate("school", SCHOOL, indicator, score, 1.0, group=group, **kw)

    rows = [
        s("Z9", 480.0),  # gap 20
        s("A1", 480.0, group="staff"),  # gap 20
        s("A1", 480.0),  # gap 20 (pupil < staff)
        s("M5", 470.0),  # gap 30
        s("M5", 520.0, subgroup="girl"),
        s("M5", 500.0, subgroup="boy"),  # subgroup gap 20 for boys
    ]
    weak = weak_areas(pd.DataFrame(rows), SCHOOL)
    assert list(zip(weak["indicator_code"], weak["respondent_group"], weak["subgroup"],
                    strict=True)) == [
        ("M5", "pupil", "all"),
        ("A1", "pupil", "all"),
        ("A1", "staff", "all"),
        ("M5", "pupil", "boy"),
        ("Z9", "pupil", "all"),
    ]  # fmt: skip


def test_weak_areas_from_real_aggregates_ignore_other_schools() -> None:
    # Threshold 1, so nothing is suppressed: at 2 the school's girls (n = 2) would be hidden
    # beside school 612345's one girl in municipality 766 (complementary suppression).
    aggs = unit_aggregates(AGG_SCORES, respondents(AGG_PEOPLE), suppression_min_n=1)
    # School 012345: "all" = 500 (not below); girls 470 vs boys 510: d = 40,
    # 1.96·√(10² + 10²) = 27.72 < 40 -> girls weak with gap 40.
    weak = weak_areas(aggs, "012345")
    assert weak.to_dict("records") == [
        {"indicator_code": "A", "respondent_group": "pupil", "subgroup": "girl",
         "kind": "subgroup_gap", "score": 470.0, "benchmark": 510.0, "gap": 40.0},
    ]  # fmt: skip
    assert weak_areas(aggs, "999999").empty
