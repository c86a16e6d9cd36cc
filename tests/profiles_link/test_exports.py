"""CSV and Excel exports of a school's profile: contract columns, suppression, who may download."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date

import pandas as pd
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from profiles_link import selectors
from profiles_link.models import MappingRound
from profiles_link.parsing import read_round
from profiles_link.scoring import score_round
from profiles_link.services import mapping_round_import

HEADER = "round,level,unit_code,respondent_group,indicator_code,subgroup,n,score,ci_low,ci_high,suppressed"

# Faglig trivsel for pupils: class 1A at Aars Skole has exactly four pupils, 1B six; Løgstør
# (773002) has six in 2A. (id, school, class, gender, answer to F1, answer to F2)
PUPILS = [
    ("p01", "773001", "1A", "girl", 5, 5),
    ("p02", "773001", "1A", "boy", 5, 4),
    ("p03", "773001", "1A", "girl", 4, 5),
    ("p04", "773001", "1A", "boy", 5, 5),
    ("p05", "773001", "1B", "girl", 3, 2),
    ("p06", "773001", "1B", "boy", 2, 3),
    ("p07", "773001", "1B", "girl", 3, 3),
    ("p08", "773001", "1B", "boy", 2, 2),
    ("p09", "773001", "1B", "girl", 4, 3),
    ("p10", "773001", "1B", "boy", 3, 4),
    ("p11", "773002", "2A", "girl", 4, 4),
    ("p12", "773002", "2A", "boy", 3, 2),
    ("p13", "773002", "2A", "girl", 4, 3),
    ("p14", "773002", "2A", "boy", 3, 4),
    ("p15", "773002", "2A", "girl", 5, 4),
    ("p16", "773002", "2A", "boy", 2, 3),
]


def tiny_round() -> dict[str, bytes]:
    respondents = ["respondent_id,respondent_group,municipality_code,school_code,class_code,gender"]
    answers = ["respondent_id,item_code,value"]
    for rid, school, klass, gender, f1, f2 in PUPILS:
        respondents.append(f"{rid},pupil,820,{school},{klass},{gender}")
        answers += [f"{rid},F1,{f1}", f"{rid},F2,{f2}"]
    files = {
        "indicators.csv": "indicator_code,name_da,name_en\nFAG,Faglig trivsel,Academic well-being",
        "items.csv": "item_code,indicator_code,respondent_group,reverse,min,max,text\n"
        "F1,FAG,pupil,0,1,5,Jeg er god til at lære nyt.\n"
        "F2,FAG,pupil,0,1,5,Jeg kan koncentrere mig.",
        "respondents.csv": "\n".join(respondents),
        "answers.csv": "\n".join(answers),
    }
    return {name: (text + "\n").encode() for name, text in files.items()}


@pytest.fixture
def tiny(programme):
    files = tiny_round()
    mapping_round_import(source=files, round_label="T1", held_on=date(2024, 9, 16))
    # The suppressed cells' numbers, worked out outside the database, at Aars Skole.
    aggregates = score_round(read_round(files)).aggregates
    at_school = aggregates.loc[aggregates["school_code"] == "773001"]
    suppressed = at_school["suppressed"].astype(bool)
    hidden = [float(v) for v in at_school.loc[suppressed, "score"]]
    shown = at_school.loc[~suppressed, ["score", "ci_low", "ci_high"]].to_numpy().ravel()
    assert not {f"{v:.2f}" for v in hidden} & {f"{v:.2f}" for v in shown}  # no chance twins
    return hidden


def assert_absent(text: str, score: float) -> None:
    for form in (f"{score:.2f}", f"{score:.1f}", f"{score:.4f}"):
        assert form not in text and form.replace(".", ",") not in text, form
    # Not inside a longer number, nor a hex colour of the workbook's theme such as 1F497D.
    assert not re.search(rf"(?<![\w.]){round(score)}(?!\w)", text), round(score)


def csv_url(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    url = reverse("profiles:school_profile_csv", args=["773001"])
    return url + (f"?{query}" if query else "")


def xlsx_url() -> str:
    return reverse("profiles:school_profile_xlsx", args=["773001"])


def test_csv_has_the_contract_columns_for_the_school_and_its_classes(client_for, programme, tiny):
    response = client_for(programme.people["leader"]).get(csv_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="kvalitetsprofil-773001-T1.csv"' in response["Content-Disposition"]
    text = response.content.decode()
    assert text.splitlines()[0] == HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    units = {(row["level"], row["unit_code"]) for row in rows}
    assert units == {("school", "773001"), ("class", "773001/1A"), ("class", "773001/1B")}
    school = next(r for r in rows if r["level"] == "school" and r["subgroup"] == "all")
    stored = selectors.unit_scores(level="school").get(unit_code="773001", subgroup="all")
    assert school["n"] == "10" and school["suppressed"] == "0"
    assert school["score"] == f"{stored.score:.2f}"
    assert school["ci_low"] == f"{stored.ci_low:.2f}"


def test_csv_rows_agree_with_the_export_profiles_frame(client_for, programme, tiny):
    text = client_for(programme.people["leader"]).get(csv_url()).content.decode()
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["level"] == "school"]
    frame = selectors.profile_export_frame(
        mapping_round=MappingRound.objects.get(label="T1"), level="school"
    )
    frame = frame.loc[frame["unit_code"] == "773001"]
    assert [r["subgroup"] for r in rows] == list(frame["subgroup"])
    # The girls and boys are suppressed (Løgstør's three girls beside them), so empty in both.
    assert [r["score"] for r in rows] == [
        "" if pd.isna(score) else f"{score:.2f}" for score in frame["score"]
    ]
    assert [r["score"] for r in rows if r["subgroup"] != "all"] == ["", ""]


def test_suppressed_class_keeps_n_and_no_number_in_csv(client_for, programme, tiny):
    text = client_for(programme.people["leader"]).get(csv_url()).content.decode()
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["unit_code"] == "773001/1A"]
    assert {r["subgroup"]: r["n"] for r in rows} == {"all": "4", "girl": "2", "boy": "2"}
    for row in rows:
        assert row["suppressed"] == "1"
        assert row["score"] == row["ci_low"] == row["ci_high"] == ""
    assert len(tiny) >= 3
    for score in tiny:
        assert_absent(text, score)


def test_excel_sheet_has_a_bold_header_danish_names_and_no_suppressed_number(
    client_for, programme, tiny
):
    response = client_for(programme.people["leader"]).get(xlsx_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header == [*HEADER.split(",")[:5], "indicator_name_da", *HEADER.split(",")[5:]]
    assert all(cell.font.bold for cell in sheet[1])
    rows = [
        dict(zip(header, values, strict=True)) for values in sheet.iter_rows(2, values_only=True)
    ]
    assert {r["indicator_name_da"] for r in rows} == {"Faglig trivsel"}
    hidden_rows = [r for r in rows if r["unit_code"] == "773001/1A"]
    assert len(hidden_rows) == 3
    assert all(r["suppressed"] == 1 and r["score"] is None and r["n"] <= 4 for r in hidden_rows)
    shown = next(r for r in rows if r["level"] == "school" and r["subgroup"] == "all")
    assert isinstance(shown["score"], float)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = "".join(archive.read(name).decode() for name in archive.namelist())
    for score in tiny:
        assert_absent(xml, score)


@pytest.mark.parametrize(
    ("person", "status"),
    [("leader", 200), ("admin", 200), ("municipal_coordinator", 200)]
    + [("teacher", 403), ("local_rp", 403), ("municipal_rp", 403), ("author", 403)]
    + [("other_coordinator", 403), ("far_teacher", 403)],
)
def test_exports_are_for_leaders(client_for, programme, tiny, person, status):
    client = client_for(programme.people[person])
    assert client.get(csv_url()).status_code == status
    assert client.get(xlsx_url()).status_code == status


def test_export_links_appear_only_for_those_who_may_export(client_for, programme, tiny):
    profile_url = reverse("profiles:school_profile", args=["773001"])
    leader = client_for(programme.people["leader"]).get(profile_url).content.decode()
    teacher = client_for(programme.people["teacher"]).get(profile_url).content.decode()
    assert csv_url() in leader and xlsx_url() in leader
    assert csv_url() not in teacher and xlsx_url() not in teacher


def test_export_follows_the_chosen_round(client_for, programme, tiny):
    later = [(*p[:4], 5, 5) for p in PUPILS]  # everyone at the top at T2
    files = tiny_round()
    respondents = files["respondents.csv"]
    answers = "respondent_id,item_code,value\n" + "".join(
        f"{p[0]},F1,{p[4]}\n{p[0]},F2,{p[5]}\n" for p in later
    )
    mapping_round_import(
        source={**files, "respondents.csv": respondents, "answers.csv": answers.encode()},
        round_label="T2",
        held_on=date(2025, 9, 15),
    )
    client = client_for(programme.people["leader"])
    latest = list(csv.DictReader(io.StringIO(client.get(csv_url()).content.decode())))
    first = list(csv.DictReader(io.StringIO(client.get(csv_url(runde="T1")).content.decode())))
    assert {r["round"] for r in latest} == {"T2"} and {r["round"] for r in first} == {"T1"}
    assert client.get(csv_url(runde="T7")).status_code == 404


def test_export_without_any_round_is_not_found(client_for, programme):
    assert client_for(programme.people["leader"]).get(csv_url()).status_code == 404
