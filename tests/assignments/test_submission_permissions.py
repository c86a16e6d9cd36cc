"""Who sees and changes a team's submission. Outsiders get 404 (ids reveal nothing); people who
see the team but may not act get 403; anonymous visitors are sent to the login."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments import permissions, services
from feedback.models import ReviewTask
from lms import services as lms_services
from lms.factories import UserFactory
from lms.roles import Role

VIEWERS = ["teacher", "coordinator", "leader", "local_rp", "municipal_rp", "admin"]
OUTSIDERS = ["other_teacher", "far_teacher", "other_coordinator", "nobody", "author",
             "other_school_leader", "other_school_rp"]  # fmt: skip


@pytest.fixture
def people(programme):
    people = dict(programme.people)
    people["other_school_leader"] = UserFactory(email="leder2@test.dk")
    lms_services.role_assign(
        user=people["other_school_leader"], role=Role.SCHOOL_LEADER,
        institution=programme.other_school,
    )  # fmt: skip
    people["other_school_rp"] = UserFactory(email="rp2@test.dk")
    lms_services.role_assign(
        user=people["other_school_rp"], role=Role.MUNICIPAL_RESOURCE_PERSON,
        institution=programme.other_school,
    )  # fmt: skip
    return people


@pytest.fixture
def handed_in(programme, module_tree, enrolled):
    submission = services.submission_get_or_create(
        team=programme.team, assignment=module_tree.assignment
    )
    teacher = programme.people["teacher"]
    services.draft_save(submission=submission, text="Svar", base_revision=0, by=teacher)
    services.submission_submit(submission=submission, by=teacher)
    submission.refresh_from_db()
    return submission


def page_urls(submission):
    return [
        reverse("assignments:submission", args=[submission.pk]),
        reverse("assignments:version", args=[submission.pk, 1]),
        reverse("assignments:team_submissions", args=[submission.team_id]),
    ]


@pytest.mark.parametrize("person", VIEWERS)
def test_viewers_see_the_submission(client_for, people, handed_in, person):
    client = client_for(people[person])
    for url in page_urls(handed_in):
        assert client.get(url).status_code == 200, (person, url)


def test_the_coordinator_follows_the_status_and_reads_only_when_the_municipality_says_so(
    client_for, people, programme, handed_in
):
    """Access policy: data for development, not control."""
    client = client_for(people["municipal_coordinator"])
    status_page, *content = page_urls(handed_in)[::-1]
    html = client.get(status_page).content.decode()
    assert 'id="hand-in-policy"' in html
    assert reverse("assignments:submission", args=[handed_in.pk]) not in html
    for url in content:
        assert client.get(url).status_code == 404, url
    programme.municipality.coordinators_read_hand_ins = True
    programme.municipality.save()
    assert (
        reverse("assignments:submission", args=[handed_in.pk])
        in client.get(status_page).content.decode()
    )
    for url in content:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("person", OUTSIDERS)
def test_outsiders_get_404(client_for, people, handed_in, person):
    client = client_for(people[person])
    urls = page_urls(handed_in) + [
        reverse("assignments:edit", args=[handed_in.assignment_id, handed_in.team_id]),
        reverse("assignments:extend", args=[handed_in.assignment_id, handed_in.team_id]),
    ]
    if person != "other_teacher":  # whose own team works on the assignment too
        urls.append(reverse("assignments:assignment", args=[handed_in.assignment_id]))
    for url in urls:
        assert client.get(url).status_code == 404, (person, url)
    assert client.post(reverse("assignments:submit", args=[handed_in.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, handed_in):
    for url in page_urls(handed_in):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url, url


def test_a_reviewer_with_a_task_sees_it(client_for, people, handed_in):
    reviewer = people["nobody"]
    url = reverse("assignments:submission", args=[handed_in.pk])
    assert client_for(reviewer).get(url).status_code == 404
    ReviewTask.objects.create(
        submission=handed_in, version=handed_in.versions.get(), position=1, kind="written",
        given_by="resource_persons", assignee=reviewer, due_at=timezone.now(),
    )  # fmt: skip
    assert client_for(reviewer).get(url).status_code == 200


@pytest.mark.parametrize("person", ["leader", "local_rp", "municipal_rp", "municipal_coordinator"])
def test_people_who_see_the_team_may_not_write_for_it(client_for, people, programme, module_tree,
                                                      enrolled, person):  # fmt: skip
    url = reverse("assignments:edit", args=[module_tree.assignment.pk, programme.team.pk])
    assert client_for(people[person]).get(url).status_code == 403
    response = client_for(people[person]).post(url, {"text": "x", "revision": 0})
    assert response.status_code == 403


def test_a_team_member_cannot_write_for_the_other_team(client_for, programme, module_tree,
                                                       enrolled):  # fmt: skip
    url = reverse("assignments:edit", args=[module_tree.assignment.pk, programme.other_team.pk])
    assert client_for(programme.people["teacher"]).get(url).status_code == 404


def test_an_assignment_the_team_is_not_enrolled_in_is_not_found(client_for, programme,
                                                                 module_tree):  # fmt: skip
    url = reverse("assignments:edit", args=[module_tree.assignment.pk, programme.team.pk])
    assert client_for(programme.people["teacher"]).get(url).status_code == 404


def test_only_team_members_edit_and_only_while_editable(people, programme, handed_in):
    assert not permissions.can_edit_submission(people["teacher"], handed_in)  # handed in
    handed_in.status = "resubmission_requested"
    assert permissions.can_edit_submission(people["teacher"], handed_in)
    assert not permissions.can_edit_submission(people["leader"], handed_in)
    assert not permissions.can_edit_submission(people["admin"], handed_in)


@pytest.mark.parametrize(("person", "status"), [("leader", 200), ("admin", 200),
                                                ("teacher", 403), ("local_rp", 403)])  # fmt: skip
def test_only_leaders_extend(client_for, people, handed_in, person, status):
    url = reverse("assignments:extend", args=[handed_in.assignment_id, handed_in.team_id])
    assert client_for(people[person]).get(url).status_code == status
