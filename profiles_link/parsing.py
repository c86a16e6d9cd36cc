"""Read and validate one mapping round (see /work/shared/specs/mapping-data.md).

A round is a folder of CSV files from the survey vendor. An import stores
everything or nothing, so this module reads the whole round, collects *every*
problem it can find (not just the first) and either returns clean DataFrames or
raises :class:`MappingValidationError`. Nothing here touches the database, so
the same code serves the management command, a zip upload and the tests.

Speed matters: ``answers.csv`` may hold ~3 million rows. Files are read with
pyarrow's CSV reader (every column as text, so codes keep leading zeros) and all
checks are vectorised; Python-level work happens only for the bad rows that
become :class:`Problem` objects, and for the few *distinct* values of a column
(a 3-million-row ``value`` column has about five distinct strings).

Line numbers: the header is line 1, the first data row line 2. The fast reader
is used only when a row number is also its physical line number; a file with
blank lines, ragged rows, invalid UTF-8 or line breaks inside quoted values
is re-read with the standard :mod:`csv` module, which reports exact lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

INDICATORS = "indicators.csv"
ITEMS = "items.csv"
RESPONDENTS = "respondents.csv"
ANSWERS = "answers.csv"
UNITS = "units.csv"

#: Required columns per file, in the contract's order.
COLUMNS: dict[str, tuple[str, ...]] = {
    INDICATORS: ("indicator_code", "name_da", "name_en"),
    ITEMS: ("item_code", "indicator_code", "respondent_group", "reverse", "min", "max", "text"),
    RESPONDENTS: (
        "respondent_id",
        "respondent_group",
        "municipality_code",
        "school_code",
        "class_code",
        "gender",
    ),
    ANSWERS: ("respondent_id", "item_code", "value"),
    UNITS: ("level", "code", "name", "parent_code"),
}
REQUIRED_FILES: tuple[str, ...] = (INDICATORS, ITEMS, RESPONDENTS, ANSWERS)
OPTIONAL_FILES: tuple[str, ...] = (UNITS,)
FILE_ORDER: tuple[str, ...] = REQUIRED_FILES + OPTIONAL_FILES

RESPONDENT_GROUPS: tuple[str, ...] = ("pupil", "parent", "staff", "leader")
GENDERS: tuple[str, ...] = ("girl", "boy")
UNIT_LEVELS: tuple[str, ...] = ("municipality", "school", "class")

#: How many problems are kept (all of them are counted).
MAX_PROBLEMS = 1000

# Problem messages: plain English format strings with named fields, kept in
# one place so they can be wrapped in gettext as they are.
MSG_FILE_MISSING = "required file is missing"
MSG_FILE_TWICE = "file appears more than once"
MSG_FILE_EMPTY = "file is empty (no header line)"
MSG_NOT_UTF8 = "file is not valid UTF-8 text"
MSG_COLUMN_MISSING = "required column is missing"
MSG_COLUMN_TWICE = "column appears more than once in the header"
MSG_RAGGED = "row has {found} fields but the header has {expected}"
MSG_EMPTY = "value is missing"
MSG_EMPTY_EXPECTED = "value is missing ({expected})"
MSG_NOT_ONE_OF = "'{value}' is not one of {expected}"
MSG_NOT_CODE = "'{value}' is not a {expected}"
MSG_NOT_INTEGER = "'{value}' is not an integer"
MSG_NOT_BIT = "'{value}' is not 0 or 1"
MSG_MIN_MAX = "min {low} is not less than max {high}"
MSG_REPEATS = "{what} repeats (first on line {first})"
MSG_ANSWER_REPEATS = "respondent {respondent} answers item {item} again (first on line {first})"
MSG_UNKNOWN = "unknown {column} {value}"
MSG_GROUP_MISMATCH = "item {item} is for {item_group} but respondent {respondent} is {group}"
MSG_OUTSIDE = "value {value} is outside [{low}, {high}] for item {item}"
MSG_SCHOOL_MOVES = "school {school} is in municipality {first} on an earlier line, not {other}"
MSG_UNIT_SCHOOL = "school {school} is in municipality {actual} in respondents.csv, not {given}"
EXPECT_MUNICIPALITY = "3-digit municipality code"
EXPECT_SCHOOL = "6-digit school code"

_INT_RE = re.compile(r"[+-]?[0-9]{1,18}")
_MUNICIPALITY_RE = r"[0-9]{3}"
_SCHOOL_RE = r"[0-9]{6}"
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, pointing at the exact file, line and column.

    ``line`` is 1 for the header (and for a missing column), 0 when the whole
    file is missing; ``column`` is ``"-"`` when no single column is to blame.
    """

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class MappingValidationError(Exception):
    """The round was refused; ``problems`` lists up to ``MAX_PROBLEMS`` of ``total``."""

    def __init__(self, problems: list[Problem], total: int) -> None:
        self.problems = problems
        self.total = total
        super().__init__(self._summary())

    def _summary(self, limit: int = 50) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        more = self.total - len(lines)
        head = f"{self.total} problem(s) in the mapping data"
        tail = [f"... and {more} more"] if more > 0 else []
        return "\n".join([head, *lines, *tail])


