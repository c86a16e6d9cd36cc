"""Modules of a competence package and their module assignments (modulopgaver)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import ModuleBodyBlock


class ModulePage(Page):
    """Read and watch, discuss in the team, try the module assignment, get feedback, reflect."""

    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", _("introduction")
        CONTENT = "content", _("content module")
        CLOSING = "closing", _("closing module")

    kind = models.CharField(_("kind"), max_length=15, choices=Kind, default=Kind.CONTENT)
    body = StreamField(ModuleBodyBlock(), blank=True, verbose_name=_("content"))

    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("body")]
    parent_page_types = ["competence_packages.CompetencePackage"]
    subpage_types = ["modules.ModuleAssignmentPage"]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")


class ModuleAssignmentPage(Page):
    """A modulopgave: what the team tries in class for a few weeks and hands in together."""

    task = RichTextField(_("task for the team"))
    hand_in = RichTextField(_("what to hand in"))
    suggested_duration_weeks = models.PositiveSmallIntegerField(
        _("suggested duration (weeks)"), default=3
    )
    file_expected = models.BooleanField(_("a file is expected"), default=False)

    content_panels = Page.content_panels + [
        FieldPanel("task"),
        FieldPanel("hand_in"),
        FieldPanel("suggested_duration_weeks"),
        FieldPanel("file_expected"),
    ]
    parent_page_types = ["modules.ModulePage", "modules.SchoolAssignmentsPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("module assignment")
        verbose_name_plural = _("module assignments")


class SchoolAssignmentsIndexPage(Page):
    """Holds one page per school for the module assignments schools write themselves."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["modules.SchoolAssignmentsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("schools' own assignments")


class SchoolAssignmentsPage(Page):
    """One school's own module assignments: only that school sees them, and only its local
    resource persons and leaders write them."""

    institution = models.OneToOneField(
        "lms.Institution",
        on_delete=models.PROTECT,
        related_name="assignments_page",
        verbose_name=_("school"),
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["modules.SchoolAssignmentsIndexPage"]
    subpage_types = ["modules.ModuleAssignmentPage"]

    class Meta:
        verbose_name = _("school's own assignments")
