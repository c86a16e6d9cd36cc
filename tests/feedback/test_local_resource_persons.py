"""Local resource persons (kollegiale vejledere) in the routes, and continuity from the written
step to the oral meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from feedback.models import ReviewTask, ReviewTaskEvent, RouteStep
from feedback.services import (
    meeting_confirm,
    meeting_propose,
    meeting_record,
    route_set,
    written_feedback_release,
    written_feedback_save,
)
from lms import services as lms_services
from lms.errors import ServiceError
from lms.factories import UserFactory
from lms.roles import Role

LOCAL = RouteStep.GivenBy.LOCAL_RESOURCE_PERSONS
WRITTEN, ORAL = RouteStep.Kind.WRITTEN, RouteStep.Kind.ORAL


def add_local(programme, email, first_name=""):
    person = UserFactory(email=email, first_name=first_name, last_name="")
    lms_services.role_assign(
        user=person, role=Role.LOCAL_RESOURCE_PERSON, institution=programme.school
    )
    return person


@pytest.fixture
def local_route(programme, enrolled):
    """Aars Skole's own route: its local resource persons write and then meet the team."""
    return route_set(institution=programme.school, steps=[(WRITTEN, LOCAL), (ORAL, LOCAL)])


def test_a_local_step_goes_to_the_least_loaded_local_resource_person(
    programme, tree, local_route, hand_in
):
    second = add_local(programme, "vejleder2@test.dk", first_name="Åse")
    hand_in(team=programme.team, assignment=tree.assignment, by=programme.people["coordinator"])
    first = ReviewTask.objects.get()
    assert first.assignee in (programme.people["local_rp"], second)
    assert first.given_by == LOCAL
    hand_in(team=programme.other_team, assignment=tree.assignment,
            by=programme.people["other_teacher"])  # fmt: skip
    other = ReviewTask.objects.exclude(pk=first.pk).get()
    assert other.assignee != first.assignee
    assert ReviewTaskEvent.objects.get(task=other).reason == "least_loaded_local_resource_person"


def test_the_teams_facilitator_is_asked_first(programme, tree, local_route, hand_in):
    facilitator = add_local(programme, "facilitator@test.dk", first_name="Zelma")
    # The other local resource person has less work, but the team has its own facilitator.
    programme.team.facilitator = facilitator
    programme.team.save()
    hand_in(team=programme.team, assignment=tree.assignment, by=programme.people["coordinator"])
    task = ReviewTask.objects.get()
    assert task.assignee == facilitator
    assert ReviewTaskEvent.objects.get(task=task).reason == "team_facilitator"


def test_without_local_resource_persons_the_leadership_takes_it(
    programme, tree, local_route, hand_in
):
    lms_services.role_revoke(
        assignment=programme.people["local_rp"].role_assignments.get(
            role=Role.LOCAL_RESOURCE_PERSON
        )
    )
    hand_in(team=programme.team, assignment=tree.assignment, by=programme.people["coordinator"])
    task = ReviewTask.objects.get()
    assert task.assignee == programme.people["leader"]
    assert ReviewTaskEvent.objects.get(task=task).reason == "no_local_resource_person_leader"


def test_the_local_resource_person_writes_and_then_holds_the_meeting(
    programme, tree, local_route, hand_in, client_for
):
    local_rp = programme.people["local_rp"]
    add_local(programme, "idle@test.dk", first_name="Aage")  # less loaded once the first is busy
    submission, _version = hand_in(
        team=programme.team, assignment=tree.assignment, by=programme.people["coordinator"]
    )
    written = ReviewTask.objects.get()
    written.assignee = local_rp
    written.save()
    # The local resource person finds it in the queue and on the task page.
    client = client_for(local_rp)
    assert client.get(reverse("feedback:task", args=[written.pk])).status_code == 200
    feedback = written_feedback_save(task=written, text="Godt arbejde.", by=local_rp)
    written_feedback_release(feedback=feedback, by=local_rp)
    oral = ReviewTask.objects.get(position=2)
    # Continuity: the writer keeps the case although another is less loaded.
    assert oral.assignee == local_rp
    assert ReviewTaskEvent.objects.get(task=oral).reason == "continuity"
    start = timezone.now() + timedelta(days=2)
    meeting = meeting_propose(task=oral, slots=[(start, start + timedelta(hours=1))],
                              place="Personalerummet", video_url="", by=local_rp)  # fmt: skip
    meeting_confirm(meeting=meeting, slot=meeting.slots.get(), by=programme.people["coordinator"])
    with (
        translation.override("en"),
        pytest.raises(ServiceError, match="Record the notes once it has started"),
    ):
        meeting_record(meeting=meeting, notes="For tidligt", next_steps="", by=local_rp)
    meeting.slots.update(starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now())
    meeting_record(meeting=meeting, notes="Vi aftalte næste skridt.", next_steps="", by=local_rp)
    submission.refresh_from_db()
    assert submission.status == "completed"


def test_vesthimmerland_the_writer_keeps_the_case_for_the_meeting(
    programme, tree, enrolled, routes, hand_in
):
    """Today's route: a municipal resource person writes, then meets with the leadership."""
    writer = programme.people["municipal_rp"]
    idle = UserFactory(email="rp2@test.dk", first_name="Åse", last_name="")
    lms_services.role_assign(user=idle, role=Role.MUNICIPAL_RESOURCE_PERSON,
                             institution=programme.school)  # fmt: skip
    hand_in(team=programme.team, assignment=tree.assignment, by=programme.people["coordinator"])
    written = ReviewTask.objects.get()
    written.assignee = writer
    written.save()
    # The writer has more open work than the idle colleague.
    hand_in(team=programme.other_team, assignment=tree.assignment,
            by=programme.people["other_teacher"])  # fmt: skip
    ReviewTask.objects.exclude(pk=written.pk).update(assignee=writer)
    feedback = written_feedback_save(task=written, text="Fint.", by=writer)
    written_feedback_release(feedback=feedback, by=writer)
    oral = ReviewTask.objects.get(submission=written.submission, position=2)
    assert oral.assignee == writer


def test_a_writer_who_left_does_not_keep_the_case(programme, tree, enrolled, routes, hand_in):
    writer = programme.people["municipal_rp"]
    hand_in(team=programme.team, assignment=tree.assignment, by=programme.people["coordinator"])
    written = ReviewTask.objects.get()
    feedback = written_feedback_save(task=written, text="Fint.", by=writer)
    other = UserFactory(email="rp3@test.dk")
    lms_services.role_assign(user=other, role=Role.MUNICIPAL_RESOURCE_PERSON,
                             institution=programme.school)  # fmt: skip
    # The writer's role ends after writing; the release is by a leader on their behalf.
    lms_services.role_revoke(assignment=writer.role_assignments.get())
    written.refresh_from_db()
    written_feedback_release(feedback=feedback, by=programme.people["leader"])
    oral = ReviewTask.objects.get(position=2)
    assert oral.assignee == other
