"""The demo's submissions and feedback (demo/data/submissions/), told through the real services;
seeded once for the module inside a transaction rolled back at its end."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import Status, StatusChange, Submission, SubmissionVersion
from demo.loader import seed_demo
from demo.submissions import seed_submissions
from feedback.models import (
    FeedbackMessage,
    Meeting,
    MeetingSlot,
    ReviewTask,
    ReviewTaskEvent,
    WrittenFeedback,
)
from feedback.services import may_hold_task
from lms.models import User

MODELS = [
    Submission,
    SubmissionVersion,
    StatusChange,
    ReviewTask,
    ReviewTaskEvent,
    WrittenFeedback,
    FeedbackMessage,
    Meeting,
    MeetingSlot,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _snapshot() -> set[tuple]:
    return set(
        Submission.objects.values_list(
            "team_id", "assignment_id", "status", "revision", "is_late", "submitted_at"
        )
    )


@pytest.fixture(scope="module")
def seeded(django_db_setup, seed_for_module, demo_data):
    """Counts after the first and the second run of seed_submissions."""

    def seed():
        seed_demo(demo_data)
        first = (_counts(), _snapshot())
        seed_submissions(demo_data.stories)
        return {"first": first, "second": (_counts(), _snapshot())}

    with seed_for_module(seed) as runs:
        yield runs


@pytest.fixture
def demo(seeded, db):
    return seeded


def _submission(number: str, team: str, slug: str) -> Submission:
    return Submission.objects.select_related("team").get(
        team__institution__number=number, team__name=team, assignment__slug=slug
    )


@pytest.mark.parametrize("code", ["820", "766"])
def test_every_status_appears_in_each_municipality(demo, code):
    statuses = set(
        Submission.objects.filter(team__institution__municipality__code=code).values_list(
            "status", flat=True
        )
    )
    # Neither demo route has review_before_release, so no feedback waits for approval.
    assert statuses == set(Status.values)


def test_second_run_changes_nothing(demo):
    first_counts, first_rows = demo["first"]
    second_counts, second_rows = demo["second"]
    assert first_counts["Submission"] >= 14
    assert first_counts == second_counts
    assert first_rows == second_rows


def test_every_story_is_told(demo):
    first_counts, _rows = demo["first"]
    assert first_counts == {
        "Submission": 18,
        "SubmissionVersion": 14,
        "StatusChange": 54,
        "ReviewTask": 22,
        "ReviewTaskEvent": 25,
        "WrittenFeedback": 8,
        "FeedbackMessage": 6,
        "Meeting": 8,
        "MeetingSlot": 17,
    }


def test_the_texts_are_filled_in_for_each_team(demo):
    aars = _submission("773001", "Mellemtrinnet", "teamets-udgangspunkt")
    assert "om eleverne på mellemtrinnet:" in aars.text
    assert "i mellemtrinnets teamrum." in aars.text
    assert "- Thomas Kristensen er mødeleder" in aars.text  # the team's coordinator
    udskolingen = _submission("773001", "Udskolingen", "fremadrettet-feedback")
    assert "dansk i 8.A, matematik i 7.B og natur/teknologi i 9.A" in udskolingen.text
    juelsminde = _submission("615002", "Mellemtrinnet", "valg-og-mestring")
    assert "tre uger om brøker og procent." in juelsminde.text
    assert juelsminde.status == Status.RESUBMISSION_REQUESTED
    extended = _submission("773001", "Mellemtrinnet", "kollegial-observation")
    assert extended.effective_due_on == date(2027, 1, 15)


def test_an_existing_submission_is_left_alone(demo, demo_data):
    draft = _submission("773001", "Mellemtrinnet", "faelles-regler-og-rutiner")
    Submission.objects.filter(pk=draft.pk).update(text="Vores egen tekst")

    seed_submissions(demo_data.stories)

    draft.refresh_from_db()
    assert draft.text == "Vores egen tekst"
    assert draft.status == Status.IN_PROGRESS


def test_every_open_review_task_has_a_reviewer_who_may_hold_it(demo):
    tasks = list(ReviewTask.objects.filter(state=ReviewTask.State.OPEN).select_related("assignee"))
    assert tasks
    for task in tasks:
        assert task.assignee_id is not None
        assert may_hold_task(task.assignee, task), task
        assert task.due_at is not None


def test_each_handed_in_submission_waits_in_one_written_task(demo):
    waiting = Submission.objects.filter(status=Status.SUBMITTED)
    assert waiting.count() >= 2
    for submission in waiting:
        latest = submission.versions.order_by("-number").first()
        open_tasks = submission.review_tasks.filter(state=ReviewTask.State.OPEN)
        assert [(t.kind, t.version_id) for t in open_tasks] == [("written", latest.pk)]


def test_resource_person_has_open_tasks_in_the_queue(demo):
    person = User.objects.get(email="ressourceperson@demo.dk")
    open_tasks = ReviewTask.objects.filter(assignee=person, state=ReviewTask.State.OPEN)
    assert open_tasks.filter(kind="written").count() >= 1
    assert open_tasks.filter(kind="oral").count() >= 1
    assert {t.submission.team.institution.number for t in open_tasks} == {"773001"}


def test_logstor_skoles_local_resource_person_holds_its_work(demo):
    """Løgstør Skole's own route gives its hand-ins to its local resource person, the
    Mellemtrinnet's facilitator."""
    person = User.objects.get(email="vejleder.logstor@demo.dk")
    waiting = _submission("773002", "Mellemtrinnet", "foraeldremoede-om-laering")
    task = waiting.review_tasks.get(state=ReviewTask.State.OPEN)
    assert (task.assignee, task.given_by) == (person, "local_resource_persons")
    assert task.events.get().reason == "team_facilitator"
    asked = _submission("773002", "Indskolingen", "foraeldremoede-om-laering")
    assert asked.review_tasks.get().assignee == person


