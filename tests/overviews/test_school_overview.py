from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import Status, Submission
from competence_packages.models import ModulePlan, PackageChoice
from lms import services
from lms.factories import UserFactory
from lms.roles import Role


def url(school) -> str:
    return reverse("overviews:school", args=[school.number])


@pytest.fixture
def school_work(programme, workload):
    """Two bulk teams that handed everything in, and `programme.team` enrolled in the same
    module with a due date that has passed: one assignment in progress, one never begun."""
    work = workload(teams=2, assignments=2)
    today = timezone.localdate()
    choice = PackageChoice.objects.create(
        institution=programme.school,
        package=work.package,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
    )
    choice.teams.set([programme.team])
    ModulePlan.objects.create(
        choice=choice, module=work.module, starts_on=today - timedelta(days=20),
        due_on=today - timedelta(days=1),
    )  # fmt: skip
    Submission.objects.create(
        team=programme.team, assignment=work.assignments[0], status=Status.IN_PROGRESS,
        due_on=today - timedelta(days=1),
    )  # fmt: skip
    return work


def cells_of(response, team) -> list:
    [overview] = [o for o in response.context["teams"] if o.team == team]
    return overview.cells


def test_the_leader_sees_every_team_and_its_assignments(client_for, programme, school_work):
    response = client_for(programme.people["leader"]).get(url(programme.school))
    assert response.status_code == 200
    teams = [o.team.name for o in response.context["teams"]]
    assert teams == ["Mellemtrinnet", "Team W000", "Team W001", "Udskolingen"]
    cells = cells_of(response, programme.team)
    assert [(c.title, c.status, c.is_overdue) for c in cells] == [
        ("Opgave W000", Status.IN_PROGRESS, True),
        ("Opgave W001", Status.NOT_STARTED, True),
    ]
    assert cells[1].submission_id is None
    assert cells[1].due_on == timezone.localdate() - timedelta(days=1)
    assert cells_of(response, programme.other_team) == []
    handed_in = cells_of(response, school_work.teams[0])
    assert [c.is_late for c in handed_in] == [True, False]  # every fifth hand-in was late
    assert not any(c.is_overdue for c in handed_in)
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Pakke W" in html and "Modul W" in html
    assert reverse("assignments:submission", args=[cells[0].submission_id]) in html


def test_work_outside_the_teams_modules_is_shown_too(client_for, programme, school_work):
    from wagtail.models import Site

    from modules.models import ModuleAssignmentPage, SchoolAssignmentsPage

    own = SchoolAssignmentsPage.objects.filter(institution=programme.school).first()
    if own is None:
        root = Site.objects.get(is_default_site=True).root_page
        own = root.add_child(
            instance=SchoolAssignmentsPage(
                title="Aars", slug="aars-egne", institution=programme.school
            )
        )
    page = own.add_child(
        instance=ModuleAssignmentPage(
            title="Vores egen", slug="egen", task="<p>x</p>", hand_in="<p>y</p>"
        )
    )
    Submission.objects.create(team=programme.other_team, assignment=page, status=Status.SUBMITTED)
    response = client_for(programme.people["leader"]).get(url(programme.school))
    [cell] = cells_of(response, programme.other_team)
    assert (cell.title, cell.status, cell.enrolled, cell.package_title) == (
        "Vores egen", Status.SUBMITTED, False, ""
    )  # fmt: skip
    assert cell.module_title == own.title


@pytest.mark.parametrize("person", ["leader", "local_rp", "municipal_coordinator", "admin"])
def test_who_may_see_the_school_overview(client_for, programme, school_work, person):
    assert client_for(programme.people[person]).get(url(programme.school)).status_code == 200


@pytest.mark.parametrize(
    "person", ["teacher", "coordinator", "municipal_rp", "other_coordinator", "author", "nobody"]
)
def test_others_are_refused(client_for, programme, person):
    assert client_for(programme.people[person]).get(url(programme.school)).status_code == 403


def test_a_leader_of_another_school_is_refused(client_for, programme):
    other = UserFactory(email="leder.loegstoer@test.dk")
    services.role_assign(user=other, role=Role.SCHOOL_LEADER, institution=programme.other_school)
    assert client_for(other).get(url(programme.school)).status_code == 403
    assert client_for(other).get(url(programme.other_school)).status_code == 200


def test_an_unknown_school_is_not_found(client_for, programme):
    response = client_for(programme.people["admin"]).get("/overblik/skole/999999/")
    assert response.status_code == 404


def test_the_overview_shows_a_page_of_teams_and_names_every_team(
    client_for, programme, workload, monkeypatch
):
    from feedback import overview_views

    monkeypatch.setattr(overview_views, "SCHOOL_TEAMS_PAGE_SIZE", 3)
    workload(teams=5, assignments=2)  # with Mellemtrinnet and Udskolingen: 7 teams, 3 pages
    client = client_for(programme.people["leader"])
    first = client.get(url(programme.school))
    names = [o.team.name for o in first.context["page"].object_list]
    assert names == ["Mellemtrinnet", "Team W000", "Team W001"]
    html = first.content.decode()
    assert html.count("<section") == 3
    for overview in first.context["teams"]:  # every team is named, linking to its page
        assert f"#team-{overview.team.pk}" in html
    last = first.context["teams"][-1].team
    assert f'href="?page=3#team-{last.pk}"' in html
    assert 'aria-label="Teamenes sider"' in html or 'aria-label="Pages of the teams"' in html
    assert 'href="?page=2" rel="next"' in html and 'rel="prev"' not in html
    third = client.get(url(programme.school) + "?page=3")
    assert [o.team.name for o in third.context["page"].object_list] == ["Udskolingen"]
    assert 'href="?page=2" rel="prev"' in third.content.decode()
    assert client.get(url(programme.school) + "?page=99").context["page"].number == 3
    assert client.get(url(programme.school) + "?page=x").context["page"].number == 1


def test_one_page_of_teams_has_no_page_links(client_for, programme, school_work):
    html = client_for(programme.people["leader"]).get(url(programme.school)).content.decode()
    assert 'rel="next"' not in html
    assert "Teamenes sider" not in html and "Pages of the teams" not in html
