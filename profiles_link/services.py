"""Importing a mapping round: validate, score, and store everything or nothing."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils.translation import gettext as _
from wagtail import hooks

from lms import permissions as org
from lms.errors import Problem, ServiceError
from lms.models import Institution, Municipality, SchoolClass

from . import scoring, stored
from .bulk import copying_rows
from .hooks import ROUND_DEPENDANTS, Dependants
from .models import (
    Indicator,
    Item,
    MappingRound,
    ScaleParameter,
    UnitScore,
    round_label_problem,
)
from .parsing import MappingValidationError, RoundData, read_round
from .selectors import SCORE_FIELDS, aggregates_frame_of, suppression_min_n

ProgressCallback = Callable[[str, int], None]
BATCH_SIZE = 5000
RESPONDENTS_FILE = "respondents.csv"


class MappingImportError(ServiceError):
    """The import was refused: the service's one error, whose problems are the parser's
    `file:line: column: reason` lines. The parser lists the first 1000 problems; `total`
    counts them all."""

    def __init__(self, *problems: Problem | str, total: int = 0) -> None:
        super().__init__(*problems)
        self.total = max(total, len(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.messages[:50])


@dataclass(frozen=True)
class Rename:
    kind: str  # "municipality", "school" or "indicator"
    code: str
    old: str
    new: str


@dataclass(frozen=True)
class ImportPlan:
    """What storing a round would change beyond adding it: shown to the administrator, who
    confirms it; the import stores only the plan that was confirmed."""

    round_label: str
    respondents: int
    renames: tuple[Rename, ...] = ()
    replaces: bool = False
    becomes_reference: bool = False
    rescored: tuple[str, ...] = ()  # other rounds whose scores follow a new reference
    new_municipalities: tuple[str, ...] = ()
    new_schools: tuple[str, ...] = ()
    new_classes: int = 0

    def as_dict(self) -> dict:
        """JSON for the job row; equal dicts mean the same changes."""
        data = asdict(self)
        data["renames"] = [asdict(r) for r in self.renames]
        data["rescored"] = list(self.rescored)
        data["new_municipalities"] = list(self.new_municipalities)
        data["new_schools"] = list(self.new_schools)
        return data


def _check_authority(user) -> None:
    """Rounds are the programme's: only its administrators import, replace or re-mark them.
    (`user` is None on the command line, run by whoever operates the server.)"""
    if user is not None and not org.is_programme_admin(user):
        raise MappingImportError(_("Only programme administrators import mapping rounds."))


def _read(source) -> RoundData:
    try:
        return read_round(source)
    except MappingValidationError as exc:
        raise MappingImportError(*(str(p) for p in exc.problems), total=exc.total) from exc


def mapping_round_preview(
    *,
    source: str | Path | Mapping[str, bytes],
    round_label: str,
    as_reference: bool = False,
    replace: bool = False,
    user=None,
    progress: ProgressCallback | None = None,
) -> ImportPlan:
    """Read and check a round and say what storing it would change; stores nothing."""
    report = progress or (lambda stage, percent: None)
    round_label = round_label.strip()
    _check_authority(user)
    _check_round_label(round_label, replace)
    report("parsing", 5)
    data = _read(source)
    report("validated", 40)
    return _plan(data, round_label=round_label, as_reference=as_reference, replace=replace)


def mapping_round_import(
    *,
    source: str | Path | Mapping[str, bytes],
    round_label: str,
    held_on: date | None = None,
    as_reference: bool = False,
    replace: bool = False,
    user=None,
    progress: ProgressCallback | None = None,
    confirmed_changes: dict | None = None,
) -> MappingRound:
    """Import one round. Raises MappingImportError (a ServiceError), leaving the database as
    it was.

    With `confirmed_changes` (the preview's `ImportPlan.as_dict()` that an administrator
    confirmed), the round is stored only if it still changes exactly that. The returned round
    carries the plan it carried out as `changes` (a dict).
    """
    report = progress or (lambda stage, percent: None)
    round_label = round_label.strip()
    _check_authority(user)
    _check_round_label(round_label, replace)
    report("parsing", 5)
    data = _read(source)
    report("validated", 40)
    plan = _plan(data, round_label=round_label, as_reference=as_reference, replace=replace)
    if confirmed_changes is not None and plan.as_dict() != confirmed_changes:
        raise MappingImportError(
            _(
                "The programme's data changed after the preview, so the import would now change "
                "something you have not confirmed. Nothing was stored: start the import again."
            )
        )
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
    mapping_round.changes = plan.as_dict()
    report("stored", 100)
    return mapping_round


def school_profiles_refresh(*, mapping_round: MappingRound | None = None) -> int:
    """Compute every school's stored profile again (one round, or all); returns how many rows.

    The import does this itself; this is for a database from before the stored profiles, or
    after scores were changed by other means. Running it twice changes nothing."""
    with transaction.atomic():
        return stored.refresh(None if mapping_round is None else [mapping_round])


def _check_round_label(round_label: str, replace: bool) -> None:
    problem = round_label_problem(round_label)
    if problem:
        raise MappingImportError(Problem(problem, "round_label"))
    if not replace and MappingRound.objects.filter(label=round_label).exists():
        raise MappingImportError(
            Problem(
                _("Round %(label)s exists already; ask to replace it.") % {"label": round_label},
                "round_label",
            )
        )


def _becomes_reference(round_label: str, as_reference: bool) -> bool:
    reference = MappingRound.objects.filter(is_reference=True).first()
    return as_reference or reference is None or reference.label == round_label


def _renames(data: RoundData) -> list[Rename]:
    """Existing units and indicators whose stored name the files would change."""
    names = _unit_names(data)
    people = data.respondents
    renames = []
    municipality_codes = set(people["municipality_code"].unique())
    for obj in Municipality.objects.filter(code__in=municipality_codes).order_by("code"):
        new = names.get(("municipality", obj.code))
        if new and new != obj.name:
            renames.append(Rename("municipality", obj.code, obj.name, new))
    school_codes = set(people["school_code"].unique())
    for obj in Institution.objects.filter(number__in=school_codes).order_by("number"):
        new = names.get(("school", obj.number))
        if new and new != obj.name:
            renames.append(Rename("school", obj.number, obj.name, new))
    existing = {i.code: i for i in Indicator.objects.all()}
    for row in data.indicators.itertuples(index=False):
        indicator = existing.get(row.indicator_code)
        if indicator is None:
            continue
        for old, new in ((indicator.name_da, row.name_da), (indicator.name_en, row.name_en)):
            if old != new:
                renames.append(Rename("indicator", indicator.code, old, new))
    return renames


def _schools_elsewhere(data: RoundData) -> list[Problem]:
    """A school's results belong to its own municipality: files that place a known school in
    another municipality are refused (they would add results to someone else's school)."""
    pairs = data.respondents[["school_code", "municipality_code"]].drop_duplicates()
    known = dict(
        Institution.objects.filter(number__in=set(pairs["school_code"])).values_list(
            "number", "municipality__code"
        )
    )
    return [
        Problem(
            f"{RESPONDENTS_FILE}:0: school_code: "
            + _("school %(school)s belongs to municipality %(own)s, not %(given)s")
            % {"school": school, "own": known[school], "given": municipality}
        )
        for school, municipality in sorted(pairs.itertuples(index=False))
        if school in known and known[school] != municipality
    ]


def _plan(data: RoundData, *, round_label: str, as_reference: bool, replace: bool) -> ImportPlan:
    problems = _schools_elsewhere(data)
    if problems:
        raise MappingImportError(*problems)
    exists = MappingRound.objects.filter(label=round_label).exists()
    becomes_reference = _becomes_reference(round_label, as_reference)
    rescored = ()
    if becomes_reference:
        rescored = tuple(
            MappingRound.objects.exclude(label=round_label)
            .order_by("held_on", "label")
            .values_list("label", flat=True)
        )
    people = data.respondents
    municipalities = sorted(set(people["municipality_code"].unique()))
    schools = sorted(set(people["school_code"].unique()))
    known_municipalities = set(
        Municipality.objects.filter(code__in=municipalities).values_list("code", flat=True)
    )
    known_schools = set(
        Institution.objects.filter(number__in=schools).values_list("number", flat=True)
    )
    wanted = people.loc[people["class_code"] != "", ["school_code", "class_code"]]
    wanted = set(wanted.drop_duplicates().itertuples(index=False, name=None))
    known_classes = set(
        SchoolClass.objects.filter(institution__number__in=schools).values_list(
            "institution__number", "code"
        )
    )
    return ImportPlan(
        round_label=round_label,
        respondents=len(people),
        renames=tuple(_renames(data)),
        replaces=bool(replace and exists),
        becomes_reference=becomes_reference,
        rescored=rescored,
        new_municipalities=tuple(c for c in municipalities if c not in known_municipalities),
        new_schools=tuple(c for c in schools if c not in known_schools),
        new_classes=len(wanted - known_classes),
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
    previous = MappingRound.objects.filter(label=round_label).first() if replace else None
    if previous is not None:
        _clear_round(previous)
    indicators = _store_indicators(data.indicators)
    units = _store_units(data)
    if is_reference:
        MappingRound.objects.filter(is_reference=True).update(is_reference=False)
    mapping_round = previous or MappingRound(label=round_label)
    mapping_round.held_on = held_on
    mapping_round.is_reference = is_reference
    mapping_round.imported_by = user
    mapping_round.respondent_count = len(data.respondents)
    mapping_round.answer_count = len(data.answers)
    mapping_round.save()
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
    rows = _score_rows(mapping_round, aggregates, params, indicators, units)
    schools = stored.schools()
    # What the profile pages show, computed now rather than on every request: this round's
    # from the rows at hand (not read back), while PostgreSQL stores them.
    with _store_scores(rows):
        profiles = stored.round_profiles(mapping_round, _stored_frame(rows, mapping_round), schools)
    if is_reference:
        _rescore_other_rounds(mapping_round)
    # Every round's, when a new reference round rescored them all.
    for chosen in MappingRound.objects.all() if is_reference else [mapping_round]:
        if chosen.pk == mapping_round.pk:
            stored.replace_profiles(chosen, profiles)
        else:
            stored.refresh_round(chosen)
    return mapping_round


def _clear_round(mapping_round: MappingRound) -> None:
    """A replaced round keeps its row (what points at it, e.g. a goal's baseline, stays) and
    loses everything computed from its files."""
    stored.forget_round(mapping_round.pk)
    UnitScore.objects.filter(round=mapping_round).delete()
    Item.objects.filter(round=mapping_round).delete()
    ScaleParameter.objects.filter(source_round=mapping_round).delete()


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
    codes = sorted(people["municipality_code"].unique())
    municipalities = _store_named(
        Municipality,
        "code",
        {code: {} for code in codes},
        {code: names.get(("municipality", code)) for code in codes},
        _("Municipality %(code)s"),
    )
    # The parser made sure each school is in one municipality.
    pairs = people[["school_code", "municipality_code"]].drop_duplicates()
    places = dict(pairs.itertuples(index=False, name=None))
    schools = _store_named(
        Institution,
        "number",
        {code: {"municipality_id": municipalities[place]} for code, place in places.items()},
        {code: names.get(("school", code)) for code in places},
        _("School %(code)s"),
    )
    classes = _store_classes(people, schools)
    return _Units(municipalities, schools, classes)


def _store_named(model, key: str, wanted: dict[str, dict], names: dict, fallback: str):
    """Ids of the units by code: unknown ones created (in `wanted`'s order), known ones renamed
    when the files name them otherwise. One query and one insert, not a get_or_create each."""
    existing = {
        getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": list(wanted)})
    }
    new = [
        model(**{key: code}, name=names[code] or fallback % {"code": code}, **fields)
        for code, fields in wanted.items()
        if code not in existing
    ]
    model.objects.bulk_create(new)
    if new and not connection.features.can_return_rows_from_bulk_insert:  # their ids, read
        new = list(model.objects.filter(**{f"{key}__in": [getattr(obj, key) for obj in new]}))
    for code, obj in existing.items():
        if names[code] and obj.name != names[code]:
            model.objects.filter(pk=obj.pk).update(name=names[code])
    return {getattr(obj, key): obj.pk for obj in [*existing.values(), *new]}


def _grade_of(class_code: str) -> int | None:
    digits = ""
    for char in class_code:
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits and int(digits) <= 10 else None


def _store_classes(people: pd.DataFrame, schools: dict[str, int]) -> dict[str, int]:
    wanted = people.loc[people["class_code"] != "", ["school_code", "class_code"]].drop_duplicates()

    def stored_classes() -> dict[tuple[int, str], int]:
        rows = SchoolClass.objects.filter(institution_id__in=schools.values())
        return {(school_id, code): pk for pk, school_id, code in
                rows.values_list("pk", "institution_id", "code")}  # fmt: skip

    existing = stored_classes()
    new = [
        SchoolClass(institution_id=schools[s], code=c, grade=_grade_of(c))
        for s, c in wanted.itertuples(index=False)
        if (schools[s], c) not in existing
    ]
    SchoolClass.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if connection.features.can_return_rows_from_bulk_insert:
        existing.update({(obj.institution_id, obj.code): obj.pk for obj in new})
    elif new:
        existing = stored_classes()
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
    """The UnitScore table's rows (SCORE_COLUMNS), built column-wise, with the codes the ids
    stand for; suppressed cells keep only their n."""
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
            "indicator_code": frame["indicator_code"],
            "municipality_code": frame["municipality_code"],
            "school_code": frame["school_code"],
        }
    )
    ids = ["municipality_id", "institution_id", "school_class_id", "indicator_id"]
    out[ids] = out[ids].astype("Int64")  # NaN made them floats; the table wants integers
    return out