@dataclass
class RoundData:
    """The clean content of one round; every code column is text.

    - ``indicators``: indicator_code, name_da, name_en
    - ``items``: item_code, indicator_code, respondent_group, reverse (int 0/1),
      min (int), max (int), text
    - ``respondents``: respondent_id, respondent_group, municipality_code,
      school_code, class_code ("" when none), gender ("girl", "boy" or "")
    - ``answers``: respondent_id, item_code, value (int); unanswered rows dropped
    - ``units``: level, code, name, parent_code — or ``None`` when not supplied
    """

    indicators: pd.DataFrame
    items: pd.DataFrame
    respondents: pd.DataFrame
    answers: pd.DataFrame
    units: pd.DataFrame | None = None


# --------------------------------------------------------------------------- problems


class _Problems:
    """Collects problems, keeping the first ``cap`` of every check and counting all."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.total = 0
        self._items: list[Problem] = []

    def add(self, file: str, line: int, column: str, message: str) -> None:
        self.total += 1
        self._items.append(Problem(file, line, column, message))

    def add_rows(
        self,
        file: str,
        column: str,
        bad: pd.DataFrame,
        message: Callable[[tuple], str],
    ) -> None:
        """Report every row of ``bad`` (its index holds line numbers).

        Only the first ``cap`` rows are turned into Problem objects, so a file
        that is wrong on every one of its 3 million lines stays cheap.
        """
        self.total += len(bad)
        head = bad.iloc[: self.cap]
        for row in head.itertuples(index=True):
            self._items.append(Problem(file, int(row.Index), column, message(row)))

    def result(self) -> list[Problem]:
        """Problems in file order, then line order, trimmed to ``cap``.

        Every check kept its own first ``cap`` rows, so the first ``cap``
        problems overall are all among those kept.
        """
        rank = {name: i for i, name in enumerate(FILE_ORDER)}
        ordered = sorted(self._items, key=lambda p: (rank.get(p.file, len(rank)), p.line))
        return ordered[: self.cap]


# --------------------------------------------------------------------------- reading


def _decode_header(data: bytes) -> str:
    end = data.find(b"\n")
    first = data if end < 0 else data[:end]
    return first.decode("utf-8", errors="replace").rstrip("\r")


def _detect_delimiter(header_line: str) -> str:
    """``;`` when the header has more semicolons than commas, else ``,``."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _header_names(header_line: str, delimiter: str) -> list[str]:
    row = next(csv.reader([header_line], delimiter=delimiter), [])
    return [name.strip() for name in row]


