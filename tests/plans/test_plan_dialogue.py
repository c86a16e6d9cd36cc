"""The plans' dialogue walked through the pages: the leadership writes and hands in, the
municipality asks for a revision, the leadership revises, the municipality approves; nobody
answers a plan they wrote; e-mails go out once, to the right people."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from competence_packages.models import PackageChoice
from lms import services as lms_services
from lms.roles import Role
from plans import selectors, services
from plans.models import Plan, PlanResponse

pytestmark = pytest.mark.django_db

FAG_BOYS = "FAG|pupil|boy|subgroup_gap"
KLA = "KLA|pupil|all|below_benchmark"


def plan_url(plan, name="plan", *args):
    return reverse(f"plans:{name}", args=[plan.institution.number, plan.pk, *args])


def start(client, school, t1) -> Plan:
    response = client.post(
        reverse("plans:start", args=[school.number]),
        {"start-baseline_round": t1.pk, "start-target_round_label": "T3"},
    )
    assert response.status_code == 302, response.content
    return Plan.objects.get(institution=school)


def add_focus(client, plan, key, target, reasoning="Drengene trives dårligere fagligt."):
    return client.post(
        plan_url(plan, "focus_add"),
        {"focus-weak_area": key, "focus-target_score": target, "focus-reasoning": reasoning,
         "focus-research": "Hattie: Synlig læring."},
    )  # fmt: skip


def add_action(client, plan, focus, teams, lead, **extra):
    data = {
        "action-focus_area": focus.pk,
        "action-lead": lead.pk,
        "action-follow_up_on": "2024-12-02",
        **extra,
    }
    if teams:
        data["action-teams"] = [team.pk for team in teams]
    return client.post(plan_url(plan, "action_add"), data)


def written_plan(programme, course, client_for):
    """The leader's plan through the pages: two focus areas with SMART goals on weak areas, a
    package chosen for two teams with dates, and a milestone."""
    leader = client_for(programme.people["leader"])
    plan = start(leader, programme.school, course.t1)
    assert add_focus(leader, plan, FAG_BOYS, 520).status_code == 302
    assert add_focus(leader, plan, KLA, 500, "Klasseledelse under programmet.").status_code == 302
    fag, kla = plan.focus_areas.order_by("position")
    response = add_action(
        leader, plan, fag, [programme.team, programme.other_team], programme.people["leader"],
        **{"action-package": course.wellbeing.pk, "action-starts_on": "2024-10-07",
           "action-ends_on": "2024-12-20"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    response = add_action(
        leader, plan, kla, [], programme.people["local_rp"],
        **{"action-title": "Fælles regler og rutiner i alle klasser"},
    )  # fmt: skip
    assert response.status_code == 302
    response = leader.post(
        plan_url(plan, "milestone_add"),
        {"milestone-due_on": "2025-01-31", "milestone-text": "Alle team har gennemført modul 1"},
    )
    assert response.status_code == 302
    return plan, leader


@pytest.fixture
def t1_course(course, t1):
    course.t1 = t1
    return course


def test_the_leadership_writes_hands_in_revises_and_the_municipality_approves(
    programme, t1_course, client_for, django_capture_on_commit_callbacks
):
    plan, leader = written_plan(programme, t1_course, client_for)
    fag = plan.focus_areas.get(position=1)
    assert fag.weak_area["subgroup"] == "boy" and fag.weak_area["kind"] == "subgroup_gap"
    assert fag.goal.baseline_score == fag.weak_area["score"]
    assert fag.goal.target_score == 520 and fag.goal.target_round_label == "T3"
    # The package chosen in the plan is a real choice of the catalogue, linked, not copied.
    choice = PackageChoice.objects.get(institution=programme.school)
    assert plan.actions.filter(choice=choice).count() == 1
    assert set(choice.teams.all()) == {programme.team, programme.other_team}
    assert choice.goals.get().indicator.code == "FAG"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert leader.post(plan_url(plan, "submit")).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED
    assert [m.to for m in mail.outbox] == [["municipal_coordinator@test.dk"]]

    assert not leader.get(plan_url(plan)).context["can_answer"]
    coordinator = client_for(programme.people["municipal_coordinator"])
    page = coordinator.get(plan_url(plan))
    assert page.context["can_answer"] and "answer_form" in page.context
    refused = coordinator.post(plan_url(plan, "answer"), {"answer-kind": "revision"})
    assert refused.status_code == 400  # a revision needs written comments
    assert refused.context["answer_form"].errors["text"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            plan_url(plan, "answer"),
            {
                "answer-kind": "revision",
                "answer-text": "Målet for drengene skal være mere ambitiøst.",
            },
        )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.REVISION_REQUESTED
    assert [m.to for m in mail.outbox] == [["leader@test.dk"]]
    assert "mere ambitiøst" in mail.outbox[0].body

    # The leadership revises and hands in again.
    leader = client_for(programme.people["leader"])
    response = leader.post(
        plan_url(plan, "focus_edit", fag.pk),
        {"focus-weak_area": FAG_BOYS, "focus-target_score": 525,
         "focus-reasoning": "Drengene skal op på pigernes niveau."},
    )  # fmt: skip
    assert response.status_code == 302
    assert leader.post(plan_url(plan, "submit")).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED
    assert list(plan.versions.values_list("number", flat=True)) == [1, 2]
    assert plan.versions.get(number=2).content["focus_areas"][0]["goal"]["target"] == 525
    assert plan.versions.get(number=1).content["focus_areas"][0]["goal"]["target"] == 520

    coordinator = client_for(programme.people["municipal_coordinator"])
    response = coordinator.post(
        plan_url(plan, "answer"), {"answer-kind": "approval", "answer-text": "Godkendt."}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    assert plan.approved_by == programme.people["municipal_coordinator"]
    # An approved plan is closed for changes.
    leader = client_for(programme.people["leader"])
    response = leader.post(
        plan_url(plan, "milestone_add"),
        {"milestone-due_on": "2025-03-01", "milestone-text": "x"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == plan_url(plan)
    assert plan.milestones.count() == 1
    assert "godkendt" in response.content.decode() or "approved" in response.content.decode()


def test_nobody_answers_a_plan_they_wrote(programme, t1_course, client_for):
    plan, leader = written_plan(programme, t1_course, client_for)
    assert leader.post(plan_url(plan, "submit")).status_code == 302
    # The leader is also the municipality's coordinator: still not the one to answer.
    lms_services.role_assign(
        user=programme.people["leader"],
        role=Role.MUNICIPAL_COORDINATOR,
        municipality=programme.municipality,
    )
    leader = client_for(programme.people["leader"])
    assert not leader.get(plan_url(plan)).context["can_answer"]
    response = leader.post(plan_url(plan, "answer"), {"answer-kind": "approval"})
    assert response.status_code == 403
    with pytest.raises(services.ServiceError):
        services.plan_answer(plan=plan, kind="approval", text="", by=programme.people["leader"])
    assert not PlanResponse.objects.exists()


def test_a_refused_focus_area_keeps_what_was_typed(programme, t1_course, client_for):
    leader = client_for(programme.people["leader"])
    plan = start(leader, programme.school, t1_course.t1)
    response = add_focus(leader, plan, FAG_BOYS, 300, "Min begrundelse, som ikke må gå tabt.")
    assert response.status_code == 400
    form = response.context["focus_form"]
    assert "target_score" in form.errors
    assert "Min begrundelse, som ikke må gå tabt." in response.content.decode()
    assert not plan.focus_areas.exists()


def test_a_plan_is_handed_in_only_when_complete(programme, t1_course, client_for):
    leader = client_for(programme.people["leader"])
    plan = start(leader, programme.school, t1_course.t1)
    add_focus(leader, plan, FAG_BOYS, 520)
    response = leader.post(plan_url(plan, "submit"), follow=True)
    text = response.content.decode()
    assert "implementation plan needs at least one action" in text or "mindst én handling" in text
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT and not plan.versions.exists()


def test_at_most_three_focus_areas(programme, t1_course, client_for):
    leader = client_for(programme.people["leader"])
    plan = start(leader, programme.school, t1_course.t1)
    keys = [key for key, _text in selectors.weak_area_choices(plan=plan)]
    for key in keys[:3]:
        assert add_focus(leader, plan, key, 700).status_code == 302
    if len(keys) > 3:
        assert add_focus(leader, plan, keys[3], 700).status_code == 400
    assert add_focus(leader, plan, keys[0], 700).status_code == 400  # a weak area once
    assert plan.focus_areas.count() == min(len(keys), 3)
