"""Feedback's items on Mit overblik: a leader's approvals, a reviewer's overdue work."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from feedback.models import ReviewTask, RouteStep
from feedback.services import route_set, written_feedback_release, written_feedback_save
from lms.overview import todo_for


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_leader_sees_written_feedback_waiting_for_approval(programme, tree, enrolled, hand_in):
    route_set(institution=programme.school, review_before_release=True,
              steps=[(RouteStep.Kind.WRITTEN, RouteStep.GivenBy.RESOURCE_PERSONS)])  # fmt: skip
    hand_in(team=programme.team, assignment=tree.assignment, by=programme.people["coordinator"])
    task = ReviewTask.objects.get()
    rp = programme.people["municipal_rp"]
    assert [str(i.label) for i in todo_for(rp)] == ["Give written feedback"]
    written_feedback_release(feedback=written_feedback_save(task=task, text="ok", by=rp), by=rp)
    leader_items = todo_for(programme.people["leader"])
    assert [(str(i.label), i.url) for i in leader_items] == [
        ("Approve written feedback before the team sees it",
         reverse("feedback:task", args=[task.pk])),
    ]  # fmt: skip
    assert todo_for(programme.people["far_teacher"]) == []


def test_overdue_feedback_comes_first(programme, tree, enrolled, routes, hand_in):
    hand_in(team=programme.team, assignment=tree.assignment, by=programme.people["coordinator"])
    hand_in(team=programme.other_team, assignment=tree.assignment,
            by=programme.people["other_teacher"])  # fmt: skip
    late, fresh = ReviewTask.objects.order_by("pk")
    ReviewTask.objects.filter(pk=fresh.pk).update(assignee=late.assignee)
    ReviewTask.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=2))
    items = todo_for(late.assignee)
    assert [i.url for i in items] == [
        reverse("feedback:task", args=[late.pk]),
        reverse("feedback:task", args=[fresh.pk]),
    ]
    assert items[0].overdue and not items[1].overdue
