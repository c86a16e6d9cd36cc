"""Hand-in: versions are kept, late is marked (never refused), empty answers are refused."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assignments import services
from assignments.models import Status, StatusChange, SubmissionVersion
from assignments.signals import submission_submitted
from lms.errors import ServiceError


@pytest.fixture(autouse=True)
def english(client, settings):
    """These tests read the English messages (the Danish ones are the translators' work)."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def submission(programme, module_tree, enrolled):
    return services.submission_get_or_create(team=programme.team, assignment=module_tree.assignment)


def _write(submission, text, by):
    submission.refresh_from_db()
    result = services.draft_save(
        submission=submission, text=text, base_revision=submission.revision, by=by
    )
    assert result.saved
    return result.submission


def test_hand_in_freezes_text_and_files_as_numbered_versions(submission, programme):
    teacher, leader = programme.people["teacher"], programme.people["leader"]
    received = []

    def receiver(sender, submission, version, by, **kwargs):
        received.append((submission.status, version.number, by))

    submission_submitted.connect(receiver, dispatch_uid="test-hand-in")
    try:
        _write(submission, "Første svar", teacher)
        upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
        first_file = services.attachment_add(submission=submission, upload=upload, by=teacher)
        v1 = services.submission_submit(submission=submission, by=teacher)
        services.status_change(
            submission=submission, to_status=Status.RESUBMISSION_REQUESTED, by=leader
        )
        _write(submission, "Andet svar", teacher)
        services.attachment_remove(attachment=first_file, by=teacher)
        v2 = services.submission_submit(submission=submission, by=teacher)
    finally:
        submission_submitted.disconnect(dispatch_uid="test-hand-in")
    assert [(v.number, v.text) for v in SubmissionVersion.objects.order_by("number")] == [
        (1, "Første svar"),
        (2, "Andet svar"),
    ]
    assert list(v1.attachments.all()) == [first_file]
    assert list(v2.attachments.all()) == []
    first_file.refresh_from_db()
    assert not first_file.in_draft  # kept for version 1
    assert received == [(Status.SUBMITTED, 1, teacher), (Status.SUBMITTED, 2, teacher)]
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED and submission.submitted_at is not None


def test_a_file_alone_is_an_answer(submission, programme):
    teacher = programme.people["teacher"]
    upload = SimpleUploadedFile("plan.pdf", PDF)
    services.attachment_add(submission=submission, upload=upload, by=teacher)
    assert services.submission_submit(submission=submission, by=teacher).number == 1


def test_empty_answer_is_refused_with_a_clear_message(submission, programme):
    _write(submission, "   \n", programme.people["teacher"])
    with pytest.raises(ServiceError) as excinfo:
        services.submission_submit(submission=submission, by=programme.people["teacher"])
    assert "empty" in excinfo.value.messages[0]
    assert not SubmissionVersion.objects.exists()


def test_hand_in_after_the_deadline_is_accepted_and_marked_late(submission, programme):
    submission.due_on = date.today() - timedelta(days=1)
    submission.save()
    _write(submission, "Sent", programme.people["teacher"])
    version = services.submission_submit(submission=submission, by=programme.people["teacher"])
    submission.refresh_from_db()
    assert version.is_late and submission.is_late


def test_hand_in_on_the_deadline_is_on_time(submission, programme):
    submission.due_on = date.today()
    submission.save()
    _write(submission, "Til tiden", programme.people["teacher"])
    assert not services.submission_submit(
        submission=submission, by=programme.people["teacher"]
    ).is_late


def test_an_extension_moves_the_deadline_and_is_noted(programme, module_tree, enrolled):
    leader = programme.people["leader"]
    until = date.today() + timedelta(days=30)
    submission = services.submission_extend(
        team=programme.team, assignment=module_tree.assignment, until=until, by=leader,
        note="Lejrskole",
    )  # fmt: skip
    assert submission.extended_until == until
    assert submission.effective_due_on == until
    note = StatusChange.objects.get(submission=submission)
    assert note.from_status == note.to_status == Status.NOT_STARTED
    assert (
        "Lejrskole" in note.note and f"{until.day}. " in note.note and str(until.year) in note.note
    )
    submission.due_on = date.today() - timedelta(days=3)
    submission.save()
    _write(submission, "Svar", programme.people["teacher"])
    assert not services.submission_submit(submission=submission, by=leader).is_late


def test_stale_hand_in_is_refused(submission, programme):
    _write(submission, "A", programme.people["teacher"])
    with pytest.raises(ServiceError):
        services.submission_submit(
            submission=submission, by=programme.people["teacher"], base_revision=0
        )
