"""Reads of mapping data. Every number a page or export shows passes through here."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import pandas as pd
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lms.models import Institution, Municipality, SchoolClass

from . import scoring, stored
from .models import Indicator, Level, MappingRound, SchoolRoundProfile, UnitScore

SCORE_FIELDS = ["score", "sd", "se", "ci_low", "ci_high"]
#: What `aggregates_frame` reads of each unit score.
STORED_COLUMNS = ["round", *scoring.AGGREGATE_COLUMNS[:12], "municipality_code", "school_code"]


def suppression_min_n() -> int:
    """Cells with fewer respondents are suppressed (the contract's "n < 5", a setting)."""
    return int(getattr(settings, "MAPPING_SUPPRESSION_MIN_N", 5))


def rounds() -> list[MappingRound]:
    return list(MappingRound.objects.select_related("imported_by").order_by("held_on", "label"))


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
    return aggregates_frame_of(pd.DataFrame(list(rows), columns=STORED_COLUMNS))


def aggregates_frame_of(frame: pd.DataFrame) -> pd.DataFrame:
    """`aggregates_frame` of rows at hand (STORED_COLUMNS, None where the database has NULL):
    the import computes profiles from the rows it stored without reading them back."""
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
    benchmark_kind: str = "programme"  # what "benchmark" is: the programme or the municipality

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
    if area.benchmark_kind == "programme":
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
    Read from the school's stored profile of the round (computed at import).
    """
    mapping_round = mapping_round or latest_round()
    if mapping_round is None:
        return []
    rows = _stored_weak_areas(institution, mapping_round, benchmark)
    indicators = Indicator.objects.in_bulk({row[0] for row in rows}, field_name="code")
    return list(_weak_areas_from_rows(rows, indicators, benchmark))


def _stored_weak_areas(
    institution: Institution, mapping_round: MappingRound, benchmark: str
) -> list[list]:
    """The stored weak-area rows of a school in a round (one query; computed when missing)."""
    if benchmark not in ("programme", "municipality"):
        raise ValueError(f"unknown benchmark {benchmark!r}")
    found = (
        SchoolRoundProfile.objects.filter(institution=institution, round=mapping_round)
        .values_list("municipality_id", "weak_areas")
        .first()
    )
    if found is None or found[0] != institution.municipality_id:
        return stored.school_round(institution, mapping_round).weak_areas[benchmark]
    return found[1][benchmark]


def _weak_areas_from_rows(
    rows: list[list], indicators: dict[str, Indicator], benchmark: str
) -> tuple[WeakArea, ...]:
    return tuple(
        WeakArea(
            indicator=indicators[code],
            respondent_group=group,
            subgroup=subgroup,
            kind=kind,
            score=score,
            benchmark=benchmark_score,
            gap=gap,
            benchmark_kind=benchmark,
        )
        for code, group, subgroup, kind, score, benchmark_score, gap in rows
    )


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


# --------------------------------------------------------------------------- profile pages
# View models for the profile pages and exports. Each page loads its unit scores in one query
# (plus rounds, indicators and, for a school, its weak areas), whatever the number of classes,
# schools or rounds, and arranges them here. Rows come through aggregates_frame, the public
# view, so a suppressed cell has no number to show.


#: Score bands of the profile pages, on the rounded score as it is shown: (lowest score, band).
SCORE_BANDS: tuple[tuple[int, str], ...] = ((525, "good"), (475, "middle"))
PROFILE_GROUPS: tuple[str, ...] = ("pupil", "parent", "staff", "leader")
_CellKey = tuple[str, str, str, str, str, str]  # round, level, unit, group, indicator, subgroup


def score_band(score: float | None) -> str | None:
    """``good`` (≥ 525), ``middle`` (475–524) or ``weak`` (< 475), judged on the shown number."""
    if score is None:
        return None
    shown = round(score)
    return next((band for lowest, band in SCORE_BANDS if shown >= lowest), "weak")


def band_label(band: str | None) -> str:
    labels = {"good": _("Good level"), "middle": _("Middle level"), "weak": _("Weak level")}
    return labels.get(band or "", "")


def suppressed_text() -> str:
    return _("Too few responses (n < %(min)s)") % {"min": suppression_min_n()}


def change_margin(se_a: float, se_b: float) -> float:
    """Half the 95% interval of a difference between two independent scores."""
    return 1.96 * (se_a**2 + se_b**2) ** 0.5


@dataclass(frozen=True)
class Cell:
    """One unit's public result in a round; no number at all when it is suppressed."""

    n: int
    suppressed: bool
    score: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    se: float | None = None

    @property
    def shown(self) -> int | None:
        return None if self.score is None else round(self.score)

    @property
    def interval(self) -> tuple[int, int] | None:
        if self.ci_low is None or self.ci_high is None:
            return None
        return round(self.ci_low), round(self.ci_high)

    @property
    def band(self) -> str | None:
        return score_band(self.score)

    @property
    def band_label(self) -> str:
        return band_label(self.band)


@dataclass(frozen=True)
class ProfileRow:
    """One indicator of a unit for one respondent group: the unit, its subgroups, comparisons."""

    indicator: Indicator
    cell: Cell | None
    girl: Cell | None
    boy: Cell | None
    benchmarks: tuple[Cell | None, ...]  # in the order of UnitProfile.benchmark_levels
    trend: tuple[Cell | None, ...]  # in the order of UnitProfile.trend_rounds

    @property
    def change(self) -> int | None:
        """Rounded change from the previous round shown to the last one, when both have scores."""
        if len(self.trend) < 2 or self.trend[-1] is None or self.trend[-2] is None:
            return None
        last, previous = self.trend[-1].score, self.trend[-2].score
        return None if last is None or previous is None else round(last - previous)

    @property
    def change_margin(self) -> int | None:
        """Half the 95% interval of the change (1.96 · √(se₁² + se₂²)), rounded: a change no
        larger than this may be chance."""
        if len(self.trend) < 2 or self.trend[-1] is None or self.trend[-2] is None:
            return None
        last, previous = self.trend[-1].se, self.trend[-2].se
        if last is None or previous is None:
            return None
        return round(change_margin(previous, last))

    @property
    def change_is_clear(self) -> bool | None:
        if self.change is None or self.change_margin is None:
            return None
        return abs(self.change) > self.change_margin

    @property
    def gender_gap_margin(self) -> int | None:
        """The uncertainty of the girls–boys difference, as for a change."""
        if self.girl is None or self.boy is None or None in (self.girl.se, self.boy.se):
            return None
        return round(change_margin(self.girl.se, self.boy.se))

    @property
    def gender_gap(self) -> int | None:
        """Girls minus boys, rounded, when both are shown."""
        if self.girl is None or self.boy is None or None in (self.girl.score, self.boy.score):
            return None
        return round(self.girl.score - self.boy.score)


@dataclass(frozen=True)
class ClassSummary:
    code: str
    pupils: int  # the largest n among the pupils' indicators in the round


@dataclass(frozen=True)
class UnitProfile:
    """What a school's or a class's profile page shows for one round and respondent group."""

    level: str
    unit_code: str
    mapping_round: MappingRound
    groups: tuple[str, ...]  # respondent groups with results for the unit in the round
    group: str | None
    rows: tuple[ProfileRow, ...]
    benchmark_levels: tuple[str, ...]
    trend_rounds: tuple[MappingRound, ...]
    classes: tuple[ClassSummary, ...] = ()
    weak_areas: tuple[WeakArea, ...] = ()

    @property
    def has_subgroups(self) -> bool:
        return any(row.girl is not None or row.boy is not None for row in self.rows)

    @property
    def has_trend(self) -> bool:
        return len(self.trend_rounds) > 1


def profile_indicators() -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


def institution_for_profile(*, number: str) -> Institution:
    """The school with its municipality; the caller checks permission on the result."""
    return Institution.objects.select_related("municipality").get(number=number)


def school_class_for_profile(*, number: str, class_code: str) -> SchoolClass:
    return SchoolClass.objects.select_related("institution__municipality").get(
        institution__number=number, code=class_code
    )


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _cell_index(frame: pd.DataFrame) -> dict[_CellKey, Cell]:
    cells: dict[_CellKey, Cell] = {}
    for row in frame.itertuples(index=False):
        key = (row.round, row.level, row.unit_code, row.respondent_group, row.indicator_code)
        if bool(row.suppressed):
            cell = Cell(n=int(row.n), suppressed=True)
        else:
            cell = Cell(
                n=int(row.n),
                suppressed=False,
                score=_number(row.score),
                ci_low=_number(row.ci_low),
                ci_high=_number(row.ci_high),
                se=_number(row.se),
            )
        cells[(*key, row.subgroup)] = cell
    return cells


def _cells_from(queryset: QuerySet) -> dict[_CellKey, Cell]:
    """`_cell_index(aggregates_frame(queryset))` without pandas: the same public view (a
    suppressed cell keeps its n only), read straight from the rows."""
    rows = queryset.values_list(
        "round__label", "level", "unit_code", "respondent_group", "indicator__code", "subgroup",
        "n", "suppressed", "score", "ci_low", "ci_high", "se",
    )  # fmt: skip
    cells: dict[_CellKey, Cell] = {}
    for *key, n, suppressed, score, ci_low, ci_high, se in rows:
        if suppressed:
            cells[tuple(key)] = Cell(n=int(n), suppressed=True)
        else:
            cells[tuple(key)] = Cell(
                n=int(n), suppressed=False, score=score, ci_low=ci_low, ci_high=ci_high, se=se
            )
    return cells


def _groups_present(
    cells: dict[_CellKey, Cell], round_label: str, level: str, unit: str
) -> tuple[str, ...]:
    present = {k[3] for k in cells if k[0] == round_label and k[1] == level and k[2] == unit}
    return tuple(group for group in PROFILE_GROUPS if group in present)


def _unit_profile(
    *,
    cells: dict[_CellKey, Cell],
    indicators: dict[str, Indicator],
    rounds: list[MappingRound],
    mapping_round: MappingRound,
    unit: tuple[str, str],
    benchmarks: tuple[tuple[str, str], ...],
    respondent_group: str | None,
    classes: tuple[ClassSummary, ...] = (),
    weak_areas: tuple[WeakArea, ...] = (),
) -> UnitProfile:
    level, code = unit
    label = mapping_round.label
    groups = _groups_present(cells, label, level, code)
    group = respondent_group if respondent_group in groups else (groups[0] if groups else None)
    units = {unit, *benchmarks}
    shown = {k[4] for k in cells if k[0] == label and k[3] == group and (k[1], k[2]) in units}
    trend_rounds = tuple(
        r for r in rounds if any(k[:4] == (r.label, level, code, group) for k in cells)
    )
    rows = tuple(
        ProfileRow(
            indicator=indicator,
            cell=cells.get((label, level, code, group, indicator.code, "all")),
            girl=cells.get((label, level, code, group, indicator.code, "girl")),
            boy=cells.get((label, level, code, group, indicator.code, "boy")),
            benchmarks=tuple(
                cells.get((label, b_level, b_code, group, indicator.code, "all"))
                for b_level, b_code in benchmarks
            ),
            trend=tuple(
                cells.get((r.label, level, code, group, indicator.code, "all"))
                for r in trend_rounds
            ),
        )
        for indicator in indicators.values()
        if indicator.code in shown
    )
    return UnitProfile(
        level=level,
        unit_code=code,
        mapping_round=mapping_round,
        groups=groups,
        group=group,
        rows=rows,
        benchmark_levels=tuple(b_level for b_level, _code in benchmarks),
        trend_rounds=trend_rounds,
        classes=classes,
        weak_areas=weak_areas,
    )


def school_weak_areas(
    *,
    institution: Institution,
    mapping_round: MappingRound,
    benchmark: str,
    indicators: dict[str, Indicator],
) -> tuple[WeakArea, ...]:
    """As weak_areas_for_school, reusing indicators already loaded (one query, always)."""
    rows = _stored_weak_areas(institution, mapping_round, benchmark)
    return _weak_areas_from_rows(rows, indicators, benchmark)


def _stored_profiles(
    institution: Institution, rounds: list[MappingRound]
) -> dict[int, SchoolRoundProfile]:
    """The school's stored profile of each round (one query; any missing is computed)."""
    found = {
        profile.round_id: profile
        for profile in SchoolRoundProfile.objects.filter(
            institution=institution, round__in=[r.pk for r in rounds]
        ).defer("weak_areas")
    }
    for mapping_round in rounds:
        profile = found.get(mapping_round.pk)
        if profile is None or profile.municipality_id != institution.municipality_id:
            found[mapping_round.pk] = stored.school_round(institution, mapping_round)
    return found


def _stored_cells(
    profiles: dict[int, SchoolRoundProfile], rounds: list[MappingRound]
) -> dict[_CellKey, Cell]:
    cells: dict[_CellKey, Cell] = {}
    for mapping_round in rounds:
        label = mapping_round.label
        for level, unit, group, code, subgroup, n, suppressed, *numbers in profiles[
            mapping_round.pk
        ].cells:
            if suppressed:
                cell = Cell(n=n, suppressed=True)
            else:
                score, ci_low, ci_high, se = numbers
                cell = Cell(
                    n=n, suppressed=False, score=score, ci_low=ci_low, ci_high=ci_high, se=se
                )
            cells[(label, level, unit, group, code, subgroup)] = cell
    return cells


def school_profile(
    *,
    institution: Institution,
    mapping_round: MappingRound,
    rounds: list[MappingRound],
    respondent_group: str | None = None,
    benchmark: str = "programme",
) -> UnitProfile:
    """A school's profile: every round for trends, its classes in the round, its weak areas.

    Three queries whatever the data size: the school's stored profile of every round (computed
    at import), indicators, weak areas (and the caller's rounds). No pandas.
    """
    all_rounds = _with_round(rounds, mapping_round)
    profiles = _stored_profiles(institution, all_rounds)
    indicators = profile_indicators()
    return _unit_profile(
        cells=_stored_cells(profiles, all_rounds),
        indicators=indicators,
        rounds=rounds,
        mapping_round=mapping_round,
        unit=("school", institution.number),
        benchmarks=(
            ("municipality", institution.municipality.code),
            ("programme", "programme"),
        ),
        respondent_group=respondent_group,
        classes=tuple(
            ClassSummary(code, pupils) for code, pupils in profiles[mapping_round.pk].classes
        ),
        weak_areas=school_weak_areas(
            institution=institution,
            mapping_round=mapping_round,
            benchmark=benchmark,
            indicators=indicators,
        ),
    )


def _with_round(rounds: list[MappingRound], mapping_round: MappingRound) -> list[MappingRound]:
    if any(r.pk == mapping_round.pk for r in rounds):
        return list(rounds)
    return [*rounds, mapping_round]


def school_profiles(
    *,
    institution: Institution,
    mapping_round: MappingRound,
    rounds: list[MappingRound],
    benchmark: str = "programme",
) -> list[UnitProfile]:
    """The school's whole profile: one UnitProfile per respondent group with results, with
    trends over `rounds` and the round's weak areas. Three queries whatever the data size."""
    all_rounds = _with_round(rounds, mapping_round)
    profiles = _stored_profiles(institution, all_rounds)
    cells = _stored_cells(profiles, rounds)
    indicators = profile_indicators()
    weak_areas = school_weak_areas(
        institution=institution,
        mapping_round=mapping_round,
        benchmark=benchmark,
        indicators=indicators,
    )
    unit = ("school", institution.number)
    return [
        _unit_profile(
            cells=cells,
            indicators=indicators,
            rounds=rounds,
            mapping_round=mapping_round,
            unit=unit,
            benchmarks=(
                ("municipality", institution.municipality.code),
                ("programme", "programme"),
            ),
            respondent_group=group,
            weak_areas=weak_areas,
        )
        for group in _groups_present(cells, mapping_round.label, *unit)
    ]


def class_profile(
    *,
    school_class: SchoolClass,
    mapping_round: MappingRound,
    rounds: list[MappingRound],
    respondent_group: str | None = None,
) -> UnitProfile:
    """A class's profile against its school and the programme (two queries)."""
    institution = school_class.institution
    unit_code = f"{institution.number}/{school_class.code}"
    scores = UnitScore.objects.filter(
        Q(level="class", institution=institution, unit_code=unit_code)
        | Q(level="school", institution=institution)
        | Q(level="programme", round__in=rounds)
    )
    return _unit_profile(
        cells=_cells_from(scores),
        indicators=profile_indicators(),
        rounds=rounds,
        mapping_round=mapping_round,
        unit=("class", unit_code),
        benchmarks=(("school", institution.number), ("programme", "programme")),
        respondent_group=respondent_group,
    )


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    code: str
    level: str
    cells: tuple[Cell | None, ...]  # in the order of MunicipalityProfile.indicators
    weak_areas: tuple[WeakArea, ...] = ()  # a school's own, for the respondent group shown


@dataclass(frozen=True)
class MunicipalityProfile:
    municipality: Municipality
    mapping_round: MappingRound
    groups: tuple[str, ...]
    group: str | None
    indicators: tuple[Indicator, ...]
    schools: tuple[ComparisonRow, ...]
    summary: tuple[ComparisonRow, ...]  # the municipality and the programme


def municipality_profile(
    *,
    municipality: Municipality,
    mapping_round: MappingRound,
    respondent_group: str | None = None,
) -> MunicipalityProfile:
    """The municipality's schools side by side in one round, each with its own weak areas
    (three queries). Scores and intervals only: the comparison labels no school's level, as
    the mapping is for development, not control."""
    scores = UnitScore.objects.filter(round=mapping_round).filter(
        Q(level__in=["school", "municipality"], municipality=municipality) | Q(level="programme")
    )
    cells = _cells_from(scores)
    label = mapping_round.label
    groups = _groups_present(cells, label, "municipality", municipality.code)
    group = respondent_group if respondent_group in groups else (groups[0] if groups else None)
    codes = {k[4] for k in cells if k[3] == group}
    all_indicators = profile_indicators()
    indicators = tuple(i for i in all_indicators.values() if i.code in codes)
    school_codes = {k[2] for k in cells if k[1] == "school"}
    names, weak_rows = _schools_with_weak_areas(school_codes, mapping_round)

    def row(level: str, code: str, name: str, weak=()) -> ComparisonRow:
        values = tuple(cells.get((label, level, code, group, i.code, "all")) for i in indicators)
        return ComparisonRow(label=name, code=code, level=level, cells=values, weak_areas=weak)

    def own_weak_areas(code: str) -> tuple[WeakArea, ...]:
        areas = _weak_areas_from_rows(weak_rows.get(code, []), all_indicators, "programme")
        return tuple(a for a in areas if a.respondent_group == group)

    schools = tuple(
        row("school", code, names.get(code, code), own_weak_areas(code))
        for code in sorted(school_codes, key=lambda c: (names.get(c, c), c))
    )
    summary = (
        row("municipality", municipality.code, municipality.name),
        row("programme", "programme", str(_("The programme"))),
    )
    return MunicipalityProfile(
        municipality=municipality,
        mapping_round=mapping_round,
        groups=groups,
        group=group,
        indicators=indicators,
        schools=schools,
        summary=summary,
    )


def _schools_with_weak_areas(
    numbers: set[str], mapping_round: MappingRound
) -> tuple[dict[str, str], dict[str, list[list]]]:
    """The schools' names and stored weak areas against the programme in the round, by number:
    one query (a school without a stored profile has it computed)."""
    found = SchoolRoundProfile.objects.filter(
        round=mapping_round, institution__number__in=numbers
    ).select_related("institution")
    names: dict[str, str] = {}
    rows: dict[str, list[list]] = {}
    for profile in found:
        school = profile.institution
        if profile.municipality_id == school.municipality_id:
            names[school.number] = school.name
            rows[school.number] = profile.weak_areas["programme"]
    missing = numbers - rows.keys()
    if missing:
        for school in Institution.objects.filter(number__in=missing).select_related("municipality"):
            names[school.number] = school.name
            rows[school.number] = stored.school_round(school, mapping_round).weak_areas["programme"]
    return names, rows


def municipality_for_profile(*, code: str) -> Municipality:
    return Municipality.objects.get(code=code)


@dataclass(frozen=True)
class MunicipalitySummary:
    code: str
    name: str
    schools: int


def municipalities_in_round(*, mapping_round: MappingRound) -> list[MunicipalitySummary]:
    """Municipalities with results in the round and how many of their schools took part."""
    rows = (
        UnitScore.objects.filter(round=mapping_round, level="school", subgroup="all")
        .values("municipality__code", "municipality__name")
        .annotate(schools=Count("unit_code", distinct=True))
        .order_by("municipality__name", "municipality__code")
    )
    return [
        MunicipalitySummary(r["municipality__code"], r["municipality__name"], r["schools"])
        for r in rows
    ]


def programme_results(*, mapping_round: MappingRound) -> list[tuple[Indicator, list[Cell | None]]]:
    """The programme's score per indicator (rows) and respondent group (PROFILE_GROUPS)."""
    scores = UnitScore.objects.filter(round=mapping_round, level="programme", subgroup="all")
    cells = _cells_from(scores)
    label = mapping_round.label
    table = []
    for indicator in profile_indicators().values():
        values = [
            cells.get((label, "programme", "programme", g, indicator.code, "all"))
            for g in PROFILE_GROUPS
        ]
        if any(values):
            table.append((indicator, values))
    return table


def school_export_frame(*, institution: Institution, mapping_round: MappingRound) -> pd.DataFrame:
    """The school's and its classes' rows in the export_profiles contract's order (public view)."""
    scores = UnitScore.objects.filter(
        round=mapping_round, institution=institution, level__in=["school", "class"]
    )
    return scoring.sort_aggregates(aggregates_frame(scores)).reset_index(drop=True)


# --------------------------------------------------------------------------- the door to the scores
# Other apps read unit scores through these functions, never through UnitScore: each costs one
# query whatever it finds, and a suppressed cell comes back as a Cell with its n only.

_CELL_FIELDS = ("n", "suppressed", "score", "ci_low", "ci_high", "se")


def _public_cell(n, suppressed, score, ci_low, ci_high, se) -> Cell:
    if suppressed:
        return Cell(n=int(n), suppressed=True)
    return Cell(n=int(n), suppressed=False, score=score, ci_low=ci_low, ci_high=ci_high, se=se)


def _among(queryset: QuerySet, **choices: Iterable | None) -> QuerySet:
    """Keep rows whose field is one of the values given; None leaves the field free."""
    for name, values in choices.items():
        if values is not None:
            queryset = queryset.filter(**{f"{name}__in": list(values)})
    return queryset


@dataclass(frozen=True)
class SchoolCell:
    """A school's own public result for one round, indicator, respondent group and subgroup."""

    institution_id: int
    institution_name: str
    round_id: int
    indicator_id: int
    respondent_group: str
    subgroup: str
    cell: Cell


def school_cells(
    *,
    institution_ids: Collection[int],
    indicator_ids: Collection[int] | None = None,
    round_ids: Collection[int] | None = None,
    respondent_groups: Collection[str] | None = None,
    subgroups: Collection[str] | None = None,
) -> list[SchoolCell]:
    """The schools' own cells (school level), by school name, round, indicator, group, subgroup.

    One query. ``None`` for a filter means every value; a suppressed cell carries no number.
    """
    if not institution_ids:
        return []
    rows = _among(
        UnitScore.objects.filter(level=Level.SCHOOL, institution_id__in=list(institution_ids)),
        indicator_id=indicator_ids,
        round_id=round_ids,
        respondent_group=respondent_groups,
        subgroup=subgroups,
    ).order_by(
        "institution__name", "institution_id", "round__held_on", "round__label",
        "indicator_id", "respondent_group", "subgroup",
    )  # fmt: skip
    values = rows.values_list(
        "institution_id", "institution__name", "round_id", "indicator_id", "respondent_group",
        "subgroup", *_CELL_FIELDS,
    )  # fmt: skip
    return [SchoolCell(*row[:6], cell=_public_cell(*row[6:])) for row in values]


@dataclass(frozen=True)
class ClassCell:
    """A class's own public result (class level) for one round, indicator and group."""

    class_id: int
    class_code: str
    institution_name: str
    round_id: int
    indicator_id: int
    respondent_group: str
    cell: Cell


def class_cells(
    *,
    class_ids: Collection[int],
    indicator_ids: Collection[int] | None = None,
    round_ids: Collection[int] | None = None,
    respondent_groups: Collection[str] | None = None,
) -> list[ClassCell]:
    """The classes' own cells (all pupils, no subgroups), by class code. One query; a
    suppressed cell carries no number, as every cell read through this door."""
    if not class_ids:
        return []
    rows = _among(
        UnitScore.objects.filter(
            level=Level.CLASS, school_class_id__in=list(class_ids), subgroup="all"
        ),
        indicator_id=indicator_ids,
        round_id=round_ids,
        respondent_group=respondent_groups,
    ).order_by("school_class__grade", "school_class__code", "indicator_id", "respondent_group")
    values = rows.values_list(
        "school_class_id", "school_class__code", "institution__name", "round_id",
        "indicator_id", "respondent_group", *_CELL_FIELDS,
    )  # fmt: skip
    return [ClassCell(*row[:6], cell=_public_cell(*row[6:])) for row in values]


def programme_cells(
    *,
    round_ids: Collection[int],
    indicator_ids: Collection[int] | None = None,
    respondent_groups: Collection[str] | None = None,
    subgroups: Collection[str] | None = ("all",),
) -> dict[tuple[int, int, str, str], Cell]:
    """The programme's cells keyed by (round id, indicator id, respondent group, subgroup).

    One query; ``subgroups=None`` gives girls and boys too.
    """
    if not round_ids:
        return {}
    rows = _among(
        UnitScore.objects.filter(level=Level.PROGRAMME, round_id__in=list(round_ids)),
        indicator_id=indicator_ids,
        respondent_group=respondent_groups,
        subgroup=subgroups,
    ).values_list("round_id", "indicator_id", "respondent_group", "subgroup", *_CELL_FIELDS)
    return {tuple(row[:4]): _public_cell(*row[4:]) for row in rows}


def school_has_results(*, institution_id: int, mapping_round: MappingRound | int) -> bool:
    """Whether the school took part in the round (it has cells, shown or suppressed)."""
    return UnitScore.objects.filter(
        round=mapping_round, level=Level.SCHOOL, institution_id=institution_id
    ).exists()


def indicators() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("code")


def indicator_by_code(code: str) -> Indicator | None:
    return Indicator.objects.filter(code=code).first()
