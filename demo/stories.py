"""Reading the submission stories (submissions/stories.yaml and the texts in submissions/texts/).

A story is one team's work on one module assignment, as steps: an action, its time, and what
the action needs (people, texts, dates). Texts stay unformatted here: their {placeholders} are
filled for the team when the story is told (`demo.submissions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .files import DataFolder, Moment, Record

FIRST_MEMBER, LAST_MEMBER = "first member", "last member"
_FILE = re.compile(r"\A[\w.-]+\.md\Z")
_PLACEHOLDER = re.compile(r"\{(\w*)\}")

# Each action's fields besides `at`: person, text (a .md file or the words), words, date,
# times or number; "?" marks an optional one.
ACTIONS = {
    "draft": {"by": "person", "text": "text", "up_to": "words?"},
    "hand_in": {"by": "person", "text": "text?", "up_to": "words?"},
    "extend": {"by": "person", "until": "date", "note": "text"},
    "ask_for_more_time": {"by": "person", "until": "date", "reason": "words"},
    "assign": {"to": "person", "by": "person"},
    "written_feedback": {"text": "text"},
    "ask_for_new_version": {"note": "text"},
    "reply": {"by": "person", "text": "text"},
    "propose_meeting": {"slots": "times", "place": "words"},
    "pick_time": {"by": "person", "slot": "number"},
    "record_meeting": {"notes": "text", "next_steps": "text"},
}


@dataclass(frozen=True)
class StepSpec:
    action: str
    at: Moment
    fields: dict = field(default_factory=dict)  # texts unformatted, with their {placeholders}


@dataclass(frozen=True)
class StorySpec:
    school: str
    team: str
    assignment: str  # the module assignment's slug
    steps: tuple[StepSpec, ...]
    facts: dict = field(default_factory=dict)

    @property
    def people(self) -> set[str]:
        return {
            value
            for step in self.steps
            for name, kind in ACTIONS[step.action].items()
            if kind.startswith("person") and (value := step.fields.get(name))
        }


@dataclass(frozen=True)
class StoriesSpec:
    team_facts: dict[str, dict[str, str]]
    no_coordinator: str
    stories: tuple[StorySpec, ...]


# --------------------------------------------------------------------------- reading


@dataclass
class Names:
    """What the stories may name, from the other files."""

    schools: list[str]
    teams: list[str]
    emails: list[str]
    assignments: list[str]
    texts: dict[str, str | None] = field(default_factory=dict)  # file name: text, read once


def read_stories(folder: DataFolder, known: Names) -> StoriesSpec | None:
    data = folder.yaml("submissions/stories.yaml")
    if data is None:
        return None
    team_facts = {}
    for team, facts in data.mapping("team_facts").items():
        if team not in known.teams:
            data.problem(_choice_problem("team_facts", team, known.teams))
        team_facts[team] = _facts(data, f"team_facts.{team}", facts)
    no_coordinator = data.text("no_coordinator")
    stories = tuple(_story(folder, record, known, team_facts) for record in data.records("stories"))
    data.check_keys()
    if no_coordinator is None or None in stories or None in team_facts.values():
        return None
    return StoriesSpec(team_facts, no_coordinator, stories)


def _choice_problem(where: str, value, choices) -> str:
    return _("%(where)s is %(value)s; expected one of: %(choices)s.") % {
        "where": where,
        "value": repr(value),
        "choices": ", ".join(choices),
    }


def _facts(record: Record, where: str, value) -> dict[str, str] | None:
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    record.problem(
        _("%(where)s should be a mapping of names to text, not %(value)s.")
        % {"where": where, "value": repr(value)}
    )
    return None


def _story(folder, record: Record, known: Names, team_facts) -> StorySpec | None:
    school = record.choice("school", known.schools)
    team = record.choice("team", known.teams)
    assignment = record.choice("assignment", known.assignments)
    facts = _facts(record, record.at("facts"), record.raw("facts", required=False) or {})
    steps = [_step(folder, step, known) for step in record.records("steps")]
    record.check_keys()
    if None in (school, team, assignment, facts) or None in steps:
        return None
    known_here = {*(team_facts.get(team) or {}), *facts, "coordinator"}
    fine = True
    for index, step in enumerate(steps):
        for name, kind in ACTIONS[step.action].items():
            text = step.fields.get(name) if kind.startswith("text") else None
            for unknown in sorted(set(_PLACEHOLDER.findall(text or "")) - known_here):
                fine = False
                record.problem(
                    _("%(where)s: the text uses {%(name)s}, which is none of: %(known)s.")
                    % {
                        "where": f"{record.at('steps')}[{index}].{step.action}.{name}",
                        "name": unknown,
                        "known": ", ".join(sorted(known_here)),
                    }
                )
    return StorySpec(school, team, assignment, tuple(steps), facts) if fine else None


def _step(folder: DataFolder, record: Record, known: Names) -> StepSpec | None:
    if len(record.data) != 1 or next(iter(record.data)) not in ACTIONS:
        record.problem(
            _("%(where)s should be one action, one of: %(choices)s.")
            % {"where": record.where, "choices": ", ".join(ACTIONS)}
        )
        return None
    action = next(iter(record.data))
    fields = record.record(action)
    if fields is None:
        return None
    at = fields.moment("at")
    values, missing = {}, at is None
    for name, kind in ACTIONS[action].items():
        required = not kind.endswith("?")
        value = _field(folder, fields, name, kind.rstrip("?"), required, known)
        if value is not None:
            values[name] = value
        missing = missing or (required and value is None)
    fields.check_keys()
    return None if missing else StepSpec(action, at, values)


def _field(folder, record: Record, name: str, kind: str, required: bool, known: Names):
    if kind == "person":
        return record.choice(name, [*known.emails, FIRST_MEMBER, LAST_MEMBER], required=required)
    if kind == "words":
        return record.text(name, required=required)
    if kind == "date":
        return record.date(name, required=required)
    if kind == "number":
        slot = record.integer(name, required=required)
        if slot is not None and slot < 1:
            record.problem(_("%(where)s counts from 1.") % {"where": record.at(name)})
            return None
        return slot
    if kind == "times":
        times = record.moments(name, required=required)
        return None if None in times or not times else tuple(times)
    return _text(folder, record, name, required, known)


def _text(folder: DataFolder, record: Record, name: str, required: bool, known: Names):
    """The words, or the text files named (joined by a line break), unformatted."""
    value = record.raw(name, required=required)
    if value is None:
        return None
    parts = value if isinstance(value, list) else [value]
    if not parts or not all(isinstance(part, str) and part.strip() for part in parts):
        record.problem(
            _("%(where)s should be the text, a .md file in texts/, or a list of them.")
            % {"where": record.at(name)}
        )
        return None
    texts = []
    for part in parts:
        if _FILE.match(part):
            if part not in known.texts:
                known.texts[part] = folder.text(folder.root / "submissions" / "texts" / part)
            texts.append(known.texts[part])
        else:
            texts.append(part)
    return None if None in texts else "\n".join(texts)
