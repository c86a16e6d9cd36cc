"""Checks of understanding built from a school's own numbers (the `data_check` block).

Pure functions: a school's profiles in, a question with its answers out. The right answer is
judged on the numbers as the page shows them (rounded), so the reader can check it by eye:
"492 with the interval 478–506" includes 500, so the school is not clearly below it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from profiles_link.api import RespondentGroup

PROGRAMME_MEAN = 500


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    explanation: str

    def __getitem__(self, key: str):
        # The check block's template and CheckAnswer's saving read options as mappings.
        return getattr(self, key)


@dataclass(frozen=True)
class DataCheck:
    question: str
    options: tuple[Option, ...]

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)


def _group_label(group: str) -> str:
    return str(RespondentGroup(group).label) if group in RespondentGroup.values else group


def _profile_for(profiles, group: str):
    return next((profile for profile in profiles if profile.group == group), None)


def _same_explanation(texts: list[tuple[str, bool]], explanation: str) -> tuple[Option, ...]:
    return tuple(Option(text, correct, explanation) for text, correct in texts)


def interval_check(profiles, group: str) -> DataCheck | None:
    """Is a score with its interval below 500? Picks the indicator where the question is most
    instructive: a score off 500 whose interval still holds 500, else the one nearest 500."""
    profile = _profile_for(profiles, group)
    rows = [
        row
        for row in (profile.rows if profile else ())
        if row.cell is not None and row.cell.shown is not None and row.cell.interval
    ]
    if not rows:
        return None
    holding = [r for r in rows if r.cell.interval[0] <= PROGRAMME_MEAN <= r.cell.interval[1]]
    if holding:
        row = max(holding, key=lambda r: (abs(r.cell.shown - PROGRAMME_MEAN), r.indicator.code))
    else:
        row = min(rows, key=lambda r: (abs(r.cell.shown - PROGRAMME_MEAN), r.indicator.code))
    low, high = row.cell.interval
    values = {
        "group": _group_label(group),
        "score": row.cell.shown,
        "indicator": row.indicator.name,
        "round": profile.mapping_round.label,
        "low": low,
        "high": high,
    }
    question = (
        _(
            "Your %(group)s score %(score)s on %(indicator)s in %(round)s, with the 95%% "
            "interval %(low)s–%(high)s. Is the school below the programme's 500?"
        )
        % values
    )
    below, above = high < PROGRAMME_MEAN, low > PROGRAMME_MEAN
    if below:
        why = _(
            "The whole interval %(low)s–%(high)s lies below 500: the school is clearly below "
            "the programme here."
        )
    elif above:
        why = _(
            "The whole interval %(low)s–%(high)s lies above 500: the school is clearly above "
            "the programme here."
        )
    else:
        why = _(
            "The interval %(low)s–%(high)s includes 500, so the difference from the programme "
            "may be chance: do not build an effort on it alone."
        )
    options = [
        (_("Yes: the school is clearly below 500."), below),
        (_("No: the school is clearly above 500."), above),
        (_("We cannot say: the interval includes 500."), not below and not above),
    ]
    return DataCheck(question, _same_explanation(options, why % values))


def _clear_options(is_clear: bool, why: str) -> tuple[Option, ...]:
    return _same_explanation(
        [
            (_("Yes: the difference is larger than its uncertainty."), is_clear),
            (_("No: the difference may be chance."), not is_clear),
        ],
        why,
    )


def subgroup_gap_check(profiles, group: str) -> DataCheck | None:
    """Is the difference between girls and boys clear? On the indicator with the largest gap."""
    profile = _profile_for(profiles, group)
    rows = [
        row
        for row in (profile.rows if profile else ())
        if row.gender_gap is not None and row.gender_gap_margin is not None
    ]
    if not rows:
        return None
    row = max(rows, key=lambda r: (abs(r.gender_gap), r.indicator.code))
    margin = row.gender_gap_margin
    values = {
        "indicator": row.indicator.name,
        "girls": row.girl.shown,
        "boys": row.boy.shown,
        "round": profile.mapping_round.label,
        "gap": abs(row.gender_gap),
        "margin": margin,
    }
    question = (
        _(
            "On %(indicator)s your girls score %(girls)s and your boys %(boys)s in %(round)s: a "
            "difference of %(gap)s points, with an uncertainty of ±%(margin)s. Is the difference "
            "clear?"
        )
        % values
    )
    is_clear = abs(row.gender_gap) > margin
    if is_clear:
        why = _(
            "%(gap)s points is more than the uncertainty of ±%(margin)s: the difference is clear "
            "and worth working on."
        )
    else:
        why = _(
            "%(gap)s points is within the uncertainty of ±%(margin)s: the difference may be chance."
        )
    return DataCheck(question, _clear_options(is_clear, why % values))


def change_check(profiles, group: str) -> DataCheck | None:
    """Is the change since the previous round clear? On the indicator that moved most."""
    profile = _profile_for(profiles, group)
    rows = [
        row
        for row in (profile.rows if profile else ())
        if row.change is not None and row.change_margin is not None
    ]
    if not rows:
        return None
    row = max(rows, key=lambda r: (abs(r.change), r.indicator.code))
    before, after = row.trend[-2], row.trend[-1]
    first, last = profile.trend_rounds[-2], profile.trend_rounds[-1]
    values = {
        "group": _group_label(group),
        "indicator": row.indicator.name,
        "before": before.shown,
        "after": after.shown,
        "from": first.label,
        "to": last.label,
        "change": f"+{row.change}" if row.change > 0 else str(row.change),
        "gap": abs(row.change),
        "margin": row.change_margin,
    }
    question = (
        _(
            "Your %(group)s went from %(before)s in %(from)s to %(after)s in %(to)s on "
            "%(indicator)s (%(change)s). A change between two rounds has an uncertainty of "
            "±%(margin)s here. Is the change clear?"
        )
        % values
    )
    is_clear = abs(row.change) > row.change_margin
    if is_clear:
        why = _(
            "A change of %(gap)s points is more than its uncertainty of ±%(margin)s: it is "
            "unlikely to be chance."
        )
    else:
        why = _(
            "A change of %(gap)s points is within its uncertainty of ±%(margin)s: do not read "
            "it as progress or decline yet."
        )
    return DataCheck(question, _clear_options(is_clear, why % values))


BUILDERS = {
    "interval": interval_check,
    "subgroup_gap": subgroup_gap_check,
    "change": change_check,
}


def build_check(kind: str, profiles, group: str) -> DataCheck | None:
    builder = BUILDERS.get(kind)
    return builder(profiles, group) if builder else None
