"""Reading the demo's data files, and saying precisely what is wrong with them.

Readers note each problem on the `DataFolder` (with the file it is in) and carry on, so one run
of `seed_demo` lists everything there is to fix; `raise_if_any()` then turns the problems into
one `ServiceError` before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from lms.errors import ProblemList

DATA_DIR = Path(__file__).resolve().parent / "data"

_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)?---\n(.*)\Z", re.DOTALL)
_DAY = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
_MOMENT = re.compile(r"\A(?:(\d{4}-\d{2}-\d{2})|today\+(\d+)) (\d{1,2}):(\d{2})\Z")
_INVALID = object()  # what parse_yaml returns for text that is not YAML


@dataclass(frozen=True)
class Moment:
    """A time in a story: on a given day, or on the school day `days_ahead` after seeding."""

    hour: int
    minute: int
    day: dt.date | None = None
    days_ahead: int = 0


class DataFolder:
    """The folder of data files being read, and the problems found in it so far."""

    def __init__(self, root: Path | str = DATA_DIR):
        self.root = Path(root)
        self.problems = ProblemList()
        self.count = 0  # problems so far

    def add(self, path: Path, message: str) -> None:
        self.problems.add(f"{path}: {message}")
        self.count += 1

    def raise_if_any(self) -> None:
        self.problems.raise_if_any()

    def text(self, path: Path) -> str | None:
        """The file's text, or None after noting why it cannot be read."""
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.add(path, _("the file is missing."))
        except (OSError, UnicodeError) as error:
            self.add(path, _("the file cannot be read (%(error)s).") % {"error": error})
        return None

    def parse_yaml(self, path: Path, text: str, first_line: int = 1) -> Any:
        """The parsed YAML, or _INVALID after noting the line that is wrong."""
        try:
            return yaml.safe_load(text)
        except ValueError as error:  # a date such as 2027-02-30
            self.add(path, _("not valid YAML: %(problem)s.") % {"problem": error})
            return _INVALID
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = first_line + mark.line if mark is not None else first_line
            problem = getattr(error, "problem", None) or str(error)
            context, start = getattr(error, "context", None), getattr(error, "context_mark", None)
            if context and start is not None:  # e.g. "while parsing a flow sequence (line 29)"
                problem = f"{context} (line {first_line + start.line}): {problem}"
            self.add(
                path,
                _("line %(line)s is not valid YAML: %(problem)s.")
                % {"line": line, "problem": problem},
            )
            return _INVALID

    def yaml(self, relative: str) -> Record | None:
        """The YAML file's top-level mapping."""
        path = self.root / relative
        text = self.text(path)
        data = _INVALID if text is None else self.parse_yaml(path, text)
        if data is _INVALID:
            return None
        if not isinstance(data, dict):
            self.add(path, _("the file should hold a mapping of names to values."))
            return None
        return Record(self, path, data)

    def markdown(self, path: Path) -> tuple[Record, str, int] | None:
        """(front matter, body, the body's first line) of a Markdown file with front matter."""
        text = self.text(path)
        if text is None:
            return None
        match = _FRONT_MATTER.match(text)
        if match is None:
            self.add(path, _("the file should start with front matter between two --- lines."))
            return None
        front, body = match.group(1) or "", match.group(2)
        data = self.parse_yaml(path, front, first_line=2)
        if data is _INVALID:
            return None
        if not isinstance(data, dict):
            self.add(path, _("the front matter should hold a mapping of names to values."))
            return None
        return Record(self, path, data), body, front.count("\n") + 3


