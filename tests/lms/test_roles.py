"""A person's roles and team memberships are read once a request, in one query."""

from lms import services
from lms.models import Team, TeamMembership
from lms.roles import Role, forget_held_roles, held_roles


def test_roles_and_memberships_come_in_one_query(programme, django_assert_num_queries):
    school = programme.school
    coordinator = programme.people["coordinator"]
    services.role_assign(user=coordinator, role=Role.TEACHER, institution=school)
    services.role_assign(user=coordinator, role=Role.CONTENT_AUTHOR)
    leadership = Team.objects.filter(institution=school, kind=Team.Kind.LEADERSHIP).first()
    if leadership is None:
        leadership = Team.objects.create(
            institution=school, name="Ledelsen", kind=Team.Kind.LEADERSHIP
        )
    TeamMembership.objects.create(team=leadership, user=coordinator)
    forget_held_roles(coordinator)
    with django_assert_num_queries(1):
        roles = held_roles(coordinator)
    assert roles.at_institution(school.pk) == {Role.TEACHER}
    assert roles.is_content_author and not roles.is_programme_admin
    assert roles.team_ids == {programme.team.pk, leadership.pk}
    assert roles.coordinated_team_ids == {programme.team.pk}
    assert roles.leadership_of == {school.pk}
    with django_assert_num_queries(0):
        assert held_roles(coordinator) is roles

    coordinator_of_municipality = programme.people["municipal_coordinator"]
    municipal = held_roles(coordinator_of_municipality)
    assert Role.MUNICIPAL_COORDINATOR in municipal.in_municipality(school.municipality_id)
    assert municipal.team_ids == frozenset() and municipal.by_institution == {}
