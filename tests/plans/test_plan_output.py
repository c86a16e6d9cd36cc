"""Following the goals up, the PDF for the political discussion, the CSV export, and what the
plan pages cost in queries as plans and rounds grow."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from plan_helpers import FAG_BOYS, KLA, approve, write_plan
from pypdf import PdfReader

from competence_packages.models import SmartGoal
from lms import services as lms_services
from lms.factories import UserFactory
from lms.models import AccessRecord
from lms.roles import Role
from plans import selectors, services
from plans.models import Plan
from profiles_link.factories import MappingRoundFactory, UnitScoreFactory
from profiles_link.models import Indicator

pytestmark = [pytest.mark.pages_drawn, pytest.mark.django_db]


@pytest.fixture
def approved(programme, course, t1):
    plan = write_plan(school=programme.school, baseline_round=t1, leader=programme.people["leader"])
    return approve(
        plan, leader=programme.people["leader"], reviewer=programme.people["municipal_coordinator"]
    )


def outcomes(plan) -> dict[str, object]:
    view = selectors.plan_view(plan)
    return {item.focus.weak_area["indicator"]: item.outcome for item in view.focus_areas}


def test_after_the_target_round_each_goal_shows_its_score_change_and_whether_it_was_reached(
    programme, approved, import_t3, client_for
):
    assert {o.status for o in outcomes(approved).values()} == {"waiting"}
    import_t3()
    found = outcomes(approved)
    fag, kla = found["FAG"], found["KLA"]
    assert fag.status == "reached" and kla.status == "not_reached"
    goal = approved.focus_areas.get(position=1).goal
    assert fag.change == pytest.approx(fag.score - goal.baseline_score)
    assert fag.ci_low < fag.score < fag.ci_high
    assert fag.change_margin > 0 and fag.change_is_clear  # the boys caught up by far more
    page = client_for(programme.people["leader"]).get(
        reverse("plans:plan", args=[programme.school.number, approved.pk])
    )
    text = page.content.decode()
    assert f"{fag.score:.0f}" in text and f"{fag.ci_low:.0f}–{fag.ci_high:.0f}" in text
    assert "outcome-reached" in text and "outcome-not_reached" in text


def test_the_next_periods_plan_starts_from_the_current_one(programme, approved, import_t3):
    t3 = import_t3()
    new, left_behind = services.plan_start_next(
        plan=approved, baseline_round=t3, target_round_label="T4", by=programme.people["leader"]
    )
    assert new.previous == approved and new.status == Plan.Status.DRAFT
    carried = {f.weak_area["indicator"] for f in new.focus_areas.all()}
    assert "KLA" in carried  # still weak at T3
    assert "FAG" not in carried and left_behind  # the boys caught up
    kla = new.focus_areas.get(weak_area__indicator="KLA")
    assert kla.goal.baseline_round == t3 and kla.goal.target_round_label == "T4"
    assert kla.goal.target_score > kla.goal.baseline_score


def test_the_pdf_holds_the_school_its_goals_and_real_scores(
    programme, approved, import_t3, client_for
):
    import_t3()
    response = client_for(programme.people["municipal_coordinator"]).get(
        reverse("plans:pdf", args=[programme.school.number, approved.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Aars Skole" in text
    found = outcomes(approved)
    for focus in approved.focus_areas.select_related("goal__indicator"):
        goal = focus.goal
        assert goal.indicator.name in text
        assert f"{goal.baseline_score:.0f}" in text and f"{goal.target_score:.0f}" in text
        assert f"{found[goal.indicator.code].score:.0f}" in text


def export(code: str) -> list[dict]:
    out = io.StringIO()
    call_command("export_plan_goals", "--municipality", code, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_export_matches_the_plan_page(programme, approved, import_t3, client_for):
    import_t3()
    rows = export(programme.municipality.code)
    assert list(rows[0]) == selectors.EXPORT_HEADER
    assert len(rows) == 2
    page = client_for(programme.people["municipal_coordinator"]).get(
        reverse("plans:plan", args=[programme.school.number, approved.pk])
    )
    by_code = {item.focus.goal.indicator.code: item for item in page.context["view"].focus_areas}
    text = page.content.decode()
    for row in rows:
        item = by_code[row["indicator_code"]]
        goal, outcome = item.focus.goal, item.outcome
        assert row["school_number"] == "773001" and row["school_name"] == "Aars Skole"
        assert row["period"] == "T1–T3" and row["plan_status"] == "approved"
        assert row["focus_area"] == item.focus.title
        assert float(row["baseline"]) == pytest.approx(goal.baseline_score, abs=0.005)
        assert float(row["target"]) == goal.target_score
        assert float(row["outcome"]) == pytest.approx(outcome.score, abs=0.005)
        assert float(row["outcome_ci_low"]) == pytest.approx(outcome.ci_low, abs=0.005)
        assert row["outcome_round"] == "T3"
        assert row["reached"] == ("1" if outcome.status == "reached" else "0")
        assert f"{float(row['outcome']):.0f}" in text  # the number the page shows
    assert {r["reached"] for r in rows} == {"0", "1"}
    assert export(programme.other_municipality.code) == []
    with pytest.raises(CommandError):
        export("999")


def test_a_suppressed_outcome_never_appears(programme, approved, client_for):
    t3 = MappingRoundFactory(label="T3")
    fag = Indicator.objects.get(code="FAG")
    UnitScoreFactory(
        round=t3, institution=programme.school, indicator=fag, subgroup="boy", n=3,
        suppressed=True, score=None, sd=None, se=None, ci_low=None, ci_high=None,
        raw_mean=None, raw_sd=None,
    )  # fmt: skip
    row = next(r for r in export(programme.municipality.code) if r["indicator_code"] == "FAG")
    assert [row[c] for c in ["outcome_round", "outcome", "outcome_ci_low", "reached"]] == [""] * 4
    assert outcomes(approved)["FAG"].status == "suppressed"


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def test_plan_pages_cost_the_same_as_plans_and_rounds_grow(
    programme, course, t1, import_t3, client_for
):
    leader, coordinator = programme.people["leader"], programme.people["municipal_coordinator"]
    plan = write_plan(
        school=programme.school, baseline_round=t1, leader=leader, rises={FAG_BOYS: 20}
    )
    school = programme.school.number
    pages = {
        "plan": (leader, reverse("plans:plan", args=[school, plan.pk])),
        "print": (coordinator, reverse("plans:print", args=[school, plan.pk])),
        "school": (leader, reverse("plans:school", args=[school])),
        "municipality": (coordinator, reverse("plans:municipality", args=["820"])),
    }
    before = {name: queries(client_for(who), url) for name, (who, url) in pages.items()}
    # The plan's page reads the plan with its school, and its focus areas and actions once each.
    assert before["plan"] <= 21

    # More of everything: focus areas, actions, milestones, versions, answers, rounds, plans.
    for key in [KLA]:
        focus = services.focus_area_save(
            plan=plan,
            data=services.FocusAreaData(weak_area=key, target_score=700, reasoning="Data."),
            by=leader,
        )
        for n in range(3):
            services.plan_action_add(
                plan=plan,
                data=services.ActionData(
                    focus_area=focus, lead=leader, follow_up_on=date(2024, 11, n + 1),
                    title=f"Handling {n}",
                ),
                by=leader,
            )  # fmt: skip
    for n in range(3):
        services.milestone_add(plan=plan, due_on=date(2025, n + 1, 1), text=f"Mål {n}", by=leader)
    services.plan_submit(plan=plan, by=leader)
    services.plan_answer(plan=plan, kind="comment", text="Fint.", by=coordinator)
    services.plan_texts_update(plan=plan, direction="Retning.", resources="Tid.", by=leader)
    services.plan_submit(plan=plan, by=leader)
    # Back to the leadership, so the page shows its forms as it did at the start.
    services.plan_answer(plan=plan, kind="revision", text="Mere.", by=coordinator)
    t3 = import_t3()
    other_leader = UserFactory(email="other_leader@test.dk")
    lms_services.role_assign(
        user=other_leader, role=Role.SCHOOL_LEADER, institution=programme.other_school
    )
    other = write_plan(
        school=programme.other_school,
        baseline_round=t1,
        leader=other_leader,
        rises={next(iter(_keys(programme.other_school, t1))): 10},
    )
    services.plan_start(
        institution=programme.school, baseline_round=t3, target_round_label="T4", by=leader
    )
    assert SmartGoal.objects.count() == 3 and other.pk
    after = {name: queries(client_for(who), url) for name, (who, url) in pages.items()}
    assert after == before


def _keys(school, mapping_round):
    return services.weak_areas_by_key(institution=school, mapping_round=mapping_round)


def test_every_export_of_a_plan_is_recorded_for_the_schools_leaders(
    programme, approved, client_for
):
    """Access policy: who printed or downloaded the school's plan, when, and what."""
    coordinator = programme.people["municipal_coordinator"]
    client = client_for(coordinator)
    for name in ("plans:print", "plans:pdf"):
        assert (
            client.get(reverse(name, args=[programme.school.number, approved.pk])).status_code
            == 200
        )
    records = list(
        AccessRecord.objects.filter(institution=programme.school).order_by("created_at", "pk")
    )
    assert [(r.user, r.kind) for r in records] == [
        (coordinator, AccessRecord.Kind.PLAN_EXPORT),
        (coordinator, AccessRecord.Kind.PLAN_EXPORT),
    ]
    assert approved.period in records[0].what and records[1].what.endswith("(PDF)")
    page = client_for(programme.people["leader"]).get(
        reverse("access_record", args=[programme.school.number])
    )
    assert page.status_code == 200 and approved.period in page.content.decode()
