"""The leadership team: kept in step with the leaders' roles, joined by the resource persons the
school adds, enrolled in the leadership course, and never a teacher team."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from competence_packages import selectors as package_selectors
from competence_packages.services import ChoicePlan, package_choose
from lms import services
from lms.errors import ServiceError
from lms.models import RoleAssignment, Team
from lms.roles import Role, held_roles
from modules.selectors import enrolled_module_ids

pytestmark = pytest.mark.django_db


def leadership(school) -> Team:
    return Team.objects.leadership().get(institution=school)


def members(team) -> set[str]:
    return set(team.memberships.values_list("user__email", flat=True))


def test_a_leader_is_on_the_leadership_team_while_they_lead(programme):
    team = leadership(programme.school)
    assert team.is_leadership
    assert members(team) == {"leader@test.dk"}
    assert held_roles(programme.people["leader"]).leadership_of == {programme.school.pk}
    RoleAssignment.objects.get(user=programme.people["leader"], role=Role.SCHOOL_LEADER).delete()
    assert members(team) == set()


def test_the_school_adds_local_resource_persons_and_no_one_else(programme):
    team = leadership(programme.school)
    services.leadership_team_member_add(
        institution=programme.school, user=programme.people["local_rp"]
    )
    assert members(team) == {"leader@test.dk", "local_rp@test.dk"}
    with pytest.raises(ServiceError):
        services.leadership_team_member_add(
            institution=programme.school, user=programme.people["teacher"]
        )
    with pytest.raises(ServiceError):
        services.leadership_team_member_remove(
            institution=programme.school, user=programme.people["leader"]
        )
    # Losing the role takes the resource person off the team.
    services.role_revoke(assignment=RoleAssignment.objects.get(user=programme.people["local_rp"]))
    assert members(team) == {"leader@test.dk"}


def test_the_leadership_team_is_never_a_teacher_team(programme, course):
    teams = package_selectors.school_teams(programme.school)
    assert leadership(programme.school) not in teams
    assert set(teams) == {programme.team, programme.other_team}
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        package_choose(
            institution=programme.school,
            package=course.wellbeing,
            plan=ChoicePlan(
                teams=[leadership(programme.school)],
                starts_on=date(2026, 1, 5),
                ends_on=date(2026, 3, 5),
                modules=[],
                goals=[],
            ),
        )
    assert "not the leadership team" in refused.value.text
    assert package_selectors.live_team_packages().filter(pk=course.leadership.pk).count() == 0


def test_the_leadership_team_is_enrolled_in_the_course_and_teacher_teams_are_not(programme, course):
    team = leadership(programme.school)
    assert enrolled_module_ids(team_ids=[team.pk]) == {m.pk for m in course.modules}
    assert enrolled_module_ids(team_ids=[programme.team.pk]) == set()


def test_the_school_page_lists_teacher_teams_only(programme, client_for):
    response = client_for(programme.people["leader"]).get(
        reverse("institution_detail", args=[programme.school.number])
    )
    assert response.status_code == 200
    assert [t.name for t in response.context["institution"].teams.all()] == [
        "Mellemtrinnet",
        "Udskolingen",
    ]


def test_leaders_add_resource_persons_on_the_team_page_and_others_are_refused(
    programme, client_for
):
    url = reverse("plans:leadership_team", args=[programme.school.number])
    rp = programme.people["local_rp"]
    for name in ["teacher", "other_coordinator", "far_teacher"]:
        client = client_for(programme.people[name])
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"member-user": rp.pk}).status_code == 403, name
    leader = client_for(programme.people["leader"])
    response = leader.post(url, {"member-user": rp.pk})
    assert response.status_code == 302
    assert "local_rp@test.dk" in members(leadership(programme.school))
    response = leader.post(url, {"member-user": programme.people["teacher"].pk})
    assert response.status_code == 400  # not a local resource person: not offered
