"""Who gets a hand-in: the least-loaded reviewer, fallbacks that are recorded, reassignment."""

import pytest

from feedback.models import ReviewTask, ReviewTaskEvent
from feedback.services import review_task_reassign
from lms import services as lms_services
from lms.errors import ServiceError
from lms.factories import UserFactory
from lms.models import RoleAssignment
from lms.roles import Role


def add_rp(programme, email, first_name="", school=None):
    person = UserFactory(email=email, first_name=first_name, last_name="")
    lms_services.role_assign(user=person, role=Role.MUNICIPAL_RESOURCE_PERSON,
                             institution=school or programme.school)  # fmt: skip
    return person


def test_the_resource_person_with_fewest_open_tasks_gets_the_hand_in(
    programme, tree, enrolled, routes, hand_in
):
    first_rp = programme.people["municipal_rp"]
    second = add_rp(programme, "rp2@test.dk", first_name="Åse")
    hand_in(team=programme.team, assignment=tree.assignment, by=programme.people["teacher"])
    task_one = ReviewTask.objects.get()
    # A tie (no open tasks): broken by name, the same way every time.
    expected = min([first_rp, second], key=lambda p: (p.last_name, p.first_name, p.email, p.pk))
    assert task_one.assignee == expected
    hand_in(team=programme.other_team, assignment=tree.assignment,
            by=programme.people["other_teacher"])  # fmt: skip
    task_two = ReviewTask.objects.exclude(pk=task_one.pk).get()
    assert task_two.assignee != task_one.assignee  # the less loaded one
    assert ReviewTaskEvent.objects.get(task=task_two).reason == "least_loaded_resource_person"


@pytest.fixture
def other_school_team(programme, tree):
    from lms.factories import TeamFactory

    team = TeamFactory(institution=programme.other_school, name="Løgstør team")
    lms_services.team_member_add(team=team, user=programme.people["nobody"])
    return team


def test_without_a_resource_person_the_leadership_gets_it_and_the_reason_is_kept(
    programme, tree, routes, hand_in, other_school_team
):
    leader = UserFactory(email="leder2@test.dk")
    lms_services.role_assign(user=leader, role=Role.SCHOOL_LEADER,
                             institution=programme.other_school)  # fmt: skip
    hand_in(team=other_school_team, assignment=tree.assignment, by=programme.people["nobody"])
    task = ReviewTask.objects.get()
    assert task.assignee == leader and task.given_by == "resource_persons"
    assert task.events.get().reason == "no_resource_person_leader"


def test_without_leader_or_resource_person_the_coordinator_holds_it(
    programme, tree, routes, hand_in, other_school_team
):
    hand_in(team=other_school_team, assignment=tree.assignment, by=programme.people["nobody"])
    task = ReviewTask.objects.get()
    assert task.assignee == programme.people["municipal_coordinator"]
    assert task.events.get().reason == "no_leader_coordinator"


def test_revoking_the_reviewers_role_hands_open_tasks_to_the_next_in_line(programme, handed_in):
    rp = programme.people["municipal_rp"]
    second = add_rp(programme, "rp2@test.dk")
    task = ReviewTask.objects.get()
    assert task.assignee == rp
    lms_services.role_revoke(
        assignment=RoleAssignment.objects.get(user=rp, role=Role.MUNICIPAL_RESOURCE_PERSON)
    )
    task.refresh_from_db()
    assert task.assignee == second
    event = task.events.last()
    assert (event.reason, event.previous_assignee) == ("reallocated", rp)


def test_a_deactivated_reviewer_loses_open_tasks_to_the_leadership(programme, handed_in):
    rp = programme.people["municipal_rp"]
    rp.is_active = False
    rp.save()
    task = ReviewTask.objects.get()
    assert task.assignee == programme.people["leader"]


def test_coordinators_and_leaders_reassign_others_may_not(programme, handed_in, client):
    from django.urls import reverse

    task = ReviewTask.objects.get()
    second = add_rp(programme, "rp2@test.dk")
    url = reverse("feedback:task_reassign", args=[task.pk])
    for name in ["teacher", "municipal_rp", "other_coordinator", "local_rp"]:
        client.force_login(programme.people[name])
        assert client.post(url, {"to_user": second.pk}).status_code in (403, 404), name
    task.refresh_from_db()
    assert task.assignee == programme.people["municipal_rp"]
    client.force_login(programme.people["municipal_coordinator"])
    assert client.post(url, {"to_user": second.pk}).status_code == 302
    task.refresh_from_db()
    assert task.assignee == second
    assert task.events.last().by == programme.people["municipal_coordinator"]
    client.force_login(programme.people["leader"])
    response = client.post(url, {"to_user": programme.people["teacher"].pk})
    assert response.status_code == 400  # a teacher cannot hold a feedback task
    assert "to_user" in response.context["reassign_form"].errors


def test_reassigning_to_someone_from_another_school_is_refused(programme, handed_in):
    task = ReviewTask.objects.get()
    far_rp = add_rp(programme, "far@test.dk", school=programme.far_school)
    with pytest.raises(ServiceError):
        review_task_reassign(task=task, to_user=far_rp, by=programme.people["leader"])
