"""Each school's profile of a round, computed once when the round is stored (SchoolRoundProfile).

The numbers of a round only change when it is imported (or re-imported, or rescored by a new
reference round), so the pandas work the profile pages need (the public view of the cells, the
classes, the weak areas against both benchmarks) is done here, at import, for every school, and
the pages read one row per round back. The computation is the one the pages did per request:
the same public view (suppressed cells keep only their n), the same ``scoring.weak_areas``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from lms.models import Institution

from . import scoring
from .models import MappingRound, SchoolRoundProfile, UnitScore

BENCHMARKS = ("programme", "municipality")
CELL_COLUMNS = ["level", "unit_code", "respondent_group", "indicator_code", "subgroup", "n",
                "suppressed", "score", "ci_low", "ci_high", "se"]  # fmt: skip
WEAK_AREA_COLUMNS = ["indicator_code", "respondent_group", "subgroup", "kind", "score",
                     "benchmark", "gap"]  # fmt: skip


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _cell(row) -> list:
    """One public cell (school, municipality, programme) as a JSON row."""
    suppressed = bool(row.suppressed)
    return [
        row.level,
        row.unit_code,
        row.respondent_group,
        row.indicator_code,
        row.subgroup,
        int(row.n),
        suppressed,
        *(
            (None, None, None, None)
            if suppressed
            else (_number(row.score), _number(row.ci_low), _number(row.ci_high), _number(row.se))
        ),
    ]


def _cells(frame: pd.DataFrame) -> list[list]:
    """The public cells (school, municipality, programme) as JSON rows."""
    return [_cell(row) for row in frame.loc[frame["level"] != "class"].itertuples(index=False)]


def class_order(code: str) -> tuple[int, int, str]:
    """5A before 10A: the grade's digits as a number, then the rest."""
    digits = code[: len(code) - len(code.lstrip("0123456789"))]
    return (0, int(digits), code[len(digits) :]) if digits else (1, 0, code)


def _class_entry(row) -> tuple[str, int]:
    """A class cell of subgroup "all": the class's code and the pupils it counts."""
    return row.unit_code.split("/", 1)[1], int(row.n) if row.respondent_group == "pupil" else 0


def _class_list(entries: Iterable[tuple[str, int]]) -> list[list]:
    """Each class with the largest n among its pupils' cells, in class order."""
    pupils: dict[str, int] = {}
    for code, counted in entries:
        pupils[code] = max(pupils.get(code, 0), counted)
    return [[code, pupils[code]] for code in sorted(pupils, key=class_order)]


def _classes(frame: pd.DataFrame) -> list[list]:
    """Each class of the school in the round with the largest n among its pupils' cells."""
    rows = frame.loc[(frame["level"] == "class") & (frame["subgroup"] == "all")]
    return _class_list(_class_entry(row) for row in rows.itertuples(index=False))


def _area_rows(areas: Iterable[tuple]) -> list[list]:
    """Weak areas (tuples of scoring.WEAK_AREA_COLUMNS) as JSON rows."""
    return [
        [code, group, subgroup, kind, float(score), float(benchmark), float(gap)]
        for code, group, subgroup, kind, score, benchmark, gap in areas
    ]


def _weak_areas(frame: pd.DataFrame, institution: Institution, municipality_code: str) -> dict:
    relevant = frame.loc[frame["level"] != "class"]
    has_school = (relevant["level"] == "school") & (relevant["unit_code"] == institution.number)
    if not has_school.any():
        return {benchmark: [] for benchmark in BENCHMARKS}
    return {
        benchmark: _area_rows(
            scoring.weak_areas(
                relevant,
                institution.number,
                benchmark=benchmark,
                municipality_code=municipality_code,
            )[list(scoring.WEAK_AREA_COLUMNS)].itertuples(index=False, name=None)
        )
        for benchmark in BENCHMARKS
    }


def _profile(
    frame: pd.DataFrame,
    institution: Institution,
    mapping_round: MappingRound,
    municipality_code,
) -> SchoolRoundProfile:
    return SchoolRoundProfile(
        round=mapping_round,
        institution=institution,
        municipality_id=institution.municipality_id,
        cells=_cells(frame),
        classes=_classes(frame),
        weak_areas=_weak_areas(frame, institution, municipality_code),
    )


def _frame(queryset) -> pd.DataFrame:
    # The public view every page reads through (selectors.aggregates_frame), imported late:
    # selectors reads what this module stores.
    from .selectors import aggregates_frame  # noqa: PLC0415 - selectors imports this module

    return aggregates_frame(queryset)


def _save(profiles: list[SchoolRoundProfile]) -> None:
    if connection.vendor == "postgresql":
        _save_pipelined(profiles)
        return
    SchoolRoundProfile.objects.bulk_create(
        profiles,
        batch_size=200,
        update_conflicts=True,
        unique_fields=["institution", "round"],
        update_fields=["municipality", "cells", "classes", "weak_areas", "computed_at"],
    )


PROFILE_COLUMNS = ["round_id", "institution_id", "municipality_id", "cells", "classes",
                   "weak_areas", "computed_at"]  # fmt: skip


