"""Competence packages authored centrally by COK, in Wagtail's page tree."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from modules.permissions import readable_module_ids
from modules.selectors import live_modules_of
from profiles_link.api import RespondentGroup, Subgroup


class PackageCatalogue(Page):
    """The root of the competence packages a school can choose from."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["competence_packages.CompetencePackage"]

    class Meta:
        verbose_name = _("package catalogue")


class CompetencePackage(Page):
    class Audience(models.TextChoices):
        SCHOOL_TEAMS = "school_teams", _("school teams")
        DAYCARE_TEAMS = "daycare_teams", _("daycare teams")
        LEADERSHIP_TEAMS = "leadership_teams", _("leadership teams")

    code = models.CharField(_("code"), max_length=30, unique=True)
    summary = models.TextField(_("summary"))
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience, default=Audience.SCHOOL_TEAMS
    )
    estimated_weeks = models.PositiveSmallIntegerField(_("estimated weeks"), default=12)
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("code"),
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("estimated_weeks"),
        FieldPanel("intro"),
        InlinePanel("target_indicators", label=_("indicators the package targets")),
    ]
    parent_page_types = ["competence_packages.PackageCatalogue"]
    subpage_types = ["modules.ModulePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        modules = live_modules_of(self)
        context["modules"] = modules
        context["readable_module_ids"] = readable_module_ids(request.user, modules)
        return context

    class Meta:
        verbose_name = _("competence package")
        verbose_name_plural = _("competence packages")


class PackageIndicator(Orderable):
    """An indicator the package answers, weighted 1–3 for the catalogue's recommendations."""

    package = ParentalKey(
        CompetencePackage, on_delete=models.CASCADE, related_name="target_indicators"
    )
    indicator = models.ForeignKey(
        "profiles_link.Indicator", on_delete=models.PROTECT, verbose_name=_("indicator")
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )

    panels = [FieldPanel("indicator"), FieldPanel("weight")]

    class Meta(Orderable.Meta):
        verbose_name = _("targeted indicator")
        verbose_name_plural = _("targeted indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["package", "indicator"], name="indicator_once_per_package"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=3), name="weight_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.weight})"


class PackageChoice(models.Model):
    """A school's choice of a package for named teams, linked to the weak areas it answers.

    Which modules the teams take, and when, is the choice's module plan (`ModulePlan`); a team
    is enrolled in a module exactly when a plan row of one of its school's choices names it.
    """

    institution = models.ForeignKey(
        "lms.Institution",
        on_delete=models.CASCADE,
        related_name="package_choices",
        verbose_name=_("school"),
    )
    package = models.ForeignKey(
        CompetencePackage,
        on_delete=models.PROTECT,
        related_name="choices",
        verbose_name=_("competence package"),
    )
    teams = models.ManyToManyField(
        "lms.Team", related_name="package_choices", verbose_name=_("teams")
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    # A snapshot of the weak areas the leadership linked the choice to, as they read then:
    # [{"indicator": "FAG", "respondent_group": "pupil", "subgroup": "boy", "kind": ..., "gap": 31.0}]
    weak_areas = models.JSONField(_("weak areas"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("package choice")
        verbose_name_plural = _("package choices")
        ordering = ["institution", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="choice_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} – {self.package.title}"


class ModulePlan(models.Model):
    """When the teams of a choice take one module, and when its assignments are due."""

    choice = models.ForeignKey(PackageChoice, on_delete=models.CASCADE, related_name="module_plans")
    module = models.ForeignKey(
        "modules.ModulePage",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("module"),
    )
    starts_on = models.DateField(_("starts"))
    due_on = models.DateField(_("assignments due"))

    class Meta:
        verbose_name = _("module plan")
        verbose_name_plural = _("module plans")
        ordering = ["choice", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["choice", "module"], name="module_once_per_choice"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("starts_on")),
                name="module_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module.title} ({self.starts_on} – {self.due_on})"


class SmartGoal(models.Model):
    """A measurable goal of a school: e.g. the boys' faglig trivsel 492 → 510 at T2.

    Set for a package choice (`choice`), or for a focus area of the school's strategic plan (the
    plans app links it; `choice` is then empty). Either way it is measured the same way.
    """

    institution = models.ForeignKey(
        "lms.Institution",
        on_delete=models.CASCADE,
        related_name="smart_goals",
        verbose_name=_("school"),
    )
    choice = models.ForeignKey(
        PackageChoice,
        on_delete=models.CASCADE,
        related_name="goals",
        null=True,
        blank=True,
    )
    indicator = models.ForeignKey(
        "profiles_link.Indicator", on_delete=models.PROTECT, verbose_name=_("indicator")
    )
    respondent_group = models.CharField(
        _("respondent group"), max_length=10, choices=RespondentGroup, default="pupil"
    )
    subgroup = models.CharField(_("subgroup"), max_length=4, choices=Subgroup, default="all")
    baseline_round = models.ForeignKey(
        "profiles_link.MappingRound",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("baseline round"),
    )
    baseline_score = models.FloatField(_("baseline score"))
    target_score = models.FloatField(_("target score"))
    # A label, not a foreign key: the target round is usually not imported yet when the goal is set.
    target_round_label = models.CharField(_("target round"), max_length=20)

    class Meta:
        verbose_name = _("SMART goal")
        verbose_name_plural = _("SMART goals")
        ordering = ["institution", "pk"]

    def __str__(self) -> str:
        return (
            f"{self.indicator} {self.get_subgroup_display()}: "
            f"{self.baseline_score:.0f} → {self.target_score:.0f} ({self.target_round_label})"
        )

    def save(self, *args, **kwargs):
        if self.choice_id and not self.institution_id:
            self.institution_id = self.choice.institution_id
        super().save(*args, **kwargs)


class LeadershipCourse(models.Model):
    """The course the schools' leadership teams take after a mapping round; the programme sets it.

    Every school's leadership team is enrolled in the course of the latest round that has one
    (`competence_packages.selectors.leadership_enrolments`), its modules spread over the package's
    weeks from `starts_on`.
    """

    mapping_round = models.OneToOneField(
        "profiles_link.MappingRound",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mapping round"),
    )
    package = models.ForeignKey(
        CompetencePackage,
        on_delete=models.PROTECT,
        related_name="leadership_courses",
        limit_choices_to={"audience": CompetencePackage.Audience.LEADERSHIP_TEAMS},
        verbose_name=_("competence package"),
    )
    starts_on = models.DateField(_("starts"))

    class Meta:
        verbose_name = _("leadership course")
        verbose_name_plural = _("leadership courses")

    def __str__(self) -> str:
        return f"{self.mapping_round}: {self.package.title}"


from .authoring_models import *  # noqa
