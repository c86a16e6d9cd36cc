"""The three management commands of the mapping contract, on small hand-computed rounds.

Every expected number below is worked out by hand in the comments from the contract's rules
(mapping-data.md); nothing is computed with the code under test.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from lms.models import Institution, Municipality, SchoolClass
from profiles_link import services
from profiles_link.models import (
    Indicator,
    Item,
    MappingImport,
    MappingRound,
    ScaleParameter,
    UnitScore,
)
from profiles_link.parsing import read_round
from profiles_link.scoring import score_round

REPO = Path(__file__).resolve().parents[2]
PROBLEM_LINE = re.compile(r"^[\w./-]+:\d+: [\w-]+: .+$")

# --------------------------------------------------------------------------- round T1
# A Danish spreadsheet export: byte-order mark and ";" as the delimiter.
INDICATORS = "\ufeffindicator_code;name_da;name_en\nFAG;Faglig trivsel;Academic well-being\n"
# Mixed scales: a 5-point item, a reversed 3-point item and a 4-point item.
ITEMS = (
    "item_code,indicator_code,respondent_group,reverse,min,max,text\n"
    "F1,FAG,pupil,0,1,5,Jeg kan lide at lære\n"  # line 2
    "F2,FAG,pupil,1,1,3,Jeg keder mig i timerne\n"  # line 3
    "F3,FAG,pupil,0,1,4,Læreren hjælper mig\n"  # line 4
)
RESPONDENTS = (
    "respondent_id,respondent_group,municipality_code,school_code,class_code,gender\n"
    "a1,pupil,820,773001,5A,girl\n"  # line 2
    "a2,pupil,820,773001,5A,girl\n"
    "a3,pupil,820,773001,5A,boy\n"
    "a4,pupil,820,773001,5A,boy\n"
    "a5,pupil,820,773001,5A,girl\n"
    "b1,pupil,820,773001,5B,girl\n"
    "b2,pupil,820,773001,5B,girl\n"
    "b3,pupil,820,773001,5B,boy\n"
    "b4,pupil,820,773001,5B,boy\n"
    "b5,pupil,820,773001,5B,boy\n"  # line 11
)
# x = (v' - min) / (max - min), with v' = min + max - v for the reversed F2:
#   F1 (1-5): 1->0, 2->.25, 3->.5, 4->.75, 5->1;  F2 (1-3, reversed): 1->1, 2->.5, 3->0;
#   F3 (1-4): 1->0, 2->1/3, 3->2/3, 4->1.  |I| = 3, so a raw score needs a >= 2 answers.
ANSWERS = (
    "respondent_id,item_code,value\n"
    "a1,F1,5\na1,F2,1\na1,F3,4\n"  # lines 2-4:   1, 1, 1            -> raw 1
    "a2,F1,1\na2,F2,3\na2,F3,1\n"  # lines 5-7:   0, 0, 0            -> raw 0
    "a3,F1,3\na3,F2,2\na3,F3,\n"  # lines 8-10:  .5, .5, (empty)     -> a = 2, raw .5
    "a4,F1,5\na4,F3,1\n"  # lines 11-12: 1, 0 (no F2 row)            -> a = 2, raw .5
    "a5,F1,4\na5,F2,2\na5,F3,4\n"  # lines 13-15: .75, .5, 1         -> raw 2.25/3 = .75
    "b1,F1,2\nb1,F2,2\nb1,F3,1\n"  # lines 16-18: .25, .5, 0         -> raw .75/3 = .25
    "b2,F1,5\nb2,F2,1\nb2,F3,4\n"  # lines 19-21: 1, 1, 1            -> raw 1
    "b3,F1,1\nb3,F2,3\nb3,F3,1\n"  # lines 22-24: 0, 0, 0            -> raw 0
    "b4,F1,1\nb4,F3,4\n"  # lines 25-26: 0, 1 (no F2 row)            -> a = 2, raw .5
    "b5,F1,4\nb5,F2,\n"  # lines 27-28: .75, (empty)                 -> a = 1 < 3/2: no score
)
T1 = {"indicators.csv": INDICATORS, "items.csv": ITEMS, "respondents.csv": RESPONDENTS,
      "answers.csv": ANSWERS}  # fmt: skip

# Hand computation for T1, its own reference round (rule 4):
#   raw = 1, 0, .5, .5, .75 (5A) and .25, 1, 0, .5 (5B): n = 9, sum 4.5, mu = .5
#   squared deviations: .25 + .25 + 0 + 0 + .0625 + .0625 + .25 + .25 + 0 = 1.125
#   sigma = sqrt(1.125 / 8) = sqrt(.140625) = .375
#   score500 = 500 + 100 (raw - .5) / .375: 1 -> 633.33, 0 -> 366.67, .5 -> 500,
#   .75 -> 566.67, .25 -> 433.33
# School, all (n = 9): mean 500, SD 100 (the reference round is standardised),
#   se = 100/3 = 33.3333, 1.96 se = 65.3333 -> 434.67 .. 565.33
# School, girls a1 a2 a5 b1 b2 (n = 5): raw 1, 0, .75, .25, 1, mean .6 -> 500 + 10/.375 = 526.67
#   raw squared deviations .16 + .36 + .0225 + .1225 + .16 = .825; raw SD sqrt(.825/4) = .454148
#   SD = 100 * .454148 / .375 = 121.1060; se = 121.1060 / sqrt 5 = 54.1603; 1.96 se = 106.1542
#   -> 420.51 .. 632.82
# School, boys a3 a4 b3 b4 (n = 4; b5 has no score): suppressed, n kept.
# Class 5A (n = 5): raw 1, 0, .5, .5, .75, mean .55 -> 500 + 5/.375 = 513.33
#   raw squared deviations .2025 + .3025 + .0025 + .0025 + .04 = .55; raw SD sqrt(.55/4) = .370810
#   SD = 98.8826; se = 44.2217; 1.96 se = 86.6745 -> 426.66 .. 600.01
#   girls a1 a2 a5 (3) and boys a3 a4 (2): suppressed.
# Class 5B: b1..b4 scored (n = 4, although 5 pupils answered): suppressed; girls 2, boys 2.
# Complementary suppression (nothing derivable by subtraction) hides two of the numbers above:
# class 5A (n = 5), since the school minus 5A would give 5B's four pupils, and the girls (n = 5)
# at every level, since "all" minus the girls would give the four boys. Both stay shown in
# test_hidden_cells_keep_their_hand_computed_numbers_inside_the_scoring.
HEADER = "round,level,unit_code,respondent_group,indicator_code,subgroup,n,score,ci_low,ci_high,suppressed\n"  # fmt: skip
EXPECTED_T1 = {
    "class": HEADER + "T1,class,773001/5A,pupil,FAG,all,5,,,,1\n"
    "T1,class,773001/5A,pupil,FAG,girl,3,,,,1\n"
    "T1,class,773001/5A,pupil,FAG,boy,2,,,,1\n"
    "T1,class,773001/5B,pupil,FAG,all,4,,,,1\n"
    "T1,class,773001/5B,pupil,FAG,girl,2,,,,1\n"
    "T1,class,773001/5B,pupil,FAG,boy,2,,,,1\n",
    "school": HEADER + "T1,school,773001,pupil,FAG,all,9,500.00,434.67,565.33,0\n"
    "T1,school,773001,pupil,FAG,girl,5,,,,1\n"
    "T1,school,773001,pupil,FAG,boy,4,,,,1\n",
    # One school in one municipality: the same numbers one and two levels up.
    "municipality": HEADER + "T1,municipality,820,pupil,FAG,all,9,500.00,434.67,565.33,0\n"
    "T1,municipality,820,pupil,FAG,girl,5,,,,1\n"
    "T1,municipality,820,pupil,FAG,boy,4,,,,1\n",
    "programme": HEADER + "T1,programme,programme,pupil,FAG,all,9,500.00,434.67,565.33,0\n"
    "T1,programme,programme,pupil,FAG,girl,5,,,,1\n"
    "T1,programme,programme,pupil,FAG,boy,4,,,,1\n",
}  # fmt: skip

# --------------------------------------------------------------------------- round T2
T2_RESPONDENTS = (
    "respondent_id,respondent_group,municipality_code,school_code,class_code,gender\n"
    "c1,pupil,820,773001,6A,boy\nc2,pupil,820,773001,6A,boy\nc3,pupil,820,773001,6A,boy\n"
    "c4,pupil,820,773001,6A,boy\nc5,pupil,820,773001,6A,girl\n"
)
T2_ANSWERS = (
    "respondent_id,item_code,value\n"
    "c1,F1,4\nc1,F2,2\nc1,F3,4\n"  # .75, .5, 1 -> raw .75
    "c2,F1,4\nc2,F2,2\nc2,F3,4\n"  # raw .75
    "c3,F1,3\nc3,F2,2\n"  # .5, .5 (a = 2) -> raw .5
    "c4,F1,5\nc4,F2,1\nc4,F3,4\n"  # raw 1
    "c5,F1,2\nc5,F2,2\nc5,F3,1\n"  # .25, .5, 0 -> raw .25
)
T2 = T1 | {"respondents.csv": T2_RESPONDENTS, "answers.csv": T2_ANSWERS}


def write_round(folder: Path, files: dict[str, str | None] | None = None, **overrides) -> Path:
    """Write a round folder: T1 unless `files` is given; an override of None leaves a file out."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((files or T1) | overrides).items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*args: str) -> str:
    """Run a command in-process; its standard output."""
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_refused(*args: str) -> tuple[CommandError, list[str]]:
    """Run a command that must be refused: the error and its standard error lines."""
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    return excinfo.value, err.getvalue().splitlines()


