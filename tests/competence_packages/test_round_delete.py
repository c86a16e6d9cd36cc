"""A programme administrator deletes a round with everything computed from it (access policy),
goals whose baseline it is included; no one else may, and the reference round goes last."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from test_goals import choose

from competence_packages import services
from competence_packages.models import SmartGoal
from profiles_link.factories import IndicatorFactory, MappingRoundFactory, UnitScoreFactory
from profiles_link.models import MappingRound, UnitScore


@pytest.fixture
def rounds(programme):
    t1 = MappingRoundFactory(label="T1", held_on=date(2024, 9, 16), is_reference=True)
    t2 = MappingRoundFactory(label="T2", held_on=date(2025, 9, 14))
    fag = IndicatorFactory(code="FAG")
    for mapping_round in (t1, t2):
        UnitScoreFactory(round=mapping_round, institution=programme.school, indicator=fag)
    return t1, t2, fag


def url(mapping_round) -> str:
    return reverse("profiles:round_delete", args=[mapping_round.pk])


@pytest.mark.parametrize(
    "person", ["municipal_coordinator", "leader", "author", "teacher", "nobody"]
)
def test_only_an_administrator_deletes_a_round(client_for, programme, rounds, person):
    t2 = rounds[1]
    client = client_for(programme.people[person])
    assert client.get(url(t2)).status_code == 403
    assert client.post(url(t2)).status_code == 403
    assert MappingRound.objects.filter(pk=t2.pk).exists()


def test_a_round_goes_with_its_scores_and_the_goals_based_on_it(
    client_for, programme, packages, rounds
):
    t1, t2, fag = rounds
    choose(programme.school, packages, programme.team, [
        services.GoalData(fag, "pupil", "all", t2, 480, 500, "T3"),
        services.GoalData(fag, "pupil", "boy", t1, 470, 490, "T2"),
    ])  # fmt: skip
    client = client_for(programme.people["admin"])
    client.cookies["django_language"] = "en"
    html = client.get(url(t2)).content.decode()
    assert "1 SMART goals with the round as their baseline" in html
    assert "1 unit scores" in html
    response = client.post(url(t2))
    assert response.status_code == 302
    assert list(MappingRound.objects.values_list("label", flat=True)) == ["T1"]
    assert set(UnitScore.objects.values_list("round__label", flat=True)) == {"T1"}
    assert list(SmartGoal.objects.values_list("baseline_round__label", flat=True)) == ["T1"]


def test_the_reference_round_goes_last(client_for, programme, rounds):
    t1, t2, _fag = rounds
    client = client_for(programme.people["admin"])
    response = client.post(url(t1))
    assert response.status_code == 400
    assert "T2" in response.content.decode()
    assert MappingRound.objects.count() == 2
    assert client.post(url(t2)).status_code == 302
    assert client.post(url(t1)).status_code == 302
    assert not MappingRound.objects.exists() and not UnitScore.objects.exists()
