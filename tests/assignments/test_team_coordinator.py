"""Team coordinators lead the team's hand-in: they hand in and ask the leadership for more time;
a team without a coordinator lets any member do it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from assignments import services
from assignments.models import ExtensionRequest, Status
from lms import services as lms_services
from lms.models import TeamMembership


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English source strings, whatever the Danish catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def submission(programme, module_tree, enrolled):
    sub = services.submission_get_or_create(team=programme.team, assignment=module_tree.assignment)
    services.draft_save(
        submission=sub, text="Svar", base_revision=0, by=programme.people["teacher"]
    )
    sub.refresh_from_db()
    return sub


def request_url(sub):
    return reverse("assignments:extension_request", args=[sub.assignment_id, sub.team_id])


def extend_url(sub):
    return reverse("assignments:extend", args=[sub.assignment_id, sub.team_id])


def test_only_the_coordinator_is_offered_the_hand_in(client_for, programme, submission):
    page = reverse("assignments:submission", args=[submission.pk])
    teacher_html = client_for(programme.people["teacher"]).get(page).content.decode()
    assert "Hand in this draft" not in teacher_html
    assert f"The team coordinator, {programme.people['coordinator']}, hands in" in teacher_html
    assert (
        "Hand in this draft"
        in client_for(programme.people["coordinator"]).get(page).content.decode()
    )


def test_a_member_who_presses_hand_in_keeps_the_draft_and_is_told_who_hands_in(
    client_for, programme, submission
):
    client = client_for(programme.people["teacher"])
    edit = reverse("assignments:edit", args=[submission.assignment_id, submission.team_id])
    response = client.post(
        edit, {"text": "Nyt svar", "revision": 1, "action": "submit"}, follow=True
    )
    assert "The draft is saved. The team coordinator hands in" in response.content.decode()
    submission.refresh_from_db()
    assert (submission.text, submission.status) == ("Nyt svar", Status.IN_PROGRESS)


def test_a_team_without_a_coordinator_hands_in_through_any_member(
    client_for, programme, submission
):
    TeamMembership.objects.filter(team=programme.team).update(is_coordinator=False)
    url = reverse("assignments:submit", args=[submission.pk])
    assert client_for(programme.people["teacher"]).post(url, {"revision": 1}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED


def test_the_coordinator_asks_for_more_time_and_the_leader_grants_it(
    client_for, programme, submission, django_capture_on_commit_callbacks
):
    until = timezone.localdate() + timedelta(days=60)
    client = client_for(programme.people["coordinator"])
    assert client.get(request_url(submission)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            request_url(submission), {"until": until.isoformat(), "reason": "Lejrskole i uge 40"}
        )
    assert response.url == reverse("assignments:submission", args=[submission.pk])
    request = ExtensionRequest.objects.get()
    assert (request.state, request.until, request.requested_by) == (
        "open", until, programme.people["coordinator"],
    )  # fmt: skip
    assert [m.to[0] for m in mail.outbox] == ["leader@test.dk"]
    assert "Lejrskole i uge 40" in mail.outbox[0].body
    assert extend_url(submission) in mail.outbox[0].body

    leader = client_for(programme.people["leader"])
    page = leader.get(extend_url(submission))
    assert "Lejrskole i uge 40" in page.content.decode()
    assert page.context["form"]["extended_until"].value() == until  # filled in from the request
    leader.post(extend_url(submission), {"extended_until": until.isoformat(), "note": ""})
    request.refresh_from_db()
    submission.refresh_from_db()
    assert request.state == ExtensionRequest.State.GRANTED
    assert request.decided_by == programme.people["leader"]
    assert submission.extended_until == until


def test_the_leader_declines_a_request(client_for, programme, submission):
    services.extension_request(
        team=programme.team, assignment=submission.assignment,
        until=timezone.localdate() + timedelta(days=30), reason="Travlt",
        by=programme.people["coordinator"],
    )  # fmt: skip
    client_for(programme.people["leader"]).post(extend_url(submission), {"action": "decline"})
    request = ExtensionRequest.objects.get()
    assert request.state == ExtensionRequest.State.DECLINED
    submission.refresh_from_db()
    assert submission.extended_until is None


def test_bad_requests_are_refused_with_specific_messages(client_for, programme, submission):
    client = client_for(programme.people["coordinator"])
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(request_url(submission), {"until": yesterday.isoformat(), "reason": " "})
    form = response.context["form"]
    assert form.errors["reason"] == ["This field is required."]
    response = client.post(request_url(submission), {"until": yesterday.isoformat(), "reason": "x"})
    assert response.context["form"].errors["until"] == ["The new deadline cannot be in the past."]
    assert response.context["form"]["reason"].value() == "x"  # nothing typed is lost
    later = (timezone.localdate() + timedelta(days=90)).isoformat()
    client.post(request_url(submission), {"until": later, "reason": "Første"})
    response = client.post(request_url(submission), {"until": later, "reason": "Anden"})
    assert response.context["form"].non_field_errors() == [
        "The team has already asked for more time on this assignment; the leadership has not "
        "answered yet."
    ]
    assert ExtensionRequest.objects.count() == 1


@pytest.mark.parametrize("who", ["teacher", "other_teacher", "leader", "municipal_rp"])
def test_only_the_coordinator_asks_for_more_time(client_for, programme, submission, who):
    response = client_for(programme.people[who]).post(
        request_url(submission), {"until": "2099-01-01", "reason": "x"}
    )
    assert response.status_code in (403, 404)
    assert not ExtensionRequest.objects.exists()


def test_a_leader_of_another_school_cannot_answer(client_for, programme, submission):
    from lms.factories import UserFactory
    from lms.roles import Role

    other = UserFactory(email="leader2@test.dk")
    lms_services.role_assign(
        user=other, role=Role.SCHOOL_LEADER, institution=programme.other_school
    )
    response = client_for(other).post(extend_url(submission), {"action": "decline"})
    assert response.status_code == 404