def database_state() -> dict:
    """Row counts, plus every stored score, so "unchanged" means unchanged."""
    models = [MappingRound, UnitScore, Indicator, Institution, Municipality, SchoolClass,
              Item, ScaleParameter]  # fmt: skip
    scores = UnitScore.objects.values_list(
        "round__label", "level", "unit_code", "respondent_group", "indicator__code", "subgroup",
        "n", "score", "ci_low", "ci_high",
    )  # fmt: skip
    return {
        "counts": {model.__name__: model.objects.count() for model in models},
        "scores": sorted(scores, key=lambda row: row[:6]),
        "rounds": sorted(
            MappingRound.objects.values_list("label", "respondent_count", "is_reference")
        ),
    }


# --------------------------------------------------------------------------- import and export


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["class", "school", "municipality", "programme"])
def test_export_profiles_matches_the_hand_computation(tmp_path, level):
    run("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1")
    assert run("export_profiles", "--round", "T1", "--level", level) == EXPECTED_T1[level]


def test_hidden_cells_keep_their_hand_computed_numbers_inside_the_scoring(tmp_path):
    """Suppression hides class 5A and the girls; the scoring still computes them as above."""
    aggregates = score_round(read_round(write_round(tmp_path / "t1"))).aggregates
    cells = aggregates.set_index(["level", "unit_code", "subgroup"])
    for key, expected in {
        ("class", "773001/5A", "all"): (5, 513.33, 426.66, 600.01),
        ("school", "773001", "girl"): (5, 526.67, 420.51, 632.82),
        ("programme", "programme", "girl"): (5, 526.67, 420.51, 632.82),
    }.items():
        cell = cells.loc[key]
        assert cell["suppressed"]
        found = (cell["n"], *(round(cell[c], 2) for c in ("score", "ci_low", "ci_high")))
        assert found == expected, key