def _unique_names(names: list[str]) -> list[str]:
    """Make repeated header names distinct so the reader accepts them."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name}\x00{count}")
    return out


def _read_fast(data: bytes, names: list[str], delimiter: str) -> pd.DataFrame | None:
    """Read with pyarrow; ``None`` when row numbers might not equal line numbers.

    Ragged rows and invalid UTF-8 make pyarrow raise; a line break inside a
    quoted value makes rows and lines disagree; blank lines read as all-empty
    rows. In each case the caller falls back to the exact (slow) reader.
    """
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, ignore_empty_lines=False, newlines_in_values=True
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    if table.num_rows != _physical_lines(data) - 1:
        return None
    columns = [pc.utf8_trim_whitespace(table.column(i)) for i in range(table.num_columns)]
    if table.num_rows and _has_blank_rows(columns):
        return None
    frame = pa.table(columns, names=names).to_pandas()
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return frame


def _physical_lines(data: bytes) -> int:
    """Lines in the file; differs from rows + 1 when a quoted value spans lines."""
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def _has_blank_rows(columns: list[pa.ChunkedArray]) -> bool:
    """Blank lines read as all-empty rows; the slow reader skips them instead."""
    blank = pc.equal(columns[0], "")
    if not pc.any(blank).as_py():
        return False
    for column in columns[1:]:
        blank = pc.and_(blank, pc.equal(column, ""))
    return bool(pc.any(blank).as_py())


def _read_slow(
    name: str, text: str, names: list[str], delimiter: str, problems: _Problems
) -> pd.DataFrame:
    """Read with :mod:`csv`, keeping physical line numbers; skips blank lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader, None)
    rows: list[list[str]] = []
    lines: list[int] = []
    previous_end = reader.line_num
    for row in reader:
        line = previous_end + 1
        previous_end = reader.line_num
        if not row:
            continue
        if len(row) != len(names):
            problems.add(name, line, "-", MSG_RAGGED.format(found=len(row), expected=len(names)))
            continue
        rows.append([value.strip() for value in row])
        lines.append(line)
    frame = pd.DataFrame(rows, columns=names, dtype=str)
    if not rows:
        frame = pd.DataFrame({n: pd.Series([], dtype=str) for n in names})
    frame.index = pd.Index(lines, dtype="int64")
    return frame


def _read_file(name: str, data: bytes, problems: _Problems) -> pd.DataFrame | None:
    """Read one CSV file as text; report unreadable files, missing columns.

    Returns ``None`` when the file cannot be used at all. Extra columns are
    dropped; a file missing a required column is returned with the columns it
    has so that its other columns can still be checked.
    """
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    header_line = _decode_header(data)
    if not header_line.strip():
        problems.add(name, 1, "-", MSG_FILE_EMPTY)
        return None
    delimiter = _detect_delimiter(header_line)
    names = _header_names(header_line, delimiter)
    for column in COLUMNS[name]:
        if column not in names:
            problems.add(name, 1, column, MSG_COLUMN_MISSING)
    for column in sorted({n for n in names if names.count(n) > 1 and n in COLUMNS[name]}):
        problems.add(name, 1, column, MSG_COLUMN_TWICE)
    unique = _unique_names(names)
    frame = _read_fast(data, unique, delimiter)
    if frame is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            problems.add(name, line, "-", MSG_NOT_UTF8)
            return None
        frame = _read_slow(name, text, unique, delimiter, problems)
    keep = [c for c in COLUMNS[name] if c in frame.columns]
    return frame[keep]


