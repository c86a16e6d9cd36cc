import pytest
from django.core.management import call_command
from django.urls import reverse

from lms.demo import ACCOUNTS, DEMO_PASSWORD
from lms.models import Institution, RoleAssignment, Team, User
from profiles_link.models import MappingRound, UnitScore


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_demo_is_idempotent(demo):
    counts = (User.objects.count(), RoleAssignment.objects.count(), Team.objects.count(),
              UnitScore.objects.count())  # fmt: skip
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (User.objects.count(), RoleAssignment.objects.count(), Team.objects.count(),
                      UnitScore.objects.count())  # fmt: skip
    assert Institution.objects.filter(municipality__code="766").count() == 2
    assert Institution.objects.filter(municipality__code="820").count() == 2
    assert Team.objects.filter(institution__number="773001").count() == 3
    assert list(MappingRound.objects.values_list("label", flat=True)) == ["T1", "T2"]


@pytest.mark.parametrize("email", sorted({email for email, *_ in ACCOUNTS}))
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
    from profiles_link.selectors import round_by_label, weak_areas_for_school

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