@pytest.mark.django_db
def test_import_records_the_round_its_units_and_the_scale(tmp_path):
    with translation.override("en"):
        out = run("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1",
                  "--date", "2024-09-16")  # fmt: skip
    # 10 respondents; 27 answer rows of which 2 are empty (a3 F3, b5 F2): 25 answers.
    assert out.splitlines()[0] == "Imported round T1: 10 respondents, 25 answers."
    t1 = MappingRound.objects.get()
    assert (t1.respondent_count, t1.answer_count, t1.is_reference) == (10, 25, True)
    assert str(t1.held_on) == "2024-09-16"
    scale = ScaleParameter.objects.get()
    assert (scale.mean, scale.n) == (pytest.approx(0.5), 9)
    assert scale.sd == pytest.approx(0.375)
    # Codes stay text; the school, municipality and classes are created from their codes.
    assert Institution.objects.get(number="773001").municipality.code == "820"
    assert sorted(SchoolClass.objects.values_list("code", "grade")) == [("5A", 5), ("5B", 5)]
    job = MappingImport.objects.get()
    assert (job.status, job.stage, job.progress) == ("succeeded", "stored", 100)
    assert job.created_by is None


@pytest.mark.django_db
def test_progress_goes_to_standard_error(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1",
                 stdout=out, stderr=err)  # fmt: skip
    assert err.getvalue().splitlines() == [
        "[  5%] parsing",
        "[ 40%] validated",
        "[ 65%] scored",
        "[100%] stored",
    ]
    assert "[" not in out.getvalue()


