"""Writes to submissions. Every status change goes through `status_change`."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lms import notifications, page_cache
from lms import services as lms_services
from lms.errors import Problem, ProblemList, ServiceError
from lms.models import AccessRecord
from lms.statements import BuiltOnce

from . import permissions
from .models import (
    EDITABLE_STATUSES,
    Attachment,
    ExtensionRequest,
    Status,
    StatusChange,
    Submission,
)
from .selectors import due_on_for
from .signals import submission_submitted


@transaction.atomic
def status_change(*, submission: Submission, to_status: str, by, note: str = "") -> Submission:
    """Move `submission` to `to_status` and record who did it, when, from what."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    from_status = submission.status
    if from_status == to_status:
        return submission
    submission.status = to_status
    submission.save(update_fields=["status", "updated_at"])
    StatusChange.objects.create(
        submission=submission,
        from_status=from_status,
        to_status=to_status,
        changed_by=by,
        note=note[:300],
    )
    return submission


def submission_get_or_create(*, team, assignment) -> Submission:
    """The team's one Submission for `assignment`, created with its due date from the plan."""
    submission = Submission.objects.filter(team=team, assignment=assignment).first()
    if submission is not None:
        return submission
    try:
        with transaction.atomic():
            return Submission.objects.create(
                team=team,
                assignment=assignment,
                due_on=due_on_for(team=team, assignment=assignment),
            )
    except IntegrityError:  # a colleague created it at the same moment
        return Submission.objects.get(team=team, assignment=assignment)


# Drafts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A save based on an old revision: what the colleague saved instead, by whom, when."""

    text: str
    revision: int
    by: object
    at: datetime | None


@dataclass(frozen=True)
class DraftResult:
    submission: Submission
    conflict: Conflict | None = None

    @property
    def saved(self) -> bool:
        return self.conflict is None


class SubmissionLocked(ServiceError):
    """The draft cannot change: it has been handed in and no new version is asked for."""


def _locked_error() -> SubmissionLocked:
    return SubmissionLocked(
        Problem(
            _(
                "The answer has been handed in and cannot be changed until a reviewer asks "
                "for a new version."
            ),
            code="locked",
        )
    )


# Read back after every save of a draft: built once.
_submission_with_editor = BuiltOnce(
    lambda pk: Submission.objects.select_related("last_edited_by").filter(pk=pk)
)


@transaction.atomic
def draft_save(*, submission: Submission, text: str, base_revision: int, by) -> DraftResult:
    """Save the draft only if nobody saved since `base_revision` (a conditional UPDATE, so two
    concurrent saves on the same revision can never both win); else return the Conflict."""
    now = timezone.now()
    with page_cache.writing_drafts():  # the text alone: the status changes below, if at all
        updated = Submission.objects.filter(
            pk=submission.pk, revision=base_revision, status__in=EDITABLE_STATUSES
        ).update(
            text=text,
            revision=F("revision") + 1,
            last_edited_by=by,
            last_edited_at=now,
            updated_at=now,
        )
    current = _submission_with_editor.first(submission.pk)
    if current is None:
        raise Submission.DoesNotExist
    if not updated:
        if current.status not in EDITABLE_STATUSES:
            raise _locked_error()
        return DraftResult(
            current,
            Conflict(
                current.text, current.revision, current.last_edited_by, current.last_edited_at
            ),
        )
    if current.status == Status.NOT_STARTED:
        current = status_change(submission=current, to_status=Status.IN_PROGRESS, by=by)
    return DraftResult(current)


# Hand-in ------------------------------------------------------------------------------------


def _is_late(submission: Submission, at: datetime) -> bool:
    due = submission.effective_due_on
    return due is not None and timezone.localdate(at) > due


