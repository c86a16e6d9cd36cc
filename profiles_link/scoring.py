"""The 500-point scale, unit aggregates and weak areas (mapping-data.md).

Pure pandas/numpy: DataFrames in, DataFrames out, no Django. Two independent
implementations of these rules must agree to 0.05 points, so each function
follows one numbered rule of the contract and says where it had to choose.

Everything is vectorised: a programme round has ~145,000 respondents and ~3
million answers. Text keys are turned into integer codes once and grouped with
``np.bincount``; only the small results get their text labels back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from profiles_link.parsing import RESPONDENT_GROUPS, RoundData

#: Order of levels, subgroups and respondent groups in every output.
LEVELS: tuple[str, ...] = ("class", "school", "municipality", "programme")
SUBGROUPS: tuple[str, ...] = ("all", "girl", "boy")
PROGRAMME = "programme"
Z = 1.96

AGGREGATE_COLUMNS: tuple[str, ...] = (
    "level",
    "unit_code",
    "respondent_group",
    "indicator_code",
    "subgroup",
    "n",
    "score",
    "sd",
    "se",
    "ci_low",
    "ci_high",
    "suppressed",
    "municipality_code",
    "school_code",
)
WEAK_AREA_COLUMNS: tuple[str, ...] = (
    "indicator_code",
    "respondent_group",
    "subgroup",
    "kind",
    "score",
    "benchmark",
    "gap",
)
_NUMBERS = ["score", "sd", "se", "ci_low", "ci_high"]


# --------------------------------------------------------------------------- grouping helpers


def _group_index(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense group ids for non-negative integer keys: (sorted distinct keys, id per row).

    A lookup table is O(n) where ``np.unique`` sorts; it is used whenever the
    key range is not much larger than the data.
    """
    if len(key) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    size = int(key.max()) + 1
    if size > max(8 * len(key), 1 << 22):
        distinct, inverse = np.unique(key, return_inverse=True)
        return distinct, inverse.reshape(-1)
    present = np.zeros(size, dtype=bool)
    present[key] = True
    distinct = np.flatnonzero(present)
    lookup = np.full(size, -1, dtype=np.int64)
    lookup[distinct] = np.arange(len(distinct))
    return distinct, lookup[key]