@pytest.mark.django_db
def test_export_to_a_file(tmp_path):
    run("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1")
    target = tmp_path / "out.csv"
    assert run("export_profiles", "--round", "T1", "--level", "school", "--output",
               str(target)) == ""  # fmt: skip
    assert target.read_text(encoding="utf-8") == EXPECTED_T1["school"]


@pytest.mark.django_db
def test_t2_is_scored_on_t1_parameters(tmp_path, settings):
    settings.MAPPING_SUPPRESSION_MIN_N = 1  # show the n = 1 cell: a score but no interval
    run("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1")
    run("import_mapping", str(write_round(tmp_path / "t2", T2)), "--round", "T2")
    lines = run("export_profiles", "--round", "T2", "--level", "school").splitlines()
    # T1's mu = .5, sigma = .375, so score500 = 500 + 100 (raw - .5) / .375.
    # all: raw .75, .75, .5, 1, .25, mean .65 -> 500 + 15/.375 = 540.00 (on its own scale: 500)
    #   raw squared deviations .01 + .01 + .0225 + .1225 + .16 = .325; raw SD sqrt(.325/4) = .285044
    #   SD = 76.0117; se = 76.0117 / sqrt 5 = 33.9935; 1.96 se = 66.6273 -> 473.37 .. 606.63
    assert lines[1] == "T2,school,773001,pupil,FAG,all,5,540.00,473.37,606.63,0"
    # girls: c5 alone, raw .25 -> 433.33; n = 1 has no interval.
    # boys: raw .75, .75, .5, 1, mean .75 -> 566.67; raw squared deviations 0 + 0 + .0625 +
    #   .0625 = .125, raw SD sqrt(.125/3) = .204124, SD 54.4331, se 27.2166, 1.96 se 53.3445
    #   -> 513.32 .. 620.01
    assert lines[2:] == [
        "T2,school,773001,pupil,FAG,girl,1,433.33,,,0",
        "T2,school,773001,pupil,FAG,boy,4,566.67,513.32,620.01,0",
    ]
    assert MappingRound.objects.get(label="T1").is_reference
    assert not MappingRound.objects.get(label="T2").is_reference
    assert ScaleParameter.objects.get().source_round.label == "T1"


@pytest.mark.django_db
def test_a_later_reference_round_rescores_every_round(tmp_path):
    run("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1")
    run("import_mapping", str(write_round(tmp_path / "t2", T2)), "--round", "T2", "--reference")
    # T2 is the reference now: raw .75, .75, .5, 1, .25 -> mu = .65,
    #   sigma = sqrt(.325 / 4) = .285044.
    # T1's school rescored from its raw mean .5 and raw SD .375:
    #   all: 500 + 100 (.5 - .65) / .285044 = 500 - 52.6235 = 447.38;
    #   SD = 100 * .375 / .285044 = 131.5587; se = 131.5587 / 3 = 43.8529; 1.96 se = 85.9517
    #   -> 361.42 .. 533.33
    #   girls and boys: still suppressed (the boys n = 4, the girls beside them), and class 5A
    #   (beside 5B's four): rescoring gives no suppressed cell a number back.
    assert run("export_profiles", "--round", "T1", "--level", "school").splitlines()[1:] == [
        "T1,school,773001,pupil,FAG,all,9,447.38,361.42,533.33,0",
        "T1,school,773001,pupil,FAG,girl,5,,,,1",
        "T1,school,773001,pupil,FAG,boy,4,,,,1",
    ]
    assert run("export_profiles", "--round", "T1", "--level", "class").splitlines()[1] == (
        "T1,class,773001/5A,pupil,FAG,all,5,,,,1"
    )
    # T2 on its own scale: mean 500, SD 100, se = 100 / sqrt 5 = 44.7214 -> 412.35 .. 587.65
    assert run("export_profiles", "--round", "T2", "--level", "school").splitlines()[1] == (
        "T2,school,773001,pupil,FAG,all,5,500.00,412.35,587.65,0"
    )
    assert list(MappingRound.objects.filter(is_reference=True).values_list("label")) == [("T2",)]
    scale = ScaleParameter.objects.get()
    assert (scale.source_round.label, scale.mean) == ("T2", pytest.approx(0.65))


