"""Read and check a people roster (../shared/specs/people-roster.md) and work out its changes.

`roster_plan` reads the whole file, checks every line against the contract and the database,
and either raises one `ServiceError` with every problem (`file:line: column: reason`) or
returns a `RosterPlan`: what storing it would change, person by person. Nothing here writes;
`lms.services.roster_apply` carries a plan out. The plan is worked out again just before it
is stored, so a preview that has grown stale can never write what it no longer means.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext as _

from .errors import ServiceError
from .models import Institution, Municipality, RoleAssignment, Team, TeamMembership, User
from .permissions import is_programme_admin
from .roles import Role

COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "uniid",
    "municipality_code",
    "school_number",
    "role",
    "teams",
    "team_coordinator",
)
REQUIRED_COLUMNS = ("email", "first_name", "last_name", "municipality_code", "role")
ROLES = (
    Role.TEACHER,
    Role.SCHOOL_LEADER,
    Role.LOCAL_RESOURCE_PERSON,
    Role.MUNICIPAL_RESOURCE_PERSON,
    Role.MUNICIPAL_COORDINATOR,
)
#: Roles held at a school (a municipal resource person at the school they are assigned to).
SCHOOL_ROLES = frozenset(ROLES) - {Role.MUNICIPAL_COORDINATOR}
#: Roles that work across a municipality's schools: they are not in a school's teams.
MUNICIPAL_ROLES = frozenset({Role.MUNICIPAL_RESOURCE_PERSON, Role.MUNICIPAL_COORDINATOR})
UNIID_RE = re.compile(r"[a-z0-9]{3,16}")
#: A roster larger than this is not one municipality's staff.
MAX_ROWS = 20000
#: Problems reported (all are counted).
MAX_PROBLEMS = 1000

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class LineProblem:
    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.reason}"


class RosterRefused(ServiceError):
    """The roster was refused whole; `total` counts every problem, `problems` the first ones."""

    def __init__(self, problems: list[LineProblem], total: int | None = None):
        super().__init__(*(str(p) for p in problems[:MAX_PROBLEMS]))
        self.total = total if total is not None else len(problems)


@dataclass(frozen=True)
class Row:
    line: int
    email: str
    first_name: str
    last_name: str
    uniid: str
    municipality_code: str
    school_number: str
    role: str
    teams: tuple[str, ...]
    coordinator_of: tuple[str, ...]


@dataclass
class PersonPlan:
    """What storing the roster does to one person."""

    email: str
    first_name: str
    last_name: str
    uniid: str = ""
    user: User | None = None
    action: str = "unchanged"  # created, updated, unchanged, deactivated
    changes: list[str] = field(default_factory=list)
    # (role, institution or None, municipality)
    roles_to_add: list[tuple[str, Institution | None, Municipality]] = field(default_factory=list)
    # (institution, team name, is_coordinator): memberships to add or change
    memberships: list[tuple[Institution, str, bool]] = field(default_factory=list)
    roles_to_remove: list[RoleAssignment] = field(default_factory=list)
    set_names: bool = False
    set_uniid: bool = False
    reactivate: bool = False
    deactivate: bool = False

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def as_preview(self) -> dict:
        return {"email": self.email, "name": self.name, "changes": self.changes}


@dataclass
class RosterPlan:
    municipality: Municipality
    people: list[PersonPlan]
    new_teams: list[tuple[Institution, str]]

    def with_action(self, action: str) -> list[PersonPlan]:
        return [p for p in self.people if p.action == action]

    @property
    def counts(self) -> dict[str, int]:
        return {
            action: len(self.with_action(action))
            for action in ("created", "updated", "deactivated", "unchanged")
        }

    def as_preview(self) -> dict:
        """What the preview page shows (stored as JSON on the import)."""
        return {
            "counts": self.counts,
            "new_teams": [{"school": str(school), "team": name} for school, name in self.new_teams],
            **{
                action: [p.as_preview() for p in self.with_action(action)]
                for action in ("created", "updated", "deactivated")
            },
        }


def summary_line(counts: dict[str, int]) -> str:
    """The contract's summary line for the command line, the same in every language so that
    scripts can read it."""
    return "created {created}, updated {updated}, deactivated {deactivated}, unchanged {unchanged}".format(
        **counts
    )


def summary_text(counts: dict[str, int]) -> str:
    """The contract's summary line: created N, updated N, deactivated N, unchanged N."""
    return _("created %(created)s, updated %(updated)s, deactivated %(deactivated)s, "
             "unchanged %(unchanged)s") % counts  # fmt: skip


