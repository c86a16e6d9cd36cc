"""Finding 3: formula injection in exports. Indicator names and codes, unit names and round
labels reached CSV and XLSX exports, and openpyxl stored `=HYPERLINK(…)` as a live formula; a
round label with `/ : \\ ? * [ ]` made the XLSX export a 500. Every text cell that starts with
`= + - @`, a tab or a carriage return is neutralised (OWASP), in every export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from test_exports import tiny_round

from lms.exports import SafeCsvWriter, safe_cell, safe_sheet_title
from profiles_link.models import MappingRound
from profiles_link.services import mapping_round_import

EVIL_NAME = '=HYPERLINK("http://evil.example","Klik")'
STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def evil_round(programme):
    files = tiny_round()
    files["indicators.csv"] = (
        f'indicator_code,name_da,name_en\n@FAG,"{EVIL_NAME.replace(chr(34), chr(34) * 2)}",+x\n'
    ).encode()
    files["items.csv"] = files["items.csv"].replace(b",FAG,", b",@FAG,")
    mapping_round = mapping_round_import(source=files, round_label="T1")
    # A label stored before labels were checked (the import refuses such labels now).
    MappingRound.objects.filter(pk=mapping_round.pk).update(label="-T1/[x]:?*")
    return mapping_round


def test_safe_cell_follows_owasp():
    assert [safe_cell(v) for v in ["=1", "+1", "-1", "@a", "\tx", "\rx", "ok", 5, -5.0, None]] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "ok", 5, -5.0, None,
    ]  # fmt: skip
    assert safe_sheet_title("773001 T1/2:[a]?*\\") == "773001 T1_2__a____"
    assert safe_sheet_title("'''") == "Ark"


def test_the_csv_export_neutralises_every_text_cell(client_for, programme, evil_round):
    url = reverse("profiles:school_profile_csv", args=[programme.school.number])
    response = client_for(programme.people["admin"]).get(url, {"runde": "-T1/[x]:?*"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'-T1/[x]:?*" in cells and "'@FAG" in cells
    assert not [cell for cell in cells if cell.startswith(STARTS)]


def test_the_xlsx_export_holds_no_formula_and_any_label_works(client_for, programme, evil_round):
    url = reverse("profiles:school_profile_xlsx", args=[programme.school.number])
    response = client_for(programme.people["admin"]).get(url, {"runde": "-T1/[x]:?*"})
    assert response.status_code == 200  # a 500 before: "/" and "[" in the sheet's title
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'" + EVIL_NAME in texts
    assert not [text for text in texts if text.startswith(STARTS)]
    assert sheet.title == "773001 -T1__x____"


def test_the_commands_neutralise_too(programme, evil_round):
    out = io.StringIO()
    call_command("export_profiles", "--round=-T1/[x]:?*", "--level", "school", stdout=out)
    cells = [cell for row in list(csv.reader(io.StringIO(out.getvalue())))[1:] for cell in row]
    assert cells and not [cell for cell in cells if cell.startswith(STARTS)]
    out = io.StringIO()
    call_command("export_weak_areas", "--round=-T1/[x]:?*", "--school", "773001", stdout=out)
    cells = [cell for row in list(csv.reader(io.StringIO(out.getvalue())))[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]


def test_the_csv_writer_of_the_commands_neutralises_every_row():
    """Text people typed (a plan's focus area, a school's name) reaches the commands' CSV: the
    writer they share neutralises every text cell; numbers stay numbers."""
    out = io.StringIO()
    SafeCsvWriter(out).writerows([["=HYPERLINK(1)", -2.5, "@x", "Aars Skole"]])
    assert out.getvalue() == "'=HYPERLINK(1),-2.5,'@x,Aars Skole\n"
