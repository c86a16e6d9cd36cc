from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import Status, Submission
from feedback.models import ReviewTask, RouteStep
from feedback.queue_selectors import QueueFilters, review_queue_for
from lms import services
from lms.factories import UserFactory
from lms.roles import Role

QUEUE = reverse("overviews:queue")


def rows(response) -> list:
    return response.context["rows"]


def test_the_reviewer_sees_their_open_tasks_oldest_first(client_for, programme, workload):
    work = workload(teams=2, assignments=3)
    client = client_for(programme.people["municipal_rp"])
    response = client.get(QUEUE)
    assert response.status_code == 200
    found = rows(response)
    assert len(found) == 6
    submitted = [task.version.submitted_at for task in found]
    assert submitted == sorted(submitted)
    html = response.content.decode()
    assert "Team W000" in html and "Aars Skole" in html
    assert work.package.title in html and "Opgave W002" in html
    assert "Modul W" in html
    for task in found:
        assert reverse("assignments:submission", args=[task.submission_id]) in html
        assert reverse("feedback:task", args=[task.pk]) in html


def test_done_cancelled_and_other_peoples_tasks_stay_out(client_for, programme, workload):
    workload(teams=1, assignments=4)
    tasks = list(ReviewTask.objects.order_by("pk"))
    tasks[0].state = ReviewTask.State.DONE
    tasks[0].save()
    tasks[1].state = ReviewTask.State.CANCELLED
    tasks[1].save()
    tasks[2].assignee = programme.people["local_rp"]
    tasks[2].save()
    response = client_for(programme.people["municipal_rp"]).get(QUEUE)
    assert [task.pk for task in rows(response)] == [tasks[3].pk]


def test_leaders_see_leadership_tasks_of_their_school_held_by_another_leader(
    client_for, programme, workload
):
    other_leader = UserFactory(email="leder2@test.dk")
    services.role_assign(user=other_leader, role=Role.SCHOOL_LEADER, institution=programme.school)
    workload(teams=1, assignments=2, reviewer=other_leader, given_by=RouteStep.GivenBy.LEADERSHIP)
    workload(teams=1, assignments=1, prefix="R")  # resource persons' tasks: not the leader's
    response = client_for(programme.people["leader"]).get(QUEUE)
    titles = [t.submission.assignment.title for t in rows(response)]
    assert titles == ["Opgave W001", "Opgave W000"]  # W001 was handed in a minute earlier
    # A leader of another school does not see them.
    far_leader = UserFactory(email="leder3@test.dk")
    services.role_assign(
        user=far_leader, role=Role.SCHOOL_LEADER, institution=programme.other_school
    )
    assert rows(client_for(far_leader).get(QUEUE)) == []


def test_filters_by_status_school_package_and_overdue(client_for, programme, workload):
    first = workload(teams=1, assignments=6)
    second = workload(teams=1, assignments=2, prefix="X", school=programme.other_school)
    client = client_for(programme.people["municipal_rp"])

    response = client.get(QUEUE, {"status": Status.SUBMITTED})
    by_status = rows(response)
    assert by_status and {t.submission.status for t in by_status} == {Status.SUBMITTED}
    assert '<option value="submitted" selected>' in response.content.decode()  # choice kept

    by_school = rows(client.get(QUEUE, {"school": programme.other_school.number}))
    assert {t.submission.team.institution_id for t in by_school} == {programme.other_school.pk}
    assert len(by_school) == 2

    by_package = rows(client.get(QUEUE, {"package": first.package.pk}))
    assert len(by_package) == 6
    assert rows(client.get(QUEUE, {"package": second.package.pk}))[0].place.package_title == (
        "Pakke X"
    )

    overdue = rows(client.get(QUEUE, {"overdue": "on"}))
    now = timezone.now()
    assert overdue
    for task in overdue:
        due = task.submission.effective_due_on
        assert (task.due_at < now) or (due and due < now.date())
    assert len(overdue) < 8


