"""Drafts: a save carries its base revision, and a stale save never overwrites."""

import pytest

from assignments import services
from assignments.models import Status, StatusChange, Submission
from lms.errors import ServiceError


@pytest.fixture
def submission(programme, module_tree, enrolled):
    return services.submission_get_or_create(team=programme.team, assignment=module_tree.assignment)


def test_created_lazily_with_the_plans_due_date(submission, enrolled):
    assert submission.status == Status.NOT_STARTED
    assert submission.due_on == enrolled.module_plans.get().due_on
    assert submission.revision == 0


def test_first_save_starts_the_work(submission, programme):
    result = services.draft_save(
        submission=submission, text="Vi prøver", base_revision=0, by=programme.people["teacher"]
    )
    assert result.saved
    assert result.submission.revision == 1
    assert result.submission.status == Status.IN_PROGRESS
    change = StatusChange.objects.get(submission=submission)
    assert (change.from_status, change.to_status) == (Status.NOT_STARTED, Status.IN_PROGRESS)
    assert change.changed_by == programme.people["teacher"]


def test_second_save_on_the_same_revision_is_a_conflict_and_keeps_the_first(submission, programme):
    teacher, coordinator = programme.people["teacher"], programme.people["coordinator"]
    first = services.draft_save(submission=submission, text="A", base_revision=0, by=teacher)
    second = services.draft_save(submission=submission, text="B", base_revision=0, by=coordinator)
    assert first.saved
    assert not second.saved
    assert second.conflict.text == "A"
    assert second.conflict.by == teacher
    assert second.conflict.revision == 1
    assert second.conflict.at is not None
    submission.refresh_from_db()
    assert submission.text == "A"
    assert submission.revision == 1
    # Based on the colleague's revision, the next save goes through.
    third = services.draft_save(submission=submission, text="A+B", base_revision=1, by=coordinator)
    assert third.saved and third.submission.text == "A+B"
    assert StatusChange.objects.filter(submission=submission).count() == 1


def test_draft_is_locked_after_hand_in(submission, programme):
    teacher = programme.people["teacher"]
    services.draft_save(submission=submission, text="Svar", base_revision=0, by=teacher)
    services.submission_submit(submission=submission, by=teacher)
    with pytest.raises(ServiceError):
        services.draft_save(submission=submission, text="Mere", base_revision=1, by=teacher)
    submission.refresh_from_db()
    assert submission.text == "Svar"
    services.status_change(
        submission=submission,
        to_status=Status.RESUBMISSION_REQUESTED,
        by=programme.people["leader"],
    )
    assert services.draft_save(
        submission=submission, text="Mere", base_revision=1, by=teacher
    ).saved


def test_get_or_create_returns_the_one_row(submission, programme, module_tree):
    again = services.submission_get_or_create(
        team=programme.team, assignment=module_tree.assignment
    )
    assert again.pk == submission.pk
    assert Submission.objects.count() == 1
