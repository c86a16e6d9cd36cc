"""Reading and validating a mapping round (no database).

Each malformed input named in mapping-data.md must be refused with an exact
``file:line: column: message`` (header = line 1, first data row = line 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from profiles_link.parsing import MappingValidationError, Problem, read_round

BASE: dict[str, list[str]] = {
    "indicators.csv": [
        "indicator_code,name_da,name_en",
        "FAG,Faglig trivsel,Academic well-being",
        "FOR,Forældresamarbejde,Parent cooperation",
    ],
    "items.csv": [
        "item_code,indicator_code,respondent_group,reverse,min,max,text",
        "F01,FAG,pupil,0,1,5,Jeg lærer meget",
        "F02,FAG,pupil,1,1,4,Jeg keder mig",
        "P01,FOR,parent,0,1,3,Skolen lytter",
    ],
    "respondents.csv": [
        "respondent_id,respondent_group,municipality_code,school_code,class_code,gender",
        "001,pupil,766,012345,5A,girl",
        "002,pupil,766,012345,5A,boy",
        "003,parent,766,012345,,",
    ],
    "answers.csv": [
        "respondent_id,item_code,value",
        "001,F01,5",
        "001,F02,1",
        "002,F01,",
        "002,F02,4",
        "003,P01,2",
    ],
}


def write_round(
    folder: Path,
    files: dict[str, list[str]] | None = None,
    *,
    delimiter: str = ",",
    bom: bool = False,
    drop: tuple[str, ...] = (),
) -> Path:
    """Write ``files`` (default BASE) as CSV text, swapping ``,`` for ``delimiter``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in (files or BASE).items():
        if name in drop:
            continue
        text = "\n".join(line.replace(",", delimiter) for line in lines) + "\n"
        (folder / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return folder


def with_rows(name: str, *rows: str, replace: dict[int, str] | None = None) -> dict:
    """BASE with extra rows appended to ``name`` and/or line numbers replaced."""
    files = {k: list(v) for k, v in BASE.items()}
    for line, text in (replace or {}).items():
        files[name][line - 1] = text
    files[name].extend(rows)
    return files


def problems_of(folder: Path, **kwargs: object) -> list[str]:
    with pytest.raises(MappingValidationError) as info:
        read_round(folder, **kwargs)
    return [str(p) for p in info.value.problems]


# --------------------------------------------------------------------------- valid input


def test_valid_round_keeps_codes_as_text_and_drops_empty_values(tmp_path: Path) -> None:
    data = read_round(write_round(tmp_path))
    assert data.respondents["respondent_id"].tolist() == ["001", "002", "003"]
    assert data.respondents["school_code"].tolist() == ["012345"] * 3
    assert data.respondents["class_code"].tolist() == ["5A", "5A", ""]
    assert data.respondents["gender"].tolist() == ["girl", "boy", ""]
    # 5 answer rows, one with an empty value ("not answered") -> 4 kept.
    assert data.answers.to_dict("list") == {
        "respondent_id": ["001", "001", "002", "003"],
        "item_code": ["F01", "F02", "F02", "P01"],
        "value": [5, 1, 4, 2],
    }
    assert data.answers["value"].dtype.kind == "i"
    assert data.items["min"].tolist() == [1, 1, 1]
    assert data.items["max"].tolist() == [5, 4, 3]
    assert data.items["reverse"].tolist() == [0, 1, 0]
    assert data.items["max"].dtype.kind == "i"
    assert data.units is None


def test_semicolon_and_bom_read_like_commas(tmp_path: Path) -> None:
    plain = read_round(write_round(tmp_path / "plain"))
    danish = read_round(write_round(tmp_path / "danish", delimiter=";", bom=True))
    assert danish.respondents.columns[0] == "respondent_id"  # BOM not glued to the name
    assert danish.respondents.equals(plain.respondents)
    assert danish.answers.equals(plain.answers)
    assert danish.items.equals(plain.items)


def test_delimiter_is_detected_per_file(tmp_path: Path) -> None:
    folder = write_round(tmp_path)
    semicolons = "\n".join(line.replace(",", ";") for line in BASE["answers.csv"])
    (folder / "answers.csv").write_text(semicolons + "\n", encoding="utf-8")
    data = read_round(folder)
    assert data.answers["value"].tolist() == [5, 1, 4, 2]


def test_text_with_delimiter_inside_quotes_and_surrounding_spaces(tmp_path: Path) -> None:
    files = with_rows(
        "items.csv", replace={2: 'F01 , FAG , pupil , 0 , 1 , 5 ,"Jeg lærer, og jeg leger" '}
    )
    data = read_round(write_round(tmp_path, files))
    first = data.items.iloc[0]
    assert (first["item_code"], first["text"], first["max"]) == (
        "F01",
        "Jeg lærer, og jeg leger",
        5,
    )


def test_mapping_source_like_a_zip_upload(tmp_path: Path) -> None:
    folder = write_round(tmp_path)
    files = {f"T1/{p.name}": p.read_bytes() for p in folder.iterdir()}
    data = read_round(files)
    assert data.answers["value"].sum() == 5 + 1 + 4 + 2


def test_mapping_source_with_a_file_twice_is_refused(tmp_path: Path) -> None:
    folder = write_round(tmp_path)
    files = {f"T1/{p.name}": p.read_bytes() for p in folder.iterdir()}
    files["T2/answers.csv"] = files["T1/answers.csv"]
    with pytest.raises(MappingValidationError) as info:
        read_round(files)
    assert [str(p) for p in info.value.problems] == [
        "answers.csv:0: -: file appears more than once"
    ]


def test_units_file_is_read_when_present(tmp_path: Path) -> None:
    files = with_rows("answers.csv")
    files["units.csv"] = [
        "level,code,name,parent_code",
        "municipality,766,Hedensted,",
        "school,012345,Hedensted Skole,766",
        "class,5A,5.A,012345",
    ]
    data = read_round(write_round(tmp_path, files))
    assert data.units is not None
    assert data.units["code"].tolist() == ["766", "012345", "5A"]


def test_extra_columns_are_ignored(tmp_path: Path) -> None:
    files = with_rows(
        "indicators.csv",
        replace={
            1: "indicator_code,name_da,name_en,comment",
            2: "FAG,Faglig trivsel,Academic well-being,x",
            3: "FOR,Forældresamarbejde,Parent cooperation,y",
        },
    )
    data = read_round(write_round(tmp_path, files))
    assert list(data.indicators.columns) == ["indicator_code", "name_da", "name_en"]


# --------------------------------------------------------------------------- refused input


def test_missing_required_file(tmp_path: Path) -> None:
    folder = write_round(tmp_path, drop=("answers.csv",))
    assert problems_of(folder) == ["answers.csv:0: -: required file is missing"]


def test_missing_required_column(tmp_path: Path) -> None:
    files = with_rows(
        "items.csv",
        replace={
            1: "item_code,indicator_code,respondent_group,min,max,text",
            2: "F01,FAG,pupil,1,5,a",
            3: "F02,FAG,pupil,1,4,b",
            4: "P01,FOR,parent,1,3,c",
        },
    )
    assert problems_of(write_round(tmp_path, files)) == [
        "items.csv:1: reverse: required column is missing"
    ]


def test_repeated_respondent_id(tmp_path: Path) -> None:
    files = with_rows("respondents.csv", "002,pupil,766,012345,5B,boy")
    assert problems_of(write_round(tmp_path, files)) == [
        "respondents.csv:5: respondent_id: respondent_id 002 repeats (first on line 3)"
    ]


def test_repeated_answer_pair(tmp_path: Path) -> None:
    files = with_rows("answers.csv", "001,F01,3")
    assert problems_of(write_round(tmp_path, files)) == [
        "answers.csv:7: item_code: respondent 001 answers item F01 again (first on line 2)"
    ]


def test_unknown_respondent_and_item(tmp_path: Path) -> None:
    files = with_rows("answers.csv", "009,F01,3", "001,X99,3")
    assert problems_of(write_round(tmp_path, files)) == [
        "answers.csv:7: respondent_id: unknown respondent_id 009",
        "answers.csv:8: item_code: unknown item_code X99",
    ]


def test_item_group_differs_from_respondent_group(tmp_path: Path) -> None:
    files = with_rows("answers.csv", "003,F01,3")
    assert problems_of(write_round(tmp_path, files)) == [
        "answers.csv:7: item_code: item F01 is for pupil but respondent 003 is parent"
    ]


def test_values_must_be_integers_within_the_item_range(tmp_path: Path) -> None:
    # F01 is 1..5, F02 1..4, P01 1..3.
    files = with_rows(
        "answers.csv",
        replace={2: "001,F01,7", 3: "001,F02,0", 5: "002,F02,2.0", 6: "003,P01,tre"},
    )
    assert problems_of(write_round(tmp_path, files)) == [
        "answers.csv:2: value: value 7 is outside [1, 5] for item F01",
        "answers.csv:3: value: value 0 is outside [1, 4] for item F02",
        "answers.csv:5: value: '2.0' is not an integer",
        "answers.csv:6: value: 'tre' is not an integer",
    ]


def test_value_at_both_ends_of_the_range_is_accepted(tmp_path: Path) -> None:
    files = with_rows("answers.csv", replace={2: "001,F01,1", 3: "001,F02,4"})
    data = read_round(write_round(tmp_path, files))
    assert data.answers["value"].tolist()[:2] == [1, 4]


def test_reverse_must_be_zero_or_one(tmp_path: Path) -> None:
    files = with_rows("items.csv", replace={3: "F02,FAG,pupil,ja,1,4,Jeg keder mig"})
    assert problems_of(write_round(tmp_path, files)) == ["items.csv:3: reverse: 'ja' is not 0 or 1"]


def test_min_must_be_below_max_and_both_integers(tmp_path: Path) -> None:
    files = with_rows(
        "items.csv",
        "F03,FAG,pupil,0,4,4,x",
        "F04,FAG,pupil,0,5,1,x",
        "F05,FAG,pupil,0,a,5,x",
        "F06,FAG,pupil,0,1,,x",
    )
    assert problems_of(write_round(tmp_path, files)) == [
        "items.csv:5: min: min 4 is not less than max 4",
        "items.csv:6: min: min 5 is not less than max 1",
        "items.csv:7: min: 'a' is not an integer",
        "items.csv:8: max: value is missing",
    ]


def test_group_and_gender_must_be_known_values(tmp_path: Path) -> None:
    files = with_rows("respondents.csv", replace={2: "001,elev,766,012345,5A,pige"})
    files["items.csv"][2] = "F02,FAG,teacher,1,1,4,Jeg keder mig"
    assert problems_of(write_round(tmp_path, files)) == [
        "items.csv:3: respondent_group: 'teacher' is not one of pupil, parent, staff, leader",
        "respondents.csv:2: respondent_group: 'elev' is not one of pupil, parent, staff, leader",
        "respondents.csv:2: gender: 'pige' is not one of girl, boy or empty",
    ]


def test_municipality_and_school_codes_have_fixed_digits(tmp_path: Path) -> None:
    files = with_rows(
        "respondents.csv",
        "004,staff,76,012345,,",
        "005,staff,766,12345,,",
        "006,staff,,012345,,",
    )
    assert problems_of(write_round(tmp_path, files)) == [
        "respondents.csv:5: municipality_code: '76' is not a 3-digit municipality code",
        "respondents.csv:6: school_code: '12345' is not a 6-digit school code",
        "respondents.csv:7: municipality_code: value is missing (3-digit municipality code)",
    ]


def test_school_in_two_municipalities(tmp_path: Path) -> None:
    files = with_rows("respondents.csv", "004,staff,820,012345,,")
    assert problems_of(write_round(tmp_path, files)) == [
        "respondents.csv:5: municipality_code: school 012345 is in municipality 766 "
        "on an earlier line, not 820"
    ]


def test_item_with_unknown_indicator_and_empty_ids(tmp_path: Path) -> None:
    files = with_rows("items.csv", "X01,XYZ,pupil,0,1,5,x")
    files["answers.csv"].append(",F01,3")
    assert problems_of(write_round(tmp_path, files)) == [
        "items.csv:5: indicator_code: unknown indicator_code XYZ",
        "answers.csv:7: respondent_id: value is missing",
    ]


def test_units_are_checked(tmp_path: Path) -> None:
    files = with_rows("answers.csv")
    files["units.csv"] = [
        "level,code,name,parent_code",
        "region,766,Hedensted,",
        "school,012345,Hedensted Skole,820",
        "class,5A,,12345",
        "municipality,766,Hedensted,",
        "municipality,766,Hedensted igen,",
    ]
    assert problems_of(write_round(tmp_path, files)) == [
        "units.csv:2: level: 'region' is not one of municipality, school, class",
        "units.csv:3: parent_code: school 012345 is in municipality 766 in "
        "respondents.csv, not 820",
        "units.csv:4: name: value is missing",
        "units.csv:4: parent_code: '12345' is not a 6-digit school code",
        "units.csv:6: code: municipality 766 repeats (first on line 5)",
    ]


def test_every_problem_is_collected_in_file_and_line_order(tmp_path: Path) -> None:
    files = with_rows("answers.csv", "009,F01,3", "001,F01,9")
    files["respondents.csv"].append("004,pupil,766,012345,5A,x")
    files["items.csv"][1] = "F01,FAG,pupil,2,1,5,Jeg lærer meget"
    found = problems_of(write_round(tmp_path, files, delimiter=";", bom=True))
    assert found == [
        "items.csv:2: reverse: '2' is not 0 or 1",
        "respondents.csv:5: gender: 'x' is not one of girl, boy or empty",
        "answers.csv:7: respondent_id: unknown respondent_id 009",
        "answers.csv:8: item_code: respondent 001 answers item F01 again (first on line 2)",
        "answers.csv:8: value: value 9 is outside [1, 5] for item F01",
    ]


def test_problem_count_is_kept_beyond_the_cap(tmp_path: Path) -> None:
    files = with_rows("answers.csv", *[f"00{i},F01,1" for i in range(4, 10)])
    with pytest.raises(MappingValidationError) as info:
        read_round(write_round(tmp_path, files), max_problems=3)
    # Six unknown respondents 004..009 on lines 7..12; only the first three kept.
    assert info.value.total == 6
    assert [p.line for p in info.value.problems] == [7, 8, 9]
    assert "... and 3 more" in str(info.value)


def test_line_numbers_survive_blank_lines_and_multiline_text(tmp_path: Path) -> None:
    files = with_rows("answers.csv", replace={4: ""})  # a blank line where 002,F01, was
    files["items.csv"][1] = 'F01,FAG,pupil,0,1,5,"Jeg lærer\nmeget"'
    files["items.csv"][2] = "F02,FAG,pupil,7,1,4,Jeg keder mig"
    files["answers.csv"][5] = "003,P01,8"
    assert problems_of(write_round(tmp_path, files)) == [
        # The item text of line 2 spans two lines, so F02 is on line 4.
        "items.csv:4: reverse: '7' is not 0 or 1",
        "answers.csv:6: value: value 8 is outside [1, 3] for item P01",
    ]


def test_ragged_row(tmp_path: Path) -> None:
    files = with_rows("answers.csv", "002,F01,3,extra")
    assert problems_of(write_round(tmp_path, files)) == [
        "answers.csv:7: -: row has 4 fields but the header has 3"
    ]


def test_invalid_utf8(tmp_path: Path) -> None:
    folder = write_round(tmp_path)
    content = (folder / "indicators.csv").read_bytes().replace("æ".encode(), b"\xe6")
    (folder / "indicators.csv").write_bytes(content)
    # "Forældresamarbejde" is on line 3; Latin-1 "æ" is not UTF-8.
    assert problems_of(folder) == ["indicators.csv:3: -: file is not valid UTF-8 text"]


def test_problem_renders_as_file_line_column_message() -> None:
    problem = Problem("answers.csv", 12, "value", "value 7 is outside [1, 5] for item T01")
    assert str(problem) == "answers.csv:12: value: value 7 is outside [1, 5] for item T01"
