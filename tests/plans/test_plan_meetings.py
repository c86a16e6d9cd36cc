"""The dialogue meeting between the municipality and the school's leadership about the plan,
on feedback's meeting machinery: proposed times, the leadership's pick, an iCalendar invitation
by e-mail, the notes and next steps."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from plan_helpers import write_plan

from feedback.api import Meeting
from plans import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(programme, course, t1):
    plan = write_plan(school=programme.school, baseline_round=t1, leader=programme.people["leader"])
    services.plan_submit(plan=plan, by=programme.people["leader"])
    return plan


def url(plan, name, *args):
    return reverse(f"plans:{name}", args=[plan.institution.number, plan.pk, *args])


PROPOSAL = {
    "meeting-place": "Rådhuset, mødelokale 3",
    "meeting-slot1_date": "2024-12-03",
    "meeting-slot1_start": "13:00",
    "meeting-slot1_end": "14:00",
    "meeting-slot2_date": "2024-12-05",
    "meeting-slot2_start": "09:00",
    "meeting-slot2_end": "10:00",
}


def test_the_municipality_holds_a_dialogue_meeting_with_the_leadership(
    programme, submitted, client_for, django_capture_on_commit_callbacks
):
    plan = submitted
    assert client_for(programme.people["leader"]).post(
        url(plan, "meeting_propose"), PROPOSAL
    ).status_code == 403  # fmt: skip
    coordinator = client_for(programme.people["municipal_coordinator"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator.post(url(plan, "meeting_propose"), PROPOSAL).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.task is None and meeting.organizer == programme.people["municipal_coordinator"]
    assert "Aars Skole" in meeting.subject and meeting.slots.count() == 2
    assert [m.to for m in mail.outbox] == [["leader@test.dk"]]
    dialogue = plan.meetings.get()
    slot = meeting.slots.order_by("starts_at").first()
    # The municipality does not pick for the leadership; the leadership does.
    pick = url(plan, "meeting_pick", dialogue.pk)
    assert coordinator.post(pick, {"pick-slot": slot.pk}).status_code == 403
    leader = client_for(programme.people["leader"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert leader.post(pick, {"pick-slot": slot.pk}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.chosen_slot == slot
    assert sorted(m.to[0] for m in mail.outbox) == [
        "leader@test.dk",
        "municipal_coordinator@test.dk",
    ]
    name, invitation, mimetype = mail.outbox[0].attachments[0]
    invitation = invitation if isinstance(invitation, str) else invitation.decode()
    assert mimetype.startswith("text/calendar") and "BEGIN:VEVENT" in invitation
    assert "Aars Skole" in invitation
    assert leader.get(url(plan, "meeting_ics", dialogue.pk)).status_code == 200
    assert client_for(programme.people["teacher"]).get(
        url(plan, "meeting_ics", dialogue.pk)
    ).status_code == 403  # fmt: skip
    # After the meeting: the notes and next steps, which the leadership reads.
    record = url(plan, "meeting_record", dialogue.pk)
    data = {
        "record-notes": "Vi drøftede drengenes trivsel.",
        "record-next_steps": "Ny måling i marts.",
    }
    assert client_for(programme.people["leader"]).post(record, data).status_code == 403
    assert (
        client_for(programme.people["municipal_coordinator"]).post(record, data).status_code == 302
    )
    page = client_for(programme.people["leader"]).get(url(plan, "plan"))
    text = page.content.decode()
    assert "Vi drøftede drengenes trivsel." in text and "Ny måling i marts." in text


def test_a_proposal_without_times_is_refused_and_keeps_the_place(programme, submitted, client_for):
    coordinator = client_for(programme.people["municipal_coordinator"])
    response = coordinator.post(
        url(submitted, "meeting_propose"), {"meeting-place": "Rådhuset, mødelokale 3"}
    )
    assert response.status_code == 400
    assert response.context["meeting_form"].errors
    assert "Rådhuset, mødelokale 3" in response.content.decode()
    assert not Meeting.objects.exists()


def test_no_meeting_before_the_plan_is_handed_in(programme, course, t1, client_for):
    plan = write_plan(school=programme.school, baseline_round=t1, leader=programme.people["leader"])
    response = client_for(programme.people["municipal_coordinator"]).post(
        url(plan, "meeting_propose"), PROPOSAL
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()
