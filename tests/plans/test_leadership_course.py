"""The leadership course as the leadership team meets it: pages that speak to leaders, a hand-in
that exists (no 404), checks on the school's own numbers, and its work reviewed by the
municipality, never by the school's own leaders."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from assignments.services import draft_save, submission_get_or_create, submission_submit
from feedback.models import ReviewTask
from feedback.permissions import can_act_on_task
from feedback.services import route_set
from lms.models import Team
from modules.models import CheckAnswer, ModuleAssignmentPage, ModulePage
from modules.selectors import data_check_for, module_block

pytestmark = pytest.mark.django_db


def page_text(client, page) -> tuple[int, str, dict]:
    response = client.get(page.url)
    return response.status_code, response.content.decode(), response.context


def test_the_leadership_assignment_speaks_to_leaders_and_its_hand_in_exists(
    programme, course, client_for
):
    leader = client_for(programme.people["leader"])
    status, text, context = page_text(leader, course.assignment)
    assert status == 200 and context["for_leadership"]
    assert "Try it in class" not in text and "Afprøv den i klassen" not in text
    hand_in = reverse("assignments:assignment", args=[course.assignment.pk])
    assert hand_in in text
    assert leader.get(hand_in).status_code == 302  # to the leadership team's draft, not a 404


def test_a_teacher_package_assignment_offers_a_leader_no_hand_in_of_their_own(
    programme, course, client_for
):
    module = ModulePage.objects.child_of(course.wellbeing).first()
    assignment = module.add_child(
        instance=ModuleAssignmentPage(
            title="Modulopgave 1", slug="opgave-1", task="<p>Prøv det.</p>", hand_in="<p>Svar.</p>"
        )
    )
    status, text, context = page_text(client_for(programme.people["leader"]), assignment)
    assert status == 200 and not context["for_leadership"]
    assert context["actions"] == []
    assert reverse("assignments:assignment", args=[assignment.pk]) not in text


def check_for(programme, course, language="en"):
    block = module_block(page=course.modules[0], block_id="check-1", block_type="data_check")
    with translation.override(language):  # the words the reader gets, pinned for the test
        return data_check_for(user=programme.people["leader"], block=block)


def test_the_check_is_built_on_the_schools_own_numbers(programme, course, client_for):
    school, check = check_for(programme, course)
    assert school == programme.school
    profile_text = page_text(client_for(programme.people["leader"]), course.modules[0])[1]
    _school, shown = check_for(programme, course, "da")  # the pages speak Danish first
    assert shown.question in profile_text.replace("&#x27;", "'")
    # The numbers in the question are the school's, and the right answer follows from them.
    low, high = (int(n) for n in check.question.split("interval ")[1].split(".")[0].split("–"))
    right = check.options[check.correct_index].text
    if high < 500:
        assert "below" in right
    elif low > 500:
        assert "above" in right
    else:
        assert "cannot say" in right


def test_answering_the_check_is_saved_right_or_wrong(programme, course, client_for):
    _school, check = check_for(programme, course)
    client = client_for(programme.people["leader"])
    url = reverse("modules:data_check", args=[course.modules[0].pk, "check-1"])
    wrong = (check.correct_index + 1) % len(check.options)
    assert client.post(url, {"option": wrong}).status_code == 302
    assert CheckAnswer.objects.get(block_id="check-1").correct is False
    assert client.post(url, {"option": check.correct_index}).status_code == 302
    assert CheckAnswer.objects.get(block_id="check-1").correct is True
    refused = client.post(url, {"option": "99"})
    assert refused.status_code == 400
    # A teacher, whose team does not take the course, cannot answer it.
    assert client_for(programme.people["teacher"]).post(url, {"option": 0}).status_code == 403


def test_the_leadership_teams_hand_in_goes_to_the_municipality(programme, course):
    # Hedensted's way: the school leadership gives all feedback. Not on its own work.
    route_set(municipality=programme.municipality, steps=[("written", "leadership")])
    team = Team.objects.leadership().get(institution=programme.school)
    leader = programme.people["leader"]
    submission = submission_get_or_create(team=team, assignment=course.assignment)
    draft_save(submission=submission, text="Vores analyse.", base_revision=0, by=leader)
    submission_submit(submission=submission, by=leader)
    task = ReviewTask.objects.get(submission=submission)
    assert task.assignee == programme.people["municipal_coordinator"]
    assert not can_act_on_task(leader, task)
