"""The demo programme: two municipalities with their two feedback traditions, schools, people."""

from __future__ import annotations

from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction

from . import services
from .factories import DEFAULT_PASSWORD
from .models import Institution, Municipality, SchoolClass, User
from .roles import Role

DEMO_PASSWORD = DEFAULT_PASSWORD

MUNICIPALITIES = [
    # Hedensted: the school leadership gives written and oral feedback.
    ("766", "Hedensted", [("615001", "Løsning Skole"), ("615002", "Juelsminde Skole")]),
    # Vesthimmerland: resource persons give written feedback, then oral with the leadership.
    ("820", "Vesthimmerland", [("773001", "Aars Skole"), ("773002", "Løgstør Skole")]),
]
TEAM_NAMES = [
    ("Indskolingen", range(0, 4)),
    ("Mellemtrinnet", range(4, 7)),
    ("Udskolingen", range(7, 10)),
]
CLASS_LETTERS = "AB"

# (e-mail, first name, last name, role, place): place is a school number, municipality code or None.
ACCOUNTS = [
    ("laerer@demo.dk", "Lærke", "Andersen", Role.TEACHER, "773001"),
    ("teamkoordinator@demo.dk", "Thomas", "Kristensen", Role.TEACHER, "773001"),
    ("leder@demo.dk", "Lene", "Mortensen", Role.SCHOOL_LEADER, "773001"),
    ("vejleder@demo.dk", "Vibeke", "Holm", Role.LOCAL_RESOURCE_PERSON, "773001"),
    ("ressourceperson@demo.dk", "Rasmus", "Poulsen", Role.MUNICIPAL_RESOURCE_PERSON, "773001"),
    ("ressourceperson@demo.dk", "Rasmus", "Poulsen", Role.MUNICIPAL_RESOURCE_PERSON, "773002"),
    ("ressourceperson2@demo.dk", "Rikke", "Dam", Role.MUNICIPAL_RESOURCE_PERSON, "773001"),
    ("forvaltning@demo.dk", "Frederik", "Larsen", Role.MUNICIPAL_COORDINATOR, "820"),
    ("laerer.hedensted@demo.dk", "Hanne", "Nielsen", Role.TEACHER, "615001"),
    ("leder.hedensted@demo.dk", "Henrik", "Jensen", Role.SCHOOL_LEADER, "615001"),
    ("forvaltning.hedensted@demo.dk", "Helle", "Sørensen", Role.MUNICIPAL_COORDINATOR, "766"),
    ("cok@demo.dk", "Camilla", "Olsen", Role.CONTENT_AUTHOR, None),
    ("cok2@demo.dk", "Christian", "Berg", Role.CONTENT_AUTHOR, None),
    ("admin@demo.dk", "Anna", "Madsen", Role.PROGRAMME_ADMIN, None),
]
# Demo accounts' team memberships: (e-mail, school, team, is coordinator).
MEMBERSHIPS = [
    ("laerer@demo.dk", "773001", "Mellemtrinnet", False),
    ("laerer@demo.dk", "773001", "Udskolingen", False),
    ("teamkoordinator@demo.dk", "773001", "Mellemtrinnet", True),
    ("laerer.hedensted@demo.dk", "615001", "Mellemtrinnet", True),
]
COLLEAGUE_NAMES = [
    ("Mette", "Hansen"),
    ("Søren", "Pedersen"),
    ("Anne", "Christensen"),
    ("Jesper", "Rasmussen"),
    ("Louise", "Jørgensen"),
    ("Mads", "Petersen"),
    ("Camilla", "Madsen"),
    ("Kasper", "Thomsen"),
    ("Sofie", "Møller"),
    ("Jonas", "Johansen"),
]


@cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; every demo account shares one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _account(email: str, first_name: str, last_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = services.user_create(email=email, first_name=first_name, last_name=last_name)
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


def _schools() -> dict[str, Institution]:
    schools: dict[str, Institution] = {}
    for code, name, school_list in MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(code=code, defaults={"name": name})
        for number, school_name in school_list:
            school, _ = Institution.objects.update_or_create(
                number=number, defaults={"name": school_name, "municipality": municipality}
            )
            schools[number] = school
            for grade in range(10):
                for letter in CLASS_LETTERS:
                    SchoolClass.objects.get_or_create(
                        institution=school, code=f"{grade}{letter}", defaults={"grade": grade}
                    )
    return schools


def _teams(schools: dict[str, Institution]) -> None:
    for school in schools.values():
        slug = school.name.split()[0].lower().replace("ø", "oe").replace("æ", "ae")
        for index, (team_name, _grades) in enumerate(TEAM_NAMES):
            team, _ = school.teams.get_or_create(name=team_name)
            # Three colleagues per team, so every team has real members besides the demo accounts.
            for offset in range(3):
                first, last = COLLEAGUE_NAMES[(index * 3 + offset) % len(COLLEAGUE_NAMES)]
                email = f"{first}.{last}.{slug}@demo.dk".lower()
                email = email.replace("ø", "oe").replace("æ", "ae").replace("å", "aa")
                colleague = _account(email, first, last)
                services.team_member_add(team=team, user=colleague)


@transaction.atomic
def seed_organisations() -> dict[str, int]:
    """Create or update the demo organisations and people; safe to run again."""
    schools = _schools()
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=["766", "820"])}
    for email, first, last, role, place in ACCOUNTS:
        user = _account(email, first, last)
        if place in schools:
            services.role_assign(user=user, role=role, institution=schools[place])
        elif place in municipalities:
            services.role_assign(user=user, role=role, municipality=municipalities[place])
        else:
            services.role_assign(user=user, role=role)
    _teams(schools)
    for email, number, team_name, is_coordinator in MEMBERSHIPS:
        team = schools[number].teams.get(name=team_name)
        user = User.objects.get(email=email)
        services.team_member_add(team=team, user=user, is_coordinator=is_coordinator)
    return {
        "municipalities": len(municipalities),
        "schools": len(schools),
        "people": User.objects.count(),
    }
