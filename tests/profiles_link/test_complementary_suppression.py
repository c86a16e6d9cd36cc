"""Complementary suppression: no suppressed score can be worked out by subtraction.

Hand-made rounds first (mapping-data.md, "Complementary suppression"), then a property check on
generated rounds, then the whole way through: import, database, pages, exports, the migration.
"""

from __future__ import annotations

import csv
import importlib
import io
from datetime import date

import numpy as np
import pandas as pd
import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from test_exports import assert_absent, csv_url, xlsx_url
from test_profile_views import PUPILS, assert_no_number, school_url, tiny_round

from profiles_link import scoring
from profiles_link.generator import generate_round
from profiles_link.models import MappingRound, UnitScore
from profiles_link.parsing import read_round
from profiles_link.scoring import complementary_suppression, score_round, unit_aggregates
from profiles_link.services import mapping_round_import

NUMBERS = ["score", "sd", "se", "ci_low", "ci_high"]
STORED_NUMBERS = ["raw_mean", "raw_sd", *NUMBERS]


# --------------------------------------------------------------------------- hand-made rounds


def pupils(groups: list[tuple[str, str, str, int]], municipality: str = "766"):
    """Respondents and their scores on indicator A: (school, class, gender, count) per group.

    Every pupil gets a score of its own (500, 501, ...), so no two cells agree by chance.
    """
    people, scores = [], []
    for school, klass, gender, count in groups:
        for _ in range(count):
            rid = f"r{len(people):03d}"
            people.append((rid, "pupil", municipality, school, klass, gender))
            scores.append((rid, "A", "pupil", 0.0, 500.0 + len(scores)))
    columns = "respondent_id respondent_group municipality_code school_code class_code gender"
    return (
        pd.DataFrame(
            scores, columns="respondent_id indicator_code respondent_group raw score".split()
        ),
        pd.DataFrame(people, columns=columns.split()),
    )


def suppressed_cells(aggregates: pd.DataFrame) -> set[tuple[str, str, str]]:
    hidden = aggregates.loc[aggregates["suppressed"], ["level", "unit_code", "subgroup"]]
    return set(hidden.itertuples(index=False, name=None))


def cell(aggregates: pd.DataFrame, level: str, unit: str, subgroup: str = "all") -> pd.Series:
    hit = aggregates.loc[
        (aggregates["level"] == level)
        & (aggregates["unit_code"] == unit)
        & (aggregates["subgroup"] == subgroup)
    ]
    assert len(hit) == 1, (level, unit, subgroup)
    return hit.iloc[0]


def test_a_class_of_four_in_a_school_of_three_classes():
    scores, people = pupils(
        [("615001", "5A", "", 4), ("615001", "5B", "", 6), ("615001", "5C", "", 8)]
    )
    aggregates = unit_aggregates(scores, people)
    # 5A is below 5; the school minus 5B and 5C would give it, so the smallest shown sibling
    # (5B, n = 6) goes too. 5C, the school and everything above stay.
    assert suppressed_cells(aggregates) == {
        ("class", "615001/5A", "all"),
        ("class", "615001/5B", "all"),
    }
    school, five_c = cell(aggregates, "school", "615001"), cell(aggregates, "class", "615001/5C")
    # What subtraction still gives is the mean of 5A and 5B together (ten pupils), never 5A's.
    left = (school["score"] * school["n"] - five_c["score"] * five_c["n"]) / (
        school["n"] - five_c["n"]
    )
    assert left == pytest.approx(np.mean(scores["score"].iloc[:10]))
    assert left != pytest.approx(cell(aggregates, "class", "615001/5A")["score"])


def test_three_boys_and_nine_girls_with_every_gender_known():
    scores, people = pupils([("615001", "5A", "girl", 9), ("615001", "5A", "boy", 3)])
    aggregates = unit_aggregates(scores, people)
    # "all" minus the nine girls would give the three boys: both genders go, at every level.
    for level, unit in [("class", "615001/5A"), ("school", "615001"), ("municipality", "766"),
                        ("programme", "programme")]:  # fmt: skip
        assert cell(aggregates, level, unit, "boy")["suppressed"], level
        assert cell(aggregates, level, unit, "girl")["suppressed"], level
        assert cell(aggregates, level, unit, "all")["n"] == 12
        assert not cell(aggregates, level, unit, "all")["suppressed"], level


def test_a_cell_at_the_threshold_with_nothing_beside_it_is_shown():
    scores, people = pupils([("615001", "5A", "girl", 5), ("615001", "5A", "boy", 5)])
    assert suppressed_cells(unit_aggregates(scores, people)) == set()