# --------------------------------------------------------------------------- reading the file


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[LineProblem] = []

    def add(self, line: int, column: str, reason: str) -> None:
        self.items.append(LineProblem(self.file, line, column, reason))

    def raise_if_any(self) -> None:
        if self.items:
            ordered = sorted(self.items, key=lambda p: (p.line, COLUMNS.index(p.column)
                                                        if p.column in COLUMNS else -1))  # fmt: skip
            raise RosterRefused(ordered)


def _decode(data: bytes, problems: _Problems) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(
            line,
            "-",
            _("the file is not UTF-8 text (byte 0x%(byte)02x); save it as UTF-8 CSV")
            % {"byte": data[exc.start]},
        )
        return None


def _delimiter(header: str) -> str | None:
    """`,` or `;`, whichever splits the header into known columns."""
    for delimiter in (",", ";"):
        names = {name.strip().lower() for name in header.split(delimiter)}
        if "email" in names and len(names) > 1:
            return delimiter
    return None


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|"))


def read_rows(data: bytes, *, file: str, problems: _Problems | None = None) -> list[Row]:
    """Every readable data row of the file. Problems of the file as a whole (its encoding, its
    header) refuse it at once; a line's problems are added to `problems` (raised when None is
    given) so that the rest of the file is still checked."""
    own = problems is None
    problems = problems or _Problems(file)
    fatal = _Problems(file)
    text = _decode(data, fatal)
    fatal.raise_if_any()
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        fatal.add(1, "-", _("the file is empty: line 1 must be the header"))
        fatal.raise_if_any()
    delimiter = _delimiter(lines[0])
    if delimiter is None:
        fatal.add(
            1,
            "-",
            _("the header has no column email, or the columns are not separated by , or ;"),
        )
        fatal.raise_if_any()
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = [name.strip().lower() for name in records[0]]
    _check_header(header, fatal)
    fatal.raise_if_any()
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()  # blank lines at the end are harmless
    if len(records) - 1 > MAX_ROWS:
        fatal.add(
            MAX_ROWS + 2, "-", _("a roster may hold at most %(max)s rows") % {"max": MAX_ROWS}
        )
        fatal.raise_if_any()
    rows = []
    for line, record in enumerate(records[1:], start=2):
        row = _row(line, header, record, problems)
        if row is not None:
            rows.append(row)
    if len(records) < 2:
        problems.add(2, "-", _("the file has a header but no people"))
    if own:
        problems.raise_if_any()
    return rows


def _check_header(header: list[str], problems: _Problems) -> None:
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.add(1, name, _("required column is missing"))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.add(1, name, _("the column appears more than once"))
        elif name not in COLUMNS:
            problems.add(
                1,
                name or "-",
                _("unknown column (the columns are %(columns)s)") % {"columns": ", ".join(COLUMNS)},
            )
        seen.add(name)


def _row(line: int, header: list[str], record: list[str], problems: _Problems) -> Row | None:
    if not any(cell.strip() for cell in record):
        problems.add(line, "-", _("blank line in the middle of the file"))
        return None
    if len(record) != len(header):
        problems.add(
            line,
            "-",
            _("the line has %(found)s fields but the header has %(expected)s")
            % {"found": len(record), "expected": len(header)},
        )
        return None
    values = {name: cell.strip() for name, cell in zip(header, record, strict=True)}
    teams = _split(values.get("teams", "")) if values.get("teams") else ()
    coordinator_of = (
        _split(values.get("team_coordinator", "")) if values.get("team_coordinator") else ()
    )
    return Row(
        line=line,
        email=values["email"].lower(),
        first_name=values["first_name"],
        last_name=values["last_name"],
        uniid=values.get("uniid", "").lower(),
        municipality_code=values["municipality_code"],
        school_number=values.get("school_number", ""),
        role=values["role"].lower(),
        teams=teams,
        coordinator_of=coordinator_of,
    )


# --------------------------------------------------------------------------- checking the rows


@dataclass
class _Known:
    """What the rows name, loaded in a few queries."""

    municipalities: dict[str, Municipality]
    schools: dict[str, Institution]
    users: dict[str, User]
    uniid_owners: dict[str, str]  # uniid -> e-mail of the person holding it
    roles: dict[int, list[RoleAssignment]]  # user id -> role assignments
    teams: dict[tuple[int, str], Team]  # (school id, lower-cased name) -> team
    memberships: dict[tuple[int, int], TeamMembership]  # (team id, user id)


