"""Access policy: every export of a school's profile, and every reading of a team's hand-in by
someone outside the team and its reviewers, is recorded (who, when, what); the school's leader
sees the record."""

from __future__ import annotations

import pytest
from assignments_fixtures import handed_in_submission
from django.urls import reverse
from django.utils import timezone

from feedback.models import ReviewTask
from lms.models import AccessRecord
from profiles_link.factories import MappingRoundFactory, UnitScoreFactory


@pytest.fixture
def hand_in(programme, db):
    submission = handed_in_submission(programme)
    # No reviewer yet, whatever the allocation chose: the test names them.
    submission.review_tasks.all().delete()
    return submission


def record_url(programme) -> str:
    return reverse("access_record", args=[programme.school.number])


def test_readings_from_outside_the_team_and_its_reviewers_are_recorded(
    client_for, programme, hand_in
):
    submission = hand_in
    url = reverse("assignments:submission", args=[submission.pk])
    version = reverse("assignments:version", args=[submission.pk, 1])
    client_for(programme.people["teacher"]).get(url)  # the team itself
    assert not AccessRecord.objects.exists()
    reviewer = programme.people["municipal_rp"]
    ReviewTask.objects.create(
        submission=submission, version=submission.versions.get(), position=1, kind="written",
        given_by="resource_persons", assignee=reviewer, due_at=timezone.now(),
    )  # fmt: skip
    client_for(reviewer).get(url)  # a reviewer
    assert not AccessRecord.objects.exists()
    client_for(programme.people["leader"]).get(url)
    client_for(programme.people["admin"]).get(version)
    records = list(AccessRecord.objects.order_by("pk"))
    assert [(r.user, r.kind, r.team) for r in records] == [
        (programme.people["leader"], "hand_in_read", programme.team),
        (programme.people["admin"], "hand_in_read", programme.team),
    ]
    assert records[1].what.endswith("1") and submission.assignment.title in records[1].what


def test_profile_exports_are_recorded_and_the_leader_sees_the_record(client_for, programme):
    UnitScoreFactory(round=MappingRoundFactory(label="T1"), institution=programme.school)
    coordinator = client_for(programme.people["municipal_coordinator"])
    for name in ["profiles:school_profile_csv", "profiles:school_profile_xlsx"]:
        assert coordinator.get(reverse(name, args=[programme.school.number])).status_code == 200
    assert (
        list(AccessRecord.objects.values_list("kind", "user__email"))
        == [
            ("profile_export", "municipal_coordinator@test.dk"),
        ]
        * 2
    )
    leader = client_for(programme.people["leader"])
    response = leader.get(record_url(programme))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr><td>") == 2 and str(programme.people["municipal_coordinator"]) in html
    detail = leader.get(reverse("institution_detail", args=[programme.school.number]))
    assert record_url(programme) in detail.content.decode()


@pytest.mark.parametrize("person", ["teacher", "local_rp", "municipal_rp", "municipal_coordinator",
                                    "other_coordinator", "author"])  # fmt: skip
def test_only_the_schools_leaders_see_the_record(client_for, programme, person):
    assert client_for(programme.people[person]).get(record_url(programme)).status_code == 403
