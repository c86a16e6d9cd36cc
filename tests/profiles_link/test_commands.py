"""The three management commands of the mapping contract, on hand-computed rounds."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext

from lms.models import Institution, Municipality, SchoolClass
from profiles_link.models import Indicator, MappingImport, MappingRound, ScaleParameter, UnitScore

INDICATORS = "indicator_code,name_da,name_en\nFAG,Faglig trivsel,Academic well-being\n"
# Mixed scales: 5-point, 3-point reversed, 4-point.
ITEMS = (
    "item_code,indicator_code,respondent_group,reverse,min,max,text\n"
    "F1,FAG,pupil,0,1,5,Jeg kan lide at lære\n"
    "F2,FAG,pupil,1,1,3,Jeg keder mig\n"
    "F3,FAG,pupil,0,1,4,Jeg får hjælp\n"
)
RESPONDENTS = (
    "respondent_id,respondent_group,municipality_code,school_code,class_code,gender\n"
    "p1,pupil,820,773001,5A,girl\n"
    "p2,pupil,820,773001,5A,girl\n"
    "p3,pupil,820,773001,5A,boy\n"
    "p4,pupil,820,773001,5A,boy\n"
    "p5,pupil,820,773001,5A,girl\n"
    "p6,pupil,820,773001,5A,boy\n"
)
ANSWERS = (
    "respondent_id,item_code,value\n"
    "p1,F1,5\np1,F2,1\np1,F3,4\n"  # x = 1, (1+3-1-1)/2 = 1, 1      -> raw 1
    "p2,F1,1\np2,F2,3\np2,F3,1\n"  # x = 0, 0, 0                    -> raw 0
    "p3,F1,3\np3,F2,2\np3,F3,\n"  # x = .5, .5, unanswered (a=2)    -> raw .5
    "p4,F1,5\np4,F3,1\n"  # x = 1, 0 (F2 missing, a=2)               -> raw .5
    "p5,F1,2\np5,F2,1\np5,F3,3\n"  # x = .25, 1, 2/3                -> raw .638889
    "p6,F1,4\n"  # a = 1 < |I|/2: no score
)


def write_round(folder: Path, **overrides: str) -> Path:
    files = {"indicators.csv": INDICATORS, "items.csv": ITEMS, "respondents.csv": RESPONDENTS,
             "answers.csv": ANSWERS} | overrides  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# Hand computation for T1 (its own reference):
# raw = [1, 0, .5, .5, .638889]; mu = 2.638889/5 = .527778
# squared deviations sum = .515432; sigma = sqrt(.515432/4) = .358968
# score500: p1 631.55, p2 352.97, p3/p4 492.26, p5 530.95 -> mean 500, SD 100 (standardised)
# se = 100/sqrt(5) = 44.7214; ci = 500 -/+ 1.96*44.7214 = 412.35, 587.65
# girls n=3 and boys n=2: suppressed (n < 5), n kept, numbers empty.
EXPECTED_T1_SCHOOL = """round,level,unit_code,respondent_group,indicator_code,subgroup,n,score,ci_low,ci_high,suppressed
T1,school,773001,pupil,FAG,all,5,500.00,412.35,587.65,0
T1,school,773001,pupil,FAG,girl,3,,,,1
T1,school,773001,pupil,FAG,boy,2,,,,1
"""


@pytest.mark.django_db
def test_export_profiles_matches_the_hand_computation(tmp_path):
    write_round(tmp_path / "t1")
    assert "imported round T1: 6 respondents" in run("import_mapping", str(tmp_path / "t1"),
                                                     "--round", "T1")  # fmt: skip
    assert run("export_profiles", "--round", "T1", "--level", "school") == EXPECTED_T1_SCHOOL
    classes = run("export_profiles", "--round", "T1", "--level", "class").splitlines()
    assert classes[1] == "T1,class,773001/5A,pupil,FAG,all,5,500.00,412.35,587.65,0"
    municipality = run("export_profiles", "--round", "T1", "--level", "municipality").splitlines()
    assert municipality[1] == "T1,municipality,820,pupil,FAG,all,5,500.00,412.35,587.65,0"
    programme = run("export_profiles", "--round", "T1", "--level", "programme").splitlines()
    assert programme[1] == "T1,programme,programme,pupil,FAG,all,5,500.00,412.35,587.65,0"
    parameter = ScaleParameter.objects.get()
    assert parameter.mean == pytest.approx(0.527778, abs=1e-6)
    assert parameter.sd == pytest.approx(0.358968, abs=1e-6)
    # Codes arrive as text and stay text; classes are created from their codes.
    assert SchoolClass.objects.get(code="5A").grade == 5
    assert Institution.objects.get(number="773001").municipality.code == "820"


@pytest.mark.django_db
def test_export_to_a_file(tmp_path):
    write_round(tmp_path / "t1")
    run("import_mapping", str(tmp_path / "t1"), "--round", "T1")
    target = tmp_path / "out.csv"
    run("export_profiles", "--round", "T1", "--level", "school", "--output", str(target))
    assert target.read_text(encoding="utf-8") == EXPECTED_T1_SCHOOL


@pytest.mark.django_db
def test_t2_is_scored_on_t1_parameters(tmp_path, settings):
    settings.MAPPING_SUPPRESSION_MIN_N = 1
    write_round(tmp_path / "t1")
    run("import_mapping", str(tmp_path / "t1"), "--round", "T1", "--date", "2024-09-16")
    # T2: one pupil answering like p5 (raw .638889) and one like p3 (raw .5).
    write_round(
        tmp_path / "t2",
        **{
            "respondents.csv": "respondent_id,respondent_group,municipality_code,school_code,"
            "class_code,gender\nr1,pupil,820,773001,5A,girl\nr2,pupil,820,773001,5A,boy\n",
            "answers.csv": "respondent_id,item_code,value\nr1,F1,2\nr1,F2,1\nr1,F3,3\n"
            "r2,F1,3\nr2,F2,2\n",
        },
    )
    run("import_mapping", str(tmp_path / "t2"), "--round", "T2", "--date", "2026-09-14")
    lines = run("export_profiles", "--round", "T2", "--level", "school").splitlines()
    # With T1's mu=.527778, sigma=.358968: r1 530.95, r2 492.26; mean 511.61
    # sd = 38.6909/sqrt(2) = 27.3585; se = 27.3585/sqrt(2) = 19.3454; ci = 511.6073 -/+ 37.9171
    assert lines[1] == "T2,school,773001,pupil,FAG,all,2,511.61,473.69,549.52,0"
    # n = 1 for each gender: a score but no interval.
    assert lines[2] == "T2,school,773001,pupil,FAG,girl,1,530.95,,,0"
    assert lines[3] == "T2,school,773001,pupil,FAG,boy,1,492.26,,,0"
    assert MappingRound.objects.get(label="T1").is_reference
    assert not MappingRound.objects.get(label="T2").is_reference


@pytest.mark.django_db
def test_reimport_is_refused_unless_replaced(tmp_path):
    write_round(tmp_path / "t1")
    run("import_mapping", str(tmp_path / "t1"), "--round", "T1")
    exists = gettext("Round %(label)s exists already; ask to replace it.") % {"label": "T1"}
    with pytest.raises(CommandError, match=re.escape(exists)):
        run("import_mapping", str(tmp_path / "t1"), "--round", "T1")
    assert run("import_mapping", str(tmp_path / "t1"), "--round", "T1", "--replace")
    assert MappingRound.objects.count() == 1
    assert UnitScore.objects.filter(level="school").count() == 3


def database_state() -> tuple:
    return (
        list(MappingRound.objects.values_list("label", "respondent_count")),
        UnitScore.objects.count(),
        list(UnitScore.objects.order_by("pk").values_list("score", flat=True)),
        Indicator.objects.count(),
        Institution.objects.count(),
        Municipality.objects.count(),
        SchoolClass.objects.count(),
        ScaleParameter.objects.count(),
    )


BAD_INPUTS = {
    "missing file": ({"answers.csv": None}, "answers.csv:0: -: "),
    "missing column": (
        {"respondents.csv": RESPONDENTS.replace(",gender", "")},
        "respondents.csv:1: gender: ",
    ),
    "repeated respondent": (
        {"respondents.csv": RESPONDENTS + "p1,pupil,820,773001,5A,girl\n"},
        "respondents.csv:8: respondent_id: ",
    ),
    "repeated answer": ({"answers.csv": ANSWERS + "p1,F1,4\n"}, "answers.csv:"),
    "unknown respondent": (
        {"answers.csv": ANSWERS + "zz,F1,4\n"},
        "answers.csv:17: respondent_id: ",
    ),
    "unknown item": ({"answers.csv": ANSWERS + "p6,X9,4\n"}, "answers.csv:17: item_code: "),
    "value out of range": (
        {"answers.csv": ANSWERS.replace("p6,F1,4", "p6,F1,7")},
        "answers.csv:16: value: ",
    ),
    "value not an integer": (
        {"answers.csv": ANSWERS.replace("p6,F1,4", "p6,F1,four")},
        "answers.csv:16: value: ",
    ),
    "reverse not 0/1": (
        {"items.csv": ITEMS.replace("F2,FAG,pupil,1", "F2,FAG,pupil,2")},
        "items.csv:3: reverse: ",
    ),
    "min >= max": (
        {"items.csv": ITEMS.replace("F3,FAG,pupil,0,1,4", "F3,FAG,pupil,0,4,4")},
        "items.csv:4: ",
    ),
    "unknown group": (
        {"respondents.csv": RESPONDENTS.replace("p6,pupil", "p6,pupils")},
        "respondents.csv:7: respondent_group: ",
    ),
    "unknown gender": (
        {"respondents.csv": RESPONDENTS.replace("5A,boy\n", "5A,dreng\n", 1)},
        "respondents.csv:4: gender: ",
    ),
    "group mismatch": (
        {
            "respondents.csv": RESPONDENTS.replace(
                "p6,pupil,820,773001,5A,boy", "p6,parent,820,773001,5A,"
            )
        },
        "answers.csv:16: ",
    ),  # fmt: skip
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_INPUTS)
def test_malformed_input_is_refused_with_file_and_line_and_changes_nothing(tmp_path, case):
    write_round(tmp_path / "good")
    run("import_mapping", str(tmp_path / "good"), "--round", "T1")
    before = database_state()
    overrides, expected = BAD_INPUTS[case]
    write_round(tmp_path / "bad", **overrides)
    with pytest.raises(CommandError) as excinfo:
        run("import_mapping", str(tmp_path / "bad"), "--round", "T1", "--replace")
    assert expected in str(excinfo.value)
    assert database_state() == before  # the refused replacement left T1 as it was
    assert MappingImport.objects.filter(status="failed").count() == 1


@pytest.mark.django_db
def test_command_exit_status_and_stderr(tmp_path):
    """Run as a process would: non-zero exit and the problems on standard error."""
    write_round(tmp_path / "bad", **{"answers.csv": ANSWERS.replace("p6,F1,4", "p6,F1,9")})
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "lms.settings.dev", "LMS_VAR_DIR": str(tmp_path)}  # fmt: skip
    repo = Path(__file__).resolve().parents[2]
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=repo, env=env, check=True)  # noqa: S603
    result = subprocess.run(  # noqa: S603
        [*manage, "import_mapping", str(tmp_path / "bad"), "--round", "T1"],
        cwd=repo, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "answers.csv:16: value: " in result.stderr
    assert result.stdout == ""


@pytest.mark.django_db
def test_export_weak_areas(tmp_path, settings):
    settings.MAPPING_SUPPRESSION_MIN_N = 2
    write_round(tmp_path / "t1")
    run("import_mapping", str(tmp_path / "t1"), "--round", "T1")
    out = run("export_weak_areas", "--round", "T1", "--school", "773001").splitlines()
    assert out[0] == "indicator_code,respondent_group,subgroup,kind,score,benchmark,gap"
    # girls (p1, p2, p5): 631.55, 352.97, 530.95 -> mean 505.16, sd 141.07, se 81.45
    # boys (p3, p4): 492.26 twice -> sd 0, se 0. d = 12.90 < 15: no subgroup gap;
    # all: 500 = the programme: no below-benchmark area either.
    assert out[1:] == []


@pytest.mark.django_db
def test_unknown_round_or_school_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="round T9 has not been imported"):
        run("export_profiles", "--round", "T9", "--level", "school")
    write_round(tmp_path / "t1")
    run("import_mapping", str(tmp_path / "t1"), "--round", "T1")
    with pytest.raises(CommandError, match="school 999999 is unknown"):
        run("export_weak_areas", "--round", "T1", "--school", "999999")


@pytest.mark.django_db
def test_a_later_reference_round_rescores_every_round(tmp_path, settings):
    settings.MAPPING_SUPPRESSION_MIN_N = 1
    write_round(tmp_path / "t1")
    run("import_mapping", str(tmp_path / "t1"), "--round", "T1")
    write_round(
        tmp_path / "t2",
        **{
            "respondents.csv": "respondent_id,respondent_group,municipality_code,school_code,"
            "class_code,gender\nr1,pupil,820,773001,5A,girl\nr2,pupil,820,773001,5A,boy\n",
            "answers.csv": "respondent_id,item_code,value\nr1,F1,2\nr1,F2,1\nr1,F3,3\n"
            "r2,F1,3\nr2,F2,2\n",
        },
    )
    run("import_mapping", str(tmp_path / "t2"), "--round", "T2", "--reference")
    # T2 is the reference now: raw .638889 and .5 -> mu2 = .569444, sigma2 = .098209.
    # T1's school (raw mean .527778, raw SD .358968) rescored exactly from its stored raw stats:
    # score = 500 + 100 * (.527778 - .569444) / .098209 = 457.57
    # sd = 100 * .358968 / .098209 = 365.51; se = 365.51 / sqrt(5) = 163.46
    # ci = 457.57 -/+ 1.96 * 163.46 = 137.19, 777.96
    t1 = run("export_profiles", "--round", "T1", "--level", "school").splitlines()
    assert t1[1] == "T1,school,773001,pupil,FAG,all,5,457.57,137.19,777.96,0"
    t2 = run("export_profiles", "--round", "T2", "--level", "school").splitlines()
    assert t2[1].startswith("T2,school,773001,pupil,FAG,all,2,500.00,")
    assert MappingRound.objects.get(is_reference=True).label == "T2"
    assert ScaleParameter.objects.get().source_round.label == "T2"