def _load(rows: list[Row], municipality: Municipality) -> _Known:
    codes = {row.municipality_code for row in rows}
    numbers = {row.school_number for row in rows if row.school_number}
    emails = {row.email for row in rows}
    uniids = {row.uniid for row in rows if row.uniid}
    schools = Institution.objects.select_related("municipality").filter(number__in=numbers)
    users = User.objects.filter(Q(email__in=emails) | Q(uniid__in=uniids))
    people_here = User.objects.filter(
        Q(role_assignments__municipality=municipality)
        | Q(role_assignments__institution__municipality=municipality)
    )
    user_ids = {u.pk for u in users} | set(people_here.values_list("pk", flat=True))
    roles: dict[int, list[RoleAssignment]] = {}
    for assignment in RoleAssignment.objects.filter(user_id__in=user_ids).select_related(
        "institution", "municipality"
    ):
        roles.setdefault(assignment.user_id, []).append(assignment)
    school_ids = [school.pk for school in schools]
    teams = Team.objects.filter(institution_id__in=school_ids)
    memberships = TeamMembership.objects.filter(team__institution_id__in=school_ids)
    return _Known(
        municipalities={m.code: m for m in Municipality.objects.filter(code__in=codes)},
        schools={school.number: school for school in schools},
        users={u.email: u for u in users if u.email in emails},
        uniid_owners={u.uniid: u.email for u in users if u.uniid},
        roles=roles,
        teams={(t.institution_id, t.name.lower()): t for t in teams},
        memberships={(m.team_id, m.user_id): m for m in memberships},
    )


def _may_touch(user: User, importer_municipality: Municipality, known: _Known) -> bool:
    """A coordinator's roster may change people with no role elsewhere than their
    municipality; a person who holds roles only in other places is someone else's."""
    held = known.roles.get(user.pk, [])
    if not held:
        return True
    return any(a.municipality_id == importer_municipality.pk for a in held)


def _check_row(row: Row, municipality: Municipality, known: _Known, problems: _Problems):
    add = problems.add
    for name in REQUIRED_COLUMNS:
        if not getattr(row, name):
            add(row.line, name, _("value is missing"))
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            add(row.line, "email", _("%(value)s is not an e-mail address") % {"value": row.email})
    if row.uniid and not UNIID_RE.fullmatch(row.uniid):
        add(
            row.line,
            "uniid",
            _("%(value)s is not a UNI-Login id (3–16 letters a–z and digits)")
            % {"value": row.uniid},
        )
    if row.role and row.role not in ROLES:
        add(
            row.line,
            "role",
            _("unknown role %(value)s (one of %(roles)s)")
            % {"value": row.role, "roles": ", ".join(ROLES)},
        )
    _check_place(row, municipality, known, problems)
    _check_teams(row, problems)


def _check_place(row: Row, municipality: Municipality, known: _Known, problems: _Problems):
    add = problems.add
    if not row.municipality_code:
        return
    found = known.municipalities.get(row.municipality_code)
    if found is None:
        add(
            row.line,
            "municipality_code",
            _("%(value)s is not a municipality known to the system")
            % {"value": row.municipality_code},
        )
        return
    if found.pk != municipality.pk:
        add(
            row.line,
            "municipality_code",
            _("%(value)s is not the municipality of this import (%(code)s %(name)s)")
            % {"value": row.municipality_code, "code": municipality.code, "name": municipality},
        )
        return
    if row.role in SCHOOL_ROLES and not row.school_number:
        add(row.line, "school_number", _("a %(role)s is held at a school: give its number")
            % {"role": row.role})  # fmt: skip
    if row.role == Role.MUNICIPAL_COORDINATOR and row.school_number:
        add(row.line, "school_number",
            _("a municipal coordinator is not held at a school: leave it empty"))  # fmt: skip
    if row.school_number:
        school = known.schools.get(row.school_number)
        if school is None or school.municipality_id != found.pk:
            add(
                row.line,
                "school_number",
                _("%(value)s is not a school of municipality %(code)s")
                % {"value": row.school_number, "code": row.municipality_code},
            )


def _check_teams(row: Row, problems: _Problems) -> None:
    add = problems.add
    if row.teams and row.role in MUNICIPAL_ROLES:
        add(row.line, "teams", _("a %(role)s works across schools and is not in a school's teams")
            % {"role": row.role})  # fmt: skip
    if any(not name for name in row.teams):
        add(row.line, "teams", _("an empty team name (two | in a row, or one at an end)"))
    for name in row.teams:
        if len(name) > 150:
            add(row.line, "teams", _("the team name %(name)s is longer than 150 characters")
                % {"name": name[:40] + "…"})  # fmt: skip
    lower = {name.lower() for name in row.teams}
    for name in row.coordinator_of:
        if name.lower() not in lower:
            add(row.line, "team_coordinator", _("%(name)s is not one of the person's teams")
                % {"name": name or "''"})  # fmt: skip


