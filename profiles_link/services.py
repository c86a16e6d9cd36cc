"""Importing a mapping round: validate, score, and store everything or nothing."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils.translation import gettext as _

from lms.errors import Problem, ServiceError
from lms.models import Institution, Municipality, SchoolClass

from . import scoring
from .models import Indicator, Item, MappingRound, ScaleParameter, UnitScore
from .parsing import MappingValidationError, RoundData, read_round
from .selectors import suppression_min_n

ProgressCallback = Callable[[str, int], None]
BATCH_SIZE = 5000


class MappingImportError(ServiceError):
    """The import was refused: the service's one error, whose problems are the parser's
    `file:line: column: reason` lines. The parser lists the first 1000 problems; `total`
    counts them all."""

    def __init__(self, *problems: Problem | str, total: int = 0) -> None:
        super().__init__(*problems)
        self.total = max(total, len(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.messages[:50])


def mapping_round_import(
    *,
    source: str | Path | Mapping[str, bytes],
    round_label: str,
    held_on: date | None = None,
    as_reference: bool = False,
    replace: bool = False,
    user=None,
    progress: ProgressCallback | None = None,
) -> MappingRound:
    """Import one round. Raises MappingImportError (a ServiceError), leaving the database as
    it was."""
    report = progress or (lambda stage, percent: None)
    round_label = round_label.strip()
    _check_round_label(round_label, replace)
    report("parsing", 5)
    try:
        data = read_round(source)
    except MappingValidationError as exc:
        raise MappingImportError(*(str(p) for p in exc.problems), total=exc.total) from exc
    report("validated", 40)
    raw = scoring.respondent_raw_scores(data)
    params, is_reference = _scale_for(raw, round_label, as_reference)
    scores = scoring.score500(raw, params)
    aggregates = scoring.unit_aggregates(scores, data.respondents, suppression_min_n())
    report("scored", 65)
    mapping_round = _store(
        data=data,
        aggregates=aggregates,
        params=params,
        round_label=round_label,
        held_on=held_on,
        is_reference=is_reference,
        replace=replace,
        user=user,
    )
    report("stored", 100)
    return mapping_round


def _check_round_label(round_label: str, replace: bool) -> None:
    if not round_label or len(round_label) > 20:
        raise MappingImportError(
            Problem(_("--round: a round label such as T1 is required."), "round_label")
        )
    if not replace and MappingRound.objects.filter(label=round_label).exists():
        raise MappingImportError(
            Problem(
                _("Round %(label)s exists already; ask to replace it.") % {"label": round_label},
                "round_label",
            )
        )


def _stored_scale() -> pd.DataFrame:
    rows = ScaleParameter.objects.values_list(
        "indicator__code", "respondent_group", "mean", "sd", "n"
    )
    return pd.DataFrame(
        list(rows), columns=["indicator_code", "respondent_group", "mean", "sd", "n"]
    )


def _scale_for(raw: pd.DataFrame, round_label: str, as_reference: bool):
    """The reference round's μ, σ; the first round (or one marked so) becomes the reference."""
    reference = MappingRound.objects.filter(is_reference=True).first()
    if as_reference or reference is None or reference.label == round_label:
        return scoring.reference_parameters(raw), True
    stored = _stored_scale()
    own = scoring.reference_parameters(raw)
    # An indicator the reference round did not have gets its scale from the first round with it.
    known = pd.MultiIndex.from_frame(stored[["indicator_code", "respondent_group"]])
    missing = ~pd.MultiIndex.from_frame(own[["indicator_code", "respondent_group"]]).isin(known)
    return pd.concat([stored, own.loc[missing]], ignore_index=True), False


@transaction.atomic
def _store(
    *,
    data: RoundData,
    aggregates: pd.DataFrame,
    params: pd.DataFrame,
    round_label: str,
    held_on: date | None,
    is_reference: bool,
    replace: bool,
    user,
) -> MappingRound:
    if replace:
        MappingRound.objects.filter(label=round_label).delete()
    indicators = _store_indicators(data.indicators)
    units = _store_units(data)
    if is_reference:
        MappingRound.objects.filter(is_reference=True).update(is_reference=False)
    mapping_round = MappingRound.objects.create(
        label=round_label,
        held_on=held_on,
        is_reference=is_reference,
        imported_by=user,
        respondent_count=len(data.respondents),
        answer_count=len(data.answers),
    )
    Item.objects.bulk_create(
        [
            Item(
                round=mapping_round,
                code=row.item_code,
                indicator=indicators[row.indicator_code],
                respondent_group=row.respondent_group,
                reverse=bool(row.reverse),
                min_value=row.min,
                max_value=row.max,
                text=row.text,
            )
            for row in data.items.itertuples(index=False)
        ],
        batch_size=BATCH_SIZE,
    )
    _store_scale(params, indicators, mapping_round, replace_all=is_reference)
    _store_scores(mapping_round, aggregates, params, indicators, units)
    if is_reference:
        _rescore_other_rounds(mapping_round)
    return mapping_round


