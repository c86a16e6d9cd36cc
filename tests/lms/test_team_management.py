"""The school leadership forms its teams in the LMS's own pages: who may, what is refused."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lms import services
from lms.errors import ServiceError
from lms.factories import SchoolClassFactory, TeamFactory, UserFactory
from lms.models import Team, TeamMembership
from lms.roles import Role

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English source strings, whatever the Danish catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def classes(programme):
    return {
        code: SchoolClassFactory(institution=programme.school, code=code, grade=int(code[0]))
        for code in ("4A", "4B", "5A")
    }


def create_url(programme):
    return reverse("team_create", args=[programme.school.number])


def test_a_leader_creates_a_team_with_grade_band_classes_and_facilitator(
    programme, classes, client_for
):
    client = client_for(programme.people["leader"])
    assert client.get(create_url(programme)).status_code == 200
    response = client.post(
        create_url(programme),
        {
            "name": "  4. årgang ",
            "grade_from": "4",
            "grade_to": "5",
            "classes": [classes["4A"].pk, classes["4B"].pk],
            "facilitator": programme.people["local_rp"].pk,
        },
    )
    team = Team.objects.get(name="4. årgang")
    assert response.url == reverse("team_members", args=[team.pk])
    assert (team.grade_from, team.grade_to) == (4, 5)
    assert str(team.grade_band) == "grades 4–5"
    assert set(team.classes.values_list("code", flat=True)) == {"4A", "4B"}
    assert team.facilitator == programme.people["local_rp"]
    page = client.get(reverse("institution_detail", args=[programme.school.number]))
    html = page.content.decode()
    assert "4. årgang" in html and "4A, 4B" in html


def test_bad_team_input_is_refused_with_specific_messages_and_keeps_what_was_typed(
    programme, classes, client_for
):
    client = client_for(programme.people["leader"])
    other_class = SchoolClassFactory(institution=programme.other_school, code="9Z", grade=9)
    response = client.post(
        create_url(programme),
        {
            "name": "mellemtrinnet",  # exists, in another case
            "grade_from": "6",
            "grade_to": "4",
            "classes": [classes["4A"].pk, other_class.pk],
            "facilitator": programme.people["teacher"].pk,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["grade_to"] == ["The last grade cannot come before the first grade."]
    # A class of another school and a teacher as facilitator are not even offered.
    assert "classes" in form.errors and "facilitator" in form.errors
    assert form["name"].value() == "mellemtrinnet"
    response = client.post(create_url(programme), {"name": "mellemtrinnet"})
    assert response.context["form"].errors["name"] == [
        "The school already has a team called “mellemtrinnet”."
    ]
    assert not Team.objects.filter(name="mellemtrinnet").exists()


@pytest.mark.parametrize("who", ["teacher", "coordinator", "local_rp", "municipal_rp", "nobody"])
def test_only_the_schools_leadership_manages_its_teams(programme, client_for, who):
    client = client_for(programme.people[who])
    team = programme.team
    assert client.get(create_url(programme)).status_code in (403, 404)
    assert client.post(create_url(programme), {"name": "X"}).status_code in (403, 404)
    assert client.get(reverse("team_edit", args=[team.pk])).status_code == 403
    assert client.post(reverse("team_archive", args=[team.pk])).status_code == 403
    response = client.post(
        reverse("team_member_change", args=[team.pk, programme.people["teacher"].pk]),
        {"action": "remove"},
    )
    assert response.status_code == 403
    assert not Team.objects.filter(name="X").exists()
    assert TeamMembership.objects.filter(team=team, user=programme.people["teacher"]).exists()


def test_a_leader_of_another_school_cannot_change_this_schools_teams(programme, client_for):
    other_leader = UserFactory(email="other-leader@test.dk")
    services.role_assign(
        user=other_leader, role=Role.SCHOOL_LEADER, institution=programme.other_school
    )
    client = client_for(other_leader)
    assert client.get(reverse("team_members", args=[programme.team.pk])).status_code == 403
    assert client.post(create_url(programme), {"name": "Y"}).status_code == 403
    assert not Team.objects.filter(name="Y").exists()


def test_the_team_pages_do_not_reach_the_leadership_team(programme, client_for):
    """The leadership team is kept on its own page, where leaders stay while they lead: a leader
    cannot take another leader off it, rename or archive it through the teams' pages."""
    second_leader = UserFactory(email="second-leader@test.dk")
    services.role_assign(user=second_leader, role=Role.SCHOOL_LEADER, institution=programme.school)
    team = services.leadership_team_sync(institution=programme.school)
    assert TeamMembership.objects.filter(team=team, user=second_leader).exists()
    client = client_for(programme.people["leader"])
    page = client.get(reverse("team_detail", args=[team.pk]))
    assert page.status_code == 200 and not page.context["can_manage"]
    assert client.get(reverse("team_edit", args=[team.pk])).status_code == 404
    assert client.get(reverse("team_members", args=[team.pk])).status_code == 404
    response = client.post(
        reverse("team_member_change", args=[team.pk, second_leader.pk]), {"action": "remove"}
    )
    assert response.status_code == 404
    assert client.post(reverse("team_archive", args=[team.pk])).status_code == 404
    team.refresh_from_db()
    assert not team.is_archived
    assert TeamMembership.objects.filter(team=team, user=second_leader).exists()
    with pytest.raises(ServiceError):
        services.team_member_remove(team=team, user=second_leader)