def _save_pipelined(profiles: list[SchoolRoundProfile]) -> None:
    """bulk_create's upsert, as one executemany (psycopg sends it in one pipeline): Django
    passes the JSON as arrays for UNNEST, whose quoting cost more than the rest of the save."""
    table = SchoolRoundProfile._meta.db_table
    columns = ", ".join(PROFILE_COLUMNS)
    updated = ", ".join(f"{c} = EXCLUDED.{c}" for c in PROFILE_COLUMNS[2:])
    sql = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 - fixed names
        "VALUES (%s, %s, %s, %s::jsonb, %s::jsonb, %s::jsonb, %s) "
        f"ON CONFLICT (institution_id, round_id) DO UPDATE SET {updated}"
    )
    now = timezone.now()
    rows = [
        (p.round_id, p.institution_id, p.municipality_id, json.dumps(p.cells),
         json.dumps(p.classes), json.dumps(p.weak_areas), now)
        for p in profiles
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def school_round(institution: Institution, mapping_round: MappingRound) -> SchoolRoundProfile:
    """Compute and store one school's profile of one round (a page that found none)."""
    scores = UnitScore.objects.filter(round=mapping_round).filter(
        Q(level__in=["school", "class"], institution=institution)
        | Q(level="municipality", municipality_id=institution.municipality_id)
        | Q(level="programme")
    )
    municipality_code = institution.municipality.code
    profile = _profile(_frame(scores), institution, mapping_round, municipality_code)
    _save([profile])
    return profile


def schools() -> list[Institution]:
    """Every school, with its municipality: whose profiles `round_profiles` computes."""
    return list(Institution.objects.select_related("municipality").order_by("pk"))


def round_profiles(
    mapping_round: MappingRound, frame: pd.DataFrame, institutions: list[Institution]
) -> list[SchoolRoundProfile]:
    """Every school's profile of the round from the round's `aggregates_frame`, whatever the
    number of schools; reads nothing from the database (the import runs it while its COPY
    holds the connection)."""
    school_code = frame["school_code"].to_numpy()
    municipality_code = frame["municipality_code"].to_numpy()
    level = frame["level"].to_numpy()
    programme = np.flatnonzero(level == "programme")
    own_levels = np.isin(level, ["school", "class"])
    by_school = pd.Series(np.arange(len(frame))[own_levels]).groupby(school_code[own_levels])
    own = {code: rows.to_numpy() for code, rows in by_school}
    muni_rows = level == "municipality"
    by_muni = pd.Series(np.arange(len(frame))[muni_rows]).groupby(municipality_code[muni_rows])
    municipal = {code: rows.to_numpy() for code, rows in by_muni}
    empty = np.array([], dtype=int)
    # Every school's weak areas in one pass per benchmark: per school, pandas' fixed cost per
    # call made this most of an import's time.
    municipality_of = {i.number: i.municipality.code for i in institutions}
    public = frame.loc[frame["level"] != "class"]
    areas = {
        benchmark: scoring.weak_area_rows_by_school(public, municipality_of, benchmark=benchmark)
        for benchmark in BENCHMARKS
    }
    # Each cell is turned into its JSON row once, not once per school that shows it; read as
    # Python objects, since iterating pandas' Arrow-backed text column by column is slow.
    is_class = level == "class"
    cell_of: dict[int, list] = dict(
        zip(
            np.flatnonzero(~is_class).tolist(),
            map(_cell, _python_rows(frame.loc[~is_class])),
            strict=True,
        )
    )
    class_rows = is_class & (frame["subgroup"].to_numpy() == "all")
    class_of: dict[int, tuple[str, int]] = dict(
        zip(
            np.flatnonzero(class_rows).tolist(),
            map(_class_entry, _python_rows(frame.loc[class_rows])),
            strict=True,
        )
    )
    profiles = []
    for institution in institutions:
        code = institution.municipality.code
        rows = np.sort(
            np.concatenate(
                [own.get(institution.number, empty), municipal.get(code, empty), programme]
            )
        ).tolist()
        profiles.append(
            SchoolRoundProfile(
                round=mapping_round,
                institution=institution,
                municipality_id=institution.municipality_id,
                cells=[cell_of[r] for r in rows if r in cell_of],
                classes=_class_list(class_of[r] for r in rows if r in class_of),
                weak_areas={
                    benchmark: _area_rows(areas[benchmark][institution.number])
                    for benchmark in BENCHMARKS
                },
            )
        )
    return profiles


def _python_rows(frame: pd.DataFrame):
    """The frame's rows as named tuples of Python objects."""
    return frame.astype(object).itertuples(index=False)


def replace_profiles(mapping_round: MappingRound, profiles: list[SchoolRoundProfile]) -> int:
    """Store the round's profiles in place of what was there; returns how many."""
    SchoolRoundProfile.objects.filter(round=mapping_round).delete()
    _save(profiles)
    return len(profiles)


def refresh_round(mapping_round: MappingRound) -> int:
    """Compute and store every school's profile of the round, replacing what was there; one
    query for the round's cells whatever the number of schools. Returns the schools done."""
    # In the order the cells were stored, as the import (which does not read them back) has
    # them: the same rows, so running this again changes nothing.
    frame = _frame(UnitScore.objects.filter(round=mapping_round).order_by("pk"))
    return replace_profiles(mapping_round, round_profiles(mapping_round, frame, schools()))


def refresh(rounds: Iterable[MappingRound] | None = None) -> int:
    """Every school's profile of the given rounds (all by default), computed again."""
    chosen = list(MappingRound.objects.all() if rounds is None else rounds)
    return sum(refresh_round(mapping_round) for mapping_round in chosen)


def forget_round(mapping_round_id: int) -> None:
    SchoolRoundProfile.objects.filter(round_id=mapping_round_id).delete()


@receiver(post_save, sender=UnitScore, dispatch_uid="profiles_link.stored.unit_score_saved")
def _unit_score_saved(sender, instance: UnitScore, raw=False, **kwargs) -> None:
    """A cell changed outside an import (the admin, a test's factory): the round's stored
    profiles no longer hold; the pages compute them again when they need them."""
    forget_round(instance.round_id)
