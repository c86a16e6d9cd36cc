"""Every feedback page refuses the wrong people; resubmission restarts the route; query counts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assignments.models import Status
from feedback.models import Meeting, ReviewTask
from feedback.services import (
    meeting_confirm,
    meeting_propose,
    written_feedback_release,
    written_feedback_save,
)

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn


@pytest.fixture
def oral(programme, handed_in):
    """The written step released; the oral step proposed with one time."""
    rp = programme.people["municipal_rp"]
    feedback = written_feedback_save(task=ReviewTask.objects.get(), text="ok", by=rp)
    written_feedback_release(feedback=feedback, by=rp)
    task = ReviewTask.objects.get(position=2)
    start = timezone.now() + timedelta(days=2)
    meeting = meeting_propose(task=task, slots=[(start, start + timedelta(hours=1))],
                              place="Lokale", video_url="", by=rp)  # fmt: skip
    return task, meeting


def test_task_pages_refuse_people_who_are_not_its_reviewers(programme, handed_in, client):
    task = ReviewTask.objects.get()
    posts = {
        "feedback:task_written": {"text": "x", "action": "release"},
        "feedback:task_resubmission": {"note": "x"},
        "feedback:task_meeting_propose": {"place": "x"},
        "feedback:task_meeting_record": {"notes": "x"},
    }
    for name in ["teacher", "coordinator", "other_teacher", "local_rp", "far_teacher", "nobody",
                 "other_coordinator", "author"]:  # fmt: skip
        client.force_login(programme.people[name])
        assert client.get(reverse("feedback:task", args=[task.pk])).status_code == 404, name
        for url_name, data in posts.items():
            response = client.post(reverse(url_name, args=[task.pk]), data)
            assert response.status_code == 404, (name, url_name)
    # Those who oversee see the task but may not write on a resource person's task.
    for name in ["leader", "municipal_coordinator"]:
        client.force_login(programme.people[name])
        assert client.get(reverse("feedback:task", args=[task.pk])).status_code == 200
        for url_name, data in posts.items():
            response = client.post(reverse(url_name, args=[task.pk]), data)
            assert response.status_code == 403, (name, url_name)
    client.logout()
    assert client.get(reverse("feedback:task", args=[task.pk])).status_code == 302


def test_any_leader_of_the_school_may_act_on_a_joint_step(programme, oral, client):
    task, _meeting = oral
    client.force_login(programme.people["leader"])
    response = client.post(reverse("feedback:task_meeting_propose", args=[task.pk]), {
        "place": "Kontoret", "slot1_date": "2030-01-10", "slot1_start": "10:00",
        "slot1_end": "09:00",
    })  # fmt: skip
    assert response.status_code == 400  # a real attempt, refused for the bad time only
    assert "slot1_end" in response.context["propose_form"].errors
    assert response.context["propose_form"]["place"].value() == "Kontoret"


def test_the_team_coordinator_picks_a_time(programme, oral, client):
    _task, meeting = oral
    slot = meeting.slots.get()
    url = reverse("feedback:meeting_pick", args=[meeting.pk])
    # A member who is not the coordinator sees the meeting but leaves the choice to them.
    for name, status in [("municipal_rp", 403), ("leader", 403), ("teacher", 403),
                         ("other_teacher", 404), ("far_teacher", 404), ("nobody", 404)]:  # fmt: skip
        client.force_login(programme.people[name])
        assert client.post(url, {"slot": slot.pk}).status_code == status, name
    client.force_login(programme.people["coordinator"])
    response = client.post(url, {"slot": 999999})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.chosen_slot is None
    assert client.post(url, {"slot": slot.pk}).status_code == 302


def test_the_invitation_download_is_for_participants_only(programme, oral, client):
    _task, meeting = oral
    url = reverse("feedback:meeting_ics", args=[meeting.pk])
    client.force_login(programme.people["teacher"])
    assert client.get(url).status_code == 404  # no time chosen yet
    meeting_confirm(meeting=meeting, slot=meeting.slots.get(), by=programme.people["teacher"])
    for name in ["teacher", "municipal_rp", "leader"]:
        client.force_login(programme.people[name])
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("text/calendar")
        assert b"BEGIN:VEVENT" in response.content
    for name in ["other_teacher", "local_rp", "nobody", "far_teacher"]:
        client.force_login(programme.people[name])
        assert client.get(url).status_code == 404, name


def test_submission_page_is_for_the_team_and_those_who_see_it(programme, handed_in, client):
    submission, _version = handed_in
    url = reverse("assignments:submission", args=[submission.pk])
    for name in ["teacher", "leader", "municipal_rp"]:
        client.force_login(programme.people[name])
        assert client.get(url).status_code == 200, name
    # The coordinator follows the status, not the content (the municipality has not chosen so).
    for name in ["other_teacher", "far_teacher", "nobody", "other_coordinator",
                 "municipal_coordinator"]:  # fmt: skip
        client.force_login(programme.people[name])
        assert client.get(url).status_code == 404, name


def test_the_old_queue_address_leads_to_the_feedback_queue(programme, handed_in, client):
    client.force_login(programme.people["municipal_rp"])
    response = client.get(reverse("feedback:queue"))
    assert response.status_code == 302
    assert response["Location"] == reverse("overviews:queue")
    rows = client.get(response["Location"]).context["rows"]
    assert len(rows) == 1


def test_resubmission_restarts_the_route_for_the_new_version(
    programme, tree, handed_in, hand_in, client, django_capture_on_commit_callbacks
):
    submission, version = handed_in
    task = ReviewTask.objects.get()
    client.force_login(programme.people["municipal_rp"])
    url = reverse("feedback:task_resubmission", args=[task.pk])
    assert client.post(url, {"note": ""}).status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"note": "Beskriv elevernes svar."}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.RESUBMISSION_REQUESTED
    assert sorted(m.to[0] for m in mail.outbox) == ["coordinator@test.dk", "teacher@test.dk"]
    client.force_login(programme.people["teacher"])
    page = client.get(reverse("assignments:submission", args=[submission.pk])).content.decode()
    assert "Beskriv elevernes svar." in page
    _submission, version2 = hand_in(team=programme.team, assignment=tree.assignment,
                                    by=programme.people["teacher"], text="Version 2")  # fmt: skip
    new = ReviewTask.objects.get(state="open")
    assert (new.version, new.position) == (version2, 1)
    assert ReviewTask.objects.get(pk=task.pk).state == "done"


def test_handing_in_again_cancels_open_tasks_of_the_old_version(programme, tree, handed_in):
    from feedback.services import submission_route

    submission, version = handed_in
    old = ReviewTask.objects.get()
    version2 = submission.versions.create(number=2, text="v2", submitted_at=timezone.now())
    submission_route(submission=submission, version=version2)
    old.refresh_from_db()
    assert old.state == "cancelled"
    assert ReviewTask.objects.get(state="open").version == version2


def _more_hand_ins(programme, tree, hand_in, enrol_teams, n):
    from lms import services as lms_services
    from lms.factories import TeamFactory, UserFactory

    for i in range(n):
        team = TeamFactory(institution=programme.school, name=f"Team {i}")
        member = UserFactory(email=f"member{i}@test.dk")
        lms_services.team_member_add(team=team, user=member)
        enrol_teams(institution=programme.school, tree=tree, teams=[team])
        hand_in(team=team, assignment=tree.assignment, by=member)


@pytest.mark.parametrize("replies", [1, 6])
def test_submission_panel_queries_stay_constant(programme, oral, client, replies,
                                                django_assert_max_num_queries):  # fmt: skip
    from feedback.services import feedback_message_post

    task, meeting = oral
    submission = task.submission
    for i in range(replies):
        feedback_message_post(submission=submission, author=programme.people["teacher"],
                              text=f"Svar {i}")  # fmt: skip
    meeting_propose(task=task, place="Lokale", video_url="", by=programme.people["municipal_rp"],
                    slots=[(timezone.now() + timedelta(days=d), timezone.now()
                            + timedelta(days=d, hours=1)) for d in range(1, 2 + replies)])  # fmt: skip
    client.force_login(programme.people["teacher"])
    # 12: the team's coordinators and an open request for more time are asked once each; the
    # released feedback's author comes with its task, and a handed-in draft's files are not read.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assignments:submission", args=[submission.pk]))
    assert response.content.decode().count("Svar ") == replies
    assert Meeting.objects.get().slots.count() == 1 + replies


@pytest.mark.parametrize("extra", [0, 3])
def test_task_page_queries_stay_constant(programme, tree, handed_in, client, extra,
                                         django_assert_max_num_queries):  # fmt: skip
    from feedback.models import CommentBankEntry

    for i in range(extra):
        CommentBankEntry.objects.create(package=tree.package, text=f"Sætning {i}")
    task = ReviewTask.objects.get()
    client.force_login(programme.people["municipal_coordinator"])
    # 11: one of them asks whether the coordinator reviews the hand-in (they may not read it).
    with django_assert_max_num_queries(11):
        assert client.get(reverse("feedback:task", args=[task.pk])).status_code == 200


def test_reviewers_find_their_queue_on_my_overview(programme, client):
    queue = reverse("overviews:queue")
    for name, shown in [("municipal_rp", True), ("leader", True), ("municipal_coordinator", True),
                        ("teacher", False), ("author", False)]:  # fmt: skip
        client.force_login(programme.people[name])
        assert (queue in client.get(reverse("home")).content.decode()) is shown, name


def test_feedback_pages_have_danish_paths_and_the_old_ones_redirect(programme, oral, client):
    task, meeting = oral
    assert reverse("feedback:task", args=[task.pk]) == f"/feedback/sag/{task.pk}/"
    assert reverse("feedback:meeting_pick", args=[meeting.pk]) == (
        f"/feedback/moeder/{meeting.pk}/vaelg-tid/"
    )
    client.force_login(programme.people["municipal_rp"])
    response = client.get(f"/feedback/tasks/{task.pk}/?comment=1")
    assert response.status_code == 308
    assert response["Location"] == f"/feedback/sag/{task.pk}/?comment=1"
    # A form posted to an old address is sent on as a POST (308 keeps the method).
    response = client.post(f"/feedback/meetings/{meeting.pk}/pick/", {"slot": 1})
    assert (response.status_code, response["Location"]) == (
        308, f"/feedback/moeder/{meeting.pk}/vaelg-tid/",
    )  # fmt: skip
