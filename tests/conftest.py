"""Shared fixtures: a small programme with one person per role, built with the factories."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from lms import services
from lms.factories import (
    InstitutionFactory,
    MunicipalityFactory,
    TeamFactory,
    UserFactory,
)
from lms.models import Institution, Municipality, Team, User
from lms.roles import Role


@pytest.fixture(autouse=True)
def _nothing_kept_from_other_tests():
    """Each test starts without the published content another test's process kept
    (lms.content_cache): the database is rolled back between tests, the process is not."""
    from lms import content_cache

    content_cache.forget()
    yield
    content_cache.forget()


@pytest.fixture(autouse=True)
def _pages_kept_unless_queries_are_counted(request, settings):
    """Pages are kept (lms.page_cache) in every test, so a change a kept page misses fails the
    test that looks again; a test that counts a page's queries counts them drawn."""
    settings.LMS_PAGE_CACHE = request.node.get_closest_marker("pages_drawn") is None


@pytest.fixture
def wagtail_basics(transactional_db):
    """What Wagtail's migrations make (the default locale, the root page, a home page and the
    default site), made again where an earlier transactional test flushed the database: a
    transactional test that builds pages asks for this before anything that builds them."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Site.objects.filter(is_default_site=True).exists():
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        home = root.add_child(instance=Page(title="Velkommen", slug="home"))
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


@dataclass
class Programme:
    municipality: Municipality
    other_municipality: Municipality
    school: Institution
    other_school: Institution
    far_school: Institution
    team: Team
    other_team: Team
    people: dict[str, User]


@pytest.fixture
def programme(db) -> Programme:
    """Two schools in one municipality, one in another, and one person per role at `school`."""
    municipality = MunicipalityFactory(code="820", name="Vesthimmerland")
    other_municipality = MunicipalityFactory(code="766", name="Hedensted")
    school = InstitutionFactory(municipality=municipality, number="773001", name="Aars Skole")
    other_school = InstitutionFactory(municipality=municipality, number="773002", name="Løgstør")
    far_school = InstitutionFactory(municipality=other_municipality, number="615001")
    team = TeamFactory(institution=school, name="Mellemtrinnet")
    other_team = TeamFactory(institution=school, name="Udskolingen")
    people = {
        name: UserFactory(email=f"{name}@test.dk")
        for name in [
            "teacher",
            "coordinator",
            "other_teacher",
            "leader",
            "local_rp",
            "municipal_rp",
            "municipal_coordinator",
            "other_coordinator",
            "author",
            "admin",
            "nobody",
            "far_teacher",
        ]
    }
    services.team_member_add(team=team, user=people["teacher"])
    services.team_member_add(team=team, user=people["coordinator"], is_coordinator=True)
    services.team_member_add(team=other_team, user=people["other_teacher"])
    services.role_assign(user=people["leader"], role=Role.SCHOOL_LEADER, institution=school)
    services.role_assign(
        user=people["local_rp"], role=Role.LOCAL_RESOURCE_PERSON, institution=school
    )
    services.role_assign(
        user=people["municipal_rp"], role=Role.MUNICIPAL_RESOURCE_PERSON, institution=school
    )
    services.role_assign(
        user=people["municipal_coordinator"],
        role=Role.MUNICIPAL_COORDINATOR,
        municipality=municipality,
    )
    services.role_assign(
        user=people["other_coordinator"],
        role=Role.MUNICIPAL_COORDINATOR,
        municipality=other_municipality,
    )
    services.role_assign(user=people["author"], role=Role.CONTENT_AUTHOR)
    services.role_assign(user=people["admin"], role=Role.PROGRAMME_ADMIN)
    services.role_assign(user=people["far_teacher"], role=Role.TEACHER, institution=far_school)
    for person in people.values():
        person.refresh_from_db()
    return Programme(
        municipality, other_municipality, school, other_school, far_school, team, other_team, people
    )


@pytest.fixture
def client_for(client):
    """Log the test client in as a person and return it."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login