def test_a_late_hand_in_is_marked_late_from_its_own_date(demo):
    late = _submission("773001", "Udskolingen", "teamets-udgangspunkt")
    assert late.is_late
    assert timezone.localdate(late.submitted_at) == date(2026, 10, 13)
    assert late.versions.get().is_late
    on_time = _submission("773001", "Mellemtrinnet", "teamets-udgangspunkt")
    assert not on_time.is_late
    assert timezone.localdate(on_time.submitted_at) == date(2026, 10, 8)


def test_timeline_is_dated_like_the_story(demo):
    completed = _submission("773001", "Mellemtrinnet", "teamets-udgangspunkt")
    changes = list(completed.status_changes.order_by("changed_at", "pk"))
    assert [c.to_status for c in changes] == [
        Status.IN_PROGRESS,
        Status.SUBMITTED,
        Status.WRITTEN_FEEDBACK_GIVEN,
        Status.MEETING_SCHEDULED,
        Status.COMPLETED,
    ]
    days = [timezone.localdate(c.changed_at) for c in changes]
    assert days == sorted(days)
    assert days[0] == date(2026, 10, 5) and days[-1] == date(2026, 10, 20)
    meeting = Meeting.objects.get(task__submission=completed)
    assert meeting.recorded_at and meeting.notes and meeting.next_steps


def test_resubmission_keeps_both_versions(demo):
    redone = _submission("615001", "Indskolingen", "teamets-udgangspunkt")
    assert redone.status == Status.COMPLETED
    assert list(redone.versions.values_list("number", flat=True)) == [1, 2]
    assert "Samarbejdsaftale" not in redone.versions.get(number=1).text
    assert "Samarbejdsaftale" in redone.versions.get(number=2).text
    asked = _submission("773002", "Indskolingen", "foraeldremoede-om-laering")
    assert asked.status == Status.RESUBMISSION_REQUESTED
    assert asked.feedback_messages.exists()
    assert "Tilføjet efter feedbacken" in asked.text  # the team is working on the new version


def test_demo_team_coordinator_can_pick_a_meeting_time(demo, client):
    teacher = User.objects.get(email="teamkoordinator@demo.dk")
    submission = _submission("773001", "Mellemtrinnet", "fremadrettet-feedback")
    assert submission.team.members.filter(pk=teacher.pk).exists()
    assert submission.status == Status.WRITTEN_FEEDBACK_GIVEN
    assert WrittenFeedback.objects.get(task__submission=submission).is_released
    meeting = Meeting.objects.get(task__submission=submission, task__state="open")
    assert meeting.chosen_slot_id is None
    assert all(slot.starts_at > timezone.now() for slot in meeting.slots.all())

    client.force_login(teacher)
    response = client.get(reverse("assignments:submission", args=[submission.pk]))

    assert response.status_code == 200
    assert reverse("feedback:meeting_pick", args=[meeting.pk]) in response.content.decode()


@pytest.mark.parametrize(
    ("number", "member", "reviewer"),
    [
        ("773001", "laerer@demo.dk", "ressourceperson@demo.dk"),
        ("615001", "laerer.hedensted@demo.dk", "leder.hedensted@demo.dk"),
    ],
)
def test_submission_page_shows_the_danish_answer(demo, client, number, member, reviewer):
    submission = _submission(number, "Mellemtrinnet", "fremadrettet-feedback")
    assert WrittenFeedback.objects.get(task__submission=submission).author.email == reviewer
    url = reverse("assignments:submission", args=[submission.pk])
    for email in (member, reviewer):
        client.force_login(User.objects.get(email=email))
        response = client.get(url)
        assert response.status_code == 200, email
        html = response.content.decode()
        assert "Det gjorde eleverne med feedbacken" in html
        assert "19 ud af 24 elever" in html
        assert "selvreguleringsniveau" in html


def test_submission_page_refuses_another_school(demo, client):
    submission = _submission("773001", "Mellemtrinnet", "fremadrettet-feedback")
    client.force_login(User.objects.get(email="laerer.hedensted@demo.dk"))
    response = client.get(reverse("assignments:submission", args=[submission.pk]))
    assert response.status_code == 404