def test_a_past_submission_due_date_alone_makes_a_task_overdue(client_for, programme, workload):
    workload(teams=1, assignments=1)
    task = ReviewTask.objects.get()
    task.due_at = timezone.now() + timedelta(days=5)
    task.save()
    Submission.objects.update(due_on=timezone.localdate() + timedelta(days=1))
    client = client_for(programme.people["municipal_rp"])
    assert rows(client.get(QUEUE, {"overdue": "on"})) == []
    Submission.objects.update(due_on=timezone.localdate() - timedelta(days=1))
    response = client.get(QUEUE, {"overdue": "on"})
    assert [t.pk for t in rows(response)] == [task.pk]
    assert "Past the hand-in date" in response.content.decode() or "Efter afleveringsdatoen" in (
        response.content.decode()
    )


def test_an_unknown_filter_value_is_reported_and_the_whole_queue_shown(
    client_for, programme, workload
):
    workload(teams=1, assignments=2)
    response = client_for(programme.people["municipal_rp"]).get(
        QUEUE, {"school": "999999", "status": "nonsense"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"school", "status"}
    assert len(rows(response)) == 2
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'value="nonsense"' not in html or "nonsense" in html  # the typed value is kept


def test_the_queue_is_paginated_by_fifty(client_for, programme, workload):
    workload(teams=3, assignments=40)
    client = client_for(programme.people["municipal_rp"])
    first = client.get(QUEUE, {"status": Status.SUBMITTED})
    assert first.context["page"].paginator.count == 40
    assert len(rows(client.get(QUEUE))) == 50
    last = client.get(QUEUE, {"page": 3})
    assert len(rows(last)) == 20
    html = client.get(QUEUE, {"page": 2, "overdue": "on"}).content.decode()
    assert "overdue=on&amp;page=" in html or "page=" in html


@pytest.mark.pages_drawn  # counts queries and reads the page's context
def test_the_first_page_reads_its_rows_and_the_queue_length_together(
    client_for, programme, workload, django_assert_max_num_queries
):
    workload(teams=3, assignments=20)
    client = client_for(programme.people["municipal_rp"])
    client.get(QUEUE)
    with django_assert_max_num_queries(8):
        first = client.get(QUEUE)
    assert first.context["page"].paginator.count == 60
    assert first.context["page"].paginator.num_pages == 2
    ids = [task.pk for task in rows(first)]
    assert len(ids) == 50
    assert [task.pk for task in rows(client.get(QUEUE, {"page": "1"}))] == ids
    second = client.get(QUEUE, {"page": 2})
    assert len(rows(second)) == 10 and not set(ids) & {task.pk for task in rows(second)}
    empty = client_for(programme.people["municipal_coordinator"]).get(QUEUE)
    assert empty.context["page"].paginator.count == 0 and rows(empty) == []


@pytest.mark.parametrize("person", ["teacher", "nobody", "other_teacher", "author"])
def test_people_without_a_reviewer_role_are_refused(client_for, programme, person):
    assert client_for(programme.people[person]).get(QUEUE).status_code == 403


@pytest.mark.parametrize(
    "url", [QUEUE, "/overblik/skole/773001/", "/overblik/kommune/820/"], ids=str
)
def test_anonymous_visitors_are_sent_to_log_in(client, programme, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_hand_in_date_is_judged_by_the_danish_day_not_utcs(programme, workload):
    """At 23:30 UTC it is already the next day in Copenhagen: work due "yesterday" (by the
    Danish calendar) is overdue, although it is still that day in UTC."""
    workload(teams=1, assignments=1)
    task = ReviewTask.objects.get()
    after_danish_midnight = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    ReviewTask.objects.update(due_at=after_danish_midnight + timedelta(days=5))
    reviewer = programme.people["municipal_rp"]
    overdue_only = QueueFilters(overdue_only=True)

    Submission.objects.update(due_on=date(2026, 12, 1))  # the Danish today: not yet overdue
    assert (
        list(review_queue_for(user=reviewer, now=after_danish_midnight, filters=overdue_only)) == []
    )
    Submission.objects.update(due_on=date(2026, 11, 30))  # the Danish yesterday, UTC's today
    found = review_queue_for(user=reviewer, now=after_danish_midnight, filters=overdue_only)
    assert [t.pk for t in found] == [task.pk]
    assert found[0].hand_in_overdue is True
