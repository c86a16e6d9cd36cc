"""Written feedback: drafts stay hidden, approval before release, replies, XSS, comment bank."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from feedback.models import CommentBankEntry, FeedbackMessage, ReviewTask, WrittenFeedback
from feedback.services import (
    feedback_message_post,
    route_set,
    written_feedback_approve,
    written_feedback_release,
    written_feedback_save,
)
from lms.errors import ServiceError

# A short subset of tests/lms/test_markup.py's XSS_PAYLOADS.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
]


def assert_harmless(html):
    """No script, no event handler inside a tag, no javascript:/data: link or frame."""
    lowered = html.lower()
    for tag in ["<script", "<img", "<svg", "<iframe"]:
        assert tag not in lowered, tag
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered)
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|data):""", lowered)


def panel_html(client, user, submission):
    client.force_login(user)
    return client.get(reverse("assignments:submission", args=[submission.pk])).content.decode()


@pytest.fixture
def reviewed_first(programme, handed_in):
    route_set(municipality=programme.municipality, review_before_release=True,
              steps=[("written", "resource_persons"), ("oral", "both")])  # fmt: skip
    return handed_in


def test_feedback_waits_for_a_leader_on_routes_with_review_before_release(
    programme, reviewed_first, client, django_capture_on_commit_callbacks
):
    submission, _version = reviewed_first
    rp, leader, teacher = (programme.people[n] for n in ["municipal_rp", "leader", "teacher"])
    task = ReviewTask.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        feedback = written_feedback_save(task=task, text="Hemmelig kladde", by=rp)
        feedback = written_feedback_release(feedback=feedback, by=rp)
    assert feedback.is_awaiting_approval and not feedback.is_released
    assert [m.to for m in mail.outbox] == [["leader@test.dk"]]
    assert "Hemmelig kladde" not in panel_html(client, teacher, submission)
    submission.refresh_from_db()
    assert submission.status == "submitted"
    # The leader's list, and only the leader approves.
    client.force_login(leader)
    assert list(client.get(reverse("overviews:queue")).context["approvals"]) == [feedback]
    for name in ["municipal_rp", "teacher", "municipal_coordinator"]:
        client.force_login(programme.people[name])
        url = reverse("feedback:approve", args=[feedback.pk])
        assert client.post(url).status_code == 403, name
    client.force_login(leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("feedback:approve", args=[feedback.pk])).status_code == 302
    feedback.refresh_from_db()
    assert feedback.is_released and feedback.approved_by == leader
    assert "Hemmelig kladde" in panel_html(client, teacher, submission)
    assert {"teacher@test.dk", "coordinator@test.dk"} <= {m.to[0] for m in mail.outbox}


def test_a_draft_is_never_shown_to_the_team(programme, handed_in, client):
    submission, _version = handed_in
    task = ReviewTask.objects.get()
    written_feedback_save(
        task=task, text="Udkast der ikke må ses", by=programme.people["municipal_rp"]
    )
    for name in ["teacher", "coordinator", "local_rp"]:
        assert "Udkast der ikke" not in panel_html(client, programme.people[name], submission)
    client.force_login(programme.people["teacher"])
    assert client.get(reverse("feedback:task", args=[task.pk])).status_code == 404


def test_approving_twice_or_approving_a_draft_is_refused(programme, handed_in):
    task = ReviewTask.objects.get()
    feedback = written_feedback_save(task=task, text="x", by=programme.people["municipal_rp"])
    with pytest.raises(ServiceError):
        written_feedback_approve(feedback=feedback, by=programme.people["leader"])


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_feedback_and_replies_are_rendered_harmless(programme, handed_in, client, payload):
    submission, _version = handed_in
    rp, teacher = programme.people["municipal_rp"], programme.people["teacher"]
    task = ReviewTask.objects.get()
    feedback = written_feedback_save(task=task, text=f"Feedback {payload}", by=rp)
    written_feedback_release(feedback=feedback, by=rp)
    client.force_login(teacher)
    response = client.post(reverse("feedback:message_post", args=[submission.pk]),
                           {"text": f"Svar {payload}"})  # fmt: skip
    assert response.status_code == 302
    html = panel_html(client, teacher, submission)
    body = html.split('id="feedback-heading"')[1]
    assert "Feedback" in body and "Svar" in body
    assert_harmless(body)


