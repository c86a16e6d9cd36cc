"""The synthetic round generator: contract format, determinism, injected effects."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from profiles_link.generator import (
    CATALOGUE,
    INDICATORS,
    Effect,
    ItemSpec,
    generate_round,
    load_catalogue,
)
from profiles_link.parsing import read_round
from profiles_link.scoring import score_round, weak_areas

FILES = ("indicators.csv", "items.csv", "respondents.csv", "answers.csv", "units.csv")
SMALL = {
    "municipalities": [("766", "Hedensted"), ("820", "Vesthimmerland")],
    "schools_per_municipality": 2,
    "classes_per_school": 3,
    "pupils_per_class": 10,
    "staff_per_school": 6,
    "leaders_per_school": 2,
}


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    first = generate_round(tmp_path / "a", seed=3, **SMALL)
    second = generate_round(tmp_path / "b", seed=3, **SMALL)
    for name in FILES:
        assert (first.path / name).read_bytes() == (second.path / name).read_bytes(), name
    other = generate_round(tmp_path / "c", seed=4, **SMALL)
    assert (other.path / "answers.csv").read_bytes() != (first.path / "answers.csv").read_bytes()


def test_rounds_share_units_but_not_respondents(tmp_path: Path) -> None:
    t1 = generate_round(tmp_path / "t1", seed=3, **SMALL)
    t2 = generate_round(tmp_path / "t2", seed=3, round_label="T2", **SMALL)
    assert (t1.path / "units.csv").read_bytes() == (t2.path / "units.csv").read_bytes()
    assert (t1.path / "items.csv").read_bytes() == (t2.path / "items.csv").read_bytes()
    ids1 = set(read_csv(t1.path / "respondents.csv")["respondent_id"])
    ids2 = set(read_csv(t2.path / "respondents.csv")["respondent_id"])
    assert ids1.isdisjoint(ids2)


def test_output_follows_the_contract_and_parses(tmp_path: Path) -> None:
    generated = generate_round(tmp_path, seed=1, **SMALL)
    data = read_round(generated.path)  # raises if anything is invalid
    people = data.respondents
    # 2 municipalities × 2 schools × 3 classes × 10 pupils.
    assert (people["respondent_group"] == "pupil").sum() == 2 * 2 * 3 * 10
    assert (people["respondent_group"] == "staff").sum() == 4 * 6
    assert (people["respondent_group"] == "leader").sum() == 4 * 2
    assert generated.respondents == len(people)
    assert people["municipality_code"].str.fullmatch(r"\d{3}").all()
    assert people["school_code"].str.fullmatch(r"\d{6}").all()
    assert set(people["municipality_code"]) == {"766", "820"}
    pupils = people.loc[people["respondent_group"] == "pupil"]
    assert pupils["class_code"].str.fullmatch(r"\d[A-Z]").all()
    assert set(pupils["gender"]) <= {"girl", "boy", ""}
    assert {"girl", "boy"} <= set(pupils["gender"])
    adults = people.loc[people["respondent_group"].isin(["staff", "leader"])]
    assert (adults["class_code"] == "").all() and (adults["gender"] == "").all()
    parents = people.loc[people["respondent_group"] == "parent"]
    assert (parents["class_code"] != "").any() and (parents["class_code"] == "").any()
    units = data.units
    assert units is not None
    assert set(units["level"]) == {"municipality", "school", "class"}
    assert (units["level"] == "class").sum() == 4 * 3


def test_instrument_mixes_scales_groups_and_reversed_items(tmp_path: Path) -> None:
    data = read_round(generate_round(tmp_path, seed=1, **SMALL).path)
    items = data.items
    assert set(items["max"] - items["min"] + 1) == {3, 4, 5}
    assert set(items["respondent_group"]) == {"pupil", "parent", "staff", "leader"}
    assert 8 <= len(data.indicators) <= 14
    names = set(data.indicators["name_da"])
    # Named so that higher reads as better, as on every indicator of the 500 scale.
    assert {"Faglig trivsel", "Fri for mobning", "Forældresamarbejde", "Ledelse"} <= names
    bullying = items.loc[items["indicator_code"] == "MOB"]
    assert (bullying["reverse"] == 1).all()
    assert 0 < (items.loc[items["indicator_code"] != "MOB", "reverse"] == 1).sum()


def test_some_answers_are_skipped_so_the_half_rule_bites(tmp_path: Path) -> None:
    generated = generate_round(tmp_path, seed=2, **SMALL)
    written = read_csv(generated.path / "answers.csv")
    assert (written["value"] == "").any()  # skipped with an empty value
    data = read_round(generated.path)
    items = data.items
    group_of = dict(zip(data.respondents["respondent_id"], data.respondents["respondent_group"],
                        strict=True))  # fmt: skip
    per_group = {g: items.loc[items["respondent_group"] == g] for g in group_of.values()}
    possible_rows = sum(len(per_group[g]) for g in group_of.values())
    assert len(written) < possible_rows  # skipped without a row
    possible_scores = sum(per_group[g]["indicator_code"].nunique() for g in group_of.values())
    scored = score_round(data)
    assert 0 < len(scored.raw) < possible_scores


def test_semicolon_and_bom_output_reads_the_same(tmp_path: Path) -> None:
    plain = read_round(generate_round(tmp_path / "a", seed=5, **SMALL).path)
    danish_path = generate_round(tmp_path / "b", seed=5, delimiter=";", bom=True, **SMALL).path
    assert (danish_path / "items.csv").read_bytes().startswith(b"\xef\xbb\xbfitem_code;")
    danish = read_round(danish_path)
    assert danish.answers.equals(plain.answers)
    assert danish.items.equals(plain.items)
    assert danish.units is not None and plain.units is not None
    assert danish.units.equals(plain.units)


def test_named_schools_and_an_injected_boys_gap(tmp_path: Path) -> None:
    municipalities = [
        ("766", "Hedensted", [("615004", "Hedensted Skole"), ("615005", "Juelsminde Skole")]),
        ("820", "Vesthimmerland", [("773010", "Aars Skole")]),
    ]
    settings = {
        "seed": 11,
        "municipalities": municipalities,
        "classes_per_school": 10,
        "pupils_per_class": 20,
    }
    boys_down = Effect("FAG", -1.0, school_code="615004", gender="boy")
    t1 = generate_round(tmp_path / "t1", effects=[boys_down], **settings)
    units = read_csv(t1.path / "units.csv")
    schools = units.loc[units["level"] == "school"]
    assert dict(zip(schools["code"], schools["name"], strict=True)) == {
        "615004": "Hedensted Skole",
        "615005": "Juelsminde Skole",
        "773010": "Aars Skole",
    }
    assert schools.set_index("code").loc["773010", "parent_code"] == "820"
    scored = score_round(read_round(t1.path))
    weak = weak_areas(scored.aggregates, "615004")
    gap = weak.loc[(weak["indicator_code"] == "FAG") & (weak["kind"] == "subgroup_gap")]
    assert gap["subgroup"].tolist() == ["boy"]
    assert gap["gap"].iloc[0] > 40

    # T2: the gap is gone and everyone improves a little (on T1's scale).
    t2 = generate_round(tmp_path / "t2", round_label="T2", round_effect=0.3, **settings)
    later = score_round(read_round(t2.path), scored.params)
    aggs = later.aggregates
    programme = aggs.loc[
        (aggs["level"] == "programme")
        & (aggs["respondent_group"] == "pupil")
        & (aggs["subgroup"] == "all")
    ]
    # +0.3 latent SD is roughly +25 points; allow for noise with only three schools.
    assert (programme["score"] > 500).all()
    assert programme["score"].mean() > 510
    later_weak = weak_areas(aggs, "615004")
    assert not ((later_weak["indicator_code"] == "FAG") & (later_weak["subgroup"] == "boy")).any()


@pytest.mark.parametrize("bad", ["girl", "boy"])
def test_effects_only_touch_their_target(tmp_path: Path, bad: str) -> None:
    effect = Effect("FAG", -1.5, school_code="766001", gender=bad)
    data = read_round(generate_round(tmp_path, seed=8, effects=[effect], **SMALL).path)
    aggs = score_round(data).aggregates
    rows = aggs.loc[
        (aggs["level"] == "school")
        & (aggs["unit_code"] == "766001")
        & (aggs["indicator_code"] == "FAG")
    ].set_index("subgroup")
    good = "boy" if bad == "girl" else "girl"
    assert rows.loc[bad, "score"] < rows.loc[good, "score"] - 40


# --------------------------------------------------------------------------- the catalogue as data


def test_the_instrument_is_the_catalogue_files_written_out_again(tmp_path: Path) -> None:
    """indicators.csv and items.csv under profiles_link/data/catalogue/ are the instrument: a
    round written with "," and no byte-order mark carries them byte for byte."""
    generated = generate_round(tmp_path, seed=1, **SMALL)
    for name in ("indicators.csv", "items.csv"):
        assert (generated.path / name).read_bytes() == (CATALOGUE / name).read_bytes(), name
    assert [i.code for i in INDICATORS][:3] == ["FAG", "SOC", "KLA"]
    assert INDICATORS[0].name_en == "Academic well-being"


def test_a_catalogue_folder_loads_in_the_files_order(tmp_path: Path) -> None:
    (tmp_path / "indicators.csv").write_text(
        "\ufeffindicator_code,name_da,name_en\nB,Bé,Bee\nA,Á,Ay\n", encoding="utf-8"
    )
    (tmp_path / "items.csv").write_text(
        "item_code,indicator_code,respondent_group,reverse,min,max,text\n"
        'A1,A,staff,1,0,4,"Tekst, med komma"\nB1,B,pupil,0,1,3,x\n',
        encoding="utf-8",
    )
    b, a = load_catalogue(tmp_path)
    assert (b.code, b.name_da, a.code, a.name_en) == ("B", "Bé", "A", "Ay")
    assert a.items == (ItemSpec("A1", "staff", 0, 4, "Tekst, med komma", reverse=True),)
    assert b.items == (ItemSpec("B1", "pupil", 1, 3, "x", reverse=False),)


def test_a_round_is_what_it_was_before_the_catalogue_became_data(tmp_path: Path) -> None:
    """The files of a small round from before the move (sha256, first 16 hex digits)."""
    generated = generate_round(tmp_path, seed=3, delimiter=";", bom=True, round_label="T2",
                               round_effect=0.1, municipalities=[("766", "Hedensted")])  # fmt: skip
    digests = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(generated.path.iterdir())
    }
    assert digests == {
        "answers.csv": "2bee356c4f6bb416",
        # Only the indicators' names changed since: MOB is named "Fri for mobning" now.
        "indicators.csv": "a705f14841ae11d2",
        "items.csv": "d24ba1be988ba951",
        "respondents.csv": "c880c6d5f32868a2",
        "units.csv": "e7c6fd5923f8a009",
    }
