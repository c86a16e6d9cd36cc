"""The submission pages through the client, as the team and as everyone else."""

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from assignments import services
from assignments.models import Status, StatusChange, Submission


@pytest.fixture(autouse=True)
def english(client, settings):
    """These tests read the English messages (the Danish ones are the translators' work)."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


_spec = importlib.util.spec_from_file_location(
    "lms_markup_payloads", Path(__file__).parents[1] / "lms" / "test_markup.py"
)
_markup_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_markup_tests)
XSS_PAYLOADS = _markup_tests.XSS_PAYLOADS


@pytest.fixture
def submission(programme, module_tree, enrolled):
    return services.submission_get_or_create(team=programme.team, assignment=module_tree.assignment)


def edit_url(tree, team):
    return reverse("assignments:edit", args=[tree.assignment.pk, team.pk])


def test_one_team_goes_from_the_assignment_to_its_draft_without_creating_a_row(
    client_for, programme, module_tree, enrolled
):
    client = client_for(programme.people["teacher"])
    response = client.get(reverse("assignments:assignment", args=[module_tree.assignment.pk]))
    assert response.status_code == 302
    assert response.url == edit_url(module_tree, programme.team)
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Giv feedback i tre uger" in page.content.decode()
    assert not Submission.objects.exists()


def test_saving_then_handing_in_through_the_editor(client_for, programme, module_tree, enrolled):
    client = client_for(programme.people["coordinator"])
    url = edit_url(module_tree, programme.team)
    response = client.post(url, {"text": "Vores **svar**", "revision": 0, "action": "save"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.text, submission.revision, submission.status) == (
        "Vores **svar**", 1, Status.IN_PROGRESS,
    )  # fmt: skip
    response = client.post(url, {"text": "Vores **svar**!", "revision": 1, "action": "submit"})
    assert response.url == reverse("assignments:submission", args=[submission.pk])
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    page = client.get(response.url).content.decode()
    assert "<strong>svar</strong>!" in page
    assert "Version 1" in page
    # Locked: the editor sends them back to the submission page.
    assert client.get(url).url == response.url
    again = client.post(url, {"text": "Ændret", "revision": 2, "action": "save"})
    assert again.status_code == 302
    submission.refresh_from_db()
    assert submission.text == "Vores **svar**!"


def test_a_stale_save_shows_both_texts_and_keeps_mine(client_for, programme, submission):
    services.draft_save(
        submission=submission, text="Kollegaens tekst", base_revision=0,
        by=programme.people["coordinator"],
    )  # fmt: skip
    client = client_for(programme.people["teacher"])
    response = client.post(
        edit_url_for(submission), {"text": "Min egen tekst", "revision": 0, "action": "save"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Kollegaens tekst" in html
    assert str(programme.people["coordinator"]) in html
    assert "Min egen tekst</textarea>" in html
    assert 'name="revision" value="1"' in html
    submission.refresh_from_db()
    assert submission.text == "Kollegaens tekst"


def edit_url_for(submission):
    return reverse("assignments:edit", args=[submission.assignment_id, submission.team_id])


def test_hand_in_of_an_empty_answer_says_why(client_for, programme, submission):
    client = client_for(programme.people["coordinator"])
    response = client.post(
        edit_url_for(submission), {"text": "", "revision": 0, "action": "submit"}, follow=True
    )
    assert "The answer is empty" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == Status.IN_PROGRESS


def test_submit_endpoint_hands_in_the_saved_draft(client_for, programme, submission):
    services.draft_save(
        submission=submission, text="Svar", base_revision=0, by=programme.people["teacher"]
    )
    url = reverse("assignments:submit", args=[submission.pk])
    assert client_for(programme.people["leader"]).post(url, {"revision": 1}).status_code == 403
    # A member who is not the team coordinator writes the draft but does not hand it in.
    assert client_for(programme.people["teacher"]).post(url, {"revision": 1}).status_code == 403
    response = client_for(programme.people["coordinator"]).post(url, {"revision": 1})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    assert client_for(programme.people["teacher"]).get(url).status_code == 405


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_answers_render_harmless(client_for, programme, submission, payload):
    teacher = programme.people["teacher"]
    services.draft_save(
        submission=submission, text=f"Svar\n\n{payload}\n", base_revision=0, by=teacher
    )
    services.submission_submit(submission=submission, by=teacher)
    client = client_for(teacher)
    for url in (
        reverse("assignments:submission", args=[submission.pk]),
        reverse("assignments:version", args=[submission.pk, 1]),
    ):
        html = client.get(url).content.decode().lower()
        start = html.index('<main id="main"')
        body = html[start : html.index("</main>")]
        for dangerous in ("<script", "onerror=", "onload=", "onclick=", 'href="javascript:',
                          "<iframe", "<svg", "<object", "<form action=javascript"):  # fmt: skip
            assert dangerous not in body, (payload, url)


def test_timeline_lists_changes_in_order_with_who_and_what(client_for, programme, submission):
    teacher, leader = programme.people["teacher"], programme.people["leader"]
    services.draft_save(submission=submission, text="Svar", base_revision=0, by=teacher)
    services.submission_submit(submission=submission, by=teacher)
    services.submission_extend(
        team=programme.team, assignment=submission.assignment,
        until=date.today() + timedelta(days=20), by=leader, note="Syg uge",
    )  # fmt: skip
    html = client_for(teacher).get(reverse("assignments:submission", args=[submission.pk]))
    html = html.content.decode()
    timeline = html[html.index('<ol class="timeline">') :]
    timeline = timeline[: timeline.index("</ol>")]
    first = timeline.index("from not started to in progress")
    second = timeline.index("from in progress to submitted")
    third = timeline.index("Syg uge")
    assert first < second < third
    assert str(teacher) in timeline and str(leader) in timeline
    assert StatusChange.objects.filter(submission=submission).count() == 3


def test_team_list_shows_every_assignment_with_status_and_markers(
    client_for, programme, module_tree, enrolled, school_assignment
):
    overdue = services.submission_get_or_create(
        team=programme.team, assignment=module_tree.assignment
    )
    overdue.due_on = date.today() - timedelta(days=2)
    overdue.save()
    client = client_for(programme.people["teacher"])
    html = client.get(reverse("assignments:team_submissions", args=[programme.team.pk]))
    html = html.content.decode()
    assert module_tree.assignment.title in html
    assert school_assignment.title in html
    assert "overdue" in html
    assert "not started" in html
    assert "Extend" not in html  # teachers do not extend


def test_leader_extends_a_deadline(client_for, programme, module_tree, enrolled):
    url = reverse("assignments:extend", args=[module_tree.assignment.pk, programme.team.pk])
    assert client_for(programme.people["teacher"]).get(url).status_code == 403
    client = client_for(programme.people["leader"])
    assert client.get(url).status_code == 200
    past = client.post(url, {"extended_until": "2001-01-01"})
    assert "cannot be in the past" in past.content.decode()
    until = date.today() + timedelta(days=40)
    response = client.post(url, {"extended_until": until.isoformat(), "note": "Lejrskole"})
    assert response.status_code == 302
    assert Submission.objects.get().extended_until == until


def test_mit_overblik_links_to_the_teams_assignments(client_for, programme):
    html = client_for(programme.people["teacher"]).get(reverse("home")).content.decode()
    assert reverse("assignments:team_submissions", args=[programme.team.pk]) in html


def test_someone_in_two_teams_chooses_the_team(client_for, programme, module_tree, enrolled):
    from lms import services as lms_services

    teacher = programme.people["teacher"]
    lms_services.team_member_add(team=programme.other_team, user=teacher)
    teacher.refresh_from_db()
    started = services.submission_get_or_create(
        team=programme.other_team, assignment=module_tree.assignment
    )
    response = client_for(teacher).get(
        reverse("assignments:assignment", args=[module_tree.assignment.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert edit_url(module_tree, programme.team) in html
    assert reverse("assignments:submission", args=[started.pk]) in html
    assert Submission.objects.count() == 1


def test_an_extension_must_come_after_the_planned_deadline(
    client_for, programme, module_tree, enrolled
):
    planned = enrolled.module_plans.get().due_on
    url = reverse("assignments:extend", args=[module_tree.assignment.pk, programme.team.pk])
    response = client_for(programme.people["leader"]).post(
        url, {"extended_until": planned.isoformat(), "note": "For tidligt"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "must be after the planned deadline" in html
    assert 'value="For tidligt"' in html  # what they typed stays
    assert not Submission.objects.exists()
