"""What every export (CSV, XLSX) does to the text it writes: no cell a spreadsheet would run.

OWASP's rule for CSV/formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return is prefixed with a single quote, so Excel, LibreOffice and Google Sheets
show it as text. Numbers are written as numbers and left alone.
"""

from __future__ import annotations

import csv
import re
from contextlib import contextmanager

from django.core.management.base import CommandError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


def safe_cell(value):
    """`value` as an export writes it: text that could start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]


def safe_sheet_title(title: str, fallback: str = "Ark") -> str:
    """An Excel sheet name: none of `\\ / ? * [ ] :`, no leading or trailing quote, 31 characters."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub("_", title).strip("'")[:31]
    return cleaned or fallback


class SafeCsvWriter:
    """A `csv.writer` whose every row goes through `safe_row`."""

    def __init__(self, target) -> None:
        self._writer = csv.writer(target, lineterminator="\n")

    def writerow(self, values) -> None:
        self._writer.writerow(safe_row(values))

    def writerows(self, rows) -> None:
        for values in rows:
            self.writerow(values)


@contextmanager
def command_csv_writer(command, output: str | None):
    """A safe CSV writer on a command's --output (UTF-8, \\n line ends) or standard output."""
    if not output:
        yield SafeCsvWriter(command.stdout)
        return
    try:
        target = open(output, "w", newline="", encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"{output}: {exc.strerror}") from exc
    with target:
        yield SafeCsvWriter(target)
