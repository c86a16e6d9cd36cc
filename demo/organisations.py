"""The demo's municipalities, schools, classes, teams and people (organisations.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from lms import services
from lms.factories import DEFAULT_PASSWORD
from lms.models import Institution, Municipality, SchoolClass, User
from lms.roles import Role

from .files import DataFolder, Record

DEMO_PASSWORD = DEFAULT_PASSWORD
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


@dataclass(frozen=True)
class SchoolSpec:
    number: str
    name: str


@dataclass(frozen=True)
class MunicipalitySpec:
    code: str
    name: str
    schools: tuple[SchoolSpec, ...]


@dataclass(frozen=True)
class RoleSpec:
    role: str  # a RoleAssignment.Role value
    school: str | None = None  # a school's number
    municipality: str | None = None  # a municipality's code; neither: the whole programme


@dataclass(frozen=True)
class AccountSpec:
    email: str
    first_name: str
    last_name: str
    roles: tuple[RoleSpec, ...]


@dataclass(frozen=True)
class MembershipSpec:
    email: str
    school: str
    team: str
    coordinator: bool = False


@dataclass(frozen=True)
class FacilitatorSpec:
    email: str
    school: str
    team: str


@dataclass(frozen=True)
class OrganisationsSpec:
    municipalities: tuple[MunicipalitySpec, ...]
    grades: int
    class_letters: str
    teams: tuple[str, ...]
    colleagues_per_team: int
    colleague_email: str  # with {first}, {last} and {school}
    colleagues: tuple[tuple[str, str], ...]
    accounts: tuple[AccountSpec, ...]
    memberships: tuple[MembershipSpec, ...]
    team_grades: dict[str, tuple[int, int]]  # team name: (first grade, last grade)
    facilitators: tuple[FacilitatorSpec, ...] = ()

    @property
    def schools(self) -> dict[str, SchoolSpec]:
        return {s.number: s for m in self.municipalities for s in m.schools}

    @property
    def emails(self) -> list[str]:
        return sorted({account.email for account in self.accounts})


# --------------------------------------------------------------------------- reading


def read_organisations(folder: DataFolder) -> OrganisationsSpec | None:
    data = folder.yaml("organisations.yaml")
    if data is None:
        return None
    municipalities = tuple(_municipality(m) for m in data.records("municipalities"))
    classes = data.record("classes")
    grades = classes.integer("grades") if classes else None
    letters = classes.text("letters") if classes else None
    if classes:
        classes.check_keys()
    teams = tuple(data.texts("teams"))
    per_team = data.integer("colleagues_per_team")
    colleague_email = _email_template(data)
    colleagues = tuple(
        _name(data, f"colleagues[{index}]", value)
        for index, value in enumerate(data.items("colleagues"))
    )
    if None in municipalities:
        return None
    schools = {s.number for m in municipalities for s in m.schools}
    codes = {m.code for m in municipalities}
    records = data.records("accounts")
    accounts = tuple(_account(a, schools, codes) for a in records)
    # Every e-mail written, so an account wrong in another way is not reported twice.
    emails = {e for a in records if isinstance(e := a.data.get("email"), str)}
    memberships = tuple(_membership(m, emails, schools, teams) for m in data.records("memberships"))
    team_grades = _team_grades(data, teams)
    facilitators = tuple(
        _facilitator(f, emails, schools, teams)
        for f in data.records("facilitators", required=False)
    )
    data.check_keys()
    if None in (grades, letters, per_team, colleague_email):
        return None
    if None in (*colleagues, *accounts, *memberships, *facilitators, team_grades):
        return None
    if not colleagues:
        data.problem(_("%(where)s is missing.") % {"where": "colleagues"})
        return None
    return OrganisationsSpec(
        municipalities,
        grades,
        letters,
        teams,
        per_team,
        colleague_email,
        colleagues,
        accounts,
        memberships,
        team_grades,
        facilitators,
    )


def _team_grades(data: Record, teams: tuple[str, ...]) -> dict[str, tuple[int, int]] | None:
    """Each team's grade band, [first, last]; the team teaches the school's classes in it."""
    raw = data.mapping("team_grades", required=False)
    bands: dict[str, tuple[int, int]] = {}
    for name, band in (raw or {}).items():
        ok = (
            isinstance(band, list)
            and len(band) == 2
            and all(isinstance(g, int) and 0 <= g <= 10 for g in band)
            and band[0] <= band[1]
        )
        if name not in teams or not ok:
            data.problem(
                _("%(where)s should be a team of `teams` with [first grade, last grade], not "
                  "%(value)s.") % {"where": f"team_grades.{name}", "value": repr(band)}
            )  # fmt: skip
            return None
        bands[name] = (band[0], band[1])
    return bands


def _facilitator(record: Record, emails, schools, teams) -> FacilitatorSpec | None:
    fields = (
        record.choice("email", sorted(emails)),
        record.choice("school", sorted(schools)),
        record.choice("team", teams),
    )
    record.check_keys()
    return None if None in fields else FacilitatorSpec(*fields)


def _email_template(data: Record) -> str | None:
    template = data.text("colleague_email")
    try:
        if template is not None:
            template.format(first="", last="", school="")
    except (KeyError, IndexError, ValueError):
        data.problem(
            _("%(where)s may use {first}, {last} and {school}, and no other braces.")
            % {"where": "colleague_email"}
        )
        return None
    return template


def _municipality(record: Record) -> MunicipalitySpec | None:
    code, name = record.text("code"), record.text("name")
    schools = []
    for school in record.records("schools"):
        schools.append((school.text("number"), school.text("name")))
        school.check_keys()
    record.check_keys()
    if None in (code, name) or any(None in pair for pair in schools):
        return None
    return MunicipalitySpec(code, name, tuple(SchoolSpec(*pair) for pair in schools))


def _name(record: Record, where: str, value) -> tuple[str, str] | None:
    if value is None:
        return None  # noted as missing already
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    record.problem(
        _("%(where)s should be [first name, last name], not %(value)s.")
        % {"where": where, "value": repr(value)}
    )
    return None


def _account(record: Record, schools: set[str], codes: set[str]) -> AccountSpec | None:
    email = record.text("email")
    name = _name(record, record.at("name"), record.raw("name"))
    roles = []
    for role in record.records("roles"):
        roles.append(
            RoleSpec(
                role.choice("role", Role.values),
                role.choice("school", sorted(schools), required=False),
                role.choice("municipality", sorted(codes), required=False),
            )
        )
        role.check_keys()
    record.check_keys()
    if email is None or name is None or any(r.role is None for r in roles):
        return None
    return AccountSpec(email, *name, tuple(roles))


def _membership(record: Record, emails, schools, teams) -> MembershipSpec | None:
    fields = (
        record.choice("email", sorted(emails)),
        record.choice("school", sorted(schools)),
        record.choice("team", teams),
    )
    coordinator = record.boolean("coordinator")
    record.check_keys()
    return None if None in fields else MembershipSpec(*fields, coordinator)


# --------------------------------------------------------------------------- writing


@cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; every demo account shares one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _account_user(email: str, first_name: str, last_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = services.user_create(email=email, first_name=first_name, last_name=last_name)
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


def _schools(spec: OrganisationsSpec) -> dict[str, Institution]:
    schools: dict[str, Institution] = {}
    for municipality_spec in spec.municipalities:
        municipality, _created = Municipality.objects.update_or_create(
            code=municipality_spec.code, defaults={"name": municipality_spec.name}
        )
        for school_spec in municipality_spec.schools:
            school, _created = Institution.objects.update_or_create(
                number=school_spec.number,
                defaults={"name": school_spec.name, "municipality": municipality},
            )
            schools[school_spec.number] = school
            for grade in range(spec.grades):
                for letter in spec.class_letters:
                    SchoolClass.objects.get_or_create(
                        institution=school, code=f"{grade}{letter}", defaults={"grade": grade}
                    )
    return schools


def _ascii(text: str) -> str:
    """Lower case, with the three Danish letters as they are written in an e-mail address."""
    return text.lower().translate(_DANISH_LETTERS)


def _teams(spec: OrganisationsSpec, schools: dict[str, Institution]) -> None:
    for school in schools.values():
        slug = school.name.split()[0]
        for index, team_name in enumerate(spec.teams):
            team, _created = school.teams.get_or_create(name=team_name)
            if team_name in spec.team_grades:
                low, high = spec.team_grades[team_name]
                team.grade_from, team.grade_to = low, high
                team.save(update_fields=["grade_from", "grade_to"])
                team.classes.set(school.classes.filter(grade__gte=low, grade__lte=high))
            # Colleagues in every team, so each has real members besides the demo accounts.
            for offset in range(spec.colleagues_per_team):
                position = index * spec.colleagues_per_team + offset
                first, last = spec.colleagues[position % len(spec.colleagues)]
                email = _ascii(spec.colleague_email.format(first=first, last=last, school=slug))
                services.team_member_add(team=team, user=_account_user(email, first, last))


@transaction.atomic
def seed_organisations(spec: OrganisationsSpec) -> dict[str, int]:
    """Create or update the demo organisations and people; safe to run again."""
    schools = _schools(spec)
    codes = [m.code for m in spec.municipalities]
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    for account in spec.accounts:
        user = _account_user(account.email, account.first_name, account.last_name)
        for held in account.roles:
            if held.school:
                services.role_assign(user=user, role=held.role, institution=schools[held.school])
            elif held.municipality:
                place = municipalities[held.municipality]
                services.role_assign(user=user, role=held.role, municipality=place)
            else:
                services.role_assign(user=user, role=held.role)
    _teams(spec, schools)
    for membership in spec.memberships:
        team = schools[membership.school].teams.get(name=membership.team)
        user = User.objects.get(email=membership.email)
        services.team_member_add(team=team, user=user, is_coordinator=membership.coordinator)
    for facilitator in spec.facilitators:
        team = schools[facilitator.school].teams.get(name=facilitator.team)
        team.facilitator = User.objects.get(email=facilitator.email)
        team.save(update_fields=["facilitator"])
    return {
        "municipalities": len(municipalities),
        "schools": len(schools),
        "people": User.objects.count(),
    }