def _check_people(rows: list[Row], municipality, known: _Known, importer, problems: _Problems):
    """Across rows: one name and UNI-Login id per e-mail, one e-mail per UNI-Login id, no row
    twice, and nobody another municipality holds."""
    first_by_email: dict[str, Row] = {}
    first_by_uniid: dict[str, Row] = {}
    seen_roles: dict[tuple, int] = {}
    for row in rows:
        first = first_by_email.setdefault(row.email, row)
        if first is not row:
            if (row.first_name, row.last_name) != (first.first_name, first.last_name):
                problems.add(row.line, "first_name", _("%(email)s has another name on line "
                             "%(line)s") % {"email": row.email, "line": first.line})  # fmt: skip
            if row.uniid != first.uniid:
                problems.add(row.line, "uniid", _("%(email)s has another UNI-Login id on line "
                             "%(line)s") % {"email": row.email, "line": first.line})  # fmt: skip
        if row.uniid:
            owner = first_by_uniid.setdefault(row.uniid, row)
            if owner.email != row.email:
                problems.add(row.line, "uniid", _("%(uniid)s is also the UNI-Login id of %(email)s"
                             " on line %(line)s") % {"uniid": row.uniid, "email": owner.email,
                                                     "line": owner.line})  # fmt: skip
            holder = known.uniid_owners.get(row.uniid)
            if holder and holder != row.email:
                problems.add(row.line, "uniid",
                             _("%(uniid)s is the UNI-Login id of another person in the system")
                             % {"uniid": row.uniid})  # fmt: skip
        key = (row.email, row.role, row.school_number)
        if key in seen_roles:
            problems.add(row.line, "role", _("the same role at the same place repeats (first on "
                         "line %(line)s)") % {"line": seen_roles[key]})  # fmt: skip
        seen_roles.setdefault(key, row.line)
        _check_existing(row, municipality, known, importer, problems)


def _check_existing(row: Row, municipality, known: _Known, importer, problems: _Problems):
    user = known.users.get(row.email)
    if user is None:
        return
    if row.uniid and user.uniid and user.uniid != row.uniid:
        problems.add(row.line, "uniid", _("%(email)s already logs in with another UNI-Login id; "
                     "a roster cannot change it") % {"email": row.email})  # fmt: skip
    if (
        importer is not None
        and not _is_admin(importer)
        and not _may_touch(user, municipality, known)
    ):
        problems.add(row.line, "email", _("%(email)s belongs to another municipality: ask the "
                     "programme administrator") % {"email": row.email})  # fmt: skip
    held = {a.role for a in known.roles.get(user.pk, [])}
    if held & {Role.PROGRAMME_ADMIN, Role.CONTENT_AUTHOR} and not _is_admin(importer):
        problems.add(row.line, "email", _("%(email)s works for the whole programme: ask the "
                     "programme administrator") % {"email": row.email})  # fmt: skip


def _is_admin(importer) -> bool:
    """The command line (no importer) acts as the programme administrator."""
    return importer is None or is_programme_admin(importer)


def _check_teams_exist(rows: list[Row], known: _Known, problems: _Problems) -> None:
    for row in rows:
        school = known.schools.get(row.school_number)
        if school is None:
            continue
        for name in row.teams:
            team = known.teams.get((school.pk, name.lower()))
            if team is not None and team.is_archived:
                problems.add(row.line, "teams", _("the team %(name)s at %(school)s is archived: "
                             "restore it on the school's team page first")
                             % {"name": team.name, "school": school})  # fmt: skip


# --------------------------------------------------------------------------- the plan


def _role_label(role: str) -> str:
    return str(Role(role).label)