@transaction.atomic
def submission_submit(*, submission: Submission, by, base_revision: int | None = None):
    """Hand in the draft as version n+1 with the draft's files. Late is marked, never refused.

    With `base_revision`, refuse when a colleague saved since: the team hands in what it saw.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status not in EDITABLE_STATUSES:
        raise _locked_error()
    if base_revision is not None and submission.revision != base_revision:
        raise ServiceError(
            Problem(_("A colleague saved a newer draft. Read it before you hand in."), code="stale")
        )
    files = list(submission.attachments.filter(in_draft=True))
    if not submission.text.strip() and not files:
        raise ServiceError(
            Problem(
                _("The answer is empty. Write an answer or attach a file before you hand in."),
                code="empty",
            )
        )
    now = timezone.now()
    number = (
        submission.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    is_late = _is_late(submission, now)
    version = submission.versions.create(
        number=number, text=submission.text, submitted_by=by, submitted_at=now, is_late=is_late
    )
    version.attachments.set(files)
    submission.submitted_at = now
    submission.is_late = is_late
    submission.save(update_fields=["submitted_at", "is_late", "updated_at"])
    submission = status_change(submission=submission, to_status=Status.SUBMITTED, by=by)
    submission_submitted.send(sender=Submission, submission=submission, version=version, by=by)
    return version


# Due dates ----------------------------------------------------------------------------------


def _date(value: date) -> str:
    return formats.date_format(value, "j. F Y")


def _note(submission: Submission, by, text: str) -> None:
    StatusChange.objects.create(
        submission=submission,
        from_status=submission.status,
        to_status=submission.status,
        changed_by=by,
        note=text[:300],
    )


@transaction.atomic
def submission_extend(*, team, assignment, until: date, by, note: str = "") -> Submission:
    """Give `team` until `until` for `assignment` and note it in the timeline; a request for
    more time that waited is answered by it."""
    submission = submission_get_or_create(team=team, assignment=assignment)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    submission.extended_until = until
    submission.save(update_fields=["extended_until", "updated_at"])
    text = _("Deadline extended until %(date)s.") % {"date": _date(until)}
    if note.strip():
        text = f"{text} {note.strip()}"
    _note(submission, by, text)
    submission.extension_requests.filter(state=ExtensionRequest.State.OPEN).update(
        state=ExtensionRequest.State.GRANTED, decided_by=by, decided_at=timezone.now()
    )
    return submission


@transaction.atomic
def extension_request(*, team, assignment, until: date | None, reason: str, by) -> ExtensionRequest:
    """A team coordinator asks the school leadership for more time; the leaders are told."""
    submission = submission_get_or_create(team=team, assignment=assignment)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    problems = ProblemList()
    due = submission.effective_due_on
    if until is None:
        problems.add(_("Give the new deadline the team wishes for."), "until")
    elif until < timezone.localdate():
        problems.add(_("The new deadline cannot be in the past."), "until")
    elif due is not None and until <= due:
        problems.add(_("The new deadline must be after the current deadline (%(date)s).")
                     % {"date": _date(due)}, "until")  # fmt: skip
    if not reason.strip():
        problems.add(_("Tell the leadership why the team needs more time."), "reason")
    if submission.extension_requests.filter(state=ExtensionRequest.State.OPEN).exists():
        problems.add(_("The team has already asked for more time on this assignment; the "
                       "leadership has not answered yet."))  # fmt: skip
    problems.raise_if_any()
    request = ExtensionRequest.objects.create(
        submission=submission, until=until, reason=reason.strip(), requested_by=by
    )
    _note(submission, by, _("Asked for more time until %(date)s: %(reason)s")
          % {"date": _date(until), "reason": reason.strip()})  # fmt: skip
    notifications.notify("extension_requested", request.pk)
    return request


@transaction.atomic
def extension_decline(*, request: ExtensionRequest, by, note: str = "") -> ExtensionRequest:
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ExtensionRequest.State.OPEN:
        raise ServiceError(_("This request has been answered already."))
    request.state = ExtensionRequest.State.DECLINED
    request.decided_by, request.decided_at = by, timezone.now()
    request.save(update_fields=["state", "decided_by", "decided_at"])
    text = _("The request for more time was declined.")
    if note.strip():
        text = f"{text} {note.strip()}"
    _note(request.submission, by, text)
    return request


# Attachments --------------------------------------------------------------------------------

# Extension → (content type served on download, check of the content). Office formats are ZIP
# packages; checking the package's parts means a renamed .html or .exe is refused.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain; charset=utf-8",
    "mp4": "video/mp4",
}
_OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def max_upload_bytes() -> int:
    return int(getattr(settings, "ASSIGNMENT_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def _zip_names(head: bytes, upload) -> tuple[list[str], bytes] | None:
    if not head.startswith(b"PK\x03\x04"):
        return None
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = package.namelist()
            mimetype = package.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return names, mimetype


def _content_matches(extension: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(4096)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    if extension == "txt":
        return _is_plain_text(upload)
    package = _zip_names(head, upload)
    if package is None:
        return False
    names, mimetype = package
    if extension in _OOXML_PART:
        prefix = _OOXML_PART[extension]
        return "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names)
    return mimetype.decode("ascii", "replace") == CONTENT_TYPES[extension]


def _is_plain_text(upload) -> bool:
    upload.seek(0)
    data = upload.read()
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    start = text.lstrip("\ufeff \t\r\n")[:200].lower()
    return not start.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script"))


def upload_problem(upload) -> str | None:
    """Why `upload` may not be attached (naming the file), or None when it may."""
    name = PurePath(upload.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(sorted(set(CONTENT_TYPES) - {"jpeg"}))
    if extension not in CONTENT_TYPES:
        return _(
            "“%(name)s” cannot be attached: files of this type are not accepted. Allowed: %(allowed)s."
        ) % {"name": name, "allowed": allowed}
    if upload.size > max_upload_bytes():
        return _("“%(name)s” is too large (%(size)s MB). The limit is %(limit)s MB.") % {
            "name": name,
            "size": f"{upload.size / 1024 / 1024:.1f}",
            "limit": getattr(settings, "ASSIGNMENT_MAX_UPLOAD_MB", 20),
        }
    if upload.size == 0:
        return _("“%(name)s” is empty.") % {"name": name}
    if not _content_matches(extension, upload):
        return _("“%(name)s” cannot be attached: its content is not a .%(ext)s file.") % {
            "name": name,
            "ext": extension,
        }
    upload.seek(0)
    return None


def attachment_add(*, submission: Submission, upload, by) -> Attachment:
    """Attach a checked file to the draft under a random name, keeping its own name to show."""
    problem = upload_problem(upload)
    if problem:
        raise ServiceError(Problem(problem, field="files", code="file"))
    if submission.status not in EDITABLE_STATUSES:
        raise _locked_error()
    name = PurePath(upload.name).name
    extension = name.rsplit(".", 1)[-1].lower()
    attachment = Attachment(
        submission=submission,
        original_name=name[:255],
        content_type=CONTENT_TYPES[extension],
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by) -> None:
    """Take a file off the draft. A file a version holds stays for that version."""
    submission = Submission.objects.select_for_update().get(pk=attachment.submission_id)
    if submission.status not in EDITABLE_STATUSES:
        raise _locked_error()
    if attachment.versions.exists():
        Attachment.objects.filter(pk=attachment.pk).update(in_draft=False)
        return
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def hand_in_reading_record(*, submission: Submission, by, what: str) -> bool:
    """Record a reading of the team's hand-in by someone outside the team and its reviewers
    (access policy: the school's leaders see who read what); True when recorded."""
    if permissions.is_team_member(by, submission.team) or permissions.is_reviewer(by, submission):
        return False
    lms_services.access_record_add(
        user=by,
        institution=submission.team.institution,
        team=submission.team,
        kind=AccessRecord.Kind.HAND_IN_READ,
        what=what,
    )
    return True