@contextlib.contextmanager
def _store_scores(rows: pd.DataFrame) -> Iterator[None]:
    """Insert the rows with one COPY on PostgreSQL, sent while the body runs (which must not
    use the database), and with one executemany elsewhere, before it: model instances cost 10x
    the time."""
    table = UnitScore._meta.db_table
    if connection.vendor == "postgresql":
        with copying_rows(UnitScore, rows[SCORE_COLUMNS]):
            yield
        return
    records = rows[SCORE_COLUMNS].astype(object).where(rows[SCORE_COLUMNS].notna(), None)
    placeholders = ", ".join(["%s"] * len(SCORE_COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(SCORE_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608 - fixed names
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(records.itertuples(index=False, name=None)))
    yield


def _stored_frame(rows: pd.DataFrame, mapping_round: MappingRound) -> pd.DataFrame:
    """The stored rows as `selectors.aggregates_frame` reads them back: a unit's code where
    its id was stored, none elsewhere."""
    return aggregates_frame_of(
        pd.DataFrame(
            {
                "round": mapping_round.label,
                "level": rows["level"],
                "unit_code": rows["unit_code"],
                "respondent_group": rows["respondent_group"],
                "indicator_code": rows["indicator_code"],
                "subgroup": rows["subgroup"],
                "n": rows["n"],
                **{column: rows[column] for column in SCORE_FIELDS},
                "suppressed": rows["suppressed"],
                "municipality_code": rows["municipality_code"].where(
                    rows["municipality_id"].notna()
                ),
                "school_code": rows["school_code"].where(rows["institution_id"].notna()),
            }
        )
    )


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


# --------------------------------------------------------------------------- deleting a round


@dataclass(frozen=True)
class RoundConsequence:
    label: str
    count: int


def _dependants(mapping_round: MappingRound) -> list[Dependants]:
    found = (fn(mapping_round) for fn in hooks.get_hooks(ROUND_DEPENDANTS))
    return [d for d in found if d is not None and d.count]


def mapping_round_delete_consequences(*, mapping_round: MappingRound) -> list[RoundConsequence]:
    """What goes with the round: its scores, items and scale, and what apps above built on it."""
    own = [
        RoundConsequence(_("unit scores"), UnitScore.objects.filter(round=mapping_round).count()),
        RoundConsequence(_("survey items"), Item.objects.filter(round=mapping_round).count()),
        RoundConsequence(
            _("scale parameters"),
            ScaleParameter.objects.filter(source_round=mapping_round).count(),
        ),
    ]
    above = [RoundConsequence(d.label, d.count) for d in _dependants(mapping_round)]
    return [c for c in own + above if c.count]


@transaction.atomic
def mapping_round_delete(*, mapping_round: MappingRound, by) -> None:
    """Delete a round with everything computed from it. The reference round goes last: the
    other rounds' scores are on its scale."""
    if not org.is_programme_admin(by):
        raise ServiceError(_("Only programme administrators delete mapping rounds."))
    others = MappingRound.objects.exclude(pk=mapping_round.pk)
    if mapping_round.is_reference and others.exists():
        raise ServiceError(
            _(
                "%(label)s is the reference round: the other rounds (%(others)s) are scored on "
                "its scale. Import another round as the reference first, or delete the others."
            )
            % {
                "label": mapping_round.label,
                "others": ", ".join(
                    others.order_by("held_on", "label").values_list("label", flat=True)
                ),
            }
        )
    for dependants in _dependants(mapping_round):
        dependants.delete()
    _clear_round(mapping_round)
    mapping_round.delete()