def _plan_person(rows: list[Row], known: _Known, new_teams: dict) -> PersonPlan:
    first = rows[0]
    user = known.users.get(first.email)
    plan = PersonPlan(first.email, first.first_name, first.last_name, first.uniid, user)
    if user is None:
        plan.action = "created"
        plan.changes.append(_("new person"))
    else:
        if (user.first_name, user.last_name) != (first.first_name, first.last_name):
            plan.set_names = True
            plan.changes.append(_("name: %(old)s → %(new)s")
                                % {"old": user.get_full_name(), "new": plan.name})  # fmt: skip
        if first.uniid and not user.uniid:
            plan.set_uniid = True
            plan.changes.append(_("UNI-Login id %(uniid)s") % {"uniid": first.uniid})
        if not user.is_active:
            plan.reactivate = True
            plan.changes.append(_("active again"))
    held = {(a.role, a.institution_id, a.municipality_id) for a in known.roles.get(
        user.pk if user else 0, [])}  # fmt: skip
    for row in rows:
        _plan_row(plan, row, held, known, new_teams)
    if user is not None and plan.changes:
        plan.action = "updated"
    return plan


def _plan_row(plan: PersonPlan, row: Row, held: set, known: _Known, new_teams: dict) -> None:
    municipality = known.municipalities[row.municipality_code]
    school = known.schools.get(row.school_number) if row.role in SCHOOL_ROLES else None
    key = (row.role, school.pk if school else None, municipality.pk)
    if key not in held:
        plan.roles_to_add.append((row.role, school, municipality))
        where = school or municipality
        plan.changes.append(_("role: %(role)s at %(place)s")
                            % {"role": _role_label(row.role), "place": where})  # fmt: skip
    if school is None:
        return
    coordinator_of = {name.lower() for name in row.coordinator_of}
    for name in row.teams:
        is_coordinator = name.lower() in coordinator_of
        team = known.teams.get((school.pk, name.lower()))
        if team is None:
            new_teams.setdefault((school.pk, name.lower()), (school, name))
            membership = None
        else:
            name = team.name
            membership = known.memberships.get((team.pk, plan.user.pk)) if plan.user else None
        if membership is not None and membership.is_coordinator == is_coordinator:
            continue
        plan.memberships.append((school, name, is_coordinator))
        if membership is None:
            text = _("team: %(team)s") if not is_coordinator else _("team: %(team)s (coordinator)")
        elif is_coordinator:
            text = _("team coordinator of %(team)s")
        else:
            text = _("no longer team coordinator of %(team)s")
        plan.changes.append(text % {"team": name})


def _plan_missing(listed: set[str], municipality, known: _Known, importer) -> list[PersonPlan]:
    """People of the municipality the file leaves out: deactivated, or, when they hold roles
    elsewhere too, relieved of their roles here."""
    plans = []
    people = User.objects.filter(
        Q(role_assignments__municipality=municipality)
        | Q(role_assignments__institution__municipality=municipality),
        is_active=True,
    ).distinct().order_by("last_name", "first_name", "email")  # fmt: skip
    for user in people:
        if user.email in listed or (importer is not None and user.pk == importer.pk):
            continue
        held = known.roles.get(user.pk, [])
        here = [a for a in held if a.municipality_id == municipality.pk]
        plan = PersonPlan(user.email, user.first_name, user.last_name, user=user)
        if len(here) == len(held):
            plan.action, plan.deactivate = "deactivated", True
            plan.changes.append(_("not in the file: deactivated"))
        else:
            plan.action, plan.roles_to_remove = "updated", here
            plan.changes.extend(
                _("not in the file: loses the role %(role)s at %(place)s")
                % {"role": a.get_role_display(), "place": a.institution or a.municipality}
                for a in here
            )
        plans.append(plan)
    return plans


def roster_plan(
    *,
    data: bytes,
    file_name: str,
    municipality: Municipality,
    importer=None,
    deactivate_missing: bool = False,
    progress: Progress | None = None,
) -> RosterPlan:
    """Check the roster and work out what storing it would change; RosterRefused if anything
    is wrong. `importer` None is the command line, which may touch every municipality."""
    report = progress or (lambda stage, percent: None)
    report("reading", 5)
    problems = _Problems(file_name)
    rows = read_rows(data, file=file_name, problems=problems)
    report("checking", 20)
    known = _load(rows, municipality)
    for row in rows:
        _check_row(row, municipality, known, problems)
    _check_people(rows, municipality, known, importer, problems)
    _check_teams_exist(rows, known, problems)
    problems.raise_if_any()
    report("checking", 60)
    by_email: dict[str, list[Row]] = {}
    for row in rows:
        by_email.setdefault(row.email, []).append(row)
    new_teams: dict = {}
    people = [_plan_person(person_rows, known, new_teams) for person_rows in by_email.values()]
    if deactivate_missing:
        people += _plan_missing(set(by_email), municipality, known, importer)
    report("previewed", 100)
    return RosterPlan(municipality, people, list(new_teams.values()))
