"""`{% profile_cell cell %}`: one result cell of a profile table, as profiles_link/_cell.html
wrote it, without an include per cell (a school profile has some sixty cells)."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def profile_cell(context, cell, show_interval=None, show_band=None):
    """A suppressed cell shows the suppression text and never a number; a missing one a dash.
    `show_interval` and `show_band` default to the context's, as the include did."""
    if show_interval is None:
        show_interval = context.get("show_interval")
    if show_band is None:
        show_band = context.get("show_band")
    if cell is None or (cell.score is None and not cell.suppressed):
        return format_html(
            '<span class="no-data">–<span class="visually-hidden"> {}</span></span>',
            gettext("no results"),
        )
    if cell.suppressed:
        return format_html('<span class="suppressed">{}</span>', context.get("suppressed_text"))
    html = format_html('<span class="score">{}</span>', localize(cell.shown))
    interval = cell.interval if show_interval else None
    if interval:
        html += format_html(
            ' <span class="interval">({}–{})</span>', localize(interval[0]), localize(interval[1])
        )
    if show_band:
        html += format_html(' <span class="band band-{}">{}</span>', cell.band, cell.band_label)
    return html
