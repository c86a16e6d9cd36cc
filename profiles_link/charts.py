"""Server-rendered SVG charts for the profile pages.

Plain functions from the selectors' cells to SVG markup, so the charts need no JavaScript and
print well. Every chart is ``role="img"`` with a ``<title>`` and ``<desc>``; the page puts a data
table beside it, and that table is what a screen reader reads. A suppressed cell has no number
(the selectors give ``None``), so a chart can only say, in words, that there were too few answers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import RespondentGroup
from .selectors import Cell, UnitProfile, suppressed_text

#: Band colours: each has at least 4.5:1 contrast on white, so they serve as text colour too.
BAND_COLOURS = {"good": "#1e6b34", "middle": "#8a5a00", "weak": "#a1261b"}
INK = "#1b2733"
MUTED = "#4a5866"
GRID = "#d5dbe2"
AXIS_MIN, AXIS_MAX, REFERENCE = 350, 650, 500

# Layout of the bar chart (SVG user units; the SVG scales to the page's width).
WIDTH, LABEL_WIDTH, PLOT_LEFT, PLOT_RIGHT = 800, 232, 240, 640
TOP, ROW, HEADING = 30, 34, 22
LABEL_CHARS = 32


@dataclass(frozen=True)
class Marker:
    """A comparison drawn on a bar: ``kind`` picks the shape (diamond near, circle programme)."""

    kind: str
    label: str
    cell: Cell | None


@dataclass(frozen=True)
class Bar:
    label: str
    cell: Cell | None
    markers: tuple[Marker, ...] = ()


@dataclass(frozen=True)
class BarGroup:
    heading: str
    bars: tuple[Bar, ...]


def _f(value: float) -> str:
    return f"{value:.1f}"


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _domain(groups: Sequence[BarGroup]) -> tuple[int, int]:
    """350–650, widened in steps of 50 when a score, interval or comparison lies outside."""
    values = [AXIS_MIN, AXIS_MAX]
    for group in groups:
        for bar in group.bars:
            cells = [bar.cell, *(m.cell for m in bar.markers)]
            for cell in cells:
                if cell is not None:
                    values += [v for v in (cell.score, cell.ci_low, cell.ci_high) if v is not None]
    return 50 * math.floor(min(values) / 50), 50 * math.ceil(max(values) / 50)


def _scale(domain: tuple[int, int]):
    low, high = domain

    def x(value: float) -> float:
        return PLOT_LEFT + (value - low) * (PLOT_RIGHT - PLOT_LEFT) / (high - low)

    return x


def marker_shape(kind: str, cx: float, cy: float, size: float = 6.0) -> str:
    """A diamond for the nearer comparison (municipality, school), a circle for the programme."""
    style = f'fill="#ffffff" stroke="{INK}" stroke-width="2"'
    if kind == "programme":
        return f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(size)}" {style}/>'
    size -= 1
    points = f"{_f(cx)},{_f(cy - size)} {_f(cx + size)},{_f(cy)} {_f(cx)},{_f(cy + size)} {_f(cx - size)},{_f(cy)}"
    return f'<polygon points="{points}" {style}/>'


def legend_symbol(kind: str) -> SafeString:
    """A small inline SVG of a marker for the legend (decorative: the legend text says it)."""
    return mark_safe(  # noqa: S308 - built from numbers and fixed strings only
        '<svg class="legend-symbol" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"'
        f' focusable="false">{marker_shape(kind, 8, 8)}</svg>'
    )


def _axis(domain: tuple[int, int], height: float) -> list[str]:
    x = _scale(domain)
    parts = []
    for tick in range(domain[0], domain[1] + 1, 50):
        reference = tick == REFERENCE
        parts.append(
            f'<line x1="{_f(x(tick))}" y1="{TOP - 6}" x2="{_f(x(tick))}" y2="{_f(height - 4)}" '
            + (
                f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="5 3"/>'
                if reference
                else f'stroke="{GRID}" stroke-width="1"/>'
            )
        )
        weight = ' font-weight="700"' if reference else ""
        parts.append(
            f'<text x="{_f(x(tick))}" y="{TOP - 10}" text-anchor="middle" font-size="12" '
            f'fill="{INK}"{weight}>{tick}</text>'
        )
    return parts


def _bar(bar: Bar, y: float, x, domain: tuple[int, int]) -> list[str]:
    mid = y + ROW / 2
    parts = []
    if bar.label:
        parts.append(
            f'<text x="0" y="{_f(mid + 4)}" font-size="13" fill="{INK}">{escape(_short(bar.label))}</text>'
        )
    cell = bar.cell
    if cell is None or cell.score is None:
        note = suppressed_text() if cell is not None and cell.suppressed else _("No results")
        parts.append(  # a plain background so the grid does not run through the words
            f'<rect x="{PLOT_LEFT + 2}" y="{_f(mid - 10)}" width="{len(note) * 7 + 8}" '
            'height="20" fill="#ffffff"/>'
        )
        parts.append(
            f'<text x="{PLOT_LEFT + 6}" y="{_f(mid + 4)}" font-size="13" font-style="italic" '
            f'fill="{MUTED}">{escape(note)}</text>'
        )
    else:
        colour = BAND_COLOURS[cell.band]
        left = x(domain[0])
        parts.append(
            f'<rect x="{_f(left)}" y="{_f(mid - 7)}" width="{_f(x(cell.score) - left)}" '
            f'height="14" fill="{colour}"/>'
        )
        if cell.interval is not None:
            low, high = x(cell.ci_low), x(cell.ci_high)
            parts.append(
                f'<path d="M{_f(low)} {_f(mid)}H{_f(high)}M{_f(low)} {_f(mid - 10)}V{_f(mid + 10)}'
                f'M{_f(high)} {_f(mid - 10)}V{_f(mid + 10)}" stroke="{INK}" stroke-width="2" '
                'fill="none"/>'
            )
        parts.append(
            f'<text x="{PLOT_RIGHT + 12}" y="{_f(mid + 4)}" font-size="13" fill="{colour}">'
            f'<tspan font-weight="700">{cell.shown}</tspan> {escape(cell.band_label)}</text>'
        )
    # The programme's circle first, so a diamond at the same score stays visible on top of it.
    for marker in sorted(bar.markers, key=lambda m: m.kind != "programme"):
        if marker.cell is not None and marker.cell.score is not None:
            parts.append(marker_shape(marker.kind, x(marker.cell.score), mid))
    return parts


def score_bars(
    groups: Sequence[BarGroup], *, chart_id: str, title: str, description: str
) -> SafeString:
    """Horizontal bars on the 500 scale with interval whiskers, comparison markers and labels."""
    chart_id = escape(chart_id)
    domain = _domain(groups)
    x = _scale(domain)
    body: list[str] = []
    y = float(TOP)
    for group in groups:
        if group.heading:
            body.append(
                f'<text x="0" y="{_f(y + HEADING - 6)}" font-size="13" font-weight="700" '
                f'fill="{INK}">{escape(_short(group.heading, 60))}</text>'
            )
            y += HEADING
        for bar in group.bars:
            body += _bar(bar, y, x, domain)
            y += ROW
    height = y + 8
    svg = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {_f(height)}" width="{WIDTH}" '
        f'height="{_f(height)}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        *_axis(domain, height),
        *body,
        "</svg>",
    ]
    return mark_safe("".join(svg))  # noqa: S308 - every text above is escaped


def _point_text(label: str, cell: Cell | None) -> str:
    if cell is None:
        return _("%(round)s no results") % {"round": label}
    if cell.score is None:
        return f"{label} {suppressed_text()}"
    return f"{label} {cell.shown}"


def sparkline(
    points: Sequence[tuple[str, Cell | None]], *, chart_id: str, title: str
) -> SafeString:
    """A small line chart of one indicator over the rounds; a gap where a round has no score."""
    chart_id = escape(chart_id)
    width = max(150, 50 * len(points))
    height, pad, top, bottom = 72, 18, 24, 52
    values = [c.score for _label, c in points if c is not None and c.score is not None]
    low = min([*values, REFERENCE]) - 15
    high = max([*values, REFERENCE]) + 15
    step = (width - 2 * pad) / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return bottom - (value - low) * (bottom - top) / (high - low)

    parts = [
        f'<line x1="{pad - 8}" y1="{_f(y(REFERENCE))}" x2="{width - pad + 8}" '
        f'y2="{_f(y(REFERENCE))}" stroke="{MUTED}" stroke-width="1" stroke-dasharray="3 3"/>'
    ]
    run: list[str] = []
    runs: list[list[str]] = []
    for i, (label, cell) in enumerate(points):
        cx = pad + i * step
        parts.append(
            f'<text x="{_f(cx)}" y="{height - 4}" text-anchor="middle" font-size="10" '
            f'fill="{MUTED}">{escape(label)}</text>'
        )
        if cell is None or cell.score is None:
            runs.append(run)
            run = []
            continue
        cy = y(cell.score)
        run.append(f"{_f(cx)},{_f(cy)}")
        colour = BAND_COLOURS[cell.band]
        parts.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="3.5" fill="{colour}"/>')
        parts.append(
            f'<text x="{_f(cx)}" y="{_f(cy - 6)}" text-anchor="middle" font-size="10" '
            f'fill="{INK}">{cell.shown}</text>'
        )
    runs.append(run)
    lines = [
        f'<polyline points="{" ".join(r)}" fill="none" stroke="{INK}" stroke-width="1.5"/>'
        for r in runs
        if len(r) > 1
    ]
    full_title = f"{title}: " + ", ".join(_point_text(label, cell) for label, cell in points)
    svg = [
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">',
        f'<title id="{chart_id}-title">{escape(full_title)}</title>',
        *lines,
        *parts,
        "</svg>",
    ]
    return mark_safe("".join(svg))  # noqa: S308 - every text above is escaped


def comparison_label(level: str) -> str:
    return {
        "municipality": _("The municipality"),
        "school": _("The school"),
        "programme": _("The programme"),
    }[level]


def profile_charts(profile: UnitProfile, *, unit_name: str) -> dict[str, object]:
    """The charts of a school's or class's profile for its chosen round and respondent group."""
    if profile.group is None:
        return {}
    group = RespondentGroup(profile.group).label
    round_label = profile.mapping_round.label
    names = {"unit": unit_name, "group": group, "round": round_label}
    prefix = f"chart-{profile.group}"
    bars = tuple(
        Bar(
            label=row.indicator.name,
            cell=row.cell,
            markers=tuple(
                Marker(level, comparison_label(level), cell)
                for level, cell in zip(profile.benchmark_levels, row.benchmarks, strict=True)
            ),
        )
        for row in profile.rows
    )
    charts: dict[str, object] = {
        "scores": score_bars(
            [BarGroup("", bars)],
            chart_id=f"{prefix}-scores",
            title=_("%(unit)s: score per indicator, %(group)s, round %(round)s") % names,
            description=_(
                "Each bar is a score on the 500 scale with its confidence interval (95 percent) "
                "as a whisker. "
                "The diamond and the circle mark the comparisons named in the legend. "
                "The numbers are in the table below the chart."
            ),
        )
    }
    if profile.has_subgroups:
        groups = [
            BarGroup(
                row.indicator.name,
                (Bar(_("Girls"), row.girl), Bar(_("Boys"), row.boy)),
            )
            for row in profile.rows
        ]
        charts["subgroups"] = score_bars(
            groups,
            chart_id=f"{prefix}-subgroups",
            title=_("%(unit)s: girls and boys per indicator, round %(round)s") % names,
            description=_("The numbers are in the table below the chart."),
        )
    if profile.has_trend:
        labels = [r.label for r in profile.trend_rounds]
        charts["trends"] = [
            (
                row,
                sparkline(
                    list(zip(labels, row.trend, strict=True)),
                    chart_id=f"{prefix}-trend-{index}",
                    title=_("%(indicator)s over the rounds") % {"indicator": row.indicator.name},
                ),
            )
            for index, row in enumerate(profile.rows, start=1)
        ]
    return charts
