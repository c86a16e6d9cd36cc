"""How a municipality (or one school) routes team submissions for feedback.

A route is an ordered list of steps: written or oral feedback, given by the municipal resource
persons, the school leadership, both together (Vesthimmerland's oral meeting), or the school's
own local resource persons (kollegiale vejledere).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FeedbackRoute(models.Model):
    municipality = models.OneToOneField(
        "lms.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_route",
        verbose_name=_("municipality"),
    )
    institution = models.OneToOneField(
        "lms.Institution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_route",
        verbose_name=_("school"),
        help_text=_("Set for a school that overrides its municipality's route."),
    )
    review_before_release = models.BooleanField(
        _("leadership reads written feedback before the team sees it"), default=False
    )

    class Meta:
        verbose_name = _("feedback route")
        verbose_name_plural = _("feedback routes")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, institution__isnull=True)
                | Q(municipality__isnull=True, institution__isnull=False),
                name="route_for_municipality_or_school",
            )
        ]

    def __str__(self) -> str:
        return str(self.institution or self.municipality)

    def clean(self) -> None:
        if bool(self.municipality_id) == bool(self.institution_id):
            raise ValidationError(_("A route belongs to a municipality or to one school."))


class RouteStep(models.Model):
    class Kind(models.TextChoices):
        WRITTEN = "written", _("written feedback")
        ORAL = "oral", _("oral feedback meeting")

    class GivenBy(models.TextChoices):
        RESOURCE_PERSONS = "resource_persons", _("municipal resource persons")
        LEADERSHIP = "leadership", _("school leadership")
        BOTH = "both", _("resource persons together with the school leadership")
        LOCAL_RESOURCE_PERSONS = "local_resource_persons", _("the school's local resource persons")

    route = models.ForeignKey(FeedbackRoute, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    given_by = models.CharField(_("given by"), max_length=30, choices=GivenBy)

    class Meta:
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        ordering = ["route", "position"]
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="one_step_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_kind_display()} – {self.get_given_by_display()}"


class ReviewTask(models.Model):
    """One route step for one hand-in, held by one named reviewer.

    Leadership steps are held by one school leader, but every leader of the school may act on
    them. The assignee is never empty while the task is open: allocation and reassignment
    (feedback.services) guarantee it.
    """

    class State(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    submission = models.ForeignKey(
        "assignments.Submission", on_delete=models.CASCADE, related_name="review_tasks"
    )
    version = models.ForeignKey(
        "assignments.SubmissionVersion",
        on_delete=models.PROTECT,
        related_name="review_tasks",
        verbose_name=_("version"),
    )
    position = models.PositiveSmallIntegerField(_("route step"))
    kind = models.CharField(_("kind"), max_length=10, choices=RouteStep.Kind)
    given_by = models.CharField(_("given by"), max_length=30, choices=RouteStep.GivenBy)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_tasks",
        verbose_name=_("reviewer"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    due_at = models.DateTimeField(_("feedback due"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("review task")
        verbose_name_plural = _("review tasks")
        ordering = ["submission", "version", "position"]
        indexes = [models.Index(fields=["assignee", "state"], name="review_task_queue")]

    def __str__(self) -> str:
        return f"{self.submission} – {self.get_kind_display()} ({self.assignee})"


class ReviewTaskEvent(models.Model):
    """Why a task is held by whom: every allocation and reassignment, with its reason."""

    task = models.ForeignKey(ReviewTask, on_delete=models.CASCADE, related_name="events")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    previous_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["task", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.assignee_id}: {self.reason}"


class WrittenFeedback(models.Model):
    """The reviewer's written feedback on one task. Never shown to the team before release."""

    task = models.OneToOneField(
        ReviewTask, on_delete=models.CASCADE, related_name="written_feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("feedback"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approval_requested_at = models.DateTimeField(_("sent for approval"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("written feedback")
        verbose_name_plural = _("written feedback")
        ordering = ["task"]

    def __str__(self) -> str:
        return f"{self.task}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def is_awaiting_approval(self) -> bool:
        return self.released_at is None and self.approval_requested_at is not None


class CommentBankEntry(models.Model):
    """A reusable feedback phrase for one competence package.

    A phrase belongs to its author, who alone (with programme administrators) changes or deletes
    it and sees it among their phrases. COK's phrases are shared: every reviewer sees them, and
    only content authors (and administrators) change or delete them.
    """

    package = models.ForeignKey(
        "competence_packages.CompetencePackage",
        on_delete=models.CASCADE,
        related_name="comment_bank",
        verbose_name=_("competence package"),
    )
    text = models.TextField(_("text"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shared = models.BooleanField(
        _("shared by COK"), default=False, help_text=_("Written by COK: every reviewer sees it.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment bank entry")
        verbose_name_plural = _("comment bank")
        ordering = ["package", "text", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class FeedbackMessage(models.Model):
    """A reply in the conversation about a submission after feedback has been released."""

    submission = models.ForeignKey(
        "assignments.Submission", on_delete=models.CASCADE, related_name="feedback_messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("reply"), max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["submission", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.text[:40]}"


class Meeting(models.Model):
    """A meeting with proposed times, the chosen one, an iCalendar invitation and the notes.

    Either the oral feedback meeting of one oral task (`task`), or a meeting about something
    else that an app above arranges, e.g. the dialogue meeting between the municipality and a
    school's leadership about its plan: then `subject`, `organizer`, `attendees` and `link_path`
    say what it is about, who holds it, who is invited and which page it links to.
    """

    task = models.OneToOneField(
        ReviewTask, on_delete=models.CASCADE, related_name="meeting", null=True, blank=True
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("held by"),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("invited")
    )
    link_path = models.CharField(max_length=300, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    chosen_slot = models.ForeignKey(
        "MeetingSlot", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    notes = models.TextField(_("notes from the meeting"), blank=True)
    next_steps = models.TextField(_("agreed next steps"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback meeting")
        verbose_name_plural = _("feedback meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False) | (~Q(subject="") & Q(organizer__isnull=False)),
                name="meeting_about_a_task_or_a_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}" if self.task_id else self.subject


class MeetingSlot(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        ordering = ["meeting", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"
