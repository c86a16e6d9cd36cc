"""Who sees what: the leadership team writes; the municipality reads, answers and approves; the
school's staff read the adopted plan; nobody else. Tested as refusals as well as successes."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from plan_helpers import approve, write_plan
from plan_world import import_round

from lms import services as lms_services
from lms.factories import UserFactory
from lms.roles import Role
from plans import services
from plans.models import PlanReviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(programme, course, t1):
    return write_plan(school=programme.school, baseline_round=t1, leader=programme.people["leader"])


@pytest.fixture
def other_leader(programme):
    person = UserFactory(email="other_leader@test.dk")
    lms_services.role_assign(
        user=person, role=Role.SCHOOL_LEADER, institution=programme.other_school
    )
    return person


def status(client, url) -> int:
    return client.get(url).status_code


def test_outsiders_are_refused_the_school_plans_and_the_plan(
    programme, plan, other_leader, client_for
):
    school_url = reverse("plans:school", args=[programme.school.number])
    pages = [
        school_url,
        reverse("plans:plan", args=[programme.school.number, plan.pk]),
        reverse("plans:print", args=[programme.school.number, plan.pk]),
        reverse("plans:pdf", args=[programme.school.number, plan.pk]),
        reverse("plans:leadership_team", args=[programme.school.number]),
    ]
    outsiders = {
        "leader of another school": other_leader,
        "teacher before adoption": programme.people["teacher"],
        "another municipality's coordinator": programme.people["other_coordinator"],
        "teacher of another municipality": programme.people["far_teacher"],
        "content author": programme.people["author"],
        "nobody": programme.people["nobody"],
    }
    for who, person in outsiders.items():
        client = client_for(person)
        for url in pages:
            assert status(client, url) == 403, (who, url)
    for who in ["leader", "municipal_coordinator", "admin"]:
        assert status(client_for(programme.people[who]), pages[1]) == 200, who
    client_for(programme.people["leader"]).logout()
    anonymous = client_for(programme.people["leader"])
    anonymous.logout()
    assert anonymous.get(school_url).status_code == 302  # to the login page


def test_writing_is_the_leadership_teams(programme, plan, client_for):
    url = reverse("plans:milestone_add", args=[programme.school.number, plan.pk])
    data = {"milestone-due_on": "2025-01-31", "milestone-text": "Halvvejs"}
    for name in ["municipal_coordinator", "local_rp", "municipal_rp", "admin"]:
        assert client_for(programme.people[name]).post(url, data).status_code == 403, name
    assert not plan.milestones.exists()
    # The school adds its local resource person to the leadership team: now they write too.
    lms_services.leadership_team_member_add(
        institution=programme.school, user=programme.people["local_rp"]
    )
    assert client_for(programme.people["local_rp"]).post(url, data).status_code == 302
    assert plan.milestones.count() == 1


def test_answering_is_the_municipalitys(programme, plan, client_for):
    services.plan_submit(plan=plan, by=programme.people["leader"])
    url = reverse("plans:answer", args=[programme.school.number, plan.pk])
    data = {"answer-kind": "approval"}
    for name in ["leader", "other_coordinator", "municipal_rp", "teacher"]:
        assert client_for(programme.people[name]).post(url, data).status_code == 403, name
    # Whom the municipality names answers as its coordinators do.
    named = UserFactory(email="named@test.dk")
    PlanReviewer.objects.create(municipality=programme.municipality, user=named)
    assert client_for(named).post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"


def test_staff_read_the_adopted_plan_only(programme, plan, client_for, tmp_path):
    teacher = client_for(programme.people["teacher"])
    school_url = reverse("plans:school", args=[programme.school.number])
    assert teacher.get(school_url).status_code == 403
    approve(
        plan, leader=programme.people["leader"], reviewer=programme.people["municipal_coordinator"]
    )
    response = teacher.get(school_url)
    assert response.status_code == 200
    assert [s.plan for s in response.context["plans"]] == [plan]
    page = teacher.get(reverse("plans:plan", args=[programme.school.number, plan.pk]))
    assert page.status_code == 200
    assert not page.context["sees_all"] and "answer_form" not in page.context
    # A version, and the dialogue behind it, stay with the leadership and the municipality.
    version_url = reverse("plans:version", args=[programme.school.number, plan.pk, 1])
    assert teacher.get(version_url).status_code == 403
    # A new draft is not shown to the staff.
    draft = services.plan_start(
        institution=programme.school,
        baseline_round=import_round(tmp_path, "T2", date(2025, 9, 15), []),
        target_round_label="T4",
        by=programme.people["leader"],
    )
    assert (
        teacher.get(reverse("plans:plan", args=[programme.school.number, draft.pk])).status_code
        == 403
    )
    assert [s.plan for s in teacher.get(school_url).context["plans"]] == [plan]


def test_a_plan_id_of_another_school_is_not_found(programme, plan, other_leader, client_for):
    url = reverse("plans:plan", args=[programme.other_school.number, plan.pk])
    assert client_for(other_leader).get(url).status_code == 404


def test_my_overview_links_to_the_plans_for_those_who_may_see_them(programme, plan, client_for):
    school_url = reverse("plans:school", args=[programme.school.number])
    municipal_url = reverse("plans:municipality", args=[programme.municipality.code])

    def links(name):
        return client_for(programme.people[name]).get(reverse("home")).content.decode()

    assert school_url in links("leader")
    assert reverse("plans:leadership_team", args=[programme.school.number]) in links("leader")
    assert municipal_url in links("municipal_coordinator")
    assert school_url not in links("teacher")  # nothing adopted yet
    assert municipal_url not in links("other_coordinator")
    approve(
        plan, leader=programme.people["leader"], reviewer=programme.people["municipal_coordinator"]
    )
    assert school_url in links("teacher")