def _store_indicators(frame: pd.DataFrame) -> dict[str, Indicator]:
    existing = {i.code: i for i in Indicator.objects.all()}
    for row in frame.itertuples(index=False):
        indicator = existing.get(row.indicator_code)
        if indicator is None:
            existing[row.indicator_code] = Indicator.objects.create(
                code=row.indicator_code, name_da=row.name_da, name_en=row.name_en
            )
        elif (indicator.name_da, indicator.name_en) != (row.name_da, row.name_en):
            indicator.name_da, indicator.name_en = row.name_da, row.name_en
            indicator.save(update_fields=["name_da", "name_en"])
    return existing


@dataclass
class _Units:
    municipalities: dict[str, int]
    schools: dict[str, int]
    classes: dict[str, int]  # "SCHOOL/CLASS" -> id


def _unit_names(data: RoundData) -> dict[tuple[str, str], str]:
    if data.units is None:
        return {}
    return {
        (row.level, row.code): row.name for row in data.units.itertuples(index=False) if row.name
    }


def _store_units(data: RoundData) -> _Units:
    """Create unknown municipalities, schools and classes from their codes (names from units.csv)."""
    names = _unit_names(data)
    people = data.respondents
    municipalities = {}
    for code in sorted(people["municipality_code"].unique()):
        name = names.get(("municipality", code))
        obj, created = Municipality.objects.get_or_create(
            code=code, defaults={"name": name or _("Municipality %(code)s") % {"code": code}}
        )
        if name and not created and obj.name != name:
            Municipality.objects.filter(pk=obj.pk).update(name=name)
        municipalities[code] = obj.pk
    schools = {}
    pairs = people[["school_code", "municipality_code"]].drop_duplicates()
    for school_code, municipality_code in pairs.itertuples(index=False):
        name = names.get(("school", school_code))
        obj, created = Institution.objects.get_or_create(
            number=school_code,
            defaults={
                "name": name or _("School %(code)s") % {"code": school_code},
                "municipality_id": municipalities[municipality_code],
            },
        )
        if name and not created and obj.name != name:
            Institution.objects.filter(pk=obj.pk).update(name=name)
        schools[school_code] = obj.pk
    classes = _store_classes(people, schools)
    return _Units(municipalities, schools, classes)


def _grade_of(class_code: str) -> int | None:
    digits = ""
    for char in class_code:
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits and int(digits) <= 10 else None


def _store_classes(people: pd.DataFrame, schools: dict[str, int]) -> dict[str, int]:
    wanted = people.loc[people["class_code"] != "", ["school_code", "class_code"]].drop_duplicates()
    existing = {
        (school_id, code): pk
        for pk, school_id, code in SchoolClass.objects.filter(
            institution_id__in=schools.values()
        ).values_list("pk", "institution_id", "code")
    }
    new = [
        SchoolClass(institution_id=schools[s], code=c, grade=_grade_of(c))
        for s, c in wanted.itertuples(index=False)
        if (schools[s], c) not in existing
    ]
    SchoolClass.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if new:
        existing = {
            (school_id, code): pk
            for pk, school_id, code in SchoolClass.objects.filter(
                institution_id__in=schools.values()
            ).values_list("pk", "institution_id", "code")
        }
    return {f"{s}/{c}": existing[(schools[s], c)] for s, c in wanted.itertuples(index=False)}


def _store_scale(params, indicators, mapping_round, *, replace_all: bool) -> None:
    if replace_all:
        ScaleParameter.objects.all().delete()
    known = set(ScaleParameter.objects.values_list("indicator__code", "respondent_group"))
    ScaleParameter.objects.bulk_create(
        [
            ScaleParameter(
                indicator=indicators[row.indicator_code],
                respondent_group=row.respondent_group,
                source_round=mapping_round,
                mean=float(row.mean),
                sd=float(row.sd) if not pd.isna(row.sd) else 0.0,
                n=int(row.n),
            )
            for row in params.itertuples(index=False)
            if (row.indicator_code, row.respondent_group) not in known
        ]
    )


