"""SMART goal outcomes, the choices pages, and the issue's end-to-end story."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from competence_packages import selectors, services
from competence_packages.models import PackageChoice, SmartGoal
from lms.factories import InstitutionFactory, TeamFactory
from lms.overview import links_for
from lms.selectors import Place
from profiles_link.factories import IndicatorFactory, MappingRoundFactory, UnitScoreFactory
from profiles_link.generator import Effect
from profiles_link.models import UnitScore

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn


def choose(institution, packages, team, goals, *, starts_on=date(2025, 1, 6)):
    module = packages.modules[0]
    return services.package_choose(
        institution=institution,
        package=packages.wellbeing,
        plan=services.ChoicePlan(
            teams=[team],
            starts_on=starts_on,
            ends_on=date(2025, 3, 30),
            modules=[services.PlannedModule(module, starts_on, date(2025, 2, 14))],
            goals=goals,
        ),
    )


@pytest.fixture
def rounds(programme):
    t1 = MappingRoundFactory(label="T1", held_on=date(2024, 9, 16))
    t2 = MappingRoundFactory(label="T2", held_on=date(2026, 9, 14))
    return t1, t2


def test_outcomes_reached_not_reached_suppressed_and_waiting(programme, packages, rounds):
    t1, t2 = rounds
    fag, kla, soc = (IndicatorFactory(code=c) for c in ["FAG", "KLA", "SOC"])
    school = programme.school
    UnitScoreFactory(round=t2, institution=school, indicator=fag, subgroup="boy", score=512.4)
    UnitScoreFactory(round=t2, institution=school, indicator=kla, score=495.0, se=5.0)
    UnitScoreFactory(
        round=t2, institution=school, indicator=soc, n=3, suppressed=True,
        score=None, sd=None, se=None, ci_low=None, ci_high=None,
    )  # fmt: skip
    # The same cell at another school must not be read as this school's.
    UnitScoreFactory(round=t2, institution=programme.other_school, indicator=kla, score=530.0)
    choice = choose(
        school,
        packages,
        programme.team,
        [
            services.GoalData(fag, "pupil", "boy", t1, 492, 510, "T2"),
            services.GoalData(kla, "pupil", "all", t1, 480, 500, "T2"),
            services.GoalData(soc, "pupil", "all", t1, 480, 500, "T2"),
            services.GoalData(kla, "pupil", "all", t1, 480, 500, "T3"),
            services.GoalData(fag, "parent", "all", t1, 480, 500, "T2"),
        ],
    )
    goals = list(SmartGoal.objects.filter(choice=choice).order_by("pk"))
    outcomes = selectors.goal_outcomes(goals)
    reached, missed, suppressed, waiting, no_cell = (outcomes[g.pk] for g in goals)
    assert (reached.status, reached.score, reached.change) == (
        "reached",
        512.4,
        pytest.approx(20.4),
    )
    assert reached.ci_low == pytest.approx(512.4 - 19.6)
    assert (missed.status, missed.score, missed.change) == ("not_reached", 495.0, 15.0)
    assert (missed.ci_low, missed.ci_high) == (pytest.approx(485.2), pytest.approx(504.8))
    assert (suppressed.status, suppressed.score) == ("suppressed", None)
    assert (waiting.status, waiting.round_label, waiting.score) == ("waiting", "T3", None)
    assert no_cell.status == "waiting"


def test_outcomes_cost_two_queries_however_many_goals(
    programme, packages, rounds, django_assert_num_queries
):
    t1, t2 = rounds
    indicators = [IndicatorFactory(code=f"I{i}") for i in range(6)]
    for indicator in indicators:
        UnitScoreFactory(round=t2, institution=programme.school, indicator=indicator)
    choose(
        programme.school,
        packages,
        programme.team,
        [services.GoalData(i, "pupil", "all", t1, 480, 500, "T2") for i in indicators],
    )
    goals = list(SmartGoal.objects.select_related("choice"))
    with django_assert_num_queries(2):
        outcomes = selectors.goal_outcomes(goals)
    assert {o.status for o in outcomes.values()} == {"reached"}


def test_the_choices_page_shows_outcomes_in_english(client, programme, packages, rounds, settings):
    t1, t2 = rounds
    fag = IndicatorFactory(code="FAG", name_en="Academic well-being")
    UnitScoreFactory(round=t2, institution=programme.school, indicator=fag, score=507.0, se=5.0)
    choose(
        programme.school,
        packages,
        programme.team,
        [services.GoalData(fag, "pupil", "all", t1, 492, 510, "T2")],
    )
    client.force_login(programme.people["local_rp"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("competence_packages:choices", args=["773001"])).content.decode()
    assert "Not reached" in html
    assert "507 in T2 (interval 497–517)" in html
    assert "+15 points from the baseline" in html
    assert "Mellemtrinnet" in html
    assert "Modul 1: Trivsel" in html
    # A resource person sees the choices but is offered no editing.
    assert "/ret/" not in html and "/fortryd/" not in html


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("leader", 200),
        ("local_rp", 200),
        ("municipal_rp", 200),
        ("municipal_coordinator", 200),
        ("admin", 200),
        ("teacher", 403),
        ("coordinator", 403),
        ("author", 403),
        ("other_coordinator", 403),
        ("nobody", 403),
    ],
)
def test_who_may_see_the_schools_choices(client_for, programme, person, status):
    client = client_for(programme.people[person])
    assert client.get(reverse("competence_packages:choices", args=["773001"])).status_code == status


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("municipal_coordinator", 200),
        ("admin", 200),
        ("other_coordinator", 403),
        ("leader", 403),
        ("municipal_rp", 403),
        ("teacher", 403),
    ],
)
def test_who_may_see_the_municipalitys_choices(client_for, programme, person, status):
    client = client_for(programme.people[person])
    url = reverse("competence_packages:municipality", args=["820"])
    assert client.get(url).status_code == status


def test_unknown_municipality_is_404(client_for, programme):
    client = client_for(programme.people["admin"])
    assert client.get(reverse("competence_packages:municipality", args=["999"])).status_code == 404


def _add_schools_with_choices(programme, packages, t1, t2, count: int, start: int):
    indicator = IndicatorFactory(code="FAG")
    for i in range(count):
        school = InstitutionFactory(
            municipality=programme.municipality, number=f"{770100 + start + i}"
        )
        team = TeamFactory(institution=school, name="Indskolingen")
        UnitScoreFactory(round=t2, institution=school, indicator=indicator, score=500 + i)
        choose(
            school,
            packages,
            team,
            [
                services.GoalData(indicator, "pupil", "all", t1, 480, 495, "T2"),
                services.GoalData(indicator, "pupil", "all", t1, 480, 495, "T3"),
            ],
        )


def test_the_coordinators_page_costs_the_same_queries_for_more_schools(
    client_for, programme, packages, rounds, django_assert_max_num_queries
):
    t1, t2 = rounds
    client = client_for(programme.people["municipal_coordinator"])
    url = reverse("competence_packages:municipality", args=["820"])
    _add_schools_with_choices(programme, packages, t1, t2, 2, 0)
    client.get(url)  # warm the site-root cache Wagtail keeps per request
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert response.status_code == 200
    _add_schools_with_choices(programme, packages, t1, t2, 6, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert html.count("Faglig trivsel for alle") >= 8
    assert len([s for s in response.context["schools"] if s.choices]) == 8


def test_overview_links_follow_the_roles(programme):
    school_links = links_for(programme.people["leader"], Place("institution", programme.school))
    urls = {
        reverse("competence_packages:catalogue", args=["773001"]),
        reverse("competence_packages:choices", args=["773001"]),
    }
    assert urls <= {link.url for link in school_links}
    teacher_links = links_for(programme.people["teacher"], Place("institution", programme.school))
    assert not {link.url for link in teacher_links} & urls
    muni = Place("municipality", programme.municipality)
    muni_url = reverse("competence_packages:municipality", args=["820"])
    assert muni_url in {
        link.url for link in links_for(programme.people["municipal_coordinator"], muni)
    }
    assert muni_url not in {link.url for link in links_for(programme.people["leader"], muni)}


# --------------------------------------------------------------------------- end to end


def test_end_to_end_recommend_choose_and_follow_the_goal_to_t2(
    client, programme, packages, tmp_path, settings, round_importer
):
    """A leader sees the catalogue follow the school's weak areas, chooses a package for two
    teams with a SMART goal, T2 is imported, and the choices page tells how the goal went."""
    t1 = round_importer(
        tmp_path,
        "T1",
        date(2024, 9, 16),
        [
            Effect("FAG", -0.9, school_code="773001", gender="boy"),
            Effect("KLA", -0.8, school_code="773001"),
        ],
    )
    client.force_login(programme.people["leader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    # 1. The catalogue is ranked by the weak areas, the packages answering them first.
    response = client.get(reverse("competence_packages:catalogue", args=["773001"]))
    weak_codes = {area.indicator.code for area in response.context["weak_areas"]}
    assert {"FAG", "KLA"} <= weak_codes
    ranked = [r.package.title for r in response.context["recommendations"]]
    assert set(ranked[:2]) == {"Faglig trivsel for alle", "Klasseledelse i praksis"}
    html = response.content.decode()
    assert "where your boys score" in html
    assert "points below your girls" in html

    # 2. The leader chooses the well-being package for two teams, with a goal for the boys.
    url = reverse("competence_packages:choose", args=["773001", packages.wellbeing.pk])
    form = client.get(url).context["forms"]
    boys_area = next(
        a
        for a in response.context["weak_areas"]
        if a.indicator.code == "FAG" and a.subgroup == "boy"
    )
    boys_key = selectors.weak_area_key(boys_area)
    assert boys_key in form.choice_form.initial["weak_areas"]
    goal_initial = form.goal_formset.forms[0].initial
    assert goal_initial["baseline_score"] == round(boys_area.score)  # whole points, as shown
    assert goal_initial["target_round_label"] == "T2"
    target = round(boys_area.score) + 10
    m1, m2 = packages.modules
    data = {
        "teams": [programme.team.pk, programme.other_team.pk],
        "starts_on": "2025-01-06",
        "ends_on": "2025-03-30",
        "weak_areas": [boys_key],
        f"module-{m1.pk}-include": "on",
        f"module-{m1.pk}-starts_on": "2025-01-06",
        f"module-{m1.pk}-due_on": "2025-02-14",
        f"module-{m2.pk}-starts_on": "2025-02-17",
        f"module-{m2.pk}-due_on": "2025-03-28",
        "goals-TOTAL_FORMS": "2",
        "goals-INITIAL_FORMS": "1",
        "goals-MIN_NUM_FORMS": "1",
        "goals-MAX_NUM_FORMS": "1000",
        "goals-0-indicator": str(boys_area.indicator.pk),
        "goals-0-respondent_group": "pupil",
        "goals-0-subgroup": "boy",
        "goals-0-baseline_round": str(t1.pk),
        "goals-0-baseline_score": "",
        "goals-0-target_score": str(target),
        "goals-0-target_round_label": "T2",
        "goals-1-respondent_group": "pupil",
        "goals-1-subgroup": "all",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    choice = PackageChoice.objects.get()
    assert choice.teams.count() == 2
    assert [a["indicator"] for a in choice.weak_areas] == ["FAG"]
    goal = choice.goals.get()
    assert goal.baseline_score == round(boys_area.score)

    choices_url = reverse("competence_packages:choices", args=["773001"])
    assert "Waiting for T2" in client.get(choices_url).content.decode()

    # 3. T2 is imported: the boys have caught up most of the way.
    round_importer(
        tmp_path,
        "T2",
        date(2026, 9, 14),
        [Effect("FAG", -0.1, school_code="773001", gender="boy")],
        round_effect=0.05,
    )
    new = UnitScore.objects.get(
        round__label="T2",
        level="school",
        institution=programme.school,
        indicator=boys_area.indicator,
        respondent_group="pupil",
        subgroup="boy",
    )
    html = client.get(choices_url).content.decode()
    expected = "Reached" if new.score >= target else "Not reached"
    assert f"<strong>{expected}</strong>" in html
    assert f"{round(new.score)} in T2 (interval {round(new.ci_low)}–{round(new.ci_high)})" in html
    change = round(new.score - goal.baseline_score)
    assert f"{'+' if change > 0 else ''}{change} points from the baseline" in html


def test_the_schools_choices_page_costs_the_same_queries_for_more_choices(
    client_for, programme, packages, rounds, django_assert_max_num_queries
):
    t1, t2 = rounds
    fag = IndicatorFactory(code="FAG")
    UnitScoreFactory(round=t2, institution=programme.school, indicator=fag, score=505.0)

    def add_choice():
        choice = choose(
            programme.school,
            packages,
            programme.team,
            [
                services.GoalData(fag, "pupil", "all", t1, 480, 500, "T2"),
                services.GoalData(fag, "pupil", "boy", t1, 480, 500, "T3"),
            ],
        )
        choice.weak_areas = [
            {"indicator": "FAG", "respondent_group": "pupil", "subgroup": "boy",
             "kind": "subgroup_gap", "score": 470.0, "benchmark": 500.0, "gap": 30.0,
             "round": "T1"}
        ]  # fmt: skip
        choice.save()

    client = client_for(programme.people["leader"])
    client.cookies["django_language"] = "en"
    url = reverse("competence_packages:choices", args=["773001"])
    add_choice()
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _i in range(4):
        add_choice()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["choices"]) == 5
    html = response.content.decode()
    assert html.count("The boys score 30 points below the girls") == 5
