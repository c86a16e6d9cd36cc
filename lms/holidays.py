"""The Danish school year's holidays, so that suggested dates fall on school days.

Municipalities set their own holiday plans within a common pattern; this is that pattern (the
dates most Danish schools keep): winter holiday in week 7, Easter from the Saturday before Palm
Sunday to Easter Monday, Ascension Day and the Friday after, Whit Monday, Constitution Day,
the summer holiday from the last Saturday of June to the Sunday of week 32, the autumn holiday
in week 42, and Christmas from 21 December to 2 January.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache


def _easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return date(year, month, day)


def _week(year: int, week: int) -> tuple[date, date]:
    monday = date.fromisocalendar(year, week, 1)
    return monday - timedelta(days=2), monday + timedelta(days=6)  # with the weekend before


@cache
def school_holidays(year: int) -> tuple[tuple[date, date], ...]:
    """(first day, last day) of each holiday that begins in `year`."""
    easter = _easter(year)
    last_of_june = date(year, 6, 30)
    summer_start = last_of_june - timedelta(days=(last_of_june.weekday() - 5) % 7)
    return (
        _week(year, 7),
        (easter - timedelta(days=8), easter + timedelta(days=1)),
        (easter + timedelta(days=39), easter + timedelta(days=42)),
        (easter + timedelta(days=50), easter + timedelta(days=50)),
        (date(year, 6, 5), date(year, 6, 5)),
        (summer_start, date.fromisocalendar(year, 32, 7)),
        _week(year, 42),
        (date(year, 12, 21), date(year + 1, 1, 2)),
    )


def is_school_day(day: date) -> bool:
    if day.weekday() >= 5:
        return False
    return not any(
        first <= day <= last
        for year in (day.year - 1, day.year)
        for first, last in school_holidays(year)
    )


def school_days(start: date, count: int) -> list[date]:
    """The first `count` school days from `start` (itself included when it is one)."""
    days, day = [], start
    while len(days) < count:
        if is_school_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days
