"""Mapping rounds, indicators, the scale's parameters and the aggregated unit scores.

No respondent-level data is stored: aggregates keep each unit's raw mean and SD, which is all a
re-scoring against new reference parameters needs (the 500 scale is linear in the raw score).
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

RESPONDENT_GROUPS = ["pupil", "parent", "staff", "leader"]


#: A round label: letters, digits, spaces, "." "_" "-", starting with a letter or a digit. It
#: names sheets and files of exports, so nothing a spreadsheet reads as a formula (= + - @) and
#: none of the characters a sheet name may not hold (/ \ ? * [ ] :).
ROUND_LABEL_PATTERN = re.compile(r"[^\W_][\w .-]{0,19}")


def round_label_problem(label: str) -> str:
    """Why a round label is refused, or "" when it is fine."""
    if not label:
        return str(_("A round label such as T1 is required."))
    if len(label) > 20:
        return str(_("A round label has at most 20 characters."))
    if not ROUND_LABEL_PATTERN.fullmatch(label):
        return str(
            _(
                "A round label starts with a letter or a digit and holds only letters, digits, "
                "spaces, full stops, hyphens and underscores (e.g. T1 or 2025-T3)."
            )
        )
    return ""


def validate_round_label(label: str) -> None:
    problem = round_label_problem(label)
    if problem:
        raise ValidationError(problem, code="round_label")


class RespondentGroup(models.TextChoices):
    PUPIL = "pupil", _("pupils")
    PARENT = "parent", _("parents")
    STAFF = "staff", _("staff")
    LEADER = "leader", _("leaders")


class Subgroup(models.TextChoices):
    ALL = "all", _("all")
    GIRL = "girl", _("girls")
    BOY = "boy", _("boys")


class Level(models.TextChoices):
    CLASS = "class", _("class")
    SCHOOL = "school", _("school")
    MUNICIPALITY = "municipality", _("municipality")
    PROGRAMME = "programme", _("programme")


@register_snippet
class Indicator(models.Model):
    """A quality indicator of the mapping, e.g. "Faglig trivsel"; authors tag packages with it."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name_da = models.CharField(_("Danish name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name_da"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "da").startswith("en") and self.name_en:
            return self.name_en
        return self.name_da


class MappingRound(models.Model):
    label = models.CharField(
        _("round"),
        max_length=20,
        unique=True,
        help_text=_("e.g. T1"),
        validators=[validate_round_label],
    )
    held_on = models.DateField(_("date"), null=True, blank=True)
    is_reference = models.BooleanField(_("reference round"), default=False)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    respondent_count = models.PositiveIntegerField(_("respondents"), default=0)
    answer_count = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("mapping round")
        verbose_name_plural = _("mapping rounds")
        ordering = ["held_on", "label"]

    def __str__(self) -> str:
        return self.label


class Item(models.Model):
    """A survey item as defined in one round (items may change between rounds)."""

    round = models.ForeignKey(MappingRound, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("item code"), max_length=50)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="items")
    respondent_group = models.CharField(max_length=10, choices=RespondentGroup)
    reverse = models.BooleanField(default=False)
    min_value = models.SmallIntegerField()
    max_value = models.SmallIntegerField()
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="item_code_per_round")
        ]

    def __str__(self) -> str:
        return self.code


class ScaleParameter(models.Model):
    """The reference round's mean and SD of raw scores per indicator and respondent group."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    respondent_group = models.CharField(max_length=10, choices=RespondentGroup)
    source_round = models.ForeignKey(MappingRound, on_delete=models.CASCADE, related_name="+")
    mean = models.FloatField()
    sd = models.FloatField()
    n = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("scale parameter")
        verbose_name_plural = _("scale parameters")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "respondent_group"], name="one_scale_per_indicator_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.respondent_group}: {self.mean:.4f} ± {self.sd:.4f}"


class UnitScore(models.Model):
    """One unit's result for one round, respondent group, indicator and subgroup."""

    # No index of their own for round, municipality and institution: the unique constraint's
    # and the indexes below lead with them, and every index costs the import's 100,000 rows.
    round = models.ForeignKey(
        MappingRound, on_delete=models.CASCADE, related_name="scores", db_index=False
    )
    level = models.CharField(max_length=12, choices=Level)
    unit_code = models.CharField(max_length=40)
    municipality = models.ForeignKey(
        "lms.Municipality", on_delete=models.CASCADE, null=True, related_name="+", db_index=False
    )
    institution = models.ForeignKey(
        "lms.Institution", on_delete=models.CASCADE, null=True, related_name="+", db_index=False
    )
    school_class = models.ForeignKey(
        "lms.SchoolClass", on_delete=models.CASCADE, null=True, related_name="+"
    )
    respondent_group = models.CharField(max_length=10, choices=RespondentGroup)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    subgroup = models.CharField(max_length=4, choices=Subgroup)
    n = models.PositiveIntegerField()
    # A suppressed cell (n below the threshold) stores its n only: no number exists to leak.
    raw_mean = models.FloatField(null=True)
    raw_sd = models.FloatField(null=True)
    score = models.FloatField(null=True)
    sd = models.FloatField(null=True)
    se = models.FloatField(null=True)
    ci_low = models.FloatField(null=True)
    ci_high = models.FloatField(null=True)
    suppressed = models.BooleanField()

    class Meta:
        verbose_name = _("unit score")
        verbose_name_plural = _("unit scores")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "level", "unit_code", "respondent_group", "indicator", "subgroup"],
                name="one_score_per_unit_cell",
            )
        ]
        indexes = [
            models.Index(fields=["round", "level", "institution"]),
            models.Index(fields=["institution", "level"]),
            models.Index(fields=["municipality", "level"]),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.unit_code} {self.indicator_id} {self.subgroup}"


