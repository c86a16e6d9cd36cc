"""A school's strategic plan and implementation plan for one period, and the dialogue about them
with the municipality.

A plan covers the period from a mapping round (its baseline) to the next (its target). Its
strategic part holds 1–3 focus areas, each on a weak area of the school's profile with a SMART
goal (the goal model of package choices, `competence_packages.SmartGoal`); its implementation
part holds the actions (package choices made in the catalogue, linked, never copied; or other
actions), who leads them, when the leadership follows up, the resources and the milestones.
The two parts are submitted, answered and approved together: each hand-in is a version.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        COMMENTED = "commented", _("commented")
        REVISION_REQUESTED = "revision_requested", _("revision requested")
        APPROVED = "approved", _("approved")

    EDITABLE = frozenset({Status.DRAFT, Status.COMMENTED, Status.REVISION_REQUESTED})
    ANSWERABLE = frozenset({Status.SUBMITTED, Status.COMMENTED})

    institution = models.ForeignKey(
        "lms.Institution", on_delete=models.CASCADE, related_name="plans", verbose_name=_("school")
    )
    baseline_round = models.ForeignKey(
        "profiles_link.MappingRound",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("baseline round"),
    )
    # A label: the target round is not imported while the plan is written.
    target_round_label = models.CharField(_("target round"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    direction = models.TextField(_("strategic direction"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_plans",
        verbose_name=_("started from"),
    )
    # Everyone who wrote or handed in the plan: none of them may answer it.
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("authors")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    edited_at = models.DateTimeField(_("last changed"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        verbose_name = _("school plan")
        verbose_name_plural = _("school plans")
        ordering = ["institution", "-baseline_round__held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "baseline_round"], name="one_plan_per_school_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.period}"

    @property
    def period(self) -> str:
        return f"{self.baseline_round.label}–{self.target_round_label}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_answerable(self) -> bool:
        return self.status in self.ANSWERABLE

    @property
    def has_unsubmitted_changes(self) -> bool:
        """Changed since it was last handed in (a plan never handed in counts as changed)."""
        return self.submitted_at is None or self.edited_at > self.submitted_at


class FocusArea(models.Model):
    """One of the plan's 1–3 focus areas: a weak area of the profile and its SMART goal."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="focus_areas")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    # The weak area as the profile showed it when it was picked (the snapshot of package
    # choices): {"indicator", "indicator_name", "respondent_group", "subgroup", "kind", "score",
    # "benchmark", "gap", "benchmark_kind", "explanation", "round"}.
    weak_area = models.JSONField(_("weak area"))
    goal = models.OneToOneField(
        "competence_packages.SmartGoal",
        on_delete=models.PROTECT,
        related_name="focus_area",
        verbose_name=_("SMART goal"),
    )
    reasoning = models.TextField(_("reasoning"))
    research = models.TextField(_("research it rests on"), blank=True)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="focus_area_position")
        ]

    def __str__(self) -> str:
        return self.title


class PlanAction(models.Model):
    """An action of the implementation plan: a package choice of the catalogue for named teams
    (linked; its teams and dates are the choice's), or another action by its title."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("focus area"),
    )
    choice = models.ForeignKey(
        "competence_packages.PackageChoice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("package choice"),
    )
    title = models.CharField(_("action"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("led by"),
    )
    follow_up_on = models.DateField(_("the leadership follows up"))

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "follow_up_on", "pk"]

    def __str__(self) -> str:
        return self.title or str(self.choice)


class Milestone(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("date"))
    text = models.CharField(_("milestone"), max_length=300)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["plan", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class PlanVersion(models.Model):
    """The plan as it was handed in: what the municipality read and answered."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class PlanResponse(models.Model):
    """The municipality's written answer to a version: a comment, a request for a revision, or
    the approval."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        REVISION = "revision", _("revision requested")
        APPROVAL = "approval", _("approval")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("response to a plan")
        verbose_name_plural = _("responses to plans")
        ordering = ["plan", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.get_kind_display()}"


class PlanReviewer(models.Model):
    """Someone the municipality names to answer its schools' plans, besides its coordinators."""

    municipality = models.ForeignKey(
        "lms.Municipality",
        on_delete=models.CASCADE,
        related_name="plan_reviewers",
        verbose_name=_("municipality"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="plan_reviewer_for",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("plan reviewer")
        verbose_name_plural = _("plan reviewers")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user"], name="plan_reviewer_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}"


class DialogueMeeting(models.Model):
    """A dialogue meeting between the municipality and the school's leadership about the plan:
    a feedback `Meeting` (times, invitation, notes and next steps), held by the municipality."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    meeting = models.OneToOneField(
        "feedback.Meeting", on_delete=models.CASCADE, related_name="plan_dialogue"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue meeting")
        verbose_name_plural = _("dialogue meetings")
        ordering = ["plan", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan} – {self.meeting}"
