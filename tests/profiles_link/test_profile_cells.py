"""`{% profile_cell %}` writes a profile's cell as the include per cell did: a dash for no
result, the suppression text (never a number) for a suppressed cell, score, interval, band."""

from django.template import Context, Template
from django.utils import translation

from profiles_link.selectors import Cell


def cell_html(cell, context=None, args=""):
    template = Template("{% load profile_cells %}{% profile_cell cell " + args + " %}")
    with translation.override("da"):
        return template.render(Context({"cell": cell, "suppressed_text": "< 5", **(context or {})}))


def test_no_result_is_a_dash_with_words_for_screen_readers():
    expected = (
        '<span class="no-data">–<span class="visually-hidden"> ingen resultater</span></span>'
    )
    assert cell_html(None) == expected
    assert cell_html(Cell(n=7, suppressed=False)) == expected


def test_a_suppressed_cell_shows_the_text_and_no_number():
    html = cell_html(Cell(n=3, suppressed=True), args="show_interval=True show_band=True")
    assert html == '<span class="suppressed">&lt; 5</span>'


def test_score_interval_and_band_as_asked_or_as_the_context_says():
    cell = Cell(n=40, suppressed=False, score=531.4, ci_low=519.6, ci_high=543.2, se=6.0)
    assert cell_html(cell) == '<span class="score">531</span>'
    assert cell_html(cell, args="show_interval=True") == (
        '<span class="score">531</span> <span class="interval">(520–543)</span>'
    )
    banded = '<span class="score">531</span> <span class="band band-good">'
    assert cell_html(cell, {"show_band": True}).startswith(banded)
    assert cell_html(cell, {"show_band": True}, args="show_band=False") == (
        '<span class="score">531</span>'
    )
