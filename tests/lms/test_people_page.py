"""A municipality's people page: a coordinator removes roles and deactivates people of their
own municipality only; open feedback work moves on, and the change is recorded."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lms import services
from lms.factories import UserFactory
from lms.models import RoleAssignment, RoleEvent, User
from lms.roles import Role

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def people_url(programme):
    return reverse("municipality_people", args=[programme.municipality.code])


@pytest.mark.parametrize("who", ["other_coordinator", "leader", "teacher", "municipal_rp"])
def test_only_the_municipalitys_coordinator_and_admins_see_its_people(programme, client_for, who):
    client = client_for(programme.people[who])
    assert client.get(people_url(programme)).status_code in (403, 404)
    role = RoleAssignment.objects.get(user=programme.people["local_rp"])
    response = client.post(reverse("role_remove", args=["820", role.pk]))
    assert response.status_code in (403, 404)
    assert RoleAssignment.objects.filter(pk=role.pk).exists()


def test_the_coordinator_sees_the_people_and_their_roles(programme, client_for):
    response = client_for(programme.people["municipal_coordinator"]).get(people_url(programme))
    people = set(response.context["page"].object_list)
    assert programme.people["leader"] in people
    assert programme.people["far_teacher"] not in people  # Hedensted's
    found = client_for(programme.people["municipal_coordinator"]).get(
        people_url(programme), {"q": "local_rp"}
    )
    assert list(found.context["page"].object_list) == [programme.people["local_rp"]]


def test_deactivating_someone_who_has_left(programme, client_for):
    coordinator = programme.people["municipal_coordinator"]
    teacher = programme.people["teacher"]
    client = client_for(coordinator)
    client.post(reverse("person_set_active", args=["820", teacher.pk]), {"action": "deactivate"})
    assert not User.objects.get(pk=teacher.pk).is_active
    assert RoleEvent.objects.filter(
        person=teacher, action="deactivated", municipality__code="820"
    ).exists()
    client.post(reverse("person_set_active", args=["820", teacher.pk]), {"action": "reactivate"})
    assert User.objects.get(pk=teacher.pk).is_active
    # Not oneself, and not someone of another municipality.
    client.post(
        reverse("person_set_active", args=["820", coordinator.pk]), {"action": "deactivate"}
    )
    assert User.objects.get(pk=coordinator.pk).is_active
    far = programme.people["far_teacher"]
    response = client.post(reverse("person_set_active", args=["820", far.pk]))
    assert response.status_code == 404
    assert User.objects.get(pk=far.pk).is_active


def test_someone_working_in_two_municipalities_is_not_deactivated_by_one(programme, client_for):
    both = UserFactory(email="both@test.dk")
    services.role_assign(user=both, role=Role.TEACHER, institution=programme.school)
    services.role_assign(user=both, role=Role.TEACHER, institution=programme.far_school)
    client = client_for(programme.people["municipal_coordinator"])
    response = client.post(
        reverse("person_set_active", args=["820", both.pk]), {"action": "deactivate"}, follow=True
    )
    assert User.objects.get(pk=both.pk).is_active
    assert "also works outside Vesthimmerland" in response.content.decode()


def test_the_people_page_costs_the_same_queries_however_many_people(programme, client_for):
    client = client_for(programme.people["municipal_coordinator"])
    client.get(people_url(programme))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(people_url(programme))
        return len(queries)

    before = count()
    for n in range(10):
        person = UserFactory(email=f"extra{n}@test.dk")
        services.role_assign(user=person, role=Role.TEACHER, institution=programme.school)
        services.role_assign(
            user=person, role=Role.LOCAL_RESOURCE_PERSON, institution=programme.school
        )
    assert count() == before
