"""Which competence packages answer a school's weak areas, and why. Pure ranking plus one loader.

A package's score is the sum, over the school's weak areas, of the area's gap times the weight
(1–3) the package gives the area's indicator; a package that does not target the indicator adds
nothing for that area. Packages are ranked by score, largest first, ties by title; packages that
answer no weak area come last, in title order and without reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from profiles_link.api import RespondentGroup, WeakArea
from profiles_link.selectors import weak_areas_for_school

from . import selectors


@dataclass(frozen=True)
class Reason:
    """One weak area a package answers, and what it adds to the package's score."""

    area: WeakArea
    weight: int

    @property
    def points(self) -> float:
        return self.area.gap * self.weight

    @property
    def text(self) -> str:
        return reason_text(self.area)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Recommendation:
    package: object
    score: float
    reasons: tuple[Reason, ...] = field(default=())

    @property
    def answers_weak_areas(self) -> bool:
        return bool(self.reasons)


def reason_text(area: WeakArea) -> str:
    """E.g. "Targets Klasseledelse, where your pupils score 31 points below the programme"."""
    values = {"indicator": area.indicator.name, "gap": f"{area.gap:.0f}"}
    if area.kind == "subgroup_gap":
        if area.subgroup == "boy":
            return (
                _("Targets %(indicator)s, where your boys score %(gap)s points below your girls")
                % values
            )
        return (
            _("Targets %(indicator)s, where your girls score %(gap)s points below your boys")
            % values
        )
    values["group"] = RespondentGroup(area.respondent_group).label
    if area.benchmark_kind == "municipality":
        return (
            _(
                "Targets %(indicator)s, where your %(group)s score %(gap)s points below the municipality"
            )
            % values
        )
    return (
        _("Targets %(indicator)s, where your %(group)s score %(gap)s points below the programme")
        % values
    )


def rank_packages(
    packages: Iterable[object],
    weights: Mapping[int, Mapping[int, int]],
    weak_areas: Sequence[WeakArea],
) -> list[Recommendation]:
    """Rank `packages` against `weak_areas`.

    `weights` maps a package's pk to {indicator pk: weight}. Nothing here touches the database
    beyond attributes already loaded (package.pk, package.title, area.indicator.pk).
    """
    ranked: list[Recommendation] = []
    for package in packages:
        targeted = weights.get(package.pk, {})
        reasons = tuple(
            Reason(area=area, weight=targeted[area.indicator.pk])
            for area in weak_areas
            if area.indicator.pk in targeted
        )
        reasons = tuple(sorted(reasons, key=lambda r: -r.points))
        ranked.append(
            Recommendation(package=package, score=sum(r.points for r in reasons), reasons=reasons)
        )
    answering = sorted(
        (r for r in ranked if r.reasons), key=lambda r: (-r.score, r.package.title.casefold())
    )
    others = sorted((r for r in ranked if not r.reasons), key=lambda r: r.package.title.casefold())
    return answering + others


def recommendations_for_school(
    *, institution, mapping_round=None
) -> tuple[list[WeakArea], list[Recommendation]]:
    """The school's weak areas in the round (latest by default) and the ranked live packages."""
    weak_areas = weak_areas_for_school(institution=institution, mapping_round=mapping_round)
    packages, weights = selectors.live_packages_with_weights()
    return weak_areas, rank_packages(packages, weights, weak_areas)