def test_ties_go_to_the_lowest_unit_code_and_the_smallest_n_comes_first():
    scores, people = pupils(
        [
            # School 615001: 9A (3) hidden; 7B and 6C tie at 7, "615001/6C" sorts first.
            ("615001", "9A", "", 3),
            ("615001", "7B", "", 7),
            ("615001", "6C", "", 7),
            ("615001", "5D", "", 8),
            # School 615002: 3C (2) hidden; 2B (6) has the smallest n, though 1A sorts first.
            ("615002", "1A", "", 9),
            ("615002", "2B", "", 6),
            ("615002", "3C", "", 2),
        ]
    )
    hidden = suppressed_cells(unit_aggregates(scores, people))
    assert {unit for level, unit, _sub in hidden if level == "class"} == {
        "615001/9A", "615001/6C", "615002/3C", "615002/2B",
    }  # fmt: skip
    assert {level for level, _unit, _sub in hidden} == {"class"}


def test_a_sibling_suppression_of_the_girls_takes_their_boys_along():
    """Rule 2 hides 5B's girls; on the next pass rule 1 hides 5B's boys as well."""
    scores, people = pupils(
        [
            ("615001", "5A", "girl", 3),  # below 5: 5A's boys go with them (rule 1)
            ("615001", "5A", "boy", 6),
            ("615001", "5B", "girl", 6),  # the school's girls minus 5C's would give 5A's three
            ("615001", "5B", "boy", 7),
            ("615001", "5C", "girl", 8),
            ("615001", "5C", "boy", 9),
        ]
    )
    aggregates = unit_aggregates(scores, people)
    assert {(u, s) for level, u, s in suppressed_cells(aggregates) if level == "class"} == {
        ("615001/5A", "girl"), ("615001/5A", "boy"), ("615001/5B", "girl"), ("615001/5B", "boy"),
    }  # fmt: skip
    assert not cell(aggregates, "class", "615001/5B", "all")["suppressed"]  # n = 13
    assert not cell(aggregates, "school", "615001", "boy")["suppressed"]


def test_the_rules_go_on_up_to_the_schools_of_a_municipality():
    """Classes are judged in their school, schools in their municipality, municipalities in the
    programme: here a school's girls are hidden beside another school's, and its boys follow."""
    scores, people = pupils(
        [
            ("615001", "5A", "girl", 3),  # school 615001: girls 3, boys 10
            ("615001", "5A", "boy", 10),
            ("615002", "5A", "girl", 8),  # the smallest shown girls of the municipality
            ("615002", "5A", "boy", 9),
            ("615003", "5A", "girl", 12),
            ("615003", "5A", "boy", 11),
        ]
    )
    aggregates = unit_aggregates(scores, people)
    schools = {(u, s) for level, u, s in suppressed_cells(aggregates) if level == "school"}
    assert schools == {
        ("615001", "girl"), ("615001", "boy"), ("615002", "girl"), ("615002", "boy"),
    }  # fmt: skip
    assert not cell(aggregates, "municipality", "766", "girl")["suppressed"]


def test_a_round_column_keeps_rounds_apart_and_the_function_is_pure():
    scores, people = pupils([("615001", "5A", "", 4), ("615001", "5B", "", 6)])
    one = unit_aggregates(scores, people).assign(suppressed=lambda f: f["n"] < 5)
    # The same units at T2, where 5A has nine pupils: nothing is below 5 there.
    bigger = one.assign(n=np.where(one["unit_code"] == "615001/5A", 9, one["n"]))
    bigger = bigger.assign(suppressed=bigger["n"] < 5)
    both = pd.concat([one.assign(round="T1"), bigger.assign(round="T2")], ignore_index=True)
    before = both.copy()
    result = complementary_suppression(both, 5)
    pd.testing.assert_frame_equal(both, before)  # the input is left alone
    t1 = result.loc[result["round"] == "T1"]
    t2 = result.loc[result["round"] == "T2"]
    assert suppressed_cells(t1) == {("class", "615001/5A", "all"), ("class", "615001/5B", "all")}
    assert suppressed_cells(t2) == set()


# --------------------------------------------------------------------------- generated rounds


def _without_rule(monkeypatch, scores, people, min_n: int) -> pd.DataFrame:
    with monkeypatch.context() as patch:
        patch.setattr(scoring, "complementary_suppression", lambda frame, _min_n: frame)
        return unit_aggregates(scores, people, min_n)


def _parent_keys(frame: pd.DataFrame) -> pd.Series:
    parent = np.select(
        [frame["level"] == "class", frame["level"] == "school", frame["level"] == "municipality"],
        ["school|" + frame["school_code"], "municipality|" + frame["municipality_code"],
         "programme|programme"],
        default="",
    )  # fmt: skip
    return pd.Series(parent, index=frame.index)


