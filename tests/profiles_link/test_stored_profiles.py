"""The school profiles computed at import: the same numbers the pages computed per request, no
pandas in a request, replaced (not added to) by a re-import or a refresh, forgotten when a unit
score changes by other means."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from small_round import small_round

from lms.factories import InstitutionFactory
from lms.models import Institution
from profiles_link import scoring, selectors, services
from profiles_link.generator import Effect
from profiles_link.models import MappingRound, SchoolRoundProfile, UnitScore

EFFECTS = [
    Effect("FAG", -0.9, school_code="773001", gender="boy"),
    Effect("KLA", -0.8, school_code="773001"),
]


def imported(tmp_path: Path, label: str, *, seed: int = 5, day: int = 1, replace=False, **kw):
    folder = small_round(
        tmp_path / f"{label}-{seed}",
        seed=seed,
        effects=EFFECTS,
        **kw,
    )
    return services.mapping_round_import(
        source=folder.path, round_label=label, held_on=date(2024, 9, day), replace=replace
    )


# ------------------------------------------------------------------ the request-time computation
# What selectors.school_profile did on every request before the profiles were stored: pandas over
# the unit scores. Kept here as the yardstick the stored values must equal.


def computed_cells(institution, mapping_round, rounds) -> dict:
    scores = UnitScore.objects.filter(
        Q(level="school", institution=institution)
        | Q(level="municipality", municipality_id=institution.municipality_id)
        | Q(level="programme", round__in=rounds)
    )
    return selectors._cell_index(selectors.aggregates_frame(scores))


def computed_classes(institution, mapping_round) -> list[tuple[str, int]]:
    scores = UnitScore.objects.filter(level="class", institution=institution, round=mapping_round)
    pupils: dict[str, int] = {}
    for key, cell in selectors._cell_index(selectors.aggregates_frame(scores)).items():
        if key[5] == "all":
            code = key[2].split("/", 1)[1]
            pupils[code] = max(pupils.get(code, 0), cell.n if key[3] == "pupil" else 0)
    return sorted(pupils.items())


def computed_weak_areas(institution, mapping_round, benchmark) -> list[tuple]:
    relevant = UnitScore.objects.filter(round=mapping_round).filter(
        Q(level="school", institution=institution)
        | Q(level="municipality", municipality_id=institution.municipality_id)
        | Q(level="programme")
    )
    frame = scoring.weak_areas(
        selectors.aggregates_frame(relevant),
        institution.number,
        benchmark=benchmark,
        municipality_code=institution.municipality.code,
    )
    return [
        (r.indicator_code, r.respondent_group, r.subgroup, r.kind, r.score, r.benchmark, r.gap)
        for r in frame.itertuples(index=False)
    ]


def shown_cells(profile: selectors.UnitProfile) -> dict:
    """Every cell a profile shows, by (indicator, what)."""
    shown = {}
    for row in profile.rows:
        code = row.indicator.code
        shown[(code, "cell")] = row.cell
        shown[(code, "girl")] = row.girl
        shown[(code, "boy")] = row.boy
        for level, cell in zip(profile.benchmark_levels, row.benchmarks, strict=True):
            shown[(code, level)] = cell
        for mapping_round, cell in zip(profile.trend_rounds, row.trend, strict=True):
            shown[(code, mapping_round.label)] = cell
    return shown


def expected_profile(institution, mapping_round, rounds, group, benchmark):
    indicators = selectors.profile_indicators()
    return selectors._unit_profile(
        cells=computed_cells(institution, mapping_round, rounds),
        indicators=indicators,
        rounds=rounds,
        mapping_round=mapping_round,
        unit=("school", institution.number),
        benchmarks=(("municipality", institution.municipality.code), ("programme", "programme")),
        respondent_group=group,
    )


def weak_key(area: selectors.WeakArea) -> tuple:
    return (area.indicator.code, area.respondent_group, area.subgroup, area.kind, area.score,
            area.benchmark, area.gap)  # fmt: skip


@pytest.fixture
def two_rounds(programme, tmp_path):
    imported(tmp_path, "T1", seed=5, day=1)
    imported(tmp_path, "T2", seed=6, day=2)
    return selectors.rounds()


# ------------------------------------------------------------------------------------ tests


def test_stored_profiles_equal_the_request_time_computation(programme, two_rounds):
    schools = [programme.school, programme.far_school, programme.other_school]
    for institution in schools:
        for mapping_round in two_rounds:
            for benchmark in ("programme", "municipality"):
                for group in ("pupil", "parent", "staff", "leader"):
                    profile = selectors.school_profile(
                        institution=institution,
                        mapping_round=mapping_round,
                        rounds=two_rounds,
                        respondent_group=group,
                        benchmark=benchmark,
                    )
                    expected = expected_profile(
                        institution, mapping_round, two_rounds, group, benchmark
                    )
                    assert profile.groups == expected.groups
                    assert profile.group == expected.group
                    assert profile.trend_rounds == expected.trend_rounds
                    assert shown_cells(profile) == shown_cells(expected)
                assert [weak_key(a) for a in profile.weak_areas] == computed_weak_areas(
                    institution, mapping_round, benchmark
                )
            assert [(c.code, c.pupils) for c in profile.classes] == sorted(
                computed_classes(institution, mapping_round),
                key=lambda item: selectors.stored.class_order(item[0]),
            )
    aars = selectors.school_profile(
        institution=programme.school, mapping_round=two_rounds[-1], rounds=two_rounds
    )
    assert aars.weak_areas and aars.classes and aars.rows, "the data should show something"


def test_whole_profile_and_weak_areas_for_others_read_the_same(programme, two_rounds):
    t1, t2 = two_rounds
    for benchmark in ("programme", "municipality"):
        areas = selectors.weak_areas_for_school(
            institution=programme.school, mapping_round=t1, benchmark=benchmark
        )
        assert [weak_key(a) for a in areas] == computed_weak_areas(programme.school, t1, benchmark)
    profiles = selectors.school_profiles(
        institution=programme.school, mapping_round=t2, rounds=two_rounds
    )
    assert [p.group for p in profiles] == ["pupil", "parent", "staff", "leader"]
    for profile in profiles:
        expected = expected_profile(programme.school, t2, two_rounds, profile.group, "programme")
        assert shown_cells(profile) == shown_cells(expected)


def test_import_stores_every_schools_profile_and_a_request_runs_no_pandas(
    programme, client_for, two_rounds, monkeypatch
):
    schools = Institution.objects.count()
    assert SchoolRoundProfile.objects.count() == schools * len(two_rounds)

    def refuse(*args, **kwargs):
        raise AssertionError("pandas in a request")

    monkeypatch.setattr(selectors, "aggregates_frame", refuse)
    monkeypatch.setattr(scoring, "weak_areas", refuse)
    client = client_for(programme.people["municipal_coordinator"])
    url = reverse("profiles:school_profile", args=["773001"])
    for query in ("", "?benchmark=municipality", "?runde=T1&gruppe=staff"):
        assert client.get(url + query).status_code == 200


def test_reimport_replaces_the_stored_profiles(programme, tmp_path, two_rounds):
    t1 = MappingRound.objects.get(label="T1")
    before = SchoolRoundProfile.objects.count()
    first = SchoolRoundProfile.objects.get(round=t1, institution=programme.school)
    imported(tmp_path, "T1", seed=9, day=1, replace=True)
    assert SchoolRoundProfile.objects.count() == before
    again = SchoolRoundProfile.objects.get(round=t1, institution=programme.school)
    assert again.cells != first.cells
    for benchmark in ("programme", "municipality"):
        assert [tuple(row) for row in again.weak_areas[benchmark]] == computed_weak_areas(
            programme.school, t1, benchmark
        )


def test_refresh_is_idempotent(programme, two_rounds, capsys):
    def snapshot():
        return sorted(
            SchoolRoundProfile.objects.values_list(
                "round_id", "institution_id", "municipality_id", "cells", "classes", "weak_areas"
            )
        )

    before = snapshot()
    assert services.school_profiles_refresh() == len(before)
    assert snapshot() == before
    call_command("refresh_school_profiles", "--round", "T1")
    call_command("refresh_school_profiles")
    assert snapshot() == before
    assert capsys.readouterr().out.count(str(len(before) // 2)) == 1  # "Stored 5 …" for T1


def test_a_score_changed_by_other_means_is_shown(programme, two_rounds):
    t2 = two_rounds[-1]
    cell = UnitScore.objects.get(
        round=t2, level="school", institution=programme.school, respondent_group="pupil",
        indicator__code="FAG", subgroup="all",
    )  # fmt: skip
    cell.score, cell.ci_low, cell.ci_high = 612.0, 600.0, 624.0
    cell.save()
    assert not SchoolRoundProfile.objects.filter(round=t2).exists()
    profile = selectors.school_profile(
        institution=programme.school, mapping_round=t2, rounds=two_rounds, respondent_group="pupil"
    )
    row = next(r for r in profile.rows if r.indicator.code == "FAG")
    assert row.cell.score == 612.0
    assert SchoolRoundProfile.objects.filter(round=t2, institution=programme.school).exists()


def test_a_school_that_moved_is_computed_again(programme, two_rounds):
    t2 = two_rounds[-1]
    school = programme.school
    elsewhere = programme.far_school.municipality
    school.municipality = elsewhere
    school.save()
    profile = selectors.school_profile(institution=school, mapping_round=t2, rounds=two_rounds)
    assert profile.benchmark_levels == ("municipality", "programme")
    stored = SchoolRoundProfile.objects.get(round=t2, institution=school)
    assert stored.municipality_id == elsewhere.pk
    assert not any(row[0] == "municipality" and row[1] == "820" for row in stored.cells)


def test_a_school_added_after_the_import_gets_its_profile_on_first_view(programme, two_rounds):
    newcomer = InstitutionFactory(municipality=programme.school.municipality)
    assert not SchoolRoundProfile.objects.filter(institution=newcomer).exists()
    profile = selectors.school_profile(
        institution=newcomer, mapping_round=two_rounds[-1], rounds=two_rounds
    )
    assert not profile.groups and not profile.weak_areas
    assert SchoolRoundProfile.objects.filter(institution=newcomer).count() == len(two_rounds)


def test_deleting_a_round_deletes_its_profiles(programme, two_rounds):
    t2 = two_rounds[-1]
    services.mapping_round_delete(mapping_round=t2, by=programme.people["admin"])
    assert not SchoolRoundProfile.objects.filter(round_id=t2.pk).exists()
    assert SchoolRoundProfile.objects.exists()


def test_cells_read_without_pandas_equal_the_public_view(programme, two_rounds):
    for scores in (
        UnitScore.objects.all(),
        UnitScore.objects.filter(level="class"),
        UnitScore.objects.filter(suppressed=True),
    ):
        assert scores.exists()
        assert selectors._cells_from(scores) == selectors._cell_index(
            selectors.aggregates_frame(scores)
        )


def test_the_municipality_comparison_reads_the_stored_weak_areas(
    programme, two_rounds, monkeypatch
):
    t2 = two_rounds[-1]
    before = selectors.municipality_profile(municipality=programme.municipality, mapping_round=t2)
    expected = computed_weak_areas(programme.school, t2, "programme")

    def refuse(*args, **kwargs):
        raise AssertionError("pandas in a request")

    monkeypatch.setattr(scoring, "weak_areas", refuse)
    monkeypatch.setattr(selectors, "aggregates_frame", refuse)
    again = selectors.municipality_profile(municipality=programme.municipality, mapping_round=t2)
    assert again == before
    aars = next(row for row in again.schools if row.code == "773001")
    assert aars.weak_areas
    assert [weak_key(a) for a in aars.weak_areas] == [a for a in expected if a[1] == again.group]