def _mean_sd(
    values: np.ndarray, group: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group: n, mean and sample SD (ddof=1; NaN when n < 2), two-pass for accuracy."""
    n = np.bincount(group, minlength=n_groups)
    mean = np.bincount(group, weights=values, minlength=n_groups) / n
    deviation = values - mean[group]
    squares = np.bincount(group, weights=deviation * deviation, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.where(n > 1, np.sqrt(squares / (n - 1)), np.nan)
    return n, mean, sd


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64), pd.Index(uniques)


# --------------------------------------------------------------------------- rules 1–3


def respondent_raw_scores(round_data: RoundData) -> pd.DataFrame:
    """Raw score per respondent and indicator (rules 1–3).

    Returns ``respondent_id, indicator_code, respondent_group, raw``. Reversed
    items are flipped (``v' = min + max - v``) and normalised to [0, 1] so 3-,
    4- and 5-point items weigh alike; ``raw`` is the mean over answered items,
    kept only when ``2·a >= |I|`` with ``|I|`` the number of items of that
    indicator for the respondent's group in items.csv. The respondent's group is
    the item's group (parsing refuses answers where they differ).
    """
    items = round_data.items
    answers = round_data.answers
    pair_codes, pairs = _codes(items["indicator_code"] + "\x1f" + items["respondent_group"])
    items_per_pair = np.bincount(pair_codes, minlength=len(pairs))

    item_codes, item_uniques = _codes(answers["item_code"])
    item_pos = pd.Index(items["item_code"]).get_indexer(item_uniques)[item_codes]
    low = items["min"].to_numpy(dtype=np.float64)[item_pos]
    high = items["max"].to_numpy(dtype=np.float64)[item_pos]
    reverse = items["reverse"].to_numpy(dtype=bool)[item_pos]
    value = answers["value"].to_numpy(dtype=np.float64)
    value = np.where(reverse, low + high - value, value)
    x = (value - low) / (high - low)

    resp_codes, resp_ids = _codes(answers["respondent_id"])
    pair = pair_codes[item_pos]
    distinct, group = _group_index(resp_codes * len(pairs) + pair)
    answered = np.bincount(group, minlength=len(distinct))
    raw = np.bincount(group, weights=x, minlength=len(distinct)) / answered
    pair_of_group = distinct % len(pairs)
    enough = 2 * answered >= items_per_pair[pair_of_group]

    pair_labels = pairs.to_series().str.split("\x1f", n=1, expand=True)
    return pd.DataFrame(
        {
            "respondent_id": resp_ids[distinct[enough] // len(pairs)],
            "indicator_code": pair_labels[0].to_numpy()[pair_of_group[enough]],
            "respondent_group": pair_labels[1].to_numpy()[pair_of_group[enough]],
            "raw": raw[enough],
        }
    )


# --------------------------------------------------------------------------- rules 4–5


def reference_parameters(raw: pd.DataFrame) -> pd.DataFrame:
    """μ, σ (ddof=1) and n of ``raw`` per indicator and respondent group (rule 4).

    Call it on the reference round's raw scores, over every respondent of the
    programme who has a score; the result is stored and reused for later rounds.
    """
    grouped = raw.groupby(["indicator_code", "respondent_group"], sort=True)["raw"]
    params = grouped.agg(mean="mean", sd="std", n="count").reset_index()  # std: ddof=1
    return params.astype({"n": "int64"})


def score500(raw: pd.DataFrame, params: pd.DataFrame) -> pd.DataFrame:
    """Add ``score = 500 + 100·(raw - μ)/σ`` with the reference round's μ, σ (rule 5).

    Rows whose (indicator, group) has no usable scale in ``params`` — absent,
    or σ missing/zero because the reference had one respondent or no spread —
    are dropped: those respondents have no score, so they count in no ``n``.
    """
    scale = params.loc[params["sd"].notna() & (params["sd"] > 0), list(params.columns)]
    keys = ["indicator_code", "respondent_group"]
    position = pd.MultiIndex.from_frame(scale[keys]).get_indexer(
        pd.MultiIndex.from_frame(raw[keys])
    )
    found = position >= 0
    mean = scale["mean"].to_numpy(dtype=np.float64)[position[found]]
    sd = scale["sd"].to_numpy(dtype=np.float64)[position[found]]
    out = raw.loc[found].reset_index(drop=True)
    out["score"] = 500.0 + 100.0 * (out["raw"].to_numpy(dtype=np.float64) - mean) / sd
    return out


# --------------------------------------------------------------------------- unit aggregates


@dataclass
class _Members:
    """Per score row: integer codes of its units, pair and subgroup."""

    pair: np.ndarray
    pairs: pd.DataFrame  # indicator_code, respondent_group per pair code
    units: dict[str, tuple[np.ndarray, np.ndarray]]  # level -> (code per row, labels)
    gender: np.ndarray  # 0 girl, 1 boy, -1 none or not a pupil
    municipality: np.ndarray  # municipality code text per row
    school: np.ndarray  # school code text per row
    score: np.ndarray


def _members(scores: pd.DataFrame, respondents: pd.DataFrame) -> _Members:
    position = pd.Index(respondents["respondent_id"]).get_indexer(scores["respondent_id"])
    if (position < 0).any():
        scores = scores.loc[position >= 0]
        position = position[position >= 0]
    municipality = respondents["municipality_code"].to_numpy(dtype=object)
    school = respondents["school_code"].to_numpy(dtype=object)
    klass = respondents["class_code"].to_numpy(dtype=object)
    class_key = np.where(klass != "", school + "/" + klass, "")
    is_pupil = (respondents["respondent_group"] == "pupil").to_numpy()
    gender = pd.Index(["girl", "boy"]).get_indexer(respondents["gender"])
    gender = np.where(is_pupil, gender, -1).astype(np.int64)

    def unit(labels_per_respondent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = pd.factorize(labels_per_respondent)
        return codes.astype(np.int64)[position], np.asarray(uniques, dtype=object)

    class_codes, class_labels = unit(class_key)
    empty = np.flatnonzero(class_labels == "")
    if len(empty):  # respondents without a class are not in any class
        class_codes = np.where(class_codes == empty[0], -1, class_codes)
    pair_codes, pair_labels = _codes(scores["indicator_code"] + "\x1f" + scores["respondent_group"])
    split = pair_labels.to_series().str.split("\x1f", n=1, expand=True)
    return _Members(
        pair=pair_codes,
        pairs=pd.DataFrame(
            {"indicator_code": split[0].to_numpy(), "respondent_group": split[1].to_numpy()}
        ),
        units={
            "class": (class_codes, class_labels),
            "school": unit(school),
            "municipality": unit(municipality),
            PROGRAMME: (
                np.zeros(len(position), dtype=np.int64),
                np.array([PROGRAMME], dtype=object),
            ),
        },
        gender=gender[position],
        municipality=municipality[position],
        school=school[position],
        score=scores["score"].to_numpy(dtype=np.float64),
    )


def _aggregate_level(m: _Members, level: str, subgroup: str) -> pd.DataFrame:
    unit_codes, unit_labels = m.units[level]
    rows = unit_codes >= 0
    if subgroup != "all":
        rows &= m.gender == SUBGROUPS.index(subgroup) - 1
    n_pairs = len(m.pairs)
    key = unit_codes[rows] * n_pairs + m.pair[rows]
    distinct, group = _group_index(key)
    n, mean, sd = _mean_sd(m.score[rows], group, len(distinct))
    representative = np.zeros(len(distinct), dtype=np.int64)
    representative[group] = np.flatnonzero(rows)
    pair = distinct % n_pairs
    frame = pd.DataFrame(
        {
            "level": level,
            "unit_code": unit_labels[distinct // n_pairs],
            "respondent_group": m.pairs["respondent_group"].to_numpy()[pair],
            "indicator_code": m.pairs["indicator_code"].to_numpy()[pair],
            "subgroup": subgroup,
            "n": n.astype(np.int64),
            "score": mean,
            "sd": sd,
            "municipality_code": "" if level == PROGRAMME else m.municipality[representative],
            "school_code": m.school[representative] if level in ("class", "school") else "",
        }
    )
    return frame


def unit_aggregates(
    scores: pd.DataFrame, respondents: pd.DataFrame, suppression_min_n: int = 5
) -> pd.DataFrame:
    """Per unit, respondent group, indicator and subgroup: n, mean score, SD, 95% CI.

    Levels: class (``unit_code`` = ``SCHOOL/CLASS``; respondents without a
    class are left out), school, municipality and programme (``programme``).
    Subgroups: ``all``, and ``girl``/``boy`` for pupils (empty gender counts in
    ``all`` only). ``sd`` has ddof=1, ``se = sd/√n``, ``ci = score ∓ 1.96·se``;
    with n = 1 these are NaN. ``suppressed`` is ``n < suppression_min_n``; the
    numbers of suppressed rows are kept here (internal use) — show or export
    only :func:`public_view` of this frame. Also carries ``municipality_code``
    and ``school_code`` of the unit ("" where not applicable) so weak areas can
    find a school's municipality.
    """
    m = _members(scores, respondents)
    # Gender codes are -1 for everyone but pupils, so girl/boy rows are pupils only.
    parts = [_aggregate_level(m, level, subgroup) for level in LEVELS for subgroup in SUBGROUPS]
    result = pd.concat(parts, ignore_index=True)
    se = result["sd"] / np.sqrt(result["n"])
    result = result.assign(
        se=se,
        ci_low=result["score"] - Z * se,
        ci_high=result["score"] + Z * se,
        suppressed=result["n"] < suppression_min_n,
    )
    result = complementary_suppression(result, suppression_min_n)
    return sort_aggregates(result)[list(AGGREGATE_COLUMNS)].reset_index(drop=True)


# --------------------------------------------------------------------------- complementary suppression

#: Where each level's cells find their parent: (child level, parent level, column naming it).
#: A municipality's parent is the programme, whose unit_code is always "programme".
_FAMILIES: tuple[tuple[str, str, str | None], ...] = (
    ("class", "school", "school_code"),
    ("school", "municipality", "municipality_code"),
    ("municipality", PROGRAMME, None),
)


@dataclass
class _CellTree:
    """Integer views of an aggregate frame that the suppression rules walk over."""

    gender_rows: np.ndarray  # rows of girl and boy cells
    gender_pair: np.ndarray  # per gender row: dense id of its (unit, group, indicator) pair
    families: list[tuple[np.ndarray, np.ndarray]]  # per child level: (rows, dense parent id)
    parent_rows: list[np.ndarray]  # per child level: the row of each dense parent id
    code_rank: np.ndarray  # per row: rank of its unit_code in string order (the tie-break)


def _parent_labels(frame: pd.DataFrame) -> np.ndarray:
    """Per row "level\x1fcode" of the unit it lies in; "" for the programme."""
    labels = np.full(len(frame), "", dtype=object)
    level = frame["level"].to_numpy(dtype=object)
    for child, parent, column in _FAMILIES:
        rows = level == child
        codes = PROGRAMME if column is None else frame[column].to_numpy(dtype=object)[rows]
        labels[rows] = parent + "\x1f" + codes
    return labels


def _suppression_structure(frame: pd.DataFrame) -> _CellTree:
    blocks = [c for c in ("round", "respondent_group", "indicator_code") if c in frame.columns]
    block = frame.groupby(blocks, sort=False, dropna=False).ngroup().to_numpy(dtype=np.int64)
    own = (frame["level"] + "\x1f" + frame["unit_code"].astype(str)).to_numpy(dtype=object)
    unit_codes, units = pd.factorize(np.concatenate([own, _parent_labels(frame)]))
    unit, parent_unit = unit_codes[: len(frame)], unit_codes[len(frame) :]
    subgroup = pd.Index(SUBGROUPS).get_indexer(frame["subgroup"]).astype(np.int64)
    width = len(SUBGROUPS) + 1  # "all" 1, girl 2, boy 3 (0 for a subgroup it does not know)
    cell = (block * len(units) + unit) * width + subgroup + 1
    parent_cell = (block * len(units) + parent_unit) * width + subgroup + 1
    # Cells are unique in an aggregate frame; the programme's parent "" is no cell, so -1.
    parent_row = pd.Index(cell).get_indexer(parent_cell)
    gender_rows = np.flatnonzero(subgroup >= 1)
    _pairs, gender_pair = _group_index(block[gender_rows] * len(units) + unit[gender_rows])
    level = frame["level"].to_numpy(dtype=object)
    families, parent_rows = [], []
    for child, _parent, _column in _FAMILIES:
        rows = np.flatnonzero((level == child) & (parent_row >= 0))
        distinct, parent_id = _group_index(parent_row[rows])
        families.append((rows, parent_id))
        parent_rows.append(distinct)
    code_rank = pd.factorize(frame["unit_code"].astype(str), sort=True)[0].astype(np.int64)
    return _CellTree(gender_rows, gender_pair, families, parent_rows, code_rank)


def _suppress_gender_pairs(suppressed: np.ndarray, st: _CellTree) -> None:
    """Rule 1: where the girl or the boy cell of a unit is suppressed, both are."""
    if not len(st.gender_rows):
        return
    hit = np.bincount(st.gender_pair, weights=suppressed[st.gender_rows]) > 0
    suppressed[st.gender_rows] |= hit[st.gender_pair]


def _suppress_siblings(
    suppressed: np.ndarray,
    n: np.ndarray,
    family: tuple[np.ndarray, np.ndarray],
    parents: np.ndarray,
    code_rank: np.ndarray,
    min_n: int,
) -> None:
    """Rule 2 for one level, every parent at once: while a shown parent's suppressed children
    hold 1 to min_n - 1 respondents, suppress its shown child with the smallest n (then the
    lowest unit_code)."""
    rows, parent = family
    while len(rows):
        hidden = suppressed[rows]
        held = np.bincount(parent, weights=n[rows] * hidden, minlength=len(parents))
        short = ~suppressed[parents] & (held >= 1) & (held < min_n)
        candidate = ~hidden & short[parent]
        if not candidate.any():
            return
        found, their_parent = rows[candidate], parent[candidate]
        order = np.lexsort((code_rank[found], n[found], their_parent))
        _distinct, first = np.unique(their_parent[order], return_index=True)
        suppressed[found[order[first]]] = True


def _suppress_covering_children(
    suppressed: np.ndarray,
    n: np.ndarray,
    family: tuple[np.ndarray, np.ndarray],
    parents: np.ndarray,
    code_rank: np.ndarray,
) -> None:
    """Rule 4 for one level: a suppressed parent whose respondents all lie in shown children
    would be their weighted mean (a school of one class is that class): suppress its shown
    child with the smallest n (then the lowest unit_code) until one of them is suppressed."""
    rows, parent = family
    if not len(rows):
        return
    held = np.bincount(parent, weights=n[rows], minlength=len(parents))
    hidden = np.bincount(parent, weights=suppressed[rows], minlength=len(parents))
    covered = suppressed[parents] & (held >= n[parents]) & (hidden == 0)
    candidate = covered[parent]
    if not candidate.any():
        return
    found, their_parent = rows[candidate], parent[candidate]
    order = np.lexsort((code_rank[found], n[found], their_parent))
    _distinct, first = np.unique(their_parent[order], return_index=True)
    suppressed[found[order[first]]] = True


def complementary_suppression(aggregates: pd.DataFrame, min_n: int = 5) -> pd.DataFrame:
    """Suppress what shown numbers would give away by subtraction (the contract's
    "Complementary suppression"); returns a copy whose ``suppressed`` only grew.

    After ``n < min_n``, per round (a ``round`` column, when there is one), respondent group
    and indicator: (1) where a unit's girl or boy cell is suppressed, both are; (2) within a
    shown parent cell (school for its classes, municipality for its schools, programme for its
    municipalities; same subgroup) the suppressed children must hold 0 or at least ``min_n``
    respondents: while they hold 1 to ``min_n - 1``, the shown child with the smallest ``n``
    (ties: lowest ``unit_code``) is suppressed too; (3) again until nothing changes; and (4), a
    rule the contract's text lacks: a suppressed parent whose respondents all lie in shown
    children (a school of one class) would be their weighted mean, so its shown child with the
    smallest ``n`` is suppressed too.

    One pass is rule 1 on every unit, then rule 2 for classes, schools and municipalities, in
    that order ("from class level up"); passes repeat until one suppresses nothing. The order
    matters in rare cases (which sibling is taken first), so it is fixed here. A parent
    suppressed later in the passes keeps the children it had made suppressed: suppression only
    grows. The numbers are left as they are; storing and :func:`public_view` blank them.

    The frame needs ``level, unit_code, respondent_group, indicator_code, subgroup, n,
    suppressed, municipality_code, school_code``, one row per cell. Everything works on integer
    codes, each rule for all parents at once, so a programme round costs a fraction of a second.
    """
    if aggregates.empty:
        return aggregates.copy()
    n = aggregates["n"].to_numpy(dtype=np.int64)
    suppressed = aggregates["suppressed"].to_numpy(dtype=bool) | (n < min_n)
    st = _suppression_structure(aggregates)
    while True:
        before = int(suppressed.sum())
        _suppress_gender_pairs(suppressed, st)
        for family, parents in zip(st.families, st.parent_rows, strict=True):
            _suppress_siblings(suppressed, n, family, parents, st.code_rank, min_n)
        for family, parents in zip(st.families, st.parent_rows, strict=True):
            _suppress_covering_children(suppressed, n, family, parents, st.code_rank)
        if int(suppressed.sum()) == before:
            return aggregates.assign(suppressed=suppressed)


def sort_aggregates(frame: pd.DataFrame) -> pd.DataFrame:
    order = frame.assign(
        _level=frame["level"].map({lv: i for i, lv in enumerate(LEVELS)}),
        _group=frame["respondent_group"].map({g: i for i, g in enumerate(RESPONDENT_GROUPS)}),
        _subgroup=frame["subgroup"].map({s: i for i, s in enumerate(SUBGROUPS)}),
    )
    keys = ["_level", "unit_code", "_group", "indicator_code", "_subgroup"]
    return order.sort_values(keys, kind="stable").drop(columns=["_level", "_group", "_subgroup"])


def public_view(aggregates: pd.DataFrame) -> pd.DataFrame:
    """The aggregates as anyone may see them: suppressed rows keep ``n`` only.

    Every page and export goes through this, so a suppressed score can never
    leak by accident.
    """
    out = aggregates.copy()
    out.loc[out["suppressed"].astype(bool), _NUMBERS] = np.nan
    return out


# --------------------------------------------------------------------------- weak areas


def weak_areas(
    aggregates: pd.DataFrame,
    school_code: str,
    benchmark: str = "programme",
    min_gap: float = 10.0,
    min_subgroup_gap: float = 15.0,
    *,
    municipality_code: str | None = None,
) -> pd.DataFrame:
    """A school's weak areas in one round, largest gap first.

    ``below_benchmark``: subgroup ``all``, not suppressed, ``gap = B - score``,
    weak when ``gap >= min_gap`` and ``ci_high < B``. ``B`` is 500 for the
    programme benchmark (the scale's programme mean, also in later rounds), or
    the school's municipality's score for the same indicator and group; when
    that municipality row is suppressed or missing there is no benchmark and
    the area is not judged. With n = 1 there is no interval, so the row is not
    weak (the spec asks for ``ci_high < B``, which cannot be shown).

    ``subgroup_gap``: pupils, girl and boy both unsuppressed with n >= 2,
    ``d = |girl - boy|``, weak when ``d >= min_subgroup_gap`` and
    ``d > 1.96·√(se_girl² + se_boy²)``; the lower subgroup is reported with
    ``score`` = its score, ``benchmark`` = the higher subgroup's score, ``gap = d``.

    Ties on ``gap`` are broken by indicator_code, respondent_group, subgroup.
    """
    if benchmark not in ("programme", "municipality"):
        raise ValueError(f"unknown benchmark {benchmark!r}")
    school = aggregates.loc[
        (aggregates["level"] == "school") & (aggregates["unit_code"] == school_code)
    ]
    below = _below_benchmark(aggregates, school, benchmark, min_gap, municipality_code)
    gaps = _subgroup_gaps(school, min_subgroup_gap)
    result = pd.concat([below, gaps], ignore_index=True)
    result = result.sort_values(
        ["gap", "indicator_code", "respondent_group", "subgroup"],
        ascending=[False, True, True, True],
        kind="stable",
    )
    return result[list(WEAK_AREA_COLUMNS)].reset_index(drop=True)


def _below_benchmark(
    aggregates: pd.DataFrame,
    school: pd.DataFrame,
    benchmark: str,
    min_gap: float,
    municipality_code: str | None,
) -> pd.DataFrame:
    rows = school.loc[(school["subgroup"] == "all") & ~school["suppressed"].astype(bool)]
    keys = ["indicator_code", "respondent_group"]
    if benchmark == "programme":
        rows = rows.assign(benchmark=500.0)
    else:
        if municipality_code is None:
            known = school["municipality_code"].loc[school["municipality_code"] != ""]
            municipality_code = known.iloc[0] if len(known) else None
        muni = aggregates.loc[
            (aggregates["level"] == "municipality")
            & (aggregates["unit_code"] == municipality_code)
            & (aggregates["subgroup"] == "all")
            & ~aggregates["suppressed"].astype(bool),
            [*keys, "score"],
        ].rename(columns={"score": "benchmark"})
        rows = rows.merge(muni, on=keys, how="inner")
    rows = rows.assign(gap=rows["benchmark"] - rows["score"])
    weak = (rows["gap"] >= min_gap) & (rows["ci_high"] < rows["benchmark"])
    return rows.loc[weak.fillna(False).astype(bool)].assign(kind="below_benchmark")


def _subgroup_gaps(school: pd.DataFrame, min_subgroup_gap: float) -> pd.DataFrame:
    keys = ["indicator_code", "respondent_group"]
    usable = school.loc[
        (school["respondent_group"] == "pupil")
        & ~school["suppressed"].astype(bool)
        & (school["n"] >= 2)
    ]
    girls = usable.loc[usable["subgroup"] == "girl", [*keys, "score", "se"]]
    boys = usable.loc[usable["subgroup"] == "boy", [*keys, "score", "se"]]
    both = girls.merge(boys, on=keys, suffixes=("_girl", "_boy"))
    d = (both["score_girl"] - both["score_boy"]).abs()
    threshold = Z * np.sqrt(both["se_girl"] ** 2 + both["se_boy"] ** 2)
    both = both.assign(gap=d).loc[(d >= min_subgroup_gap) & (d > threshold)]
    girl_lower = both["score_girl"] < both["score_boy"]
    return pd.DataFrame(
        {
            "indicator_code": both["indicator_code"],
            "respondent_group": both["respondent_group"],
            "subgroup": np.where(girl_lower, "girl", "boy"),
            "kind": "subgroup_gap",
            "score": np.where(girl_lower, both["score_girl"], both["score_boy"]),
            "benchmark": np.where(girl_lower, both["score_boy"], both["score_girl"]),
            "gap": both["gap"],
        }
    )


def weak_area_rows_by_school(
    aggregates: pd.DataFrame,
    municipality_of: dict[str, str],
    benchmark: str = "programme",
    min_gap: float = 10.0,
    min_subgroup_gap: float = 15.0,
) -> dict[str, list[tuple]]:
    """``weak_areas`` for every school in ``municipality_of`` (school code -> the municipality
    whose score is its benchmark) at once, as tuples of WEAK_AREA_COLUMNS: the same rows in the
    same order as one call per school, without pandas' fixed cost per call or per frame read
    (an import stores every school's areas)."""
    found = _weak_areas_of_schools(
        aggregates, municipality_of, benchmark, min_gap, min_subgroup_gap
    )
    result: dict[str, list[tuple]] = {code: [] for code in municipality_of}
    columns = ["unit_code", *WEAK_AREA_COLUMNS]
    for code, *row in zip(*(found[c].to_numpy(dtype=object) for c in columns), strict=True):
        result[code].append(tuple(row))
    return result


def _weak_areas_of_schools(
    aggregates: pd.DataFrame,
    municipality_of: dict[str, str],
    benchmark: str,
    min_gap: float,
    min_subgroup_gap: float,
) -> pd.DataFrame:
    """Every school's weak areas in one frame (with ``unit_code``), by school and then in
    ``weak_areas``' order."""
    if benchmark not in ("programme", "municipality"):
        raise ValueError(f"unknown benchmark {benchmark!r}")
    keys = ["unit_code", "indicator_code", "respondent_group"]
    schools = aggregates.loc[
        (aggregates["level"] == "school") & aggregates["unit_code"].isin(list(municipality_of))
    ]
    suppressed = schools["suppressed"].astype(bool)
    rows = schools.loc[(schools["subgroup"] == "all") & ~suppressed]
    if benchmark == "programme":
        rows = rows.assign(benchmark=500.0)
    else:
        rows = rows.assign(benchmark_unit=rows["unit_code"].map(municipality_of))
        muni = aggregates.loc[
            (aggregates["level"] == "municipality")
            & (aggregates["subgroup"] == "all")
            & ~aggregates["suppressed"].astype(bool),
            ["unit_code", "indicator_code", "respondent_group", "score"],
        ].rename(columns={"unit_code": "benchmark_unit", "score": "benchmark"})
        rows = rows.merge(
            muni, on=["benchmark_unit", "indicator_code", "respondent_group"], how="inner"
        )
    rows = rows.assign(gap=rows["benchmark"] - rows["score"])
    weak = (rows["gap"] >= min_gap) & (rows["ci_high"] < rows["benchmark"])
    below = rows.loc[weak.fillna(False).astype(bool)].assign(kind="below_benchmark")

    usable = schools.loc[
        (schools["respondent_group"] == "pupil") & ~suppressed & (schools["n"] >= 2)
    ]
    girls = usable.loc[usable["subgroup"] == "girl", [*keys, "score", "se"]]
    boys = usable.loc[usable["subgroup"] == "boy", [*keys, "score", "se"]]
    both = girls.merge(boys, on=keys, suffixes=("_girl", "_boy"))
    d = (both["score_girl"] - both["score_boy"]).abs()
    threshold = Z * np.sqrt(both["se_girl"] ** 2 + both["se_boy"] ** 2)
    both = both.assign(gap=d).loc[(d >= min_subgroup_gap) & (d > threshold)]
    girl_lower = both["score_girl"] < both["score_boy"]
    gaps = pd.DataFrame(
        {
            "unit_code": both["unit_code"],
            "indicator_code": both["indicator_code"],
            "respondent_group": both["respondent_group"],
            "subgroup": np.where(girl_lower, "girl", "boy"),
            "kind": "subgroup_gap",
            "score": np.where(girl_lower, both["score_girl"], both["score_boy"]),
            "benchmark": np.where(girl_lower, both["score_boy"], both["score_girl"]),
            "gap": both["gap"],
        }
    )
    return pd.concat(
        [below[["unit_code", *WEAK_AREA_COLUMNS]], gaps[["unit_code", *WEAK_AREA_COLUMNS]]],
        ignore_index=True,
    ).sort_values(
        ["unit_code", "gap", "indicator_code", "respondent_group", "subgroup"],
        ascending=[True, False, True, True, True],
        kind="stable",
    )


# --------------------------------------------------------------------------- convenience


@dataclass
class ScoredRound:
    """Every intermediate of scoring one round, for the import to store."""

    raw: pd.DataFrame
    params: pd.DataFrame
    scores: pd.DataFrame
    aggregates: pd.DataFrame


def score_round(
    round_data: RoundData,
    params: pd.DataFrame | None = None,
    suppression_min_n: int = 5,
) -> ScoredRound:
    """Score a round; without ``params`` it is its own reference round."""
    raw = respondent_raw_scores(round_data)
    if params is None:
        params = reference_parameters(raw)
    scores = score500(raw, params)
    aggregates = unit_aggregates(scores, round_data.respondents, suppression_min_n)
    return ScoredRound(raw=raw, params=params, scores=scores, aggregates=aggregates)
