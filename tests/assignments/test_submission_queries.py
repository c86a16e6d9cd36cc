"""The submission page and the team's list cost the same number of queries however much
there is on them."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments import services
from assignments.models import Status
from competence_packages.models import ModulePlan
from modules.models import ModuleAssignmentPage, ModulePage

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn

PDF = b"%PDF-1.4\n%%EOF\n"


def _hand_in_rounds(submission, people, rounds: int):
    teacher, leader = people["teacher"], people["leader"]
    for n in range(rounds):
        submission.refresh_from_db()
        services.draft_save(
            submission=submission, text=f"Svar {n}", base_revision=submission.revision, by=teacher
        )
        services.attachment_add(
            submission=submission, upload=SimpleUploadedFile(f"f{n}.pdf", PDF), by=teacher
        )
        services.submission_submit(submission=submission, by=teacher)
        services.status_change(
            submission=submission, to_status=Status.RESUBMISSION_REQUESTED, by=leader
        )


def _count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("person", ["teacher", "leader"])
def test_submission_page_queries_do_not_grow(
    client_for, programme, module_tree, enrolled, django_assert_max_num_queries, person
):
    submission = services.submission_get_or_create(
        team=programme.team, assignment=module_tree.assignment
    )
    client = client_for(programme.people[person])
    url = reverse("assignments:submission", args=[submission.pk])
    _hand_in_rounds(submission, programme.people, 1)
    small = _count(client, url, django_assert_max_num_queries, 13)  # measured 12 and 13
    _hand_in_rounds(submission, programme.people, 6)
    large = _count(client, url, django_assert_max_num_queries, 13)
    assert large == small
    html = client.get(url).content.decode()
    assert "version 7" in html and "f5.pdf" in html


def test_team_list_queries_do_not_grow(
    client_for, programme, module_tree, enrolled, school_assignment, django_assert_max_num_queries
):
    client = client_for(programme.people["teacher"])
    url = reverse("assignments:team_submissions", args=[programme.team.pk])
    small = _count(client, url, django_assert_max_num_queries, 20)
    for n in range(2, 6):
        module = module_tree.package.add_child(
            instance=ModulePage(title=f"Modul {n}", slug=f"modul-{n}")
        )
        ModulePlan.objects.create(
            choice=enrolled, module=module, starts_on=date.today(),
            due_on=date.today() + timedelta(days=n),
        )  # fmt: skip
        for m in range(3):
            assignment = module.add_child(
                instance=ModuleAssignmentPage(
                    title=f"Opgave {n}.{m}", slug=f"opgave-{m}", task="<p>x</p>", hand_in="<p>y</p>"
                )
            )
            services.submission_get_or_create(team=programme.team, assignment=assignment)
    large = _count(client, url, django_assert_max_num_queries, 20)
    assert large == small
    html = client.get(url).content.decode()
    # Ordered by due date: module 2 (2 days) … module 5 (5 days), then module 1 (14 days).
    assert html.index("Opgave 2.0") < html.index("Opgave 5.2") < html.index("Modulopgave 1")
