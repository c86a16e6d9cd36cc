"""Issue 11's "done when", walked in a real browser: a school runs itself.

The school leader creates a team, adds two teachers, appoints one of them team coordinator and
links the team to two classes. The coordinator hands in the team's answer. The school's own
route gives the feedback to its local resource person, who finds it on Mit overblik, writes the
feedback and, keeping the case, holds the oral meeting.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import Status, Submission
from feedback.models import MeetingSlot, ReviewTask, RouteStep
from feedback.services import route_set
from lms import services
from lms.factories import (
    DEFAULT_PASSWORD,
    InstitutionFactory,
    MunicipalityFactory,
    SchoolClassFactory,
    UserFactory,
)
from lms.models import Team
from lms.roles import Role
from modules.models import ModuleAssignmentPage, SchoolAssignmentsPage

pytestmark = pytest.mark.django_db(transaction=True)

LOCAL = RouteStep.GivenBy.LOCAL_RESOURCE_PERSONS


@pytest.fixture
def school():
    """Aars Skole with its leader, two teachers, a local resource person, classes, its own
    route of local resource persons and one of its own module assignments."""
    municipality = MunicipalityFactory(code="820", name="Vesthimmerland")
    aars = InstitutionFactory(municipality=municipality, number="773001", name="Aars Skole")
    for code in ("4A", "4B", "5A"):
        SchoolClassFactory(institution=aars, code=code, grade=int(code[0]))
    people = {
        "leader": UserFactory(email="leder@demo.dk", first_name="Lene", last_name="Leder"),
        "anna": UserFactory(email="anna@demo.dk", first_name="Anna", last_name="Andersen"),
        "bo": UserFactory(email="bo@demo.dk", first_name="Bo", last_name="Berg"),
        "local": UserFactory(email="vejleder@demo.dk", first_name="Vibeke", last_name="Holm"),
    }
    services.role_assign(user=people["leader"], role=Role.SCHOOL_LEADER, institution=aars)
    services.role_assign(user=people["anna"], role=Role.TEACHER, institution=aars)
    services.role_assign(user=people["bo"], role=Role.TEACHER, institution=aars)
    services.role_assign(user=people["local"], role=Role.LOCAL_RESOURCE_PERSON, institution=aars)
    route_set(
        institution=aars, steps=[(RouteStep.Kind.WRITTEN, LOCAL), (RouteStep.Kind.ORAL, LOCAL)]
    )
    own = SchoolAssignmentsPage.objects.get(institution=aars)  # made with the school
    assignment = own.add_child(
        instance=ModuleAssignmentPage(
            title="Kollegial observation", slug="observation",
            task="<p>Observér hinandens undervisning</p>", hand_in="<p>Jeres noter</p>",
        )
    )  # fmt: skip
    return {"school": aars, "assignment": assignment, **people}


def log_out(page) -> None:
    page.context.clear_cookies()


def test_a_school_forms_its_team_and_its_local_resource_person_gives_the_feedback(
    log_in, live_server, school
):
    url = live_server.url

    # 1. The leader creates the team, links it to two classes and adds two teachers.
    page = log_in("leder@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("institution_detail", args=["773001"]))
    page.click(f"a[href='{reverse('team_create', args=['773001'])}']")
    page.fill("input[name=name]", "4. årgang")
    page.select_option("select[name=grade_from]", "4")
    page.select_option("select[name=grade_to]", "4")
    page.get_by_label("4A").check()
    page.get_by_label("4B").check()
    page.click("form button[type=submit].primary")
    team = Team.objects.get(name="4. årgang")
    page.wait_for_url(url + reverse("team_members", args=[team.pk]))
    for teacher in (school["anna"], school["bo"]):
        page.select_option("select[name=user]", str(teacher.pk))
        page.click("form:has(select[name=user]) button[type=submit]")
        page.wait_for_url(url + reverse("team_members", args=[team.pk]))
    page.click("button[name=action][value=appoint]:near(:text('Anna Andersen'))")
    page.wait_for_url(url + reverse("team_members", args=[team.pk]))
    assert set(team.members.all()) == {school["anna"], school["bo"]}
    assert team.memberships.get(user=school["anna"]).is_coordinator
    assert sorted(team.classes.values_list("code", flat=True)) == ["4A", "4B"]
    page.goto(url + reverse("team_detail", args=[team.pk]))
    assert "4A, 4B" in page.locator("main").inner_text()
    log_out(page)

    # 2. The coordinator hands in for the team; Bo could write, but not hand in.
    page = log_in("bo@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("assignments:assignment", args=[school["assignment"].pk]))
    assert page.locator("button[name=action][value=submit]").count() == 0
    log_out(page)
    page = log_in("anna@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("assignments:assignment", args=[school["assignment"].pk]))
    page.fill("textarea[name=text]", "Vi observerede hinanden i 4.A og 4.B i to uger.")
    page.click("button[name=action][value=submit]")
    submission = Submission.objects.get(team=team, assignment=school["assignment"])
    page.wait_for_url(url + reverse("assignments:submission", args=[submission.pk]))
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    log_out(page)

    # 3. The local resource person finds the hand-in on Mit overblik and writes the feedback.
    written = ReviewTask.objects.get(submission=submission, state=ReviewTask.State.OPEN)
    assert (written.assignee, written.given_by) == (school["local"], LOCAL)
    page = log_in("vejleder@demo.dk", DEFAULT_PASSWORD)
    page.click(f"section.todo a[href='{reverse('feedback:task', args=[written.pk])}']")
    page.wait_for_url(url + reverse("feedback:task", args=[written.pk]))
    page.fill(
        f"form[action='{reverse('feedback:task_written', args=[written.pk])}'] textarea[name=text]",
        "I har fundet et godt fokus. Aftal, hvad I ser efter næste gang.",
    )
    page.click("button[name=action][value=release]")
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == Status.WRITTEN_FEEDBACK_GIVEN

    # 4. The writer keeps the case: the oral meeting is theirs too. They propose a time.
    oral = ReviewTask.objects.get(submission=submission, state=ReviewTask.State.OPEN)
    assert (oral.kind, oral.assignee) == ("oral", school["local"])
    page.goto(url + "/")
    page.click(f"section.todo a[href='{reverse('feedback:task', args=[oral.pk])}']")
    propose = f"form[action='{reverse('feedback:task_meeting_propose', args=[oral.pk])}']"
    page.fill(f"{propose} input[name=place]", "Aars Skole, teamrummet")
    page.fill(f"{propose} input[name=slot1_date]", (date.today() + timedelta(days=3)).isoformat())
    page.fill(f"{propose} input[name=slot1_start]", "14:00")
    page.fill(f"{propose} input[name=slot1_end]", "15:00")
    page.click(f"{propose} button[type=submit]")
    page.wait_for_load_state()
    log_out(page)

    # 5. The coordinator picks the time from Mit overblik.
    page = log_in("anna@demo.dk", DEFAULT_PASSWORD)
    page.click(
        f"section.todo a[href='{reverse('assignments:submission', args=[submission.pk])}']"
        ":has-text('feedback')"
    )
    page.locator("input[type=radio][name=slot]").first.check()
    page.click(f"form[action='{reverse('feedback:meeting_pick', args=[oral.meeting.pk])}'] "
               "button[type=submit]")  # fmt: skip
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == Status.MEETING_SCHEDULED
    log_out(page)

    # 6. Before the meeting the notes wait; once it has started they are recorded.
    page = log_in("vejleder@demo.dk", DEFAULT_PASSWORD)
    record = f"form[action='{reverse('feedback:task_meeting_record', args=[oral.pk])}']"
    page.goto(url + reverse("feedback:task", args=[oral.pk]))
    assert page.locator(record).count() == 0
    assert page.locator("#meeting-waits").is_visible()
    started = timezone.now() - timedelta(hours=1)  # three days pass
    MeetingSlot.objects.filter(meeting__task=oral).update(
        starts_at=started, ends_at=started + timedelta(hours=1)
    )
    page.goto(url + reverse("feedback:task", args=[oral.pk]))
    page.fill(f"{record} textarea[name=notes]", "Vi aftalte at observere igen i januar.")
    page.click(f"{record} button[type=submit]")
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == Status.COMPLETED


def test_the_municipality_overview_fits_at_1280_pixels(log_in, live_server, school):
    coordinator = UserFactory(email="forvaltning@demo.dk", first_name="Frederik", last_name="L")
    services.role_assign(
        user=coordinator,
        role=Role.MUNICIPAL_COORDINATOR,
        municipality=school["school"].municipality,
    )
    InstitutionFactory(
        municipality=school["school"].municipality, number="773002", name="Løgstør Skole"
    )
    page = log_in("forvaltning@demo.dk", DEFAULT_PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("overviews:municipality", args=["820"]))
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.table-scroll')]"
        ".map(e => [e.scrollWidth, e.clientWidth])"
    )
    assert widths and all(scroll <= client for scroll, client in widths), widths
