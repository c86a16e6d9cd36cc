"""Deterministic synthetic mapping rounds in the vendor's exact CSV format.

Used for the demo (real Danish municipality and school names, one clear
girl/boy gap that improves at T2), for tests and for the programme-scale
benchmark (~145,000 respondents, ~3 million answer rows), so everything is
vectorised with numpy and written with pyarrow.

The model, in latent standard-deviation units (one unit is roughly 100 points
on the 500-scale, somewhat less because answers are noisy and coarse):

``theta = person + municipality + school + class + school×gender + round + effects``

``person`` mixes a general factor with an indicator-specific one; unit effects
are drawn once per ``seed`` (so a school stays weak on the same indicators in
every round), while respondents, answers and skips are drawn per round label.
Each item answer is ``theta`` plus item location and noise, cut into the item's
3-, 4- or 5-point scale; reversed items are written reversed. Some answers are
skipped (an empty ``value`` or no row at all) and a few respondents break off,
so the half-answered rule has something to do.

The instrument itself (indicators and their items) is data, not code:
``data/catalogue/indicators.csv`` and ``items.csv`` in the vendor's format,
loaded once into :data:`INDICATORS`.
"""

from __future__ import annotations

import csv
import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv


@dataclass(frozen=True)
class ItemSpec:
    """One survey item; ``reverse`` items are phrased negatively."""

    code: str
    group: str
    low: int
    high: int
    text: str
    reverse: bool = False


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_da: str
    name_en: str
    items: tuple[ItemSpec, ...]


#: The instrument's home: the vendor's ``indicators.csv`` and ``items.csv`` (mapping-data.md).
CATALOGUE = resources.files(__package__) / "data" / "catalogue"


