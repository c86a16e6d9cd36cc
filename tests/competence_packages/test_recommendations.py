"""Ranking packages by the school's weak areas: the math, the reasons, the catalogue page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from competence_packages import recommendations
from profiles_link.models import Indicator
from profiles_link.selectors import WeakArea, weak_areas_for_school

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn


def area(indicator, gap, *, kind="below_benchmark", subgroup="all", group="pupil", score=470.0):
    return WeakArea(
        indicator=indicator,
        respondent_group=group,
        subgroup=subgroup,
        kind=kind,
        score=score,
        benchmark=score + gap,
        gap=gap,
    )


def package(pk, title):
    return SimpleNamespace(pk=pk, title=title)


KLA = Indicator(pk=1, code="KLA", name_da="Klasseledelse", name_en="Classroom management")
FAG = Indicator(pk=2, code="FAG", name_da="Faglig trivsel", name_en="Academic well-being")
FOR = Indicator(pk=3, code="FOR", name_da="Forældresamarbejde", name_en="Parents")


def test_score_is_the_sum_of_gap_times_weight_ranked_descending_ties_by_title():
    areas = [area(KLA, 31.0), area(FAG, 24.0, kind="subgroup_gap", subgroup="boy")]
    packages = [
        package(10, "Zebra"),  # KLA×1 + FAG×2 = 31 + 48 = 79
        package(11, "Alpha"),  # FOR only: answers nothing
        package(12, "Beta"),  # KLA×3 = 93
        package(13, "Acme"),  # FAG×2 + KLA×1 = 79, ties with Zebra, comes first by title
        package(14, "Aardvark"),  # targets nothing at all
    ]
    weights = {10: {1: 1, 2: 2}, 11: {3: 2}, 12: {1: 3}, 13: {2: 2, 1: 1}}
    ranked = recommendations.rank_packages(packages, weights, areas)
    assert [(r.package.title, r.score) for r in ranked] == [
        ("Beta", 93.0),
        ("Acme", 79.0),
        ("Zebra", 79.0),
        ("Aardvark", 0),
        ("Alpha", 0),
    ]
    assert [r.reasons for r in ranked[3:]] == [(), ()]
    # Reasons come largest contribution first: FAG (48) before KLA (31) for Acme.
    assert [reason.area.indicator.code for reason in ranked[1].reasons] == ["FAG", "KLA"]
    assert [reason.points for reason in ranked[1].reasons] == [48.0, 31.0]


def test_no_weak_areas_lists_every_package_by_title_without_reasons():
    ranked = recommendations.rank_packages(
        [package(1, "b"), package(2, "A")], {1: {1: 3}}, weak_areas=[]
    )
    assert [(r.package.title, r.score, r.reasons) for r in ranked] == [("A", 0, ()), ("b", 0, ())]


def test_reasons_read_in_danish_and_english():
    below = area(KLA, 31.2)
    boys = area(FAG, 24.0, kind="subgroup_gap", subgroup="boy")
    girls = area(FAG, 18.0, kind="subgroup_gap", subgroup="girl")
    with translation.override("en"):
        assert recommendations.reason_text(below) == (
            "Targets Classroom management, where your pupils score 31 points below the programme"
        )
        assert recommendations.reason_text(boys) == (
            "Targets Academic well-being, where your boys score 24 points below your girls"
        )
        assert "your girls score 18 points below your boys" in recommendations.reason_text(girls)
    with translation.override("da"):
        text = recommendations.reason_text(below)
        assert "Klasseledelse" in text
        assert "31" in text


def test_ranking_follows_the_schools_real_weak_areas(programme, t1, packages):
    areas = weak_areas_for_school(institution=programme.school, mapping_round=t1)
    gaps = {}
    for a in areas:
        gaps.setdefault(a.indicator.code, []).append(a.gap)
    assert "FAG" in gaps and "KLA" in gaps, "the injected effects should give weak areas"
    weak, ranked = recommendations.recommendations_for_school(
        institution=programme.school, mapping_round=t1
    )
    assert weak == areas
    scores = {r.package.title: r.score for r in ranked}
    assert scores["Klasseledelse i praksis"] == pytest.approx(3 * sum(gaps["KLA"]))
    assert scores["Faglig trivsel for alle"] == pytest.approx(
        3 * sum(gaps["FAG"]) + sum(gaps["KLA"])
    )
    if "FOR" not in gaps:
        assert ranked[-1].package.title == "Forældresamarbejde"
        assert ranked[-1].reasons == ()
    expected_order = sorted(
        ["Klasseledelse i praksis", "Faglig trivsel for alle"], key=lambda t: -scores[t]
    )
    assert [r.package.title for r in ranked[:2]] == expected_order


def test_catalogue_page_shows_weak_areas_ranked_packages_and_reasons(
    client_for, programme, t1, packages
):
    client = client_for(programme.people["leader"])
    response = client.get(reverse("competence_packages:catalogue", args=["773001"]))
    assert response.status_code == 200
    ranked = response.context["recommendations"]
    html = response.content.decode()
    assert response.context["has_data"] is True
    assert "not ranked" not in html
    first = ranked[0]
    assert first.package.title in html
    for reason in first.reasons:
        assert reason.text in html
    # Every package links to its page and, for a leader, to choosing it.
    for rec in ranked:
        assert rec.package.url in html
        assert reverse("competence_packages:choose", args=["773001", rec.package.pk]) in html
    # In Danish (the default), the reason's sentence is translated where a translation exists.
    assert "Klasseledelse" in html


def test_catalogue_without_mapping_data_lists_packages_plainly(client_for, programme, packages):
    client = client_for(programme.people["leader"])
    response = client.get(reverse("competence_packages:catalogue", args=["773001"]))
    assert response.status_code == 200
    assert response.context["has_data"] is False
    assert [r.package.title for r in response.context["recommendations"]] == [
        "Faglig trivsel for alle",
        "Forældresamarbejde",
        "Klasseledelse i praksis",
    ]
    assert all(not r.reasons for r in response.context["recommendations"])


def test_catalogue_page_text_when_not_ranked(client, programme, packages, settings):
    client.force_login(programme.people["leader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("competence_packages:catalogue", args=["773001"])).content.decode()
    assert (
        "There are no mapping results for your school yet, so the catalogue is not ranked." in html
    )


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("leader", 200),
        ("local_rp", 200),
        ("municipal_rp", 200),
        ("municipal_coordinator", 200),
        ("admin", 200),
        ("teacher", 403),
        ("author", 403),
        ("other_coordinator", 403),
        ("nobody", 403),
        ("far_teacher", 403),
    ],
)
def test_who_may_see_the_catalogue(client_for, programme, packages, person, status):
    client = client_for(programme.people[person])
    response = client.get(reverse("competence_packages:catalogue", args=["773001"]))
    assert response.status_code == status


def test_the_choose_link_is_only_for_those_who_may_choose(client_for, programme, packages):
    url = reverse("competence_packages:choose", args=["773001", packages.classroom.pk])
    html = (
        client_for(programme.people["local_rp"])
        .get(reverse("competence_packages:catalogue", args=["773001"]))
        .content.decode()
    )
    assert url not in html


def test_unknown_school_is_404(client_for, programme):
    client = client_for(programme.people["admin"])
    assert client.get(reverse("competence_packages:catalogue", args=["999999"])).status_code == 404


def test_the_catalogue_costs_the_same_queries_for_more_packages(
    client_for, programme, packages, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from competence_packages.models import CompetencePackage, PackageIndicator
    from lms import content_cache
    from profiles_link.factories import IndicatorFactory, MappingRoundFactory, UnitScoreFactory

    kla = IndicatorFactory(code="KLA")
    UnitScoreFactory(
        round=MappingRoundFactory(label="T1"), institution=programme.school, indicator=kla,
        score=440.0,
    )  # fmt: skip
    client = client_for(programme.people["leader"])
    url = reverse("competence_packages:catalogue", args=["773001"])
    client.get(url)
    # Both counts with nothing kept (lms.content_cache): every query the page can make.
    content_cache.forget()
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.context["has_data"] is True
    for i in range(5):
        extra = packages.catalogue.add_child(
            instance=CompetencePackage(
                title=f"Pakke {i}", slug=f"pakke-{i}", code=f"P{i}", summary="Mere."
            )
        )
        PackageIndicator.objects.create(package=extra, indicator=kla, weight=1 + i % 3)
    content_cache.forget()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["recommendations"]) == 8
    assert response.context["recommendations"][0].score == pytest.approx(3 * 60.0)
