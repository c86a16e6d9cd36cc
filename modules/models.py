"""Modules of a competence package and their module assignments (modulopgaver)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from lms.page_cache import keep_this_page

from .blocks import ModuleBodyBlock
from .hooks import ASSIGNMENT_ACTIONS, AUDIENCE_LEADERSHIP, PAGE_AUDIENCE


def is_for_leadership(page) -> bool:
    """Whether the page is written for a leadership team (asked of the apps above)."""
    return any(provider(page) == AUDIENCE_LEADERSHIP for provider in hooks.get_hooks(PAGE_AUDIENCE))


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

    # Who may read the page is checked before it is served (modules.wagtail_hooks).

    def get_view_restrictions(self):
        # Wagtail's serve hook and serve() below ask the same of one page: one query, not two.
        if self.__dict__.get("_view_restrictions") is None:
            self._view_restrictions = super().get_view_restrictions()
        return self._view_restrictions

    def serve(self, request, *args, **kwargs):
        # Kept per person until what it shows may change (lms.page_cache); not a page behind
        # a password or group restriction, which a session passes, not a person.
        if not self.get_view_restrictions():
            keep_this_page(request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        # At call time: the selectors import this module's models.
        from .selectors import module_page_data

        context = super().get_context(request, *args, **kwargs)
        context["module_data"] = module_page_data(
            user=request.user,
            page=self,
            errors=kwargs.get("errors"),
            drafts=kwargs.get("drafts"),
        )
        return context


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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the reader can do with the assignment (hand in, ...) is offered by the apps above.
        context["actions"] = [
            action
            for provider in hooks.get_hooks(ASSIGNMENT_ACTIONS)
            for action in provider(request, self)
        ]
        context["parent_module"] = ModulePage.objects.filter(pk=self.get_parent().pk).first()
        context["for_leadership"] = is_for_leadership(self)
        return context


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


class ReflectionAnswer(models.Model):
    """One person's own answer to one reflection question of a module."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflection_answers",
        verbose_name=_("person"),
    )
    page = models.ForeignKey(
        ModulePage,
        on_delete=models.CASCADE,
        related_name="reflection_answers",
        verbose_name=_("module"),
    )
    # The StreamField block's own id, stable while the author edits the rest of the module.
    block_id = models.CharField(_("question"), max_length=64)
    text = models.TextField(_("answer"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reflection answer")
        verbose_name_plural = _("reflection answers")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "block_id"], name="one_reflection_per_person_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.page_id}/{self.block_id}"


class CheckAnswer(models.Model):
    """The option a person last chose in a multiple-choice check, and whether it was right."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="check_answers",
        verbose_name=_("person"),
    )
    page = models.ForeignKey(
        ModulePage, on_delete=models.CASCADE, related_name="check_answers", verbose_name=_("module")
    )
    block_id = models.CharField(_("question"), max_length=64)
    option = models.PositiveSmallIntegerField(_("chosen answer"))
    correct = models.BooleanField(_("correct"))
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("check answer")
        verbose_name_plural = _("check answers")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "block_id"], name="one_check_answer_per_person_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.page_id}/{self.block_id}: {self.option}"


class ModuleCompletion(models.Model):
    """A person has marked a module as read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="module_completions",
        verbose_name=_("person"),
    )
    module = models.ForeignKey(
        ModulePage, on_delete=models.CASCADE, related_name="completions", verbose_name=_("module")
    )
    completed_at = models.DateTimeField(_("marked as read"), auto_now_add=True)

    class Meta:
        verbose_name = _("module read")
        verbose_name_plural = _("modules read")
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="module_read_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.module_id}"