# --------------------------------------------------------------------------- re-import, replace


@pytest.mark.django_db
def test_reimport_is_refused_unless_replaced(tmp_path):
    run("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1")
    before = database_state()
    error, stderr = run_refused("import_mapping", str(tmp_path / "t1"), "--round", "T1")
    exists = gettext("Round %(label)s exists already; ask to replace it.") % {"label": "T1"}
    assert stderr == [exists]
    assert "T1" in str(error)
    assert database_state() == before


@pytest.mark.django_db
def test_replace_swaps_the_round(tmp_path):
    run("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1")
    # T2's data under the label T1: the reference round is replaced, so its own scale:
    # mean 500, SD 100, n = 5, se 44.7214 -> 412.35 .. 587.65
    run("import_mapping", str(write_round(tmp_path / "t2", T2)), "--round", "T1", "--replace")
    lines = run("export_profiles", "--round", "T1", "--level", "school").splitlines()
    assert lines[1] == "T1,school,773001,pupil,FAG,all,5,500.00,412.35,587.65,0"
    assert MappingRound.objects.get().respondent_count == 5
    assert ScaleParameter.objects.get().mean == pytest.approx(0.65)
    # The replaced round's scores are gone, with nothing left of class 5A or 5B.
    assert not UnitScore.objects.filter(unit_code__startswith="773001/5").exists()