def test_members_are_added_removed_and_appointed_coordinator(programme, client_for):
    team = TeamFactory(institution=programme.school, name="Nyt team")
    teacher, other = programme.people["teacher"], programme.people["other_teacher"]
    client = client_for(programme.people["leader"])
    url = reverse("team_members", args=[team.pk])
    page = client.get(url)
    offered = set(page.context["form"].fields["user"].queryset)
    # The school's staff are offered; municipal people and other schools' are not.
    assert {teacher, other, programme.people["leader"], programme.people["local_rp"]} <= offered
    assert programme.people["municipal_rp"] not in offered
    assert programme.people["far_teacher"] not in offered

    client.post(url, {"user": teacher.pk})
    client.post(url, {"user": other.pk})
    response = client.post(url, {"user": programme.people["far_teacher"].pk})
    assert "user" in response.context["form"].errors
    change = reverse("team_member_change", args=[team.pk, teacher.pk])
    client.post(change, {"action": "appoint"})
    assert TeamMembership.objects.get(team=team, user=teacher).is_coordinator
    client.post(reverse("team_member_change", args=[team.pk, other.pk]), {"action": "remove"})
    assert list(team.members.all()) == [teacher]
    # Removing someone who is not on the team says so and changes nothing.
    response = client.post(
        reverse("team_member_change", args=[team.pk, other.pk]), {"action": "remove"}, follow=True
    )
    assert "The person is not on the team." in response.content.decode()


def test_an_archived_team_is_kept_readable_and_can_be_restored(programme, client_for):
    client = client_for(programme.people["leader"])
    client.post(reverse("team_archive", args=[programme.team.pk]), {"action": "archive"})
    programme.team.refresh_from_db()
    assert programme.team.is_archived
    # The team leaves its members' Mit overblik, but its page still opens.
    home = client_for(programme.people["teacher"]).get("/")
    assert [place.obj for place, _links in home.context["places"] if place.kind == "team"] == []
    assert (
        client_for(programme.people["teacher"])
        .get(reverse("team_detail", args=[programme.team.pk]))
        .status_code
        == 200
    )
    client = client_for(programme.people["leader"])
    response = client.post(
        reverse("team_members", args=[programme.team.pk]),
        {"user": programme.people["other_teacher"].pk},
    )
    assert response.context["form"].errors["__all__"] == [
        "The team is archived: restore it before you change it."
    ]
    client.post(reverse("team_archive", args=[programme.team.pk]), {"action": "restore"})
    programme.team.refresh_from_db()
    assert not programme.team.is_archived


def test_the_schools_page_costs_the_same_queries_however_many_teams(programme, classes, client_for):
    client = client_for(programme.people["leader"])
    url = reverse("institution_detail", args=[programme.school.number])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for n in range(6):
        team = TeamFactory(institution=programme.school, name=f"Ekstra {n}")
        team.classes.set(classes.values())
        services.team_member_add(team=team, user=programme.people["teacher"])
    assert count() == before