def _read_csv(source: Traversable, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    missing = [c for c in columns if rows and c not in rows[0]]
    if missing:
        raise ValueError(f"{source.name}: missing column(s) {', '.join(missing)}")
    return rows


def load_catalogue(folder: Traversable | Path = CATALOGUE) -> tuple[IndicatorSpec, ...]:
    """Indicators with their items, in the files' order, from a folder in the vendor's format.

    Written with ``,`` and no byte-order mark; the generator writes them out again in whatever
    delimiter a round asks for.
    """
    items: dict[str, list[ItemSpec]] = {}
    item_columns = ("item_code", "indicator_code", "respondent_group", "reverse", "min", "max",
                    "text")  # fmt: skip
    for row in _read_csv(folder / "items.csv", item_columns):
        items.setdefault(row["indicator_code"], []).append(
            ItemSpec(
                code=row["item_code"],
                group=row["respondent_group"],
                low=int(row["min"]),
                high=int(row["max"]),
                text=row["text"],
                reverse=row["reverse"] == "1",
            )
        )
    indicator_columns = ("indicator_code", "name_da", "name_en")
    return tuple(
        IndicatorSpec(
            row["indicator_code"],
            row["name_da"],
            row["name_en"],
            tuple(items.get(row["indicator_code"], ())),
        )
        for row in _read_csv(folder / "indicators.csv", indicator_columns)
    )


#: The instrument: indicators with items per respondent group (3/4/5-point scales).
INDICATORS: tuple[IndicatorSpec, ...] = load_catalogue()

GROUPS: tuple[str, ...] = ("pupil", "parent", "staff", "leader")

#: An example list of 13 real municipalities (code, name) for programme-scale runs.
EXAMPLE_MUNICIPALITIES: tuple[tuple[str, str], ...] = (
    ("217", "Helsingør"),
    ("250", "Frederikssund"),
    ("390", "Vordingborg"),
    ("420", "Assens"),
    ("510", "Haderslev"),
    ("540", "Sønderborg"),
    ("607", "Fredericia"),
    ("665", "Lemvig"),
    ("707", "Norddjurs"),
    ("756", "Ikast-Brande"),
    ("766", "Hedensted"),
    ("820", "Vesthimmerland"),
    ("849", "Jammerbugt"),
)

_SCHOOL_STEMS = (
    "Nørreskolen",
    "Søndervangskolen",
    "Bakkeskolen",
    "Engskolen",
    "Lindeskolen",
    "Østre Skole",
    "Vestre Skole",
    "Kirkebakkeskolen",
    "Rosenvængets Skole",
    "Skovvangskolen",
    "Åskolen",
    "Hedeskolen",
    "Fjordskolen",
    "Bøgeskolen",
    "Byskolen",
    "Midtbyens Skole",
    "Strandskolen",
    "Toftevangskolen",
    "Møllevangskolen",
    "Egebjergskolen",
)

# Latent standard deviations of the unit effects (person-level SD is 1).
_SD_MUNICIPALITY = 0.08
_SD_SCHOOL = 0.2
_SD_CLASS = 0.15
_SD_SCHOOL_GENDER = 0.1
_ITEM_NOISE = 0.9


@dataclass(frozen=True)
class SchoolSpec:
    code: str
    name: str


@dataclass(frozen=True)
class MunicipalitySpec:
    """A municipality; ``schools`` empty means 'generate schools_per_municipality'."""

    code: str
    name: str
    schools: tuple[SchoolSpec, ...] = ()


@dataclass(frozen=True)
class Effect:
    """An injected latent shift (SD units) for the matching respondents of one round.

    ``None`` filters match everything, e.g. ``Effect("FAG", -0.5, school_code=
    "615004", gender="boy")`` makes that school's boys weaker on faglig trivsel;
    pass a smaller shift for T2 to show an improvement.
    """

    indicator_code: str
    shift: float
    school_code: str | None = None
    municipality_code: str | None = None
    gender: str | None = None
    respondent_group: str | None = None


@dataclass(frozen=True)
class GeneratedRound:
    path: Path
    respondents: int
    answer_rows: int
    schools: tuple[SchoolSpec, ...] = field(default=())


@dataclass
class _Structure:
    """Units and their latent effects; fixed by the seed, shared by every round."""

    muni_codes: list[str]
    muni_names: list[str]
    school_codes: list[str]
    school_names: list[str]
    school_muni: np.ndarray
    class_codes: list[str]
    class_school: np.ndarray
    muni_eff: np.ndarray
    school_eff: np.ndarray
    class_eff: np.ndarray
    gender_eff: np.ndarray  # school × (girl, boy) × indicator


@dataclass
class _Respondents:
    group: np.ndarray  # index into GROUPS
    school: np.ndarray
    klass: np.ndarray  # -1 when none
    gender: np.ndarray  # 0 girl, 1 boy, -1 none


def _as_municipality(value: MunicipalitySpec | Sequence) -> MunicipalitySpec:
    if isinstance(value, MunicipalitySpec):
        return value
    code, name, *rest = value
    schools = tuple(s if isinstance(s, SchoolSpec) else SchoolSpec(*s) for s in (rest or [()])[0])
    return MunicipalitySpec(str(code), str(name), schools)


def _generated_schools(muni: MunicipalitySpec, count: int) -> tuple[SchoolSpec, ...]:
    """Codes are the municipality code + a 3-digit number (6 digits in all)."""
    schools = []
    for k in range(count):
        stem = _SCHOOL_STEMS[k % len(_SCHOOL_STEMS)]
        suffix = f" afd. {k // len(_SCHOOL_STEMS) + 1}" if k >= len(_SCHOOL_STEMS) else ""
        schools.append(SchoolSpec(f"{muni.code}{k + 1:03d}", f"{stem}{suffix}"))
    return tuple(schools)


def _class_codes(count: int) -> list[str]:
    """0A, 1A, … 9A, 0B, 1B, … — Danish classes from børnehaveklasse to 9th grade."""
    return [f"{k % 10}{chr(ord('A') + k // 10)}" for k in range(count)]


def _build_structure(
    rng: np.random.Generator,
    municipalities: Sequence[MunicipalitySpec],
    schools_per_municipality: int,
    classes_per_school: int,
) -> _Structure:
    school_codes: list[str] = []
    school_names: list[str] = []
    school_muni: list[int] = []
    for m, muni in enumerate(municipalities):
        schools = muni.schools or _generated_schools(muni, schools_per_municipality)
        for school in schools:
            school_codes.append(school.code)
            school_names.append(school.name)
            school_muni.append(m)
    n_ind = len(INDICATORS)
    n_school = len(school_codes)
    per_school = _class_codes(classes_per_school)
    return _Structure(
        muni_codes=[m.code for m in municipalities],
        muni_names=[m.name for m in municipalities],
        school_codes=school_codes,
        school_names=school_names,
        school_muni=np.array(school_muni, dtype=np.int64),
        class_codes=per_school * n_school,
        class_school=np.repeat(np.arange(n_school), classes_per_school),
        muni_eff=rng.normal(0, _SD_MUNICIPALITY, (len(municipalities), n_ind)),
        school_eff=rng.normal(0, _SD_SCHOOL, (n_school, n_ind)),
        class_eff=rng.normal(0, _SD_CLASS, (n_school * classes_per_school, n_ind)),
        gender_eff=rng.normal(0, _SD_SCHOOL_GENDER, (n_school, 2, n_ind)),
    )


def _build_respondents(
    rng: np.random.Generator,
    st: _Structure,
    pupils_per_class: int,
    parents_per_pupil: float,
    staff_per_school: int,
    leaders_per_school: int,
) -> _Respondents:
    n_class = len(st.class_codes)
    n_school = len(st.school_codes)
    # Pupils: fixed count per class; about 2% leave gender empty.
    p_class = np.repeat(np.arange(n_class), pupils_per_class)
    p_gender = rng.choice(np.array([0, 1, -1]), size=len(p_class), p=[0.49, 0.49, 0.02])
    # Parents: 80% tied to a class, the rest only to the school.
    tied = rng.binomial(pupils_per_class, min(parents_per_pupil * 0.8, 1.0), n_class)
    t_class = np.repeat(np.arange(n_class), tied)
    loose = rng.binomial(
        pupils_per_class * (n_class // max(n_school, 1)), parents_per_pupil * 0.2, n_school
    )
    l_school = np.repeat(np.arange(n_school), loose)
    staff_school = np.repeat(np.arange(n_school), staff_per_school)
    leader_school = np.repeat(np.arange(n_school), leaders_per_school)
    blocks = [
        (0, st.class_school[p_class], p_class, p_gender),
        (1, st.class_school[t_class], t_class, np.full(len(t_class), -1)),
        (1, l_school, np.full(len(l_school), -1), np.full(len(l_school), -1)),
        (2, staff_school, np.full(len(staff_school), -1), np.full(len(staff_school), -1)),
        (3, leader_school, np.full(len(leader_school), -1), np.full(len(leader_school), -1)),
    ]
    return _Respondents(
        group=np.concatenate([np.full(len(b[1]), b[0]) for b in blocks]),
        school=np.concatenate([b[1] for b in blocks]).astype(np.int64),
        klass=np.concatenate([b[2] for b in blocks]).astype(np.int64),
        gender=np.concatenate([b[3] for b in blocks]).astype(np.int64),
    )


def _latent(
    rng: np.random.Generator,
    st: _Structure,
    resp: _Respondents,
    round_effect: float,
    effects: Sequence[Effect],
) -> np.ndarray:
    """Respondent × indicator latent level (see the module docstring)."""
    n, n_ind = len(resp.group), len(INDICATORS)
    general = rng.normal(size=(n, 1))
    theta = 0.6 * general + 0.8 * rng.normal(size=(n, n_ind))
    theta += st.muni_eff[st.school_muni[resp.school]] + st.school_eff[resp.school]
    has_class = resp.klass >= 0
    theta[has_class] += st.class_eff[resp.klass[has_class]]
    gendered = resp.gender >= 0
    theta[gendered] += st.gender_eff[resp.school[gendered], resp.gender[gendered]]
    theta += round_effect
    codes = [ind.code for ind in INDICATORS]
    school_index = {code: i for i, code in enumerate(st.school_codes)}
    muni_index = {code: i for i, code in enumerate(st.muni_codes)}
    for effect in effects:
        mask = np.ones(n, dtype=bool)
        if effect.school_code is not None:
            mask &= resp.school == school_index.get(effect.school_code, -1)
        if effect.municipality_code is not None:
            mask &= st.school_muni[resp.school] == muni_index.get(effect.municipality_code, -1)
        if effect.gender is not None:
            mask &= resp.gender == ("girl", "boy").index(effect.gender)
        if effect.respondent_group is not None:
            mask &= resp.group == GROUPS.index(effect.respondent_group)
        theta[mask, codes.index(effect.indicator_code)] += effect.shift
    return theta


def _all_items() -> list[tuple[int, ItemSpec]]:
    return [(i, item) for i, ind in enumerate(INDICATORS) for item in ind.items]


def _answers(
    rng: np.random.Generator, theta: np.ndarray, resp: _Respondents
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Respondent index, item index, value, answered-flag of every written row."""
    items = _all_items()
    # Fixed item locations: answers lean positive, as in real surveys.
    locations = np.random.default_rng(7).normal(0.5, 0.3, len(items))
    # Skip propensity per respondent: most answer nearly all, a few break off.
    propensity = rng.choice(np.array([0.02, 0.2, 0.7]), size=len(resp.group), p=[0.85, 0.12, 0.03])
    out_r, out_i, out_v, out_a = [], [], [], []
    for g in range(len(GROUPS)):
        rows = np.flatnonzero(resp.group == g)
        cols = [k for k, (_, item) in enumerate(items) if item.group == GROUPS[g]]
        if not len(rows) or not cols:
            continue
        ind = np.array([items[k][0] for k in cols])
        low = np.array([items[k][1].low for k in cols])
        high = np.array([items[k][1].high for k in cols])
        rev = np.array([items[k][1].reverse for k in cols])
        y = (
            theta[rows][:, ind]
            + locations[cols]
            + rng.normal(0, _ITEM_NOISE, (len(rows), len(cols)))
        )
        p = 1.0 / (1.0 + np.exp(-1.3 * y))
        points = high - low + 1
        value = low + np.minimum(np.floor(p * points), points - 1).astype(np.int64)
        value = np.where(rev, low + high - value, value)
        skipped = rng.random((len(rows), len(cols))) < propensity[rows][:, None]
        omitted = skipped & (rng.random(skipped.shape) < 0.5)
        keep = ~omitted
        out_r.append(np.broadcast_to(rows[:, None], keep.shape)[keep])
        out_i.append(np.broadcast_to(np.array(cols)[None, :], keep.shape)[keep])
        out_v.append(value[keep])
        out_a.append(~skipped[keep])
    return (
        np.concatenate(out_r),
        np.concatenate(out_i),
        np.concatenate(out_v),
        np.concatenate(out_a),
    )


def _pseudonyms(rng: np.random.Generator, n: int) -> list[str]:
    """Random, unique, meaningless ids: ``r`` + 10 hex digits."""
    while True:
        ids = rng.integers(0, 16**10, size=n)
        if len(np.unique(ids)) == n:
            return [f"r{x:010x}" for x in ids.tolist()]


def _write(path: Path, table: pa.Table, delimiter: str, bom: bool) -> None:
    """Write CSV the way a vendor export looks: quotes only where needed.

    pyarrow quotes every string unless told not to, and refuses unquoted
    values that would need quotes, so tables with free text (items, names) go
    through :mod:`csv` and the large code-only tables through pyarrow.
    """
    with path.open("wb") as handle:
        if bom:
            handle.write(b"\xef\xbb\xbf")
        if table.num_rows > 10_000:
            options = pacsv.WriteOptions(delimiter=delimiter, quoting_style="none")
            pacsv.write_csv(table, handle, write_options=options)
            return
        text = io.StringIO()
        writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
        writer.writerow(table.column_names)
        writer.writerows(zip(*(col.to_pylist() for col in table.columns), strict=True))
        handle.write(text.getvalue().encode("utf-8"))


def _text_table(columns: dict[str, Sequence[str] | pa.Array]) -> pa.Table:
    return pa.table(
        {k: v if isinstance(v, pa.Array) else pa.array(v, pa.string()) for k, v in columns.items()}
    )


def _round_rng(seed: int, round_label: str) -> np.random.Generator:
    return np.random.default_rng([seed, 2, zlib.crc32(round_label.encode("utf-8"))])


def generate_round(
    out_dir: str | Path,
    *,
    seed: int,
    municipalities: Sequence[MunicipalitySpec | tuple],
    schools_per_municipality: int = 4,
    classes_per_school: int = 6,
    pupils_per_class: int = 20,
    round_label: str = "T1",
    round_effect: float = 0.0,
    effects: Sequence[Effect] = (),
    parents_per_pupil: float = 0.6,
    staff_per_school: int = 40,
    leaders_per_school: int = 3,
    with_units: bool = True,
    delimiter: str = ",",
    bom: bool = False,
) -> GeneratedRound:
    """Write one round folder (indicators, items, respondents, answers[, units]).

    ``municipalities`` takes ``MunicipalitySpec`` or ``(code, name)`` /
    ``(code, name, [(school_code, school_name), …])`` tuples; named schools
    replace the generated ones. The same ``seed`` gives the same schools and
    latent unit effects in every round; ``round_label`` varies the respondents.
    ``round_effect`` shifts everyone (e.g. +0.1 for a T2 improvement) and
    ``effects`` inject targeted shifts.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    munis = [_as_municipality(m) for m in municipalities]
    st = _build_structure(
        np.random.default_rng([seed, 1]), munis, schools_per_municipality, classes_per_school
    )
    rng = _round_rng(seed, round_label)
    resp = _build_respondents(
        rng, st, pupils_per_class, parents_per_pupil, staff_per_school, leaders_per_school
    )
    theta = _latent(rng, st, resp, round_effect, effects)
    r_idx, i_idx, values, answered = _answers(rng, theta, resp)
    ids = _pseudonyms(rng, len(resp.group))

    _write_instrument(out, delimiter, bom)
    _write_respondents(out / "respondents.csv", st, resp, ids, delimiter, bom)
    items = _all_items()
    value_array = pa.array(values, mask=~answered).cast(pa.string())
    answers = _text_table(
        {
            "respondent_id": pa.array(ids, pa.string()).take(pa.array(r_idx)),
            "item_code": pa.array([item.code for _, item in items], pa.string()).take(
                pa.array(i_idx)
            ),
            "value": value_array,
        }
    )
    _write(out / "answers.csv", answers, delimiter, bom)
    if with_units:
        _write_units(out / "units.csv", st, delimiter, bom)
    schools = tuple(SchoolSpec(c, n) for c, n in zip(st.school_codes, st.school_names, strict=True))
    return GeneratedRound(out, len(ids), len(r_idx), schools)


def _write_instrument(out: Path, delimiter: str, bom: bool) -> None:
    indicators = _text_table(
        {
            "indicator_code": [i.code for i in INDICATORS],
            "name_da": [i.name_da for i in INDICATORS],
            "name_en": [i.name_en for i in INDICATORS],
        }
    )
    _write(out / "indicators.csv", indicators, delimiter, bom)
    items = _all_items()
    table = _text_table(
        {
            "item_code": [it.code for _, it in items],
            "indicator_code": [INDICATORS[i].code for i, _ in items],
            "respondent_group": [it.group for _, it in items],
            "reverse": [str(int(it.reverse)) for _, it in items],
            "min": [str(it.low) for _, it in items],
            "max": [str(it.high) for _, it in items],
            "text": [it.text for _, it in items],
        }
    )
    _write(out / "items.csv", table, delimiter, bom)


def _write_respondents(
    path: Path, st: _Structure, resp: _Respondents, ids: list[str], delimiter: str, bom: bool
) -> None:
    school_codes = np.array(st.school_codes, dtype=object)
    muni_codes = np.array(st.muni_codes, dtype=object)
    class_codes = np.array([*st.class_codes, ""], dtype=object)  # -1 picks ""
    genders = np.array(["girl", "boy", ""], dtype=object)  # -1 picks ""
    table = _text_table(
        {
            "respondent_id": ids,
            "respondent_group": np.array(GROUPS, dtype=object)[resp.group].tolist(),
            "municipality_code": muni_codes[st.school_muni[resp.school]].tolist(),
            "school_code": school_codes[resp.school].tolist(),
            "class_code": class_codes[resp.klass].tolist(),
            "gender": genders[resp.gender].tolist(),
        }
    )
    _write(path, table, delimiter, bom)


def _write_units(path: Path, st: _Structure, delimiter: str, bom: bool) -> None:
    n_m, n_s, n_c = len(st.muni_codes), len(st.school_codes), len(st.class_codes)
    levels = ["municipality"] * n_m + ["school"] * n_s + ["class"] * n_c
    codes = st.muni_codes + st.school_codes + st.class_codes
    names = st.muni_names + st.school_names + [f"{c[:-1]}.{c[-1]}" for c in st.class_codes]
    parents = (
        [""] * n_m
        + [st.muni_codes[m] for m in st.school_muni]
        + [st.school_codes[s] for s in st.class_school]
    )
    table = _text_table({"level": levels, "code": codes, "name": names, "parent_code": parents})
    _write(path, table, delimiter, bom)


def programme_scale_kwargs() -> dict[str, object]:
    """Settings for a programme-sized round (~145,000 respondents, ~3M answer rows)."""
    return {
        "municipalities": list(EXAMPLE_MUNICIPALITIES),
        "schools_per_municipality": 19,
        "classes_per_school": 16,
        "pupils_per_class": 21,
    }


__all__ = [
    "EXAMPLE_MUNICIPALITIES",
    "INDICATORS",
    "Effect",
    "GeneratedRound",
    "IndicatorSpec",
    "ItemSpec",
    "MunicipalitySpec",
    "SchoolSpec",
    "generate_round",
    "load_catalogue",
    "programme_scale_kwargs",
]
