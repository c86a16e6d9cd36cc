"""Both feedback traditions end to end, through the services and the pages, with the e-mails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assignments.models import Status
from feedback.models import Meeting, MeetingSlot, ReviewTask, WrittenFeedback
from feedback.services import (
    meeting_confirm,
    meeting_propose,
    meeting_record,
)


def started(meeting) -> None:
    """Time passes: the chosen time of the meeting began an hour ago."""
    now = timezone.now()
    chosen = Meeting.objects.get(pk=meeting.pk).chosen_slot_id
    MeetingSlot.objects.filter(pk=chosen).update(starts_at=now - timedelta(hours=1), ends_at=now)


def recipients(outbox):
    return sorted(addr for m in outbox for addr in m.to)


def test_vesthimmerland_rp_writes_then_meets_the_team_with_the_leadership(
    programme, tree, handed_in, client, django_capture_on_commit_callbacks
):
    submission, version = handed_in
    people = programme.people
    rp, teacher, leader = people["municipal_rp"], people["teacher"], people["leader"]
    task = ReviewTask.objects.get()
    assert (task.assignee, task.kind, task.given_by, task.version) == (
        rp, "written", "resource_persons", version)  # fmt: skip
    assert submission.status == Status.SUBMITTED
    # The reviewer is told, and the team gets a receipt.
    assert recipients(mail.outbox) == sorted(
        ["municipal_rp@test.dk", "teacher@test.dk", "coordinator@test.dk"]
    )
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Mellemtrinnet" in subjects["municipal_rp@test.dk"]
    mail.outbox.clear()

    # The RP writes a draft: the team sees nothing of it.
    client.force_login(rp)
    url = reverse("feedback:task_written", args=[task.pk])
    response = client.post(url, {"text": "Godt **arbejde** med exit tickets.", "action": "save"})
    assert response.status_code == 302
    client.force_login(teacher)
    page = client.get(reverse("assignments:submission", args=[submission.pk])).content.decode()
    assert "exit tickets" not in page
    assert mail.outbox == []

    # Release: the team is told and reads it; the oral step goes to the RP.
    client.force_login(rp)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"text": "Godt **arbejde** med exit tickets.", "action": "release"})
    submission.refresh_from_db()
    assert submission.status == Status.WRITTEN_FEEDBACK_GIVEN
    oral = ReviewTask.objects.get(position=2)
    assert (oral.kind, oral.given_by, oral.assignee, oral.state) == ("oral", "both", rp, "open")
    assert recipients(mail.outbox) == sorted(
        ["teacher@test.dk", "coordinator@test.dk", "municipal_rp@test.dk"]
    )
    client.force_login(teacher)
    page = client.get(reverse("assignments:submission", args=[submission.pk])).content.decode()
    assert "<strong>arbejde</strong>" in page
    mail.outbox.clear()

    # The RP proposes two times; the team is asked to choose.
    client.force_login(rp)
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("feedback:task_meeting_propose", args=[oral.pk]), {
            "place": "Mødelokale 2", "video_url": "",
            "slot1_date": day, "slot1_start": "14:00", "slot1_end": "15:00",
            "slot2_date": day, "slot2_start": "15:00", "slot2_end": "16:00",
        })  # fmt: skip
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.slots.count() == 2
    # The team coordinator picks the time, so the proposal goes to them.
    assert recipients(mail.outbox) == ["coordinator@test.dk"]
    mail.outbox.clear()

    # The team coordinator picks the first time: everyone, the leadership too, gets the
    # invitation.
    client.force_login(programme.people["coordinator"])
    first = meeting.slots.order_by("starts_at").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("feedback:meeting_pick", args=[meeting.pk]),
                               {"slot": first.pk})  # fmt: skip
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.MEETING_SCHEDULED
    assert recipients(mail.outbox) == sorted(
        ["teacher@test.dk", "coordinator@test.dk", "municipal_rp@test.dk", "leader@test.dk"]
    )
    message = mail.outbox[0]
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    assert str(calendar["method"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == first.starts_at
    assert str(event["dtstart"].dt.tzinfo) == "Europe/Copenhagen"
    assert event.decoded("dtstart").hour == 14
    attendees = sorted(str(a) for a in event.get("attendee"))
    assert attendees == sorted(
        f"mailto:{p.email}" for p in [teacher, people["coordinator"], rp, leader]
    )
    mail.outbox.clear()

    # Before the meeting has started its notes cannot be recorded.
    client.force_login(rp)
    notes = {"notes": "Vi talte om *exit tickets*.", "next_steps": "Prøv igen."}
    url = reverse("feedback:task_meeting_record", args=[oral.pk])
    assert client.get(reverse("feedback:task", args=[oral.pk])).context["meeting_waits"]
    response = client.post(url, notes)
    assert response.status_code == 400
    assert Meeting.objects.get().recorded_at is None
    started(Meeting.objects.get())

    # The RP records the meeting; the submission is completed and the team reads the notes.
    response = client.post(url, notes)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.COMPLETED
    assert ReviewTask.objects.filter(state="open").count() == 0
    client.force_login(teacher)
    page = client.get(reverse("assignments:submission", args=[submission.pk])).content.decode()
    assert "<em>exit tickets</em>" in page and "Prøv igen." in page


def test_hedensted_leadership_gives_written_and_oral_feedback(
    programme, tree, routes, hedensted, hand_in, client, django_capture_on_commit_callbacks
):
    from lms.factories import UserFactory
    from lms.roles import Role
    from lms.services import role_assign

    leader, team = hedensted["leader"], hedensted["team"]
    teacher = programme.people["far_teacher"]
    with django_capture_on_commit_callbacks(execute=True):
        submission, version = hand_in(team=team, assignment=tree.assignment, by=teacher)
    task = ReviewTask.objects.get()
    assert (task.assignee, task.given_by) == (leader, "leadership")
    assert recipients(mail.outbox) == sorted([leader.email, teacher.email])
    mail.outbox.clear()

    # A second leader of the school may write on a leadership step; the team reads it after.
    deputy = UserFactory(email="viceleder@test.dk")
    role_assign(user=deputy, role=Role.SCHOOL_LEADER, institution=programme.far_school)
    client.force_login(deputy)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("feedback:task_written", args=[task.pk]),
                               {"text": "Fint *arbejde*.", "action": "release"})  # fmt: skip
    assert response.status_code == 302
    feedback = WrittenFeedback.objects.get()
    assert feedback.is_released and feedback.author == deputy
    client.force_login(teacher)
    page = client.get(reverse("assignments:submission", args=[submission.pk])).content.decode()
    assert "Fint <em>arbejde</em>." in page
    oral = ReviewTask.objects.get(position=2)
    reviewer = oral.assignee  # the less loaded of the two leaders (a tie, broken by name)
    assert reviewer in (leader, deputy) and oral.given_by == "leadership"
    assert recipients(mail.outbox) == sorted([teacher.email, reviewer.email])
    mail.outbox.clear()

    start = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_propose(task=oral, slots=[(start, start + timedelta(hours=1))],
                                  place="", video_url="https://meet.example/x", by=reviewer)  # fmt: skip
        meeting_confirm(meeting=meeting, slot=meeting.slots.get(), by=teacher)
    invitations = [m for m in mail.outbox if m.attachments]
    assert recipients(invitations) == sorted([teacher.email, reviewer.email])
    event = Calendar.from_ical(invitations[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(event["url"]) == "https://meet.example/x"
    started(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_record(meeting=meeting, notes="Noter", next_steps="", by=leader)  # any leader
    submission.refresh_from_db()
    assert submission.status == Status.COMPLETED
    assert list(submission.status_changes.values_list("to_status", flat=True)) == [
        "in_progress", "submitted", "written_feedback_given", "meeting_scheduled", "completed",
    ]  # fmt: skip


@pytest.mark.parametrize("extra", [0, 1])
def test_ics_uid_is_stable_and_sequence_grows_when_the_time_changes(
    programme, handed_in, extra, django_capture_on_commit_callbacks
):
    from feedback.ics import meeting_invitation, meeting_uid
    from feedback.selectors import meeting_participants

    rp = programme.people["municipal_rp"]
    task = ReviewTask.objects.get()
    task.kind = "oral"
    task.save()
    start = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    slots = [(start + timedelta(hours=h), start + timedelta(hours=h + 1)) for h in range(2)]
    meeting = meeting_propose(task=task, slots=slots, place="Lokale 1", video_url="", by=rp)
    a, b = list(meeting.slots.order_by("starts_at"))
    meeting = meeting_confirm(meeting=meeting, slot=a, by=programme.people["teacher"])
    if extra:
        meeting = meeting_confirm(meeting=meeting, slot=b, by=programme.people["teacher"])
    event = Calendar.from_ical(
        meeting_invitation(meeting=meeting, attendees=meeting_participants(meeting))
    ).walk("VEVENT")[0]
    assert str(event["uid"]) == meeting_uid(meeting)
    assert int(event["sequence"]) == extra
    assert event.decoded("dtend") == (b if extra else a).ends_at
    assert str(event["location"]) == "Lokale 1"
    assert "mailto:municipal_rp@test.dk" in str(event["organizer"])
