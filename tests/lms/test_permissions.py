import pytest

from lms import permissions

# Who may see the school `programme.school` ("Aars Skole"), and who is refused.
SCHOOL_VIEWERS = {
    "teacher": True,
    "coordinator": True,
    "other_teacher": True,
    "leader": True,
    "local_rp": True,
    "municipal_rp": True,
    "municipal_coordinator": True,
    "admin": True,
    "other_coordinator": False,
    "author": False,
    "nobody": False,
    "far_teacher": False,
}


@pytest.mark.parametrize(("person", "allowed"), SCHOOL_VIEWERS.items())
def test_can_view_institution(programme, person, allowed):
    user = programme.people[person]
    assert permissions.can_view_institution(user, programme.school) is allowed


@pytest.mark.parametrize("person", ["teacher", "leader", "local_rp", "municipal_rp"])
def test_school_roles_do_not_reach_a_neighbouring_school(programme, person):
    assert not permissions.can_view_institution(programme.people[person], programme.other_school)


def test_municipal_coordinator_sees_every_school_of_own_municipality_only(programme):
    coordinator = programme.people["municipal_coordinator"]
    assert permissions.can_view_institution(coordinator, programme.other_school)
    assert not permissions.can_view_institution(coordinator, programme.far_school)


TEAM_VIEWERS = {
    "teacher": True,
    "coordinator": True,
    "leader": True,
    "local_rp": True,
    "municipal_rp": True,
    "municipal_coordinator": True,
    "admin": True,
    "other_teacher": False,  # same school, another team: a team sees its own work
    "other_coordinator": False,
    "author": False,
    "nobody": False,
    "far_teacher": False,
}


@pytest.mark.parametrize(("person", "allowed"), TEAM_VIEWERS.items())
def test_can_view_team(programme, person, allowed):
    assert permissions.can_view_team(programme.people[person], programme.team) is allowed


@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("municipal_coordinator", True),
        ("admin", True),
        ("other_coordinator", False),
        ("leader", False),
        ("municipal_rp", False),
        ("teacher", False),
        ("author", False),
    ],
)
def test_can_view_municipality(programme, person, allowed):
    assert permissions.can_view_municipality(programme.people[person], programme.municipality) is (
        allowed
    )


@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("leader", True),
        ("admin", True),
        ("teacher", False),
        ("local_rp", False),
        ("municipal_rp", False),
        ("municipal_coordinator", False),
    ],
)
def test_can_lead_institution(programme, person, allowed):
    assert permissions.can_lead_institution(programme.people[person], programme.school) is allowed


@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("author", True),
        ("municipal_coordinator", True),
        ("admin", True),
        ("teacher", False),
        ("leader", False),
        ("municipal_rp", False),
        ("nobody", False),
    ],
)
def test_can_use_cms(programme, person, allowed):
    assert permissions.can_use_cms(programme.people[person]) is allowed


def test_admin_access_follows_roles(programme):
    """Wagtail admin for authors and coordinators, Django admin for administrators only."""
    people = programme.people
    assert people["author"].has_perm("wagtailadmin.access_admin")
    assert people["municipal_coordinator"].has_perm("wagtailadmin.access_admin")
    assert not people["teacher"].has_perm("wagtailadmin.access_admin")
    assert people["admin"].is_staff and people["admin"].is_superuser
    assert not people["author"].is_staff
    assert not people["municipal_coordinator"].is_staff


def test_revoking_a_role_removes_access(programme):
    from lms import services
    from lms.models import RoleAssignment

    author = programme.people["author"]
    services.role_revoke(assignment=RoleAssignment.objects.get(user=author))
    author = type(author).objects.get(pk=author.pk)  # fresh permission cache
    assert not author.has_perm("wagtailadmin.access_admin")
    assert not permissions.can_use_cms(author)