def _nan_to_none(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


SCORE_COLUMNS = [
    "round_id", "level", "unit_code", "municipality_id", "institution_id", "school_class_id",
    "respondent_group", "indicator_id", "subgroup", "n", "raw_mean", "raw_sd", "score", "sd",
    "se", "ci_low", "ci_high", "suppressed",
]  # fmt: skip
_NUMBER_COLUMNS = ["raw_mean", "raw_sd", "score", "sd", "se", "ci_low", "ci_high"]


def _score_rows(mapping_round, aggregates, params, indicators, units: _Units) -> pd.DataFrame:
    """The UnitScore table's rows, built column-wise; suppressed cells keep only their n."""
    frame = _with_raw_statistics(aggregates, params)
    suppressed = frame["suppressed"].astype(bool)
    frame.loc[suppressed, _NUMBER_COLUMNS] = np.nan
    is_class = frame["level"] == "class"
    out = pd.DataFrame(
        {
            "round_id": mapping_round.pk,
            "level": frame["level"],
            "unit_code": frame["unit_code"],
            "municipality_id": frame["municipality_code"].map(units.municipalities),
            "institution_id": frame["school_code"].map(units.schools),
            "school_class_id": frame["unit_code"].where(is_class).map(units.classes),
            "respondent_group": frame["respondent_group"],
            "indicator_id": frame["indicator_code"].map({c: i.pk for c, i in indicators.items()}),
            "subgroup": frame["subgroup"],
            "n": frame["n"].astype("int64"),
            **{column: frame[column] for column in _NUMBER_COLUMNS},
            "suppressed": suppressed,
        }
    )
    ids = ["municipality_id", "institution_id", "school_class_id", "indicator_id"]
    out[ids] = out[ids].astype("Int64")  # NaN made them floats; COPY wants integers
    return out[SCORE_COLUMNS].astype(object).where(out[SCORE_COLUMNS].notna(), None)


def _store_scores(mapping_round, aggregates, params, indicators, units: _Units) -> None:
    """Insert with one executemany (COPY on PostgreSQL): model instances cost 10x the time."""
    rows = _score_rows(mapping_round, aggregates, params, indicators, units)
    table = UnitScore._meta.db_table
    records = rows.itertuples(index=False, name=None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = ", ".join(SCORE_COLUMNS)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)
            return
        placeholders = ", ".join(["%s"] * len(SCORE_COLUMNS))
        sql = f"INSERT INTO {table} ({', '.join(SCORE_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608 - fixed names
        cursor.executemany(sql, list(records))


def _with_raw_statistics(aggregates: pd.DataFrame, params: pd.DataFrame) -> pd.DataFrame:
    """Back out each unit's raw mean and SD, so a new reference round can rescore it exactly."""
    merged = aggregates.merge(
        params[["indicator_code", "respondent_group", "mean", "sd"]].rename(
            columns={"mean": "_mu", "sd": "_sigma"}
        ),
        on=["indicator_code", "respondent_group"],
        how="left",
    )
    merged["raw_mean"] = merged["_mu"] + (merged["score"] - 500.0) * merged["_sigma"] / 100.0
    merged["raw_sd"] = merged["sd"] * merged["_sigma"] / 100.0
    return merged


def _rescore_other_rounds(reference: MappingRound) -> None:
    """Scores of every round follow the reference round's μ and σ (the spec's rule 5)."""
    scale = {
        (p.indicator_id, p.respondent_group): (p.mean, p.sd) for p in ScaleParameter.objects.all()
    }
    others = UnitScore.objects.exclude(round=reference).filter(suppressed=False)
    batch = []
    for cell in others.iterator(chunk_size=BATCH_SIZE):
        mu, sigma = scale.get((cell.indicator_id, cell.respondent_group), (None, None))
        if not sigma:
            continue
        cell.score = 500.0 + 100.0 * (cell.raw_mean - mu) / sigma
        cell.sd = None if cell.raw_sd is None else 100.0 * cell.raw_sd / sigma
        cell.se = None if cell.sd is None else cell.sd / math.sqrt(cell.n)
        half = None if cell.se is None else scoring.Z * cell.se
        cell.ci_low = None if half is None else cell.score - half
        cell.ci_high = None if half is None else cell.score + half
        batch.append(cell)
        if len(batch) >= BATCH_SIZE:
            _bulk_update_scores(batch)
            batch = []
    _bulk_update_scores(batch)


def _bulk_update_scores(cells: list[UnitScore]) -> None:
    if cells:
        UnitScore.objects.bulk_update(cells, ["score", "sd", "se", "ci_low", "ci_high"])
