"""A school's profile as CSV (the export_profiles contract's columns) and as an Excel sheet.

Both are built from the selectors' public frames only, and blank the numbers of suppressed rows
once more on the way out: a suppressed score is never written, whatever the frame holds. Every
text cell goes through `lms.exports.safe_cell` (no formula injection), and the sheet's title
through `safe_sheet_title`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from lms.exports import safe_cell, safe_sheet_title

from . import scoring

# The export_profiles contract's header: the round, then the aggregate columns anyone may read
# (not sd, se, nor the parent codes).
EXPORT_COLUMNS: tuple[str, ...] = (
    "round",
    *scoring.AGGREGATE_COLUMNS[:7],  # level … n, score
    *scoring.AGGREGATE_COLUMNS[9:12],  # ci_low, ci_high, suppressed
)
NUMBER_COLUMNS: tuple[str, ...] = ("score", "ci_low", "ci_high")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)


def export_rows(frame: pd.DataFrame) -> Iterator[dict[str, object]]:
    """The frame's rows as contract values: numbers rounded to 2 decimals, suppressed as 1/0."""
    for row in frame.itertuples(index=False):
        suppressed = bool(row.suppressed)
        values: dict[str, object] = {
            "round": row.round,
            "level": row.level,
            "unit_code": row.unit_code,
            "respondent_group": row.respondent_group,
            "indicator_code": row.indicator_code,
            "subgroup": row.subgroup,
            "n": int(row.n),
            "suppressed": int(suppressed),
        }
        for column in NUMBER_COLUMNS:
            values[column] = None if suppressed else _number(getattr(row, column))
        yield values


def profile_csv(frame: pd.DataFrame) -> str:
    """CSV text with the contract's header; suppressed rows keep n and leave the numbers empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for values in export_rows(frame):
        writer.writerow(
            [
                f"{values[c]:.2f}"
                if c in NUMBER_COLUMNS and values[c] is not None
                else safe_cell(values[c])
                for c in EXPORT_COLUMNS
            ]
        )
    return out.getvalue()


def profile_xlsx(
    frame: pd.DataFrame, *, indicator_names: Mapping[str, str], sheet_title: str
) -> bytes:
    """One sheet: the CSV's columns plus the indicator's Danish name, header bold and frozen."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = safe_sheet_title(sheet_title)
    header = [*EXPORT_COLUMNS[:5], "indicator_name_da", *EXPORT_COLUMNS[5:]]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in export_rows(frame):
        values["indicator_name_da"] = indicator_names.get(str(values["indicator_code"]), "")
        sheet.append([safe_cell(values[c]) for c in header])
    for column in ("I", "J", "K"):
        for cell in sheet[column][1:]:
            cell.number_format = "0.00"
    widths = {"A": 8, "B": 14, "C": 14, "D": 18, "E": 16, "F": 34, "G": 10}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
