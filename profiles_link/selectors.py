"""Reads of mapping data. Every number a page or export shows passes through here."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lms.models import Institution

from . import scoring
from .models import Indicator, MappingRound, UnitScore

SCORE_FIELDS = ["score", "sd", "se", "ci_low", "ci_high"]


def rounds() -> list[MappingRound]:
    return list(MappingRound.objects.order_by("held_on", "label"))


def latest_round() -> MappingRound | None:
    return MappingRound.objects.order_by("-held_on", "-label").first()


def round_by_label(label: str) -> MappingRound | None:
    return MappingRound.objects.filter(label=label).first()


def unit_scores(*, mapping_round: MappingRound | None = None, level: str | None = None) -> QuerySet:
    qs = UnitScore.objects.select_related("indicator", "round")
    if mapping_round is not None:
        qs = qs.filter(round=mapping_round)
    if level is not None:
        qs = qs.filter(level=level)
    return qs


def aggregates_frame(queryset: QuerySet) -> pd.DataFrame:
    """UnitScore rows as the scoring module's aggregate frame; suppressed rows carry no numbers."""
    rows = queryset.values_list(
        "round__label", "level", "unit_code", "respondent_group", "indicator__code", "subgroup",
        "n", "score", "sd", "se", "ci_low", "ci_high", "suppressed",
        "municipality__code", "institution__number",
    )  # fmt: skip
    frame = pd.DataFrame(
        list(rows),
        columns=["round", *scoring.AGGREGATE_COLUMNS[:12], "municipality_code", "school_code"],
    )
    frame[["municipality_code", "school_code"]] = frame[
        ["municipality_code", "school_code"]
    ].fillna("")
    for column in SCORE_FIELDS:
        frame[column] = frame[column].astype("float64")
    return scoring.public_view(frame)


def profile_export_frame(*, mapping_round: MappingRound, level: str) -> pd.DataFrame:
    """The export_profiles contract's rows for one round and level."""
    queryset = UnitScore.objects.filter(round=mapping_round, level=level).order_by(
        "unit_code", "respondent_group", "indicator__code", "subgroup"
    )
    frame = aggregates_frame(queryset)
    frame = scoring.sort_aggregates(frame)
    return frame


def _relevant_for_school(mapping_round: MappingRound, institution: Institution) -> QuerySet:
    return UnitScore.objects.filter(round=mapping_round).filter(
        Q(level="school", institution=institution)
        | Q(level="municipality", municipality_id=institution.municipality_id)
        | Q(level="programme")
    )


@dataclass(frozen=True)
class WeakArea:
    indicator: Indicator
    respondent_group: str
    subgroup: str
    kind: str  # "below_benchmark" or "subgroup_gap"
    score: float
    benchmark: float
    gap: float

    @property
    def explanation(self) -> str:
        return weak_area_explanation(self)


def weak_area_explanation(area: WeakArea) -> str:
    """A short Danish sentence saying why the area is flagged."""
    values = {"gap": f"{area.gap:.0f}", "indicator": area.indicator.name}
    if area.kind == "subgroup_gap":
        if area.subgroup == "boy":
            return _("The boys score %(gap)s points below the girls on %(indicator)s.") % values
        return _("The girls score %(gap)s points below the boys on %(indicator)s.") % values
    subject = {
        "pupil": _("The pupils"),
        "parent": _("The parents"),
        "staff": _("The staff"),
        "leader": _("The leaders"),
    }[area.respondent_group]
    values["subject"] = subject
    if area.benchmark == 500.0:
        return _("%(subject)s score %(gap)s points below the programme on %(indicator)s.") % values
    return _("%(subject)s score %(gap)s points below the municipality on %(indicator)s.") % values


def weak_areas_for_school(
    *,
    institution: Institution,
    mapping_round: MappingRound | None = None,
    benchmark: str = "programme",
) -> list[WeakArea]:
    """A school's weak areas in a round (latest by default), largest gap first.

    Other apps (the competence-package catalogue) call this to recommend against weak areas.
    """
    mapping_round = mapping_round or latest_round()
    if mapping_round is None:
        return []
    frame = weak_areas_frame(
        mapping_round=mapping_round, institution=institution, benchmark=benchmark
    )
    indicators = Indicator.objects.in_bulk(frame["indicator_code"].unique(), field_name="code")
    return [
        WeakArea(
            indicator=indicators[row.indicator_code],
            respondent_group=row.respondent_group,
            subgroup=row.subgroup,
            kind=row.kind,
            score=float(row.score),
            benchmark=float(row.benchmark),
            gap=float(row.gap),
        )
        for row in frame.itertuples(index=False)
    ]


def weak_areas_frame(
    *, mapping_round: MappingRound, institution: Institution, benchmark: str = "programme"
) -> pd.DataFrame:
    """The export_weak_areas contract's rows."""
    aggregates = aggregates_frame(_relevant_for_school(mapping_round, institution))
    return scoring.weak_areas(
        aggregates,
        institution.number,
        benchmark=benchmark,
        municipality_code=institution.municipality.code,
    )
