"""Access policy: a programme administrator can erase a person: their personal data goes, their
team's work stays, attributed to "tidligere medarbejder" (former staff member)."""

from __future__ import annotations

import pytest
from assignments_fixtures import handed_in_submission
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import translation

from lms.errors import ServiceError
from lms.models import Invitation, RoleAssignment, TeamMembership, User
from lms.services import person_erase


@pytest.fixture
def submission(programme):
    return handed_in_submission(programme)


def test_an_administrator_erases_a_person_and_the_teams_work_stays(
    client_for, programme, submission
):
    teacher = programme.people["teacher"]
    Invitation.objects.create(user=teacher)
    response = client_for(programme.people["admin"]).post(
        reverse("person_erase", args=[teacher.pk])
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert (teacher.first_name, teacher.last_name, teacher.uniid) == ("", "", None)
    assert "teacher@test.dk" not in teacher.email and not teacher.is_active
    assert not teacher.has_usable_password()
    assert not RoleAssignment.objects.filter(user=teacher).exists()
    assert not TeamMembership.objects.filter(user=teacher).exists()
    assert not Invitation.objects.filter(user=teacher).exists()
    assert authenticate(email="teacher@test.dk", password="x") is None
    version = submission.versions.get()
    assert version.text == "Svar" and version.submitted_by_id == teacher.pk
    # "tidligere medarbejder" in Danish (the msgid is in the report for lms/locale).
    with translation.override("en"):
        assert str(version.submitted_by) == "former staff member"
    # The submission page shows the work, by a former staff member, to those who may read it.
    leader = client_for(programme.people["leader"])
    leader.cookies["django_language"] = "en"
    html = leader.get(reverse("assignments:submission", args=[submission.pk])).content.decode()
    assert "former staff member" in html and "Svar" in html


@pytest.mark.parametrize("person", ["leader", "municipal_coordinator", "author", "teacher"])
def test_only_administrators_erase(client_for, programme, person):
    target = programme.people["other_teacher"]
    client = client_for(programme.people[person])
    assert client.get(reverse("person_erase", args=[target.pk])).status_code == 403
    assert client.post(reverse("person_erase", args=[target.pk])).status_code == 403
    assert User.objects.get(pk=target.pk).erased_at is None
    with pytest.raises(ServiceError):
        person_erase(user=target, by=programme.people[person])


def test_an_administrator_cannot_erase_themself(client_for, programme):
    admin = programme.people["admin"]
    response = client_for(admin).post(reverse("person_erase", args=[admin.pk]))
    assert response.status_code == 400
    assert User.objects.get(pk=admin.pk).erased_at is None
