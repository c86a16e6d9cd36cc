"""Mit overblik is a to-do list for each role, read as the demo's people read it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from assignments.models import ExtensionRequest, Status, Submission
from demo.loader import seed_demo
from feedback.models import ReviewTask
from lms.models import User

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn


@pytest.fixture(scope="module")
def _seeded(django_db_setup, seed_for_module, demo_data):
    with seed_for_module(lambda: seed_demo(demo_data)):
        yield


@pytest.fixture
def demo(_seeded, db, settings):
    settings.LANGUAGE_CODE = "en"  # the assertions read the English source strings
    with translation.override("en"):
        yield


def todo_of(client, email):
    client.force_login(User.objects.get(email=email))
    response = client.get("/")
    assert response.status_code == 200
    return response.context["todo"]


def labels(items) -> set[str]:
    return {str(item.label) for item in items}


def test_a_teacher_sees_new_feedback(demo, client):
    items = todo_of(client, "laerer@demo.dk")
    new = [i for i in items if str(i.label) == "Read the new feedback"]
    given = Submission.objects.filter(
        team__members__email="laerer@demo.dk", status=Status.WRITTEN_FEEDBACK_GIVEN
    )
    assert given.exists()
    assert {i.url for i in new} == {reverse("assignments:submission", args=[s.pk]) for s in given}
    # The meeting time is the coordinator's to pick, not this member's.
    assert "Pick a time for the feedback meeting" not in labels(items)


def test_the_team_coordinator_picks_the_meeting_time(demo, client):
    items = todo_of(client, "teamkoordinator@demo.dk")
    assert "Pick a time for the feedback meeting" in labels(items)
    assert "Read the new feedback" in labels(items)


def test_a_teacher_sees_a_requested_new_version(demo, client):
    asked = Submission.objects.get(status=Status.RESUBMISSION_REQUESTED,
                                   team__institution__number="773002")  # fmt: skip
    member = asked.team.members.order_by("pk").first()
    items = todo_of(client, member.email)
    assert any(
        str(i.label) == "Hand in a new version"
        and i.url == reverse("assignments:submission", args=[asked.pk])
        for i in items
    )


def test_a_reviewer_sees_what_waits_and_what_is_overdue(demo, client):
    person = User.objects.get(email="ressourceperson@demo.dk")
    open_tasks = ReviewTask.objects.filter(assignee=person, state=ReviewTask.State.OPEN)
    items = todo_of(client, person.email)
    task_urls = {reverse("feedback:task", args=[t.pk]) for t in open_tasks}
    assert task_urls <= {i.url for i in items}
    assert "Give written feedback" in labels(items)
    overdue = [i for i in items if i.overdue]
    late = open_tasks.filter(due_at__lt=timezone.now())
    assert {i.url for i in overdue} == {reverse("feedback:task", args=[t.pk]) for t in late}
    assert list(items[: len(overdue)]) == overdue  # overdue first


def test_a_local_resource_person_sees_the_teams_hand_in(demo, client):
    items = todo_of(client, "vejleder.logstor@demo.dk")
    assert "Give written feedback" in labels(items)


def test_a_leader_sees_the_request_for_more_time(demo, client):
    request = ExtensionRequest.objects.get(state="open")
    items = todo_of(client, "leder@demo.dk")
    answer = [i for i in items if str(i.label).startswith("Answer")]
    submission = request.submission
    assert [i.url for i in answer] == [
        reverse("assignments:extend", args=[submission.assignment_id, submission.team_id])
    ]
    # Another school's leader does not see it.
    assert not [i for i in todo_of(client, "leder.hedensted@demo.dk") if "Answer" in str(i.label)]


def test_a_coordinator_sees_a_roster_waiting_to_be_imported(demo, client):
    from lms import people_imports
    from lms.models import Municipality

    coordinator = User.objects.get(email="forvaltning@demo.dk")
    job = people_imports.people_import_create(
        municipality=Municipality.objects.get(code="820"),
        file_name="aars.csv",
        data=b"email,first_name,last_name,municipality_code,school_number,role\n"
        b"ny@demo.dk,Ny,Person,820,773001,teacher\n",
        user=coordinator,
    )
    people_imports.people_import_check(job_id=job.pk)
    items = todo_of(client, coordinator.email)
    assert any(i.url == f"/personer/import/{job.pk}/" for i in items)
    assert not any(
        i.url == f"/personer/import/{job.pk}/"
        for i in todo_of(client, "forvaltning.hedensted@demo.dk")
    )


def test_nothing_to_do_says_so(demo, client):
    client.force_login(User.objects.get(email="cok@demo.dk"))
    html = client.get("/").content.decode()
    assert "Nothing waits for you right now." in html


@pytest.mark.parametrize("email", ["laerer@demo.dk", "ressourceperson@demo.dk", "leder@demo.dk"])
def test_mit_overblik_costs_the_same_queries_as_work_grows(demo, client, email):
    user = User.objects.get(email=email)
    client.force_login(user)
    client.get("/")
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    # More work for everyone: every open task is duplicated for this person.
    for task in ReviewTask.objects.filter(state=ReviewTask.State.OPEN)[:5]:
        task.pk = None
        task.assignee = user
        task.save()
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(after) == len(before)


#: Mit overblik's queries for the demo's people, after a first visit (session, user, then the
#: person's roles and teams read once for the places, the permissions and the to-do providers).
#: Measured 21, 14, 6 (were 28, 19, 9 before places_for primed held_roles and the teams).
HOME_QUERIES = {"laerer@demo.dk": 21, "leder@demo.dk": 14, "forvaltning@demo.dk": 6}


@pytest.mark.parametrize("email", sorted(HOME_QUERIES))
def test_mit_overblik_stays_under_its_query_ceiling(
    demo, client, email, django_assert_max_num_queries
):
    client.force_login(User.objects.get(email=email))
    client.get("/")
    with django_assert_max_num_queries(HOME_QUERIES[email]):
        response = client.get("/")
    assert response.status_code == 200
