"""How a municipality (or one school) routes team submissions for feedback.

A route is an ordered list of steps: written or oral feedback, given by the municipal resource
persons, the school leadership, or both together (Vesthimmerland's oral meeting).
"""

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

    route = models.ForeignKey(FeedbackRoute, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    given_by = models.CharField(_("given by"), max_length=20, choices=GivenBy)

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
    given_by = models.CharField(_("given by"), max_length=20, choices=RouteStep.GivenBy)
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