def _violations(aggregates: pd.DataFrame, min_n: int) -> list[str]:
    """Shown parents whose suppressed children hold 1 to min_n - 1, and split gender pairs."""
    keys = ["respondent_group", "indicator_code", "subgroup"]
    children = aggregates.assign(
        parent=_parent_keys(aggregates), hidden_n=aggregates["n"] * aggregates["suppressed"]
    )
    held = children.loc[children["parent"] != ""].groupby(["parent", *keys])["hidden_n"].sum()
    parents = aggregates.assign(parent=aggregates["level"] + "|" + aggregates["unit_code"])
    shown = parents.loc[~parents["suppressed"]].set_index(["parent", *keys]).index
    held = held.loc[held.index.isin(shown)]
    problems = [f"{key}: {value}" for key, value in held.items() if 0 < value < min_n]
    pairs = aggregates.loc[aggregates["subgroup"] != "all"].pivot_table(
        index=["level", "unit_code", "respondent_group", "indicator_code"],
        columns="subgroup",
        values="suppressed",
        aggfunc="first",
    )
    if {"girl", "boy"} <= set(pairs.columns):
        split = pairs.dropna()
        apart = split.index[split["girl"] != split["boy"]]
        problems += [f"{key}: girl/boy apart" for key in apart]
    return problems


# Seeds whose rounds have both kinds of leak before the rule: split gender pairs and shown
# parents with 1 to 4 suppressed respondents among their children.
@pytest.mark.parametrize(("seed", "pupils_per_class"), [(2, 9), (4, 9), (6, 8)])
def test_generated_rounds_leave_nothing_to_subtract_and_no_shown_number_changes(
    tmp_path, monkeypatch, seed, pupils_per_class
):
    min_n = 5
    generated = generate_round(
        tmp_path / "round",
        seed=seed,
        municipalities=[("820", "Vesthimmerland"), ("766", "Hedensted"), ("615", "Horsens")],
        schools_per_municipality=3,
        classes_per_school=5,
        pupils_per_class=pupils_per_class,
        staff_per_school=6,
        leaders_per_school=2,
    )
    data = read_round(generated.path)
    raw = scoring.respondent_raw_scores(data)
    scores = scoring.score500(raw, scoring.reference_parameters(raw))
    before = _without_rule(monkeypatch, scores, data.respondents, min_n)
    after = unit_aggregates(scores, data.respondents, min_n)

    assert _violations(after, min_n) == []
    leaks = _violations(before, min_n)  # the rules had both kinds of leak to close
    assert any("apart" in leak for leak in leaks) and any("apart" not in leak for leak in leaks)
    key = ["level", "unit_code", "respondent_group", "indicator_code", "subgroup"]
    pd.testing.assert_frame_equal(
        before.drop(columns="suppressed"), after.drop(columns="suppressed")
    )
    assert not (before["suppressed"] & ~after["suppressed"]).any()  # suppression only grows
    # Every cell still shown has the numbers it had: the 500 scale is untouched.
    shown_before = scoring.public_view(before).loc[~after["suppressed"]]
    shown_after = scoring.public_view(after).loc[~after["suppressed"]]
    pd.testing.assert_frame_equal(shown_before[key + NUMBERS], shown_after[key + NUMBERS])
    # Once more changes nothing: the result is a fixed point of the rules.
    again = complementary_suppression(after, min_n)
    assert (again["suppressed"] == after["suppressed"]).all()


# --------------------------------------------------------------------------- import to page


def complementary_cells(files: dict[str, bytes]) -> pd.DataFrame:
    """Cells with n >= 5 that the rule hides, with the numbers they must never show."""
    aggregates = score_round(read_round(files)).aggregates
    return aggregates.loc[aggregates["suppressed"] & (aggregates["n"] >= 5)]


@pytest.fixture
def bitten(programme):
    """The tiny round of the profile tests: 1A (n = 4) hides 1B (n = 6) beside it at Aars
    Skole, and Løgstør's three girls hide Aars Skole's five girls (and so its boys)."""
    files = tiny_round()
    mapping_round_import(source=files, round_label="T1", held_on=date(2024, 9, 16))
    hidden = complementary_cells(files)
    assert set(zip(hidden["unit_code"], hidden["subgroup"], strict=True)) == {
        ("773001/1B", "all"), ("773001", "girl"), ("773001", "boy"),
    }  # fmt: skip
    return hidden


def test_the_import_stores_complementary_cells_with_n_only(bitten):
    for row in bitten.itertuples():
        stored = UnitScore.objects.get(
            level=row.level, unit_code=row.unit_code, subgroup=row.subgroup
        )
        assert stored.suppressed and stored.n == row.n
        assert [getattr(stored, name) for name in STORED_NUMBERS] == [None] * 7


