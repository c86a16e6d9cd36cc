"""Removing a role on the municipality's people page hands the person's open feedback work on,
and the removal is recorded."""

import pytest
from django.urls import reverse

from feedback.models import ReviewTask, ReviewTaskEvent
from lms.models import RoleAssignment, RoleEvent
from lms.roles import Role


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def people_url(programme):
    return reverse("municipality_people", args=[programme.municipality.code])


def test_removing_a_role_hands_on_the_open_work_and_is_recorded(
    programme, client_for, tree, enrolled, routes, hand_in
):
    hand_in(team=programme.team, assignment=tree.assignment, by=programme.people["coordinator"])
    task = ReviewTask.objects.get()
    rp = programme.people["municipal_rp"]
    assert task.assignee == rp
    role = RoleAssignment.objects.get(user=rp, role=Role.MUNICIPAL_RESOURCE_PERSON)
    coordinator = programme.people["municipal_coordinator"]
    response = client_for(coordinator).post(reverse("role_remove", args=["820", role.pk]))
    assert response.url == people_url(programme)
    task.refresh_from_db()
    assert task.assignee == programme.people["leader"]  # no other resource person: leadership
    assert ReviewTaskEvent.objects.filter(task=task, reason="reallocated").exists()
    event = RoleEvent.objects.get(person=rp, action="role_removed")
    assert (event.role, event.by, event.source, event.institution) == (
        Role.MUNICIPAL_RESOURCE_PERSON, coordinator, "web", programme.school,
    )  # fmt: skip
    page = client_for(coordinator).get(people_url(programme)).content.decode()
    assert "role removed" in page
