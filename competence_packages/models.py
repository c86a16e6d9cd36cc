"""Competence packages authored centrally by COK, in Wagtail's page tree."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


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
