"""Access policy: teachers see their school's profile and their own team's classes, not every
class; leaders, resource persons and the coordinator see every class."""

from __future__ import annotations

import pytest
from django.urls import reverse
from test_profile_views import tiny  # noqa: F401  (the fixture)

from lms.models import SchoolClass


def class_url(code: str) -> str:
    return reverse("profiles:class_profile", args=["773001", code])


@pytest.fixture
def team_teaches_1b(programme, tiny):  # noqa: F811
    programme.team.classes.set(SchoolClass.objects.filter(code="1B"))


def test_a_teacher_sees_the_own_teams_classes_only(client_for, programme, team_teaches_1b):
    client = client_for(programme.people["teacher"])
    assert client.get(class_url("1B")).status_code == 200
    assert client.get(class_url("1A")).status_code == 403
    html = client.get(reverse("profiles:school_profile", args=["773001"])).content.decode()
    assert class_url("1B") in html and class_url("1A") not in html
    # A teacher of the school's other team, which teaches no class, sees none.
    other = client_for(programme.people["other_teacher"])
    assert other.get(class_url("1B")).status_code == 403
    assert other.get(reverse("profiles:school_profile", args=["773001"])).status_code == 200


@pytest.mark.parametrize("person", ["leader", "local_rp", "municipal_rp", "municipal_coordinator",
                                    "admin"])  # fmt: skip
def test_those_who_guide_the_school_see_every_class(client_for, programme, team_teaches_1b, person):
    client = client_for(programme.people[person])
    assert client.get(class_url("1A")).status_code == 200
    html = client.get(reverse("profiles:school_profile", args=["773001"])).content.decode()
    assert class_url("1A") in html and class_url("1B") in html