class Record:
    """A mapping read from a data file. Each accessor returns the value, or the default after
    noting what is wrong; `check_keys()` then notes the keys nobody asked for (typos)."""

    def __init__(self, folder: DataFolder, path: Path, data: dict, where: str = ""):
        self.folder, self.path, self.data, self.where = folder, path, data, where
        self._asked: set[str] = set()

    def at(self, key: object) -> str:
        return f"{self.where}.{key}" if self.where else str(key)

    def problem(self, message: str) -> None:
        self.folder.add(self.path, message)

    def raw(self, key: str, required: bool = True) -> Any:
        """The value as YAML gave it (None when absent)."""
        self._asked.add(key)
        value = self.data.get(key)
        if value is None and required:
            self.problem(_("%(where)s is missing.") % {"where": self.at(key)})
        return value

    def _wrong(self, key: object, expected: str, value: Any) -> None:
        shown = repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        self.problem(
            _("%(where)s should be %(expected)s, not %(value)s.")
            % {"where": self.at(key), "expected": expected, "value": shown}
        )

    def text(self, key: str, *, required: bool = True, default: str | None = None) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            self._wrong(key, _("text (put numbers in quotes)"), value)
            return default
        return value

    def integer(self, key: str, *, required: bool = True, default: int | None = None):
        value = self.raw(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(key, _("a whole number"), value)
            return default
        return value

    def number(self, key: str, *, required: bool = True, default: float | None = None):
        value = self.raw(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._wrong(key, _("a number"), value)
            return default
        return float(value)

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value = self.raw(key, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._wrong(key, _("true or false"), value)
            return default
        return value

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        value = self.raw(key, required)
        if value is None:
            return None
        day = as_date(value)
        if day is None:
            self._wrong(key, _("a date (YYYY-MM-DD)"), value)
        return day

    def moment(self, key: str, *, required: bool = True) -> Moment | None:
        value = self.raw(key, required)
        if value is None:
            return None
        moment = as_moment(value)
        if moment is None:
            self._wrong(key, _("a time (YYYY-MM-DD HH:MM, or today+N HH:MM)"), value)
        return moment

    def moments(self, key: str, *, required: bool = True) -> list[Moment | None]:
        found = []
        if self.raw(key, required=False) == []:
            self._wrong(key, _("a list of times"), [])
            return [None]
        values = self.items(key, required=required)
        for index, value in enumerate(values):
            moment = as_moment(value)
            if moment is None:
                self._wrong(
                    f"{key}[{index}]", _("a time (YYYY-MM-DD HH:MM, or today+N HH:MM)"), value
                )
            found.append(moment)
        return found

    def choice(self, key: str, choices: Iterable[str], *, required: bool = True):
        value = self.text(key, required=required)
        choices = list(choices)
        if value is not None and value not in choices:
            self.problem(
                _("%(where)s is %(value)s; expected one of: %(choices)s.")
                % {"where": self.at(key), "value": repr(value), "choices": ", ".join(choices)}
            )
            return None
        return value

    def items(self, key: str, *, required: bool = True) -> list:
        value = self.raw(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong(key, _("a list"), value)
            return []
        return value

    def texts(self, key: str, *, required: bool = True) -> list[str]:
        values = self.items(key, required=required)
        for index, value in enumerate(values):
            if not isinstance(value, str):
                self._wrong(f"{key}[{index}]", _("text (put numbers in quotes)"), value)
        return [value for value in values if isinstance(value, str)]

    def mapping(self, key: str, *, required: bool = True) -> dict:
        value = self.raw(key, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self._wrong(key, _("a mapping of names to values"), value)
            return {}
        return value

    def record(self, key: str, *, required: bool = True) -> Record | None:
        value = self.mapping(key, required=required)
        return Record(self.folder, self.path, value, self.at(key)) if value else None

    def records(self, key: str, *, required: bool = True) -> list[Record]:
        found = []
        for index, value in enumerate(self.items(key, required=required)):
            if isinstance(value, dict):
                found.append(Record(self.folder, self.path, value, f"{self.at(key)}[{index}]"))
            else:
                self._wrong(f"{key}[{index}]", _("a mapping of names to values"), value)
        return found

    def check_keys(self) -> None:
        for key in self.data:
            if key not in self._asked:
                self.problem(_("%(where)s is not a known field.") % {"where": self.at(key)})


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DAY.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def as_moment(value: Any) -> Moment | None:
    if isinstance(value, dt.datetime):
        return Moment(value.hour, value.minute, day=value.date())
    match = _MOMENT.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    day, ahead, hour, minute = match.groups()
    if int(hour) > 23 or int(minute) > 59:
        return None
    if ahead is not None:
        return Moment(int(hour), int(minute), days_ahead=int(ahead))
    parsed = as_date(day)
    return None if parsed is None else Moment(int(hour), int(minute), day=parsed)