def test_replies_only_after_release_and_only_for_team_and_reviewers(programme, handed_in, client):
    submission, _version = handed_in
    rp = programme.people["municipal_rp"]
    url = reverse("feedback:message_post", args=[submission.pk])
    client.force_login(programme.people["teacher"])
    assert client.post(url, {"text": "For tidligt"}).status_code == 403
    feedback = written_feedback_save(task=ReviewTask.objects.get(), text="ok", by=rp)
    written_feedback_release(feedback=feedback, by=rp)
    assert client.post(url, {"text": ""}).status_code == 400
    for name, status in [("other_teacher", 404), ("far_teacher", 404), ("nobody", 404),
                         ("local_rp", 403)]:  # fmt: skip
        client.force_login(programme.people[name])
        assert client.post(url, {"text": "hej"}).status_code == status, name
    client.force_login(rp)
    assert client.post(url, {"text": "Velkommen"}).status_code == 302
    feedback_message_post(submission=submission, author=programme.people["teacher"], text="Tak")
    assert list(FeedbackMessage.objects.values_list("text", flat=True)) == ["Velkommen", "Tak"]


def test_an_invalid_reply_keeps_what_was_typed(programme, handed_in, client):
    submission, _version = handed_in
    rp = programme.people["municipal_rp"]
    feedback = written_feedback_save(task=ReviewTask.objects.get(), text="ok", by=rp)
    written_feedback_release(feedback=feedback, by=rp)
    client.force_login(programme.people["teacher"])
    long_text = "x" * 10001
    response = client.post(reverse("feedback:message_post", args=[submission.pk]),
                           {"text": long_text})  # fmt: skip
    assert response.status_code == 400
    assert long_text in response.content.decode()


def test_the_comment_bank_inserts_a_phrase_without_javascript(programme, tree, handed_in, client):
    rp = programme.people["municipal_rp"]
    task = ReviewTask.objects.get()
    client.force_login(rp)
    bank = reverse("feedback:comment_bank", args=[tree.package.pk])
    assert client.post(bank, {"text": "Hvordan ved I, at eleverne lærte det?"}).status_code == 302
    entry = CommentBankEntry.objects.get()
    assert entry.created_by == rp and entry.package_id == tree.package.pk
    # GET ?comment= prefills; the in-form insert keeps what was typed.
    page = client.get(reverse("feedback:task", args=[task.pk]), {"comment": entry.pk})
    assert "Hvordan ved I" in page.context["written_form"].initial["text"]
    response = client.post(reverse("feedback:task_written", args=[task.pk]),
                           {"text": "Mit eget", "comment": entry.pk, "action": "insert"})  # fmt: skip
    assert response.status_code == 200
    assert response.context["written_form"].initial["text"] == (
        "Mit eget\n\nHvordan ved I, at eleverne lærte det?"
    )
    assert not WrittenFeedback.objects.exists()  # inserting saves nothing
    for name in ["teacher", "local_rp", "nobody"]:
        client.force_login(programme.people[name])
        assert client.get(bank).status_code == 403, name
        assert client.post(bank, {"text": "x"}).status_code == 403, name
    # The phrase is the resource person's: COK cannot delete it, its author can.
    client.force_login(programme.people["author"])
    assert client.post(bank, {"delete": entry.pk}).status_code == 403
    client.force_login(rp)
    assert client.post(bank, {"delete": entry.pk}).status_code == 302
    assert not CommentBankEntry.objects.exists()


@pytest.mark.parametrize("payload", XSS_PAYLOADS[:3])
def test_meeting_notes_are_rendered_harmless(programme, handed_in, client, payload):
    from datetime import timedelta

    from django.utils import timezone

    from feedback.services import meeting_confirm, meeting_propose, meeting_record

    submission, _version = handed_in
    rp, teacher = programme.people["municipal_rp"], programme.people["teacher"]
    feedback = written_feedback_save(task=ReviewTask.objects.get(), text="ok", by=rp)
    written_feedback_release(feedback=feedback, by=rp)
    oral = ReviewTask.objects.get(position=2)
    start = timezone.now() - timedelta(hours=1)  # the meeting has begun
    meeting = meeting_propose(task=oral, slots=[(start, start + timedelta(hours=1))],
                              place=f"Lokale {payload}", video_url="", by=rp)  # fmt: skip
    meeting_confirm(meeting=meeting, slot=meeting.slots.get(), by=teacher)
    meeting_record(meeting=meeting, notes=f"Noter {payload}", next_steps=payload, by=rp)
    body = panel_html(client, teacher, submission).split('id="feedback-heading"')[1]
    assert "Noter" in body
    assert_harmless(body)
