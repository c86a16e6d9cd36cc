"""Vesthimmerland's feedback route, walked in a real browser by the people who walk it.

The team hands in; the municipal resource person finds it in the feedback queue and releases
written feedback; the oral step (resource persons with the school leadership) proposes meeting
times; the team picks one; the meeting is recorded, and the submission is completed.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page, Site

from assignments.models import Status, Submission
from competence_packages.models import (
    CompetencePackage,
    ModulePlan,
    PackageCatalogue,
    PackageChoice,
)
from demo.routes import ROUTES
from feedback.models import MeetingSlot, ReviewTask
from feedback.services import route_set
from lms import services
from lms.factories import (
    DEFAULT_PASSWORD,
    InstitutionFactory,
    MunicipalityFactory,
    TeamFactory,
    UserFactory,
)
from lms.roles import Role
from modules.models import ModuleAssignmentPage, ModulePage

pytestmark = pytest.mark.django_db(transaction=True)


def danish(label) -> str:
    with translation.override("da"):
        return str(label)


@pytest.fixture
def vesthimmerland():
    municipality = MunicipalityFactory(code="820", name="Vesthimmerland")
    school = InstitutionFactory(municipality=municipality, number="773001", name="Aars Skole")
    team = TeamFactory(institution=school, name="Mellemtrinnet")
    people = {
        "teacher": UserFactory(email="laerer@demo.dk", first_name="Lærke", last_name="Lærer"),
        "leader": UserFactory(email="leder@demo.dk", first_name="Lene", last_name="Leder"),
        "rp": UserFactory(email="ressourceperson@demo.dk", first_name="Rasmus", last_name="RP"),
    }
    services.team_member_add(team=team, user=people["teacher"], is_coordinator=True)
    services.role_assign(user=people["leader"], role=Role.SCHOOL_LEADER, institution=school)
    services.role_assign(user=people["rp"], role=Role.MUNICIPAL_RESOURCE_PERSON, institution=school)
    route_set(municipality=municipality, steps=ROUTES["820"])

    root = Site.objects.get(is_default_site=True).root_page
    catalogue = PackageCatalogue.objects.first() or root.add_child(
        instance=PackageCatalogue(title="Kompetencepakker", slug="vh-pakker")
    )
    package = Page.objects.get(pk=catalogue.pk).add_child(
        instance=CompetencePackage(
            title="Feedback og klasseledelse", slug="vh-feedback", code="VH-FK",
            summary="Feedback der flytter elevernes læring.",
        )
    )  # fmt: skip
    module = package.add_child(instance=ModulePage(title="Modul 1: Feedback", slug="modul-1"))
    assignment = module.add_child(
        instance=ModuleAssignmentPage(
            title="Modulopgave 1", slug="opgave-1", task="<p>Giv feedback i tre uger</p>",
            hand_in="<p>En fælles refleksion</p>",
        )
    )  # fmt: skip
    today = date.today()
    choice = PackageChoice.objects.create(
        institution=school, package=package, starts_on=today - timedelta(days=7),
        ends_on=today + timedelta(days=60), chosen_by=people["leader"],
    )  # fmt: skip
    choice.teams.set([team])
    ModulePlan.objects.create(
        choice=choice, module=module, starts_on=today - timedelta(days=7),
        due_on=today + timedelta(days=14),
    )  # fmt: skip
    return {"school": school, "team": team, "assignment": assignment, **people}


def log_out(page) -> None:
    page.context.clear_cookies()


def test_the_vesthimmerland_route_from_hand_in_to_completed(log_in, live_server, vesthimmerland):
    v = vesthimmerland
    url = live_server.url

    # 1. The team writes its answer and hands it in.
    page = log_in("laerer@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("assignments:assignment", args=[v["assignment"].pk]))
    page.fill("textarea[name=text]", "Vi prøvede feedback i tre uger. Eleverne brugte den.")
    page.click("button[name=action][value=submit]")
    submission = Submission.objects.get(team=v["team"], assignment=v["assignment"])
    page.wait_for_url(url + reverse("assignments:submission", args=[submission.pk]))
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    assert danish(Status.SUBMITTED.label) in page.locator("main").inner_text()
    log_out(page)

    # 2. The municipal resource person finds it in the queue and releases written feedback.
    written = ReviewTask.objects.get(submission=submission, state=ReviewTask.State.OPEN)
    assert written.assignee == v["rp"] and written.kind == "written"
    page = log_in("ressourceperson@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("overviews:queue"))
    row = page.locator("table.queue tbody tr", has_text="Mellemtrinnet")
    assert row.count() == 1
    row.locator(f"a[href='{reverse('feedback:task', args=[written.pk])}']").click()
    page.wait_for_url(url + reverse("feedback:task", args=[written.pk]))
    page.fill(
        f"form[action='{reverse('feedback:task_written', args=[written.pk])}'] textarea[name=text]",
        "I har fået eleverne til at bruge feedbacken. Prøv at følge op i næste uge.",
    )
    page.click("button[name=action][value=release]")
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == Status.WRITTEN_FEEDBACK_GIVEN

    # 3. The oral step: times are proposed to the team.
    oral = ReviewTask.objects.get(submission=submission, state=ReviewTask.State.OPEN)
    assert oral.kind == "oral"
    if oral.assignee != v["rp"]:
        log_out(page)
        page = log_in(oral.assignee.email, DEFAULT_PASSWORD)
    page.goto(url + reverse("overviews:queue"))
    page.locator(f"a[href='{reverse('feedback:task', args=[oral.pk])}']").click()
    page.wait_for_url(url + reverse("feedback:task", args=[oral.pk]))
    propose = f"form[action='{reverse('feedback:task_meeting_propose', args=[oral.pk])}']"
    day = (date.today() + timedelta(days=7)).isoformat()
    page.fill(f"{propose} input[name=place]", "Aars Skole, mødelokale 2")
    page.fill(f"{propose} input[name=slot1_date]", day)
    page.fill(f"{propose} input[name=slot1_start]", "14:00")
    page.fill(f"{propose} input[name=slot1_end]", "15:00")
    page.click(f"{propose} button[type=submit]")
    page.wait_for_load_state()
    meeting_person = oral.assignee
    log_out(page)

    # 4. The team picks the time.
    page = log_in("laerer@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("assignments:submission", args=[submission.pk]))
    page.locator("input[type=radio][name=slot]").first.check()
    page.click(f"form[action='{reverse('feedback:meeting_pick', args=[oral.meeting.pk])}'] "
               "button[type=submit]")  # fmt: skip
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == Status.MEETING_SCHEDULED
    log_out(page)

    # 5. After the meeting its notes are recorded, and the work is completed. (A week passes:
    # the meeting has started.)
    started = timezone.now() - timedelta(hours=1)
    MeetingSlot.objects.filter(meeting__task=oral).update(
        starts_at=started, ends_at=started + timedelta(hours=1)
    )
    page = log_in(meeting_person.email, DEFAULT_PASSWORD)
    page.goto(url + reverse("feedback:task", args=[oral.pk]))
    record = f"form[action='{reverse('feedback:task_meeting_record', args=[oral.pk])}']"
    page.fill(f"{record} textarea[name=notes]", "Vi talte om elevernes brug af feedback.")
    page.click(f"{record} button[type=submit]")
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == Status.COMPLETED
    log_out(page)

    # The team sees its work completed ("afsluttet"), and the leader's overview agrees.
    page = log_in("laerer@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("assignments:submission", args=[submission.pk]))
    assert danish(Status.COMPLETED.label) in page.locator("main").inner_text()
    log_out(page)
    page = log_in("leder@demo.dk", DEFAULT_PASSWORD)
    page.goto(url + reverse("overviews:school", args=["773001"]))
    row = page.locator("tr", has_text="Modulopgave 1")
    assert danish(Status.COMPLETED.label) in row.inner_text()
