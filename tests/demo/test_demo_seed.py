"""`manage.py seed_demo`: the whole demo, run twice, seeded once for the module."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from demo.organisations import DEMO_PASSWORD
from lms.models import Institution, NotificationOutbox, RoleAssignment, Team, User
from profiles_link.models import MappingRound, UnitScore
from profiles_link.selectors import round_by_label, weak_areas_for_school

ACCOUNTS = [
    "admin@demo.dk",
    "cok2@demo.dk",
    "cok@demo.dk",
    "forvaltning.hedensted@demo.dk",
    "forvaltning@demo.dk",
    "laerer.hedensted@demo.dk",
    "laerer@demo.dk",
    "leder.hedensted@demo.dk",
    "leder.logstor@demo.dk",
    "leder@demo.dk",
    "ressourceperson2@demo.dk",
    "ressourceperson@demo.dk",
    "teamkoordinator@demo.dk",
    "vejleder.logstor@demo.dk",
    "vejleder@demo.dk",
]


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _seed_twice() -> dict:
    runs = []
    for _run in range(2):
        out = StringIO()
        with translation.override("en"):
            call_command("seed_demo", stdout=out)
        runs.append({"output": out.getvalue(), "counts": _counts()})
    return {"first": runs[0], "second": runs[1]}


@pytest.fixture(scope="module")
def _seeded(django_db_setup, seed_for_module):
    with seed_for_module(_seed_twice) as runs:
        yield runs


@pytest.fixture
def demo(_seeded, db):
    return _seeded


def test_seed_demo_is_idempotent(demo):
    first, second = demo["first"]["counts"], demo["second"]["counts"]
    assert first == second  # every model, row for row in number
    assert first["lms.User"] == 51  # with Løgstør Skole's leader and local resource person
    for label in ("lms.RoleAssignment", "lms.Team", "profiles_link.UnitScore"):
        assert first[label] > 0, label
    assert (User.objects.count(), RoleAssignment.objects.count(), Team.objects.count(),
            UnitScore.objects.count()) == (first["lms.User"], first["lms.RoleAssignment"],
                                           first["lms.Team"], first["profiles_link.UnitScore"])  # fmt: skip
    assert Institution.objects.filter(municipality__code="766").count() == 2
    assert Institution.objects.filter(municipality__code="820").count() == 2
    assert Team.objects.plc().filter(institution__number="773001").count() == 3
    assert Team.objects.leadership().filter(institution__number="773001").count() == 1
    assert list(MappingRound.objects.values_list("label", flat=True)) == ["T1", "T2"]


def test_the_command_says_what_it_did(demo):
    first, second = demo["first"]["output"], demo["second"]["output"]
    accounts = "Demo accounts (password demo1234):\n" + "".join(f"  {e}\n" for e in ACCOUNTS)
    ready = "Demo ready: 2 municipalities, 4 schools, 51 people.\n"
    rounds = "Imported demo mapping round T1.\nImported demo mapping round T2.\n"
    assert first == rounds + ready + accounts
    assert second == ready + accounts  # the rounds are there already


@pytest.mark.parametrize("email", ACCOUNTS)
def test_every_demo_account_logs_in_to_its_own_overview(client, demo, email):
    response = client.post(
        reverse("account_login"), {"login": email, "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    html = response.content.decode()
    assert "Mit overblik" in html
    user = User.objects.get(email=email)
    assert str(user) in html
    for assignment in RoleAssignment.objects.filter(user=user).select_related("institution"):
        place = assignment.institution or assignment.municipality
        if place is not None:
            assert place.name in html


def test_demo_school_shows_the_boys_gap_on_academic_well_being(demo):
    aars = Institution.objects.get(number="773001")
    areas = weak_areas_for_school(institution=aars, mapping_round=round_by_label("T1"))
    top = areas[0]
    assert (top.indicator.code, top.subgroup, top.kind) == ("FAG", "boy", "subgroup_gap")
    assert top.gap >= 15


def test_demo_leader_sees_the_profile_in_danish_and_another_teacher_is_refused(client, demo):
    client.post(reverse("account_login"), {"login": "leder@demo.dk", "password": DEMO_PASSWORD})
    html = client.get(reverse("profiles:school_profile", args=["773001"]) + "?runde=T1").content
    html = html.decode()
    assert "Kvalitetsprofil for Aars Skole" in html
    assert "Drengene ligger" in html and "under pigerne på Faglig trivsel" in html
    assert "Udvikling" in html or "T1" in html  # the trend section spans T1 and T2
    client.logout()
    client.post(
        reverse("account_login"),
        {"login": "laerer.hedensted@demo.dk", "password": DEMO_PASSWORD},
    )
    response = client.get(reverse("profiles:school_profile", args=["773001"]))
    assert response.status_code == 403
    assert "Faglig trivsel" not in response.content.decode()


def test_seeding_sends_no_mail_about_the_demos_past(demo, mailoutbox):
    """The stories are history: a first `make run` must not mail 164 events of past weeks."""
    assert not NotificationOutbox.objects.exists()
    assert mailoutbox == []
