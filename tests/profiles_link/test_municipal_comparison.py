"""Access policy: the municipal comparison labels no school "Svagt niveau"; it shows scores,
intervals and each school's own weak areas (data for development, not control)."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse
from test_profile_views import generated

from profiles_link.generator import Effect


def test_the_comparison_shows_scores_intervals_and_own_weak_areas(client_for, programme, tmp_path):
    generated(tmp_path, "T1", effects=[Effect("FAG", -1.5, school_code="773001")])
    client = client_for(programme.people["municipal_coordinator"])
    response = client.get(reverse("profiles:municipality_profile", args=["820"]))
    html = response.content.decode()
    assert "Svagt niveau" not in html and "band-weak" not in html and 'class="band' not in html
    assert re.search(r'<span class="interval">\(\d+–\d+\)</span>', html)
    aars = next(r for r in response.context["profile"].schools if r.code == "773001")
    assert "FAG" in {area.indicator.code for area in aars.weak_areas}
    assert aars.weak_areas[0].explanation in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("profiles:municipality_profile", args=["820"])).content.decode()
    assert "Weak level" not in english