class SchoolRoundProfile(models.Model):
    """What a school's profile shows of one round, computed when the round is stored.

    The profile pages read these instead of aggregating unit scores with pandas on every
    request: the school's own, its municipality's and the programme's public cells of the round
    (suppressed cells keep their n only, as in the public view), its classes with their pupils,
    and its weak areas against both benchmarks. The import (and a re-import, a new reference
    round, ``refresh_school_profiles``) writes them; a unit score saved by other means removes
    the round's rows, and a page missing one computes and stores it.
    """

    round = models.ForeignKey(MappingRound, on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey("lms.Institution", on_delete=models.CASCADE, related_name="+")
    # The municipality whose cells the row holds: a school that moved is computed again.
    municipality = models.ForeignKey(
        "lms.Municipality", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # [level, unit_code, respondent_group, indicator_code, subgroup, n, suppressed,
    #  score, ci_low, ci_high, se], numbers None when suppressed.
    cells = models.JSONField(default=list)
    # [[class code, pupils]] in the profile's order.
    classes = models.JSONField(default=list)
    # {"programme": [...], "municipality": [...]}, each [indicator_code, respondent_group,
    #  subgroup, kind, score, benchmark, gap], largest gap first.
    weak_areas = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("school profile of a round")
        verbose_name_plural = _("school profiles of rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "round"], name="one_profile_per_school_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.institution_id}"


class MappingImport(models.Model):
    """One import run, so the web UI and the CLI can follow its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        PREVIEW = "preview", _("waiting for confirmation")
        SUCCEEDED = "succeeded", _("imported")
        FAILED = "failed", _("refused")
        # The worker stopped (killed, out of memory, machine lost) before it finished.
        INTERRUPTED = "interrupted", _("interrupted")
        CANCELLED = "cancelled", _("cancelled")

    class Stage(models.TextChoices):
        WAITING = "waiting", _("waiting")
        PARSING = "parsing", _("reading the files")
        PARSED = "parsed", _("parsed")
        VALIDATED = "validated", _("validated")
        SCORED = "scored", _("scored")
        STORED = "stored", _("stored")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round_label = models.CharField(_("round"), max_length=20)
    held_on = models.DateField(_("date"), null=True, blank=True)
    as_reference = models.BooleanField(_("reference round"), default=False)
    replace = models.BooleanField(_("replace an existing round"), default=False)
    source_dir = models.CharField(max_length=500)
    status = models.CharField(max_length=12, choices=Status, default=Status.QUEUED)
    stage = models.CharField(max_length=10, choices=Stage, default=Stage.WAITING)
    progress = models.PositiveSmallIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    # The web asks first: the job stops at a preview of `changes` until an administrator
    # confirms it; the command line (run by the server's operator) stores at once.
    confirm_first = models.BooleanField(default=False)
    changes = models.JSONField(default=dict, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written every few seconds by the worker running the job: a job running without a recent
    # heartbeat was interrupted (see imports.mapping_imports_mark_interrupted).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("mapping import")
        verbose_name_plural = _("mapping imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.round_label} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {
            self.Status.SUCCEEDED,
            self.Status.FAILED,
            self.Status.INTERRUPTED,
            self.Status.CANCELLED,
        }

    @property
    def is_waiting(self) -> bool:
        """Stopped at the preview, for an administrator to confirm or cancel."""
        return self.status == self.Status.PREVIEW