@pytest.mark.django_db
def test_replace_is_atomic_when_storing_fails_halfway(tmp_path, monkeypatch):
    run("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1")
    before = database_state()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")  # after the old round is deleted and the new created

    monkeypatch.setattr(services, "_store_scores", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        run("import_mapping", str(write_round(tmp_path / "t2", T2)), "--round", "T1", "--replace")
    assert database_state() == before
    assert run("export_profiles", "--round", "T1", "--level", "school") == EXPECTED_T1["school"]
    failed = MappingImport.objects.get(status="failed")
    assert failed.problems == [gettext("The import failed unexpectedly.")]


# --------------------------------------------------------------------------- refusals

# The refused round carries new units too (indicator NEW, municipality 766, school 615009, class
# 3C), so an import that wrote anything before refusing would show in the counts.
BAD_BASE = T1 | {
    "indicators.csv": INDICATORS + "NEW;Ny indikator;New indicator\n",  # line 3
    "respondents.csv": RESPONDENTS + "n1,pupil,766,615009,3C,boy\n",  # line 12
    "answers.csv": ANSWERS + "n1,F1,3\n",  # line 29
}


def _without_gender(text: str) -> str:
    return "".join(line.rsplit(",", 1)[0] + "\n" for line in text.splitlines())


BAD_INPUTS = {
    "a required file is missing": (
        {"answers.csv": None},
        "answers.csv:0: -: required file is missing",
    ),
    "a required column is missing": (
        {"respondents.csv": _without_gender(BAD_BASE["respondents.csv"])},
        "respondents.csv:1: gender: required column is missing",
    ),
    "a respondent_id repeats": (
        {"respondents.csv": BAD_BASE["respondents.csv"] + "a1,pupil,820,773001,5A,girl\n"},
        "respondents.csv:13: respondent_id: respondent_id a1 repeats (first on line 2)",
    ),
    "an answer repeats": (
        {"answers.csv": BAD_BASE["answers.csv"] + "a1,F1,4\n"},
        "answers.csv:30: item_code: respondent a1 answers item F1 again (first on line 2)",
    ),
    "an answer names an unknown respondent": (
        {"answers.csv": BAD_BASE["answers.csv"] + "zz,F1,4\n"},
        "answers.csv:30: respondent_id: unknown respondent_id zz",
    ),
    "an answer names an unknown item": (
        {"answers.csv": BAD_BASE["answers.csv"] + "b5,X9,4\n"},
        "answers.csv:30: item_code: unknown item_code X9",
    ),
    "the item's group differs from the respondent's": (
        {
            "respondents.csv": BAD_BASE["respondents.csv"].replace(
                "b5,pupil,820,773001,5B,boy", "b5,parent,820,773001,5B,"
            )
        },
        "answers.csv:27: item_code: item F1 is for pupil but respondent b5 is parent",
    ),  # fmt: skip
    "a value is not an integer": (
        {"answers.csv": BAD_BASE["answers.csv"].replace("b5,F1,4", "b5,F1,4.0")},
        "answers.csv:27: value: '4.0' is not an integer",
    ),
    "a value is outside the item's [min, max]": (
        {"answers.csv": BAD_BASE["answers.csv"].replace("a3,F2,2", "a3,F2,4")},
        "answers.csv:9: value: value 4 is outside [1, 3] for item F2",
    ),
    "reverse is not 0/1": (
        {"items.csv": ITEMS.replace("F2,FAG,pupil,1,", "F2,FAG,pupil,2,")},
        "items.csv:3: reverse: '2' is not 0 or 1",
    ),
    "min >= max": (
        {"items.csv": ITEMS.replace("F3,FAG,pupil,0,1,4", "F3,FAG,pupil,0,4,4")},
        "items.csv:4: min: min 4 is not less than max 4",
    ),
    "a respondent's group is unknown": (
        {"respondents.csv": BAD_BASE["respondents.csv"].replace("b5,pupil", "b5,elev")},
        "respondents.csv:11: respondent_group: 'elev' is not one of pupil, parent, staff, leader",
    ),
    "an item's group is unknown": (
        {"items.csv": ITEMS.replace("F1,FAG,pupil", "F1,FAG,pupils")},
        "items.csv:2: respondent_group: 'pupils' is not one of pupil, parent, staff, leader",
    ),
    "a gender is unknown": (
        {
            "respondents.csv": BAD_BASE["respondents.csv"].replace(
                "a1,pupil,820,773001,5A,girl", "a1,pupil,820,773001,5A,pige"
            )
        },
        "respondents.csv:2: gender: 'pige' is not one of girl, boy or empty",
    ),  # fmt: skip
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_INPUTS)
def test_malformed_input_is_refused_whole_and_changes_nothing(tmp_path, case):
    """A refused --replace, too: the round T1 that was there stays exactly as it was."""
    run("import_mapping", str(write_round(tmp_path / "good")), "--round", "T1")
    before = database_state()
    overrides, expected = BAD_INPUTS[case]
    bad = write_round(tmp_path / "bad", BAD_BASE, **overrides)
    error, stderr = run_refused("import_mapping", str(bad), "--round", "T1", "--replace")
    problems = [line for line in stderr if not line.startswith("[")]  # progress lines
    assert expected in problems
    assert all(PROBLEM_LINE.match(line) for line in problems), problems
    assert "T1" in str(error)
    assert database_state() == before
    assert run("export_profiles", "--round", "T1", "--level", "class") == EXPECTED_T1["class"]
    job = MappingImport.objects.get(status="failed")
    assert expected in job.problems
    assert job.problem_count == len(problems)


@pytest.mark.django_db
def test_a_missing_folder_is_refused_and_recorded(tmp_path):
    error, stderr = run_refused("import_mapping", str(tmp_path / "nowhere"), "--round", "T1")
    assert stderr[0].startswith(f"{tmp_path / 'nowhere'}:0: -: ")
    assert MappingImport.objects.get().status == "failed"
    assert not MappingRound.objects.exists()


@pytest.mark.django_db
def test_a_bad_date_is_refused(tmp_path):
    with pytest.raises(CommandError, match="2024-13-01"):
        run("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1",
            "--date", "2024-13-01")  # fmt: skip
    assert not MappingImport.objects.exists()


def test_exit_status_and_streams_of_a_real_process(tmp_path):
    """As `python manage.py` runs: non-zero exit with problems on standard error when refused;
    exit 0, the summary on standard output and the progress on standard error when imported."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "lms.settings.dev", "LMS_VAR_DIR": str(tmp_path)}  # fmt: skip
    manage = [sys.executable, "manage.py"]

    def manage_py(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [*manage, *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
        )

    assert manage_py("migrate", "-v0").returncode == 0
    bad = write_round(tmp_path / "bad", T1, **{"answers.csv": ANSWERS.replace("b5,F1,4",
                                                                               "b5,F1,9")})  # fmt: skip
    refused = manage_py("import_mapping", str(bad), "--round", "T1")
    assert refused.returncode == 1
    assert "answers.csv:27: value: value 9 is outside [1, 5] for item F1\n" in refused.stderr
    assert refused.stdout == ""
    imported = manage_py("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1")
    assert imported.returncode == 0, imported.stderr
    assert "[100%] stored" in imported.stderr.splitlines()
    assert imported.stdout.count("\n") >= 1 and "T1" in imported.stdout
    exported = manage_py("export_profiles", "--round", "T1", "--level", "school")
    assert (exported.returncode, exported.stdout) == (0, EXPECTED_T1["school"])


# --------------------------------------------------------------------------- weak areas

# Round W: two 5-point items (x = (v - 1) / 4), one per indicator: FA1 -> FAG, TR1 -> TRI.
#   X = school 773001 (municipality 820): girls xg1-5, boys xb1-5
#   Y = school 773002 (820), Z = school 615001 (766): ten pupils each, no gender given
W_VALUES = {  # respondent prefix: (school, municipality, gender, FA1 values, TR1 values)
    "xg": ("773001", "820", "girl", [4, 4, 4, 4, 3], [3, 3, 3, 3, 3]),
    "xb": ("773001", "820", "boy", [2, 2, 2, 2, 1], [3, 3, 3, 3, 2]),
    "y": ("773002", "820", "", [3] * 8 + [2] * 2, [5] * 5 + [4] * 5),
    "z": ("615001", "766", "", [4] * 3 + [2] * 5 + [3] * 2, [3] * 5 + [2] * 5),
}


def weak_round() -> dict[str, str]:
    respondents = ["respondent_id,respondent_group,municipality_code,school_code,class_code,gender"]
    answers = ["respondent_id,item_code,value"]
    for prefix, (school, municipality, gender, fag, tri) in W_VALUES.items():
        for i, (f, t) in enumerate(zip(fag, tri, strict=True), start=1):
            respondents.append(f"{prefix}{i},pupil,{municipality},{school},4A,{gender}")
            answers += [f"{prefix}{i},FA1,{f}", f"{prefix}{i},TR1,{t}"]
    return {
        "indicators.csv": "indicator_code,name_da,name_en\nFAG,Faglig trivsel,Academic "
        "well-being\nTRI,Trivsel,Well-being\n",
        "items.csv": "item_code,indicator_code,respondent_group,reverse,min,max,text\n"
        "FA1,FAG,pupil,0,1,5,Jeg lærer meget\nTR1,TRI,pupil,0,1,5,Jeg er glad for skolen\n",
        "respondents.csv": "\n".join(respondents) + "\n",
        "answers.csv": "\n".join(answers) + "\n",
    }


# FAG (x): X girls .75 .75 .75 .75 .5 (sum 3.5, mean .7); X boys .25 .25 .25 .25 0 (1.0, .2);
#   Y .5 x8, .25 x2 (4.5); Z .75 x3, .25 x5, .5 x2 (4.5). Programme: 13.5 / 30 = mu .45.
#   squared deviations: X girls 4 x .09 + .0025 = .3625; X boys 4 x .04 + .2025 = .3625;
#   Y 8 x .0025 + 2 x .04 = .1; Z 3 x .09 + 5 x .04 + 2 x .0025 = .475; sum 1.3
#   sigma = sqrt(1.3 / 29) = .211725
#   X all: raw mean 4.5/10 = .45 -> 500.00 = the programme, and = municipality 820 (X+Y: .45).
#   girls: 500 + 100 (.7 - .45) / .211725 = 618.08; boys: 500 - 118.08 = 381.92; d = 236.16
#   raw SD of each gender: sqrt((4 x .0025 + .04) / 4) = .111803 -> SD 52.8059, se 23.6155
#   1.96 sqrt(2 x 23.6155^2) = 65.46 < 236.16 and d >= 15: the boys are a weak area.
# TRI (x): X .5 x9, .25 (4.75, mean .475); Y 1 x5, .75 x5 (8.75); Z .5 x5, .25 x5 (3.75).
#   Programme: 17.25 / 30 = mu .575. squared deviations: X 9 x .005625 + .105625 = .15625;
#   Y 5 x .180625 + 5 x .030625 = 1.05625; Z 5 x .005625 + 5 x .105625 = .55625; sum 1.76875
#   sigma = sqrt(1.76875 / 29) = .246964
#   X all: 500 + 100 (.475 - .575) / .246964 = 459.51; raw SD sqrt(.05625 / 9) = .0790569
#   -> SD 32.0115, se 10.1229, ci_high = 459.51 + 19.84 = 479.35
#   vs the programme (500): gap 40.49 >= 10 and 479.35 < 500: weak.
#   vs municipality 820 (X+Y: 13.5 / 20 = .675): 500 + 100 (.1) / .246964 = 540.49,
#   gap 80.98 and 479.35 < 540.49: weak.
#   Gender gap on TRI: girls .5 (469.63, se 0), boys mean .45 (449.39, se 20.2458);
#   d = 20.24 >= 15 but not > 1.96 x 20.2458 = 39.68: not weak.
WEAK_HEADER = "indicator_code,respondent_group,subgroup,kind,score,benchmark,gap"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("benchmark", "expected"),
    [
        ("programme", ["FAG,pupil,boy,subgroup_gap,381.92,618.08,236.16",
                       "TRI,pupil,all,below_benchmark,459.51,500.00,40.49"]),
        ("municipality", ["FAG,pupil,boy,subgroup_gap,381.92,618.08,236.16",
                          "TRI,pupil,all,below_benchmark,459.51,540.49,80.98"]),
    ],
)  # fmt: skip
def test_export_weak_areas(tmp_path, benchmark, expected):
    run("import_mapping", str(write_round(tmp_path / "w", weak_round())), "--round", "T1")
    out = run("export_weak_areas", "--round", "T1", "--school", "773001",
              "--benchmark", benchmark).splitlines()  # fmt: skip
    assert out == [WEAK_HEADER, *expected]


@pytest.mark.django_db
def test_a_school_above_its_benchmarks_has_no_weak_areas(tmp_path):
    run("import_mapping", str(write_round(tmp_path / "w", weak_round())), "--round", "T1")
    # Y: FAG .45 = the programme (500); TRI .875 well above. No genders, so no subgroup gap.
    assert run("export_weak_areas", "--round", "T1", "--school", "773002").splitlines() == [
        WEAK_HEADER
    ]


@pytest.mark.django_db
def test_unknown_round_or_school_is_a_clear_error(tmp_path):
    with translation.override("en"):
        with pytest.raises(CommandError, match="^Round T9 has not been imported.$"):
            run("export_profiles", "--round", "T9", "--level", "school")
        with pytest.raises(CommandError, match="^Round T9 has not been imported.$"):
            run("export_weak_areas", "--round", "T9", "--school", "773001")
        run("import_mapping", str(write_round(tmp_path / "t1")), "--round", "T1")
        with pytest.raises(CommandError, match="^School 999999 is unknown.$"):
            run("export_weak_areas", "--round", "T1", "--school", "999999")