def test_rescoring_against_a_new_reference_gives_no_number_back(bitten):
    t1 = UnitScore.objects.filter(round__label="T1")
    school = t1.get(level="school", unit_code="773001", subgroup="all").score
    files = tiny_round([(*p[:4], min(p[4] + 1, 5), p[5]) for p in PUPILS])
    mapping_round_import(source=files, round_label="T2", as_reference=True)
    assert MappingRound.objects.get(label="T2").is_reference
    rescored = t1.get(level="school", unit_code="773001", subgroup="all").score
    assert rescored is not None and rescored != pytest.approx(school)  # T1 was rescored
    for row in bitten.itertuples():
        stored = t1.get(level=row.level, unit_code=row.unit_code, subgroup=row.subgroup)
        assert stored.suppressed
        assert [getattr(stored, name) for name in STORED_NUMBERS] == [None] * 7


def _export_rows(level: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("export_profiles", "--round", "T1", "--level", level, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_export_profiles_pages_and_school_exports_show_no_number_for_them(
    client_for, programme, bitten
):
    numbers = [float(score) for score in bitten["score"]]
    for level in ("class", "school"):
        rows = [r for r in _export_rows(level) if r["unit_code"] in set(bitten["unit_code"])]
        hidden = {(r["unit_code"], r["subgroup"]): r for r in rows}
        for row in bitten.itertuples():
            if row.level == level:
                found = hidden[(row.unit_code, row.subgroup)]
                assert (found["n"], found["suppressed"]) == (str(row.n), "1")
                assert found["score"] == found["ci_low"] == found["ci_high"] == ""
    client = client_for(programme.people["leader"])
    school_page = client.get(school_url()).content.decode()
    class_page = client.get(reverse("profiles:class_profile", args=["773001", "1B"]))
    assert class_page.context["profile"].rows[0].cell.score is None
    csv_text = client.get(csv_url()).content.decode()
    sheet = load_workbook(io.BytesIO(client.get(xlsx_url()).content)).active
    sheet_values = [str(v) for row in sheet.iter_rows(values_only=True) for v in row]
    for score in numbers:
        assert_no_number(school_page, score)
        assert_no_number(class_page.content.decode(), score)
        assert_absent(csv_text, score)
        assert_absent("\n".join(sheet_values), score)


# --------------------------------------------------------------------------- existing databases


def test_the_migration_suppresses_rounds_stored_before_the_rule(programme, monkeypatch):
    files = tiny_round()
    with monkeypatch.context() as patch:  # a round stored the way imports did before the rule
        patch.setattr(scoring, "complementary_suppression", lambda frame, _min_n: frame)
        mapping_round_import(source=files, round_label="T1")
    old = {
        (s.level, s.unit_code, s.subgroup): s for s in UnitScore.objects.filter(round__label="T1")
    }
    assert not old[("class", "773001/1B", "all")].suppressed
    migration = importlib.import_module("profiles_link.migrations.0003_complementary_suppression")
    migration.suppress_stored_cells(apps, None)
    new = {
        (s.level, s.unit_code, s.subgroup): s for s in UnitScore.objects.filter(round__label="T1")
    }
    hidden = complementary_cells(files)
    expected = set(zip(hidden["level"], hidden["unit_code"], hidden["subgroup"], strict=True))
    changed = {key for key in new if new[key].suppressed != old[key].suppressed}
    assert changed == expected
    for key, stored in new.items():
        numbers = [getattr(stored, name) for name in STORED_NUMBERS]
        if key in expected:
            assert numbers == [None] * 7
        else:
            assert numbers == [getattr(old[key], name) for name in STORED_NUMBERS]


def test_the_migration_leaves_an_empty_database_alone(db):
    migration = importlib.import_module("profiles_link.migrations.0003_complementary_suppression")
    migration.suppress_stored_cells(apps, None)
    assert not UnitScore.objects.exists()


def test_a_hidden_school_of_one_class_hides_that_class():
    """Rule 4 (not in the contract's text; found by test_suppression_everywhere): a school
    suppressed beside a small one must not show through its only class, which is the same
    cell, else the municipality minus the other schools gives the small one away."""
    scores, people = pupils(
        [("615001", "5A", "", 12), ("615002", "6A", "", 6), ("615003", "7A", "", 3)]
    )
    aggregates = unit_aggregates(scores, people)
    hidden = suppressed_cells(aggregates)
    assert {("school", "615002", "all"), ("school", "615003", "all")} <= hidden
    assert ("class", "615002/6A", "all") in hidden
    assert ("class", "615001/5A", "all") not in hidden  # a shown school's only class stays
