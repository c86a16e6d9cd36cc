"""A team's one answer to a module assignment, its versions, files and status history."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """One status vocabulary, read the same way by the team, reviewers and leaders."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")
    RESUBMISSION_REQUESTED = "resubmission_requested", _("resubmission requested")
    WRITTEN_FEEDBACK_GIVEN = "written_feedback_given", _("written feedback given")
    MEETING_SCHEDULED = "meeting_scheduled", _("oral feedback meeting scheduled")
    COMPLETED = "completed", _("completed")


# The team may change its draft in these statuses; after a hand-in it waits for a reviewer.
EDITABLE_STATUSES = frozenset(
    {Status.NOT_STARTED, Status.IN_PROGRESS, Status.RESUBMISSION_REQUESTED}
)


class Submission(models.Model):
    """One per team and module assignment (a database constraint), created on first edit.

    `text` is the current draft (Markdown); every hand-in freezes it as a SubmissionVersion.
    `revision` increases on every draft save: a save carries the revision it was based on, and
    a save based on an older revision is refused instead of overwriting a colleague's work.
    """

    team = models.ForeignKey(
        "lms.Team", on_delete=models.CASCADE, related_name="submissions", verbose_name=_("team")
    )
    assignment = models.ForeignKey(
        "modules.ModuleAssignmentPage",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("module assignment"),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status, default=Status.NOT_STARTED, db_index=True
    )
    text = models.TextField(_("answer"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_edited_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Not indexed: a draft is saved again and again while the team writes, and an UPDATE that
    # changes no indexed column stays on its page (a HOT update) instead of adding an entry to
    # every index of the table each time (which slowed every read of the row until a vacuum).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "assignment"], name="one_submission_per_team_and_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} – {self.assignment.title}"

    @property
    def effective_due_on(self):
        return self.extended_until or self.due_on

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


def attachment_path(instance, filename: str) -> str:
    """A random name under MEDIA_ROOT: nothing a person typed reaches the file system."""
    return f"submissions/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file the team attached to its draft. A hand-in freezes the draft's files into the
    version (SubmissionVersion.attachments); a file removed from the draft after that stays
    with the versions that hold it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    in_draft = models.BooleanField(default=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["submission", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class SubmissionVersion(models.Model):
    """A frozen hand-in. Kept forever: feedback always refers to what was actually handed in."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("answer"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    is_late = models.BooleanField(_("late"), default=False)
    attachments = models.ManyToManyField(
        Attachment, blank=True, related_name="versions", verbose_name=_("attachments")
    )

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"


class StatusChange(models.Model):
    """Who moved a submission from which status to which, and when: the timeline."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=30, choices=Status)
    to_status = models.CharField(max_length=30, choices=Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["submission", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission}: {self.from_status} → {self.to_status}"


class ExtensionRequest(models.Model):
    """A team coordinator asks the school leadership for more time on one assignment."""

    class State(models.TextChoices):
        OPEN = "open", _("waiting for the leadership")
        GRANTED = "granted", _("granted")
        DECLINED = "declined", _("declined")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="extension_requests"
    )
    until = models.DateField(_("new deadline wished for"))
    reason = models.CharField(_("why the team needs more time"), max_length=500)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deadline extension request")
        verbose_name_plural = _("deadline extension requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"],
                condition=models.Q(state="open"),
                name="one_open_extension_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} → {self.until}"
