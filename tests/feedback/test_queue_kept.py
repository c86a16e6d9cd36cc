"""The review queue is kept while teams and reviewers write drafts (lms.page_cache: drafts),
and drawn again as soon as what it shows changes: a hand-in, a released feedback."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import Submission
from feedback.models import ReviewTask

QUEUE = reverse("overviews:queue")


def _queue(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_drafts_leave_the_queue_kept_and_a_hand_in_is_shown_at_once(
    programme, tree, handed_in, django_capture_on_commit_callbacks
):
    task = ReviewTask.objects.get(state=ReviewTask.State.OPEN)
    client = _client(task.assignee)
    _html, drawn = _queue(client)
    _html, kept = _queue(client)
    assert kept < drawn
    # The other team writes its answer: a draft, twice.
    other = _client(programme.people["other_teacher"])
    edit = reverse("assignments:edit", args=[tree.assignment.pk, programme.other_team.pk])
    for text in ("Første udkast", "Andet udkast"):
        revision = Submission.objects.filter(team=programme.other_team).first()
        base = revision.revision if revision else 0
        response = other.post(edit, {"text": text, "revision": base, "action": "save"})
        assert response.status_code == 302
        assert Submission.objects.get(team=programme.other_team).text == text
        if text == "Andet udkast":  # the first save began the answer (a status change)
            assert _queue(client)[1] == kept
        else:
            _queue(client)
    # The reviewer's own feedback draft, once begun, is saved without drawing the queue.
    written = reverse("feedback:task_written", args=[task.pk])
    for text in ("Godt begyndt.", "Godt begyndt!"):
        # Followed to the task, as a browser does: it shows the message "saved".
        response = client.post(written, {"text": text, "action": "save"}, follow=True)
        assert response.redirect_chain and response.status_code == 200
        if text == "Godt begyndt!":  # the first save began the feedback: not a draft's write
            assert _queue(client)[1] == kept
        else:
            _queue(client)
    # The other team hands in: its task is in the queue at once.
    submission = Submission.objects.get(team=programme.other_team)
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post(
            reverse("assignments:submit", args=[submission.pk]),
            {"revision": submission.revision},
        )
    assert response.status_code in (200, 302)
    assert ReviewTask.objects.filter(submission=submission).exists()
    html, queries = _queue(client)
    assert queries == drawn or programme.other_team.name in html
    assert programme.other_team.name in html
