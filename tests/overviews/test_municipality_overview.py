from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import Status, Submission
from competence_packages.models import ModulePlan, PackageChoice
from feedback.models import ReviewTask
from feedback.overview_selectors import municipality_overview


def url(municipality) -> str:
    return reverse("overviews:municipality", args=[municipality.code])


def test_counts_per_school_and_reviewer_workload(client_for, programme, workload):
    now = timezone.now()
    work = workload(teams=2, assignments=3)  # 6 hand-ins at Aars Skole
    workload(teams=1, assignments=2, prefix="X", school=programme.other_school)
    # Mellemtrinnet takes the first module without having begun: 3 not started, overdue.
    choice = PackageChoice.objects.create(
        institution=programme.school, package=work.package,
        starts_on=now.date() - timedelta(days=10), ends_on=now.date() + timedelta(days=10),
    )  # fmt: skip
    choice.teams.set([programme.team])
    ModulePlan.objects.create(
        choice=choice, module=work.module, starts_on=now.date() - timedelta(days=9),
        due_on=now.date() - timedelta(days=1),
    )  # fmt: skip
    oldest = ReviewTask.objects.order_by("pk").first()
    ReviewTask.objects.filter(pk=oldest.pk).update(created_at=now - timedelta(days=9))
    ReviewTask.objects.filter(submission__team__institution=programme.other_school).update(
        assignee=programme.people["local_rp"], due_at=now + timedelta(days=3)
    )

    response = client_for(programme.people["municipal_coordinator"]).get(
        url(programme.municipality)
    )
    assert response.status_code == 200
    overview = response.context["overview"]
    aars, loegstoer = overview.schools
    assert aars.institution == programme.school and loegstoer.institution == programme.other_school
    assert aars.counts[Status.NOT_STARTED] == 3
    assert aars.counts[Status.SUBMITTED] == 2 and aars.total == 9
    assert aars.hand_in_overdue == 3  # the three never begun; handed-in work is not overdue
    assert aars.open_tasks == 6 and aars.feedback_overdue == 2
    assert loegstoer.total == 2 and loegstoer.feedback_overdue == 0
    assert overview.totals.total == 11 and overview.totals.open_tasks == 8
    rp, local = overview.reviewers
    assert (rp.email, rp.open_tasks, rp.overdue_tasks, rp.oldest_age_days) == (
        programme.people["municipal_rp"].email, 6, 2, 9
    )  # fmt: skip
    assert (local.email, local.open_tasks, local.overdue_tasks) == (
        programme.people["local_rp"].email, 2, 0
    )  # fmt: skip
    html = response.content.decode()
    assert "<caption" in html and 'scope="col"' in html
    assert reverse("overviews:school", args=[programme.school.number]) in html
    # Another municipality's work is not counted.
    workload(teams=1, assignments=1, prefix="F", school=programme.far_school)
    again = client_for(programme.people["municipal_coordinator"]).get(url(programme.municipality))
    assert again.context["overview"].totals.total == 11


@pytest.mark.parametrize("person", ["municipal_coordinator", "admin"])
def test_who_may_see_the_municipality_overview(client_for, programme, person):
    assert client_for(programme.people[person]).get(url(programme.municipality)).status_code == 200


@pytest.mark.parametrize(
    "person", ["other_coordinator", "leader", "local_rp", "municipal_rp", "teacher", "nobody"]
)
def test_others_are_refused(client_for, programme, person):
    response = client_for(programme.people[person]).get(url(programme.municipality))
    assert response.status_code == 403


def test_an_unknown_municipality_is_not_found(client_for, programme):
    assert client_for(programme.people["admin"]).get("/overblik/kommune/999/").status_code == 404


def test_overdue_hand_ins_are_counted_by_the_danish_day_not_utcs(programme, workload):
    workload(teams=1, assignments=1)
    Submission.objects.update(status=Status.IN_PROGRESS, due_on=date(2026, 11, 30))
    before = datetime(2026, 11, 30, 22, 30, tzinfo=UTC)  # 23:30 in Copenhagen
    after = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 00:30 the next day there
    counted = {
        moment: municipality_overview(municipality=programme.municipality, now=moment)
        for moment in (before, after)
    }
    assert counted[before].totals.hand_in_overdue == 0
    assert counted[after].totals.hand_in_overdue == 1
