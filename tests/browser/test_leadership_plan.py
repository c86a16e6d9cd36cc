"""The leadership's way from its own profile to an approved plan, in a real browser.

The leader works through the leadership course (a check on the school's own numbers), writes a
strategic plan with two SMART goals on weak areas and an implementation plan with teams and
dates, and hands it in; the municipality's coordinator asks for a revision; the leader revises
and hands in again; the coordinator approves. After T3 is imported the plan shows which goals
were reached.

Fields and buttons are found by name and form address, so the test reads the same whatever
language the browser's pages are shown in.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from plan_world import T1_EFFECTS, T3_EFFECTS, build_course, import_round

from lms import services
from lms.factories import (
    DEFAULT_PASSWORD,
    InstitutionFactory,
    MunicipalityFactory,
    TeamFactory,
    UserFactory,
)
from lms.roles import Role
from modules.selectors import data_check_for, module_block
from plans import selectors as plan_selectors
from plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)

FAG_BOYS = "FAG|pupil|boy|subgroup_gap"
KLA = "KLA|pupil|all|below_benchmark"


@pytest.fixture
def aars(tmp_path):
    municipality = MunicipalityFactory(code="820", name="Vesthimmerland")
    school = InstitutionFactory(municipality=municipality, number="773001", name="Aars Skole")
    InstitutionFactory(municipality=municipality, number="773002", name="Løgstør")
    teams = [
        TeamFactory(institution=school, name=name) for name in ("Mellemtrinnet", "Udskolingen")
    ]
    leader = UserFactory(email="leder@demo.dk", first_name="Lene", last_name="Mortensen")
    coordinator = UserFactory(
        email="forvaltning@demo.dk", first_name="Frederik", last_name="Larsen"
    )
    teacher = UserFactory(email="laerer@demo.dk", first_name="Lærke", last_name="Andersen")
    services.role_assign(user=leader, role=Role.SCHOOL_LEADER, institution=school)
    services.role_assign(
        user=coordinator, role=Role.MUNICIPAL_COORDINATOR, municipality=municipality
    )
    services.team_member_add(team=teams[0], user=teacher)
    t1 = import_round(tmp_path, "T1", date(2024, 9, 16), T1_EFFECTS)
    course = build_course(t1)
    return {"school": school, "teams": teams, "leader": leader, "course": course, "t1": t1,
            "tmp": tmp_path}  # fmt: skip


def log_out(page) -> None:
    page.context.clear_cookies()


def submit_form(page, action: str) -> None:
    page.click(f"form[action='{action}'] button[type=submit]")
    page.wait_for_load_state()


def test_from_the_profile_to_an_approved_plan_and_its_follow_up(log_in, live_server, aars):
    url = live_server.url
    school, course = aars["school"], aars["course"]

    # 1. The course: the leader reads the school's profile and answers a check on its numbers.
    page = log_in("leder@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("modules:my_modules"))
    page.click(f"a:has-text('{course.modules[0].title}')")
    page.wait_for_load_state()
    assert "Aars Skole" in page.locator(".your-profile").inner_text()
    block = module_block(page=course.modules[0], block_id="check-1", block_type="data_check")
    _school, check = data_check_for(user=aars["leader"], block=block)
    assert "500" in check.question
    assert check.question in page.locator(".data-check legend").inner_text()
    page.check(f"#opt-check-1-{check.correct_index}")
    page.click(".data-check button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".data-check .check-result.is-correct").count() == 1

    # 2. The strategic plan: from T1, goals measured at T3, two focus areas on weak areas.
    page.goto(url + reverse("plans:index"))
    page.wait_for_url(url + reverse("plans:school", args=[school.number]))
    page.fill("#id_start-target_round_label", "T3")
    submit_form(page, reverse("plans:start", args=[school.number]))
    plan = Plan.objects.get(institution=school)
    assert page.url == url + reverse("plans:plan", args=[school.number, plan.pk])
    baselines = {
        key: float(text.rsplit("(", 1)[1].split(",")[0])
        for key, text in plan_selectors.weak_area_choices(plan=plan)
    }
    focus_action = reverse("plans:focus_add", args=[school.number, plan.pk])
    goals = {FAG_BOYS: round(baselines[FAG_BOYS]) + 20, KLA: round(baselines[KLA]) + 40}
    for key, reasoning in [
        (FAG_BOYS, "Drengenes faglige trivsel ligger klart under pigernes."),
        (KLA, "Eleverne oplever mindre ro og struktur end i programmet."),
    ]:
        page.select_option("#id_focus-weak_area", key)
        page.fill("#id_focus-target_score", str(goals[key]))
        page.fill("#id_focus-reasoning", reasoning)
        page.fill("#id_focus-research", "Hattie (2013): Synlig læring.")
        submit_form(page, focus_action)
    assert plan.focus_areas.count() == 2

    # 3. The implementation plan: a package for two teams with dates, and a school action.
    fag, kla = plan.focus_areas.order_by("position")
    action = reverse("plans:action_add", args=[school.number, plan.pk])
    page.select_option("#id_action-focus_area", str(fag.pk))
    page.select_option("#id_action-package", str(course.wellbeing.pk))
    for team in aars["teams"]:
        page.check(f"input[name='action-teams'][value='{team.pk}']")
    page.fill("#id_action-starts_on", "2024-10-07")
    page.fill("#id_action-ends_on", "2024-12-20")
    page.select_option("#id_action-lead", str(aars["leader"].pk))
    page.fill("#id_action-follow_up_on", "2024-11-04")
    submit_form(page, action)
    page.select_option("#id_action-focus_area", str(kla.pk))
    page.fill("#id_action-title", "Fælles regler og rutiner i alle klasser")
    page.select_option("#id_action-lead", str(aars["leader"].pk))
    page.fill("#id_action-follow_up_on", "2024-11-18")
    submit_form(page, action)
    assert plan.actions.count() == 2
    actions_text = page.locator("table.actions").inner_text()
    assert (
        "Mellemtrinnet, Udskolingen" in actions_text and "Faglig trivsel for alle" in actions_text
    )

    submit_form(page, reverse("plans:submit", args=[school.number, plan.pk]))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED
    log_out(page)

    # 4. The municipality asks for a revision.
    answer = reverse("plans:answer", args=[school.number, plan.pk])
    page = log_in("forvaltning@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("plans:municipality", args=["820"]))
    page.click(f"a[href='{reverse('plans:plan', args=[school.number, plan.pk])}']")
    page.wait_for_load_state()
    page.check("input[name='answer-kind'][value='revision']")
    page.fill("#id_answer-text", "Sæt et mere ambitiøst mål for drengene.")
    submit_form(page, answer)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.REVISION_REQUESTED
    log_out(page)

    # 5. The leader revises the boys' goal and hands the plan in again.
    page = log_in("leder@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("plans:plan", args=[school.number, plan.pk]))
    assert "Sæt et mere ambitiøst mål for drengene." in page.locator("#dialogue").inner_text()
    edit = reverse("plans:focus_edit", args=[school.number, plan.pk, fag.pk])
    page.click(f"a[href='{edit}']")
    page.wait_for_url(url + edit)
    goals[FAG_BOYS] += 5
    page.fill("#id_focus-target_score", str(goals[FAG_BOYS]))
    page.click("main form button[type=submit]")
    page.wait_for_url(url + reverse("plans:plan", args=[school.number, plan.pk]))
    submit_form(page, reverse("plans:submit", args=[school.number, plan.pk]))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED and plan.versions.count() == 2
    log_out(page)

    # 6. The coordinator approves.
    page = log_in("forvaltning@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("plans:plan", args=[school.number, plan.pk]))
    page.check("input[name='answer-kind'][value='approval']")
    submit_form(page, answer)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    log_out(page)

    # 7. T3 is imported: the boys have caught up, classroom management has not moved.
    import_round(aars["tmp"], "T3", date(2026, 9, 14), T3_EFFECTS)
    page = log_in("leder@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("plans:plan", args=[school.number, plan.pk]))
    outcomes = page.locator(".focus-area .outcome")
    assert outcomes.count() == 2
    assert "outcome-reached" in outcomes.nth(0).get_attribute("class")
    assert "outcome-not_reached" in outcomes.nth(1).get_attribute("class")
    assert "T3" in outcomes.nth(0).inner_text()