def _load_sources(
    source: str | Path | Mapping[str, bytes], problems: _Problems
) -> dict[str, bytes]:
    """File name (lower-cased base name) -> content, from a folder or a mapping.

    A zip may carry the files in a sub-folder, so only base names count; two
    entries with the same base name are ambiguous and refused.
    """
    if isinstance(source, Mapping):
        items: Iterable[tuple[str, bytes]] = source.items()
        named = [(Path(key).name.lower(), value) for key, value in items]
    else:
        folder = Path(source)
        named = [(p.name.lower(), p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]
    found: dict[str, bytes] = {}
    for key, value in named:
        if key not in FILE_ORDER:
            continue
        if key in found:
            problems.add(key, 0, "-", MSG_FILE_TWICE)
        found[key] = value
    return found


# --------------------------------------------------------------------------- helpers


def _present(frame: pd.DataFrame | None, *columns: str) -> bool:
    return frame is not None and all(c in frame.columns for c in columns)


def _check_not_empty(problems: _Problems, name: str, frame: pd.DataFrame, column: str) -> None:
    bad = frame.loc[frame[column] == "", [column]]
    problems.add_rows(name, column, bad, lambda _row: MSG_EMPTY)


def _check_repeats(
    problems: _Problems, name: str, frame: pd.DataFrame, keys: list[str], column: str
) -> None:
    """Report every repeat of a key after its first occurrence, naming that line."""
    candidates = frame.loc[(frame[keys] != "").all(axis=1), keys]
    repeated = candidates.duplicated(keep="first")
    if not repeated.any():
        return
    firsts = candidates.loc[~repeated].reset_index(names="first_line")
    bad = candidates.loc[repeated].reset_index(names="line")
    bad = bad.merge(firsts, on=keys, how="left").set_index("line")

    def message(row: tuple) -> str:
        if keys == ["respondent_id", "item_code"]:
            return MSG_ANSWER_REPEATS.format(
                respondent=row.respondent_id, item=row.item_code, first=row.first_line
            )
        if keys == ["level", "code", "parent_code"]:
            value = f"class {row.code} of school {row.parent_code}"
        elif keys == ["level", "code"]:
            value = f"{row.level} {row.code}"
        else:
            value = f"{keys[0]} {getattr(row, keys[0])}"
        return MSG_REPEATS.format(what=value, first=row.first_line)

    problems.add_rows(name, column, bad, message)


def _check_choice(
    problems: _Problems,
    name: str,
    frame: pd.DataFrame,
    column: str,
    allowed: tuple[str, ...],
    allow_empty: bool = False,
) -> None:
    ok = frame[column].isin(allowed)
    if allow_empty:
        ok |= frame[column] == ""
    bad = frame.loc[~ok, [column]]
    choices = ", ".join(allowed) + (" or empty" if allow_empty else "")

    def message(row: tuple) -> str:
        if not row[1]:
            return MSG_EMPTY_EXPECTED.format(expected=choices)
        return MSG_NOT_ONE_OF.format(value=row[1], expected=choices)

    problems.add_rows(name, column, bad, message)


def _check_code(
    problems: _Problems,
    name: str,
    frame: pd.DataFrame,
    column: str,
    pattern: str,
    what: str,
    mask: pd.Series | None = None,
) -> None:
    values = frame[column]
    ok = values.str.fullmatch(pattern)
    if mask is not None:
        ok |= ~mask
    bad = frame.loc[~ok, [column]]

    def message(row: tuple) -> str:
        if not row[1]:
            return MSG_EMPTY_EXPECTED.format(expected=what)
        return MSG_NOT_CODE.format(value=row[1], expected=what)

    problems.add_rows(name, column, bad, message)


def _parse_int_column(values: pd.Series) -> pd.Series:
    """Text -> nullable Int64; not-an-integer (or empty) becomes <NA>.

    Works on the distinct values only, which keeps a 3-million-row column cheap.
    """
    codes, uniques = pd.factorize(values)
    parsed = [int(u) if _INT_RE.fullmatch(u) else None for u in uniques]
    lookup = pd.array([*parsed, None], dtype="Int64")
    return pd.Series(lookup.take(codes), index=values.index)


# --------------------------------------------------------------------------- per file


def _validate_indicators(problems: _Problems, frame: pd.DataFrame | None) -> None:
    if _present(frame, "indicator_code"):
        _check_not_empty(problems, INDICATORS, frame, "indicator_code")
        _check_repeats(problems, INDICATORS, frame, ["indicator_code"], "indicator_code")
    if _present(frame, "name_da"):
        _check_not_empty(problems, INDICATORS, frame, "name_da")


def _validate_items(
    problems: _Problems, frame: pd.DataFrame | None, indicators: pd.DataFrame | None
) -> pd.DataFrame | None:
    """Check items.csv; return it with int min/max/reverse (``<NA>`` when invalid)."""
    if frame is None:
        return None
    frame = frame.copy()
    if _present(frame, "item_code"):
        _check_not_empty(problems, ITEMS, frame, "item_code")
        _check_repeats(problems, ITEMS, frame, ["item_code"], "item_code")
    if _present(frame, "indicator_code"):
        _check_not_empty(problems, ITEMS, frame, "indicator_code")
        if _present(indicators, "indicator_code"):
            known = frame["indicator_code"].isin(indicators["indicator_code"])
            bad = frame.loc[~known & (frame["indicator_code"] != ""), ["indicator_code"]]
            problems.add_rows(
                ITEMS,
                "indicator_code",
                bad,
                lambda row: MSG_UNKNOWN.format(column="indicator_code", value=row[1]),
            )
    if _present(frame, "respondent_group"):
        _check_choice(problems, ITEMS, frame, "respondent_group", RESPONDENT_GROUPS)
    if _present(frame, "reverse"):
        valid = frame["reverse"].isin(("0", "1"))
        bad = frame.loc[~valid, ["reverse"]]
        problems.add_rows(ITEMS, "reverse", bad, lambda row: MSG_NOT_BIT.format(value=row[1]))
        frame["reverse"] = _parse_int_column(frame["reverse"]).where(valid)
    for column in ("min", "max"):
        if _present(frame, column):
            parsed = _parse_int_column(frame[column])
            bad = frame.loc[parsed.isna(), [column]]
            problems.add_rows(
                ITEMS,
                column,
                bad,
                lambda row: MSG_NOT_INTEGER.format(value=row[1]) if row[1] else MSG_EMPTY,
            )
            frame[column] = parsed
    if _present(frame, "min", "max"):
        both = frame["min"].notna() & frame["max"].notna()
        inverted = both & (frame["min"] >= frame["max"])
        bad = frame.loc[inverted.fillna(False), ["min", "max"]]
        problems.add_rows(
            ITEMS, "min", bad, lambda row: MSG_MIN_MAX.format(low=row.min, high=row.max)
        )
        frame.loc[inverted.fillna(False), ["min", "max"]] = pd.NA
    return frame


def _validate_respondents(problems: _Problems, frame: pd.DataFrame | None) -> None:
    if frame is None:
        return
    name = RESPONDENTS
    if _present(frame, "respondent_id"):
        _check_not_empty(problems, name, frame, "respondent_id")
        _check_repeats(problems, name, frame, ["respondent_id"], "respondent_id")
    if _present(frame, "respondent_group"):
        _check_choice(problems, name, frame, "respondent_group", RESPONDENT_GROUPS)
    if _present(frame, "municipality_code"):
        _check_code(
            problems,
            name,
            frame,
            "municipality_code",
            _MUNICIPALITY_RE,
            EXPECT_MUNICIPALITY,
        )
    if _present(frame, "school_code"):
        _check_code(problems, name, frame, "school_code", _SCHOOL_RE, EXPECT_SCHOOL)
    if _present(frame, "gender"):
        _check_choice(problems, name, frame, "gender", GENDERS, allow_empty=True)
    if _present(frame, "school_code", "municipality_code"):
        _check_school_municipality(problems, frame)


def _check_school_municipality(problems: _Problems, frame: pd.DataFrame) -> None:
    """A school belongs to one municipality: report each extra pairing once.

    Malformed codes are reported elsewhere and left out here.
    """
    valid = frame["school_code"].str.fullmatch(_SCHOOL_RE)
    valid &= frame["municipality_code"].str.fullmatch(_MUNICIPALITY_RE)
    pairs = frame.loc[valid, ["school_code", "municipality_code"]]
    pairs = pairs.loc[~pairs.duplicated(keep="first")]
    extra = pairs.duplicated(subset=["school_code"], keep="first")
    if not extra.any():
        return
    firsts = pairs.loc[~extra].rename(columns={"municipality_code": "first"})
    bad = pairs.loc[extra].reset_index(names="line").merge(firsts, on="school_code")
    problems.add_rows(
        RESPONDENTS,
        "municipality_code",
        bad.set_index("line"),
        lambda row: MSG_SCHOOL_MOVES.format(
            school=row.school_code, first=row.first, other=row.municipality_code
        ),
    )


def _validate_answers(
    problems: _Problems,
    frame: pd.DataFrame | None,
    items: pd.DataFrame | None,
    respondents: pd.DataFrame | None,
) -> pd.DataFrame | None:
    """Check answers.csv against items and respondents; return the answered rows."""
    if frame is None:
        return None
    name = ANSWERS
    for column in ("respondent_id", "item_code"):
        if _present(frame, column):
            _check_not_empty(problems, name, frame, column)
    item_pos = resp_pos = None
    if _present(frame, "respondent_id", "item_code"):
        resp_codes, resp_uniques = pd.factorize(frame["respondent_id"])
        item_codes, item_uniques = pd.factorize(frame["item_code"])
        _check_answer_repeats(problems, frame, resp_codes, item_codes, len(item_uniques))
        if _present(items, "item_code"):
            item_pos = _lookup(item_codes, item_uniques, items["item_code"])
        if _present(respondents, "respondent_id"):
            resp_pos = _lookup(resp_codes, resp_uniques, respondents["respondent_id"])
    if item_pos is not None:
        bad = frame.loc[(item_pos < 0) & (frame["item_code"] != "").to_numpy(), ["item_code"]]
        problems.add_rows(
            name, "item_code", bad, lambda row: MSG_UNKNOWN.format(column="item_code", value=row[1])
        )
    if resp_pos is not None:
        bad = frame.loc[
            (resp_pos < 0) & (frame["respondent_id"] != "").to_numpy(), ["respondent_id"]
        ]
        problems.add_rows(
            name,
            "respondent_id",
            bad,
            lambda row: MSG_UNKNOWN.format(column="respondent_id", value=row[1]),
        )
    if item_pos is not None and resp_pos is not None:
        _check_answer_groups(problems, frame, items, respondents, item_pos, resp_pos)
    if not _present(frame, "value"):
        return None
    return _check_answer_values(problems, frame, items, item_pos)


def _lookup(
    codes: np.ndarray | None, uniques: pd.Index | np.ndarray | None, keys: pd.Series | None
) -> np.ndarray | None:
    """Per answer row: position in ``keys`` of its key (first occurrence), -1 if unknown."""
    if codes is None or uniques is None or keys is None:
        return None
    first = keys.reset_index(drop=True)
    first = first.loc[first != ""].drop_duplicates(keep="first")
    if first.empty:  # nothing to find (e.g. respondents.csv lacked a column): all unknown
        return np.full(len(codes), -1)
    positions = pd.Index(first.to_numpy()).get_indexer(pd.Index(uniques))
    positions = np.where(positions >= 0, first.index.to_numpy()[positions], -1)
    return positions[codes]


def _check_answer_repeats(
    problems: _Problems,
    frame: pd.DataFrame,
    resp_codes: np.ndarray,
    item_codes: np.ndarray,
    n_items: int,
) -> None:
    """Cheap integer test first; the detailed (slower) report only when needed."""
    valid = (resp_codes >= 0) & (item_codes >= 0)
    valid &= (frame["respondent_id"] != "").to_numpy() & (frame["item_code"] != "").to_numpy()
    key = resp_codes[valid].astype(np.int64) * max(n_items, 1) + item_codes[valid]
    if len(key) == 0:
        return
    if key.max() < 100_000_000:
        repeated = bool((np.bincount(key) > 1).any())
    else:
        key.sort()
        repeated = bool((np.diff(key) == 0).any())
    if repeated:
        _check_repeats(problems, ANSWERS, frame, ["respondent_id", "item_code"], "item_code")


def _check_answer_groups(
    problems: _Problems,
    frame: pd.DataFrame,
    items: pd.DataFrame,
    respondents: pd.DataFrame,
    item_pos: np.ndarray,
    resp_pos: np.ndarray,
) -> None:
    if "respondent_group" not in items or "respondent_group" not in respondents:
        return
    if items.empty or respondents.empty:  # every answer is already reported as unknown
        return
    item_groups = items["respondent_group"].to_numpy(dtype=object)
    resp_groups = respondents["respondent_group"].to_numpy(dtype=object)
    item_group_codes = pd.Index(RESPONDENT_GROUPS).get_indexer(item_groups)
    resp_group_codes = pd.Index(RESPONDENT_GROUPS).get_indexer(resp_groups)
    known = (item_pos >= 0) & (resp_pos >= 0)
    ig = np.where(known, item_group_codes[np.maximum(item_pos, 0)], -1)
    rg = np.where(known, resp_group_codes[np.maximum(resp_pos, 0)], -1)
    mismatch = known & (ig >= 0) & (rg >= 0) & (ig != rg)
    if not mismatch.any():
        return
    bad = frame.loc[mismatch, ["respondent_id", "item_code"]].copy()
    bad["item_group"] = item_groups[item_pos[mismatch]]
    bad["resp_group"] = resp_groups[resp_pos[mismatch]]
    problems.add_rows(
        ANSWERS,
        "item_code",
        bad,
        lambda row: MSG_GROUP_MISMATCH.format(
            item=row.item_code,
            item_group=row.item_group,
            respondent=row.respondent_id,
            group=row.resp_group,
        ),
    )


def _check_answer_values(
    problems: _Problems,
    frame: pd.DataFrame,
    items: pd.DataFrame | None,
    item_pos: np.ndarray | None,
) -> pd.DataFrame:
    """Values must be integers within their item's [min, max]; empty = not answered."""
    values = _parse_int_column(frame["value"])
    answered = (frame["value"] != "").to_numpy()
    not_int = answered & values.isna().to_numpy()
    bad = frame.loc[not_int, ["value"]]
    problems.add_rows(ANSWERS, "value", bad, lambda row: MSG_NOT_INTEGER.format(value=row[1]))
    numeric = values.to_numpy(dtype="float64", na_value=np.nan)
    if item_pos is not None and _present(items, "min", "max"):
        lo = items["min"].to_numpy(dtype="float64", na_value=np.nan)
        hi = items["max"].to_numpy(dtype="float64", na_value=np.nan)
        known = item_pos >= 0
        row_lo = np.where(known, lo[np.maximum(item_pos, 0)], np.nan)
        row_hi = np.where(known, hi[np.maximum(item_pos, 0)], np.nan)
        outside = ~np.isnan(numeric) & ~np.isnan(row_lo) & ~np.isnan(row_hi)
        outside &= (numeric < row_lo) | (numeric > row_hi)
        if outside.any():
            bad = frame.loc[outside, ["item_code", "value"]].copy()
            bad["lo"] = row_lo[outside].astype(np.int64)
            bad["hi"] = row_hi[outside].astype(np.int64)
            problems.add_rows(
                ANSWERS,
                "value",
                bad,
                lambda row: MSG_OUTSIDE.format(
                    value=row.value, low=row.lo, high=row.hi, item=row.item_code
                ),
            )
    keep = answered & ~np.isnan(numeric)
    # pyarrow's filter is several times faster than .loc on 3 million text rows.
    mask = pa.array(keep)
    out = pa.table({c: pa.array(frame[c]).filter(mask) for c in ("respondent_id", "item_code")})
    return out.to_pandas().assign(value=numeric[keep].astype(np.int64))


def _validate_units(
    problems: _Problems, frame: pd.DataFrame | None, respondents: pd.DataFrame | None
) -> None:
    if frame is None:
        return
    name = UNITS
    if _present(frame, "level"):
        _check_choice(problems, name, frame, "level", UNIT_LEVELS)
    if _present(frame, "name"):
        _check_not_empty(problems, name, frame, "name")
    if not _present(frame, "level", "code", "parent_code"):
        if _present(frame, "code"):
            _check_not_empty(problems, name, frame, "code")
        return
    level = frame["level"]
    is_muni, is_school, is_class = (level == lv for lv in UNIT_LEVELS)
    _check_code(problems, name, frame, "code", _MUNICIPALITY_RE, EXPECT_MUNICIPALITY, is_muni)
    _check_code(problems, name, frame, "code", _SCHOOL_RE, EXPECT_SCHOOL, is_school)
    class_rows = frame.loc[is_class]
    _check_not_empty(problems, name, class_rows, "code")
    _check_code(
        problems,
        name,
        frame,
        "parent_code",
        _MUNICIPALITY_RE,
        EXPECT_MUNICIPALITY,
        is_school,
    )
    _check_code(problems, name, frame, "parent_code", _SCHOOL_RE, EXPECT_SCHOOL, is_class)
    for lv in UNIT_LEVELS:
        subset = frame.loc[level == lv]
        keys = ["level", "code", "parent_code"] if lv == "class" else ["level", "code"]
        _check_repeats(problems, name, subset, keys, "code")
    if _present(respondents, "school_code", "municipality_code"):
        _check_unit_schools(problems, frame.loc[is_school], respondents)


def _check_unit_schools(
    problems: _Problems, schools: pd.DataFrame, respondents: pd.DataFrame
) -> None:
    """units.csv must not put a school in another municipality than respondents.csv."""
    seen = respondents.drop_duplicates("school_code", keep="first")
    where = pd.Series(seen["municipality_code"].to_numpy(), index=seen["school_code"].to_numpy())
    actual = schools["code"].map(where)
    bad_mask = actual.notna() & (actual != schools["parent_code"]) & (schools["parent_code"] != "")
    bad = schools.loc[bad_mask, ["code", "parent_code"]].assign(actual=actual[bad_mask])
    problems.add_rows(
        UNITS,
        "parent_code",
        bad,
        lambda row: MSG_UNIT_SCHOOL.format(
            school=row.code, actual=row.actual, given=row.parent_code
        ),
    )


# --------------------------------------------------------------------------- entry point


def read_round(
    source: str | Path | Mapping[str, bytes], *, max_problems: int = MAX_PROBLEMS
) -> RoundData:
    """Read and validate one round from a folder or a ``{file name: bytes}`` mapping.

    The mapping form lets a zip upload reuse this without touching the disk
    (keys may carry a folder prefix; only the base name counts). Raises
    :class:`MappingValidationError` listing every problem found.
    """
    problems = _Problems(max_problems)
    sources = _load_sources(source, problems)
    frames: dict[str, pd.DataFrame | None] = {}
    for name in FILE_ORDER:
        if name not in sources:
            if name in REQUIRED_FILES:
                problems.add(name, 0, "-", MSG_FILE_MISSING)
            frames[name] = None
            continue
        frames[name] = _read_file(name, sources[name], problems)

    _validate_indicators(problems, frames[INDICATORS])
    items = _validate_items(problems, frames[ITEMS], frames[INDICATORS])
    _validate_respondents(problems, frames[RESPONDENTS])
    answers = _validate_answers(problems, frames[ANSWERS], items, frames[RESPONDENTS])
    _validate_units(problems, frames[UNITS], frames[RESPONDENTS])

    if problems.total:
        raise MappingValidationError(problems.result(), problems.total)
    return _clean_round(frames, items, answers)


def _clean_round(
    frames: dict[str, pd.DataFrame | None],
    items: pd.DataFrame | None,
    answers: pd.DataFrame | None,
) -> RoundData:
    """Valid input only: reset line-number indexes, give items int columns."""
    assert items is not None and answers is not None  # noqa: S101 - guaranteed by validation
    items = items.astype({"reverse": "int64", "min": "int64", "max": "int64"})

    def reset(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        return None if frame is None else frame.reset_index(drop=True)

    return RoundData(
        indicators=reset(frames[INDICATORS]),
        items=reset(items),
        respondents=reset(frames[RESPONDENTS]),
        answers=answers,
        units=reset(frames[UNITS]),
    )
