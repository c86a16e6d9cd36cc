"""The pages cost the same number of queries at 20, 200 and 2,000 submissions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn

# The counts measured on the pages: session + user + roles and teams (one query) + the page's
# own bulk reads. The queue reads its first page and its length in one query, and the places of
# its rows in one; the municipal page reads open feedback per school and per reviewer in one
# grouped query. The school and municipal pages read the leadership course's enrolments too (the
# course in force, its teams).
MAX_QUERIES = {"queue": 8, "school": 10, "municipality": 12}


def urls(programme) -> dict[str, str]:
    return {
        "queue": reverse("overviews:queue"),
        "school": reverse("overviews:school", args=[programme.school.number]),
        "municipality": reverse("overviews:municipality", args=[programme.municipality.code]),
    }


def viewer(programme, name):
    return programme.people["municipal_coordinator" if name == "municipality" else "municipal_rp"]


def count_queries(client, url) -> int:
    client.get(url)  # warm up: the session and anything cached once per process
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.fixture
def leader_and_reviewer(programme):
    """The municipal resource person is made a leader of the school too, to see all three."""
    from lms import services
    from lms.roles import Role

    person = programme.people["municipal_rp"]
    services.role_assign(user=person, role=Role.SCHOOL_LEADER, institution=programme.school)
    person.refresh_from_db()
    return person


@pytest.mark.parametrize(("teams", "assignments"), [(2, 10), (10, 20)])  # 20 and 200
def test_query_counts_stay_under_the_ceiling(
    client_for, programme, workload, leader_and_reviewer, django_assert_max_num_queries,
    teams, assignments,
):  # fmt: skip
    workload(teams=teams, assignments=assignments)
    for name, url in urls(programme).items():
        client = client_for(
            viewer(programme, name) if name == "municipality" else leader_and_reviewer
        )
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            response = client.get(url)
        assert response.status_code == 200


def test_two_thousand_submissions_cost_what_twenty_do(
    client_for, programme, workload, leader_and_reviewer
):
    workload(teams=2, assignments=10, prefix="A")  # 20
    pages = urls(programme)
    people = {name: viewer(programme, name) for name in pages}
    people["school"] = people["queue"] = leader_and_reviewer
    at_twenty = {name: count_queries(client_for(people[name]), url) for name, url in pages.items()}
    workload(teams=36, assignments=55, prefix="B")  # 1,980 more: 2,000 in all
    from assignments.models import Submission

    assert Submission.objects.count() == 2000
    for name, url in pages.items():
        client = client_for(people[name])
        assert count_queries(client, url) == at_twenty[name], name
    queue = client_for(leader_and_reviewer).get(pages["queue"])
    assert queue.context["page"].paginator.count == 2000
    assert len(queue.context["rows"]) == 50
    school = client_for(leader_and_reviewer).get(pages["school"])
    assert sum(len(team.cells) for team in school.context["teams"]) == 2000
