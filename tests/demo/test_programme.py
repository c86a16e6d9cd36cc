"""The programme-scale data (`seed_programme`): built the same way every time, and the main
pages of the load suite (bench/load) cost the same number of queries on it as on the demo.

The demo is seeded, each page is counted as the person the load suite opens it as, then a small
programme (`--scale 0.02`: 17 schools, 170 teams, ~2,400 submissions, three rounds) is built on
top and every page is counted again. No timings: those live in `make bench-load`.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from demo.loader import load_demo, seed_demo
from lms.models import User

# django_db: run among the database tests, before the transactional ones empty the database.
pytestmark = [pytest.mark.pages_drawn, pytest.mark.slow, pytest.mark.django_db]

SCALE = 0.02
# What --scale 0.02 --seed 1 builds on the demo (every count of the database, demo included).
EXPECTED = {
    "municipalities": 13,
    "schools": 17,
    "people": 773,
    "teams": 170,
    "leadership teams": 16,
    "submissions": 2401,
    "review tasks": 2457,
    "written feedback": 1115,
    "plans": 17,
    "mapping rounds": 3,
}
MODULE_SLUG = "feedback-og-klasseledelse/feedback-der-flytter-laering/"


def client_as(email: str | None) -> Client:
    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def links(client: Client, path: str, pattern: str) -> list[str]:
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    return sorted(set(re.findall(f'href="({pattern})"', response.content.decode())))


def pages() -> dict[str, tuple[str | None, str]]:
    """The load suite's table: page → (person, path)."""
    leader, teacher = client_as("leder@demo.dk"), client_as("laerer@demo.dk")
    module = [x for x in links(teacher, "/moduler/", r"/indhold/[^\"]+") if x.endswith(MODULE_SLUG)]
    plans = links(leader, "/planer/", r"/planer/skoler/773001/\d+/")
    teams = links(teacher, "/", r"/opgaver/team/\d+/") or links(
        teacher, "/moduler/", r"/opgaver/team/\d+/"
    )
    submissions = [s for team in teams for s in links(teacher, team, r"/opgaver/\d+/")]
    return {
        "login": (None, "/accounts/login/"),
        "home": ("leder@demo.dk", "/"),
        "profile": ("leder@demo.dk", "/profiler/skoler/773001/"),
        "catalogue": ("leder@demo.dk", "/pakker/skoler/773001/"),
        "module": ("laerer@demo.dk", module[0]),
        "my_modules": ("laerer@demo.dk", "/moduler/"),
        "queue": ("ressourceperson@demo.dk", "/overblik/koe/"),
        "municipality": ("forvaltning@demo.dk", "/overblik/kommune/820/"),
        "plan": ("leder@demo.dk", max(plans, key=lambda p: int(p.strip("/").rsplit("/", 1)[1]))),
        "submission": ("laerer@demo.dk", min(submissions, key=lambda p: int(p.strip("/").rsplit("/", 1)[1]))),
        "leader_overview": ("leder@demo.dk", "/overblik/skole/773001/"),
    }  # fmt: skip


def query_counts(paths) -> dict[str, int]:
    counts = {}
    for name, (email, path) in paths.items():
        client = client_as(email)
        client.get(path)  # warm up: anything cached once per process
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = len(context)
    return counts


@pytest.fixture(scope="module")
def measured(django_db_setup, seed_for_module):
    def seed():
        seed_demo(load_demo())
        paths = pages()
        demo = query_counts(paths)
        from demo.programme import build  # after the demo: the module reads nothing at import

        report = build(scale=SCALE, seed=1)
        return demo, query_counts(paths), report, paths

    # Counted drawn (pages_drawn): the marker's setting is made per test, after this fixture.
    with override_settings(LMS_PAGE_CACHE=False), seed_for_module(seed) as result:
        yield result


def test_the_programme_is_built_the_same_every_time(measured):
    _demo, _programme, report, _paths = measured
    assert report.counts == EXPECTED
    assert report.rounds == ["T1", "T2", "T0"]


def test_every_main_page_costs_the_same_queries_on_the_programme_as_on_the_demo(measured):
    demo, programme, _report, paths = measured
    assert set(demo) == set(paths)
    differ = {name: (demo[name], programme[name]) for name in demo if demo[name] != programme[name]}
    assert differ == {}, f"queries (demo, programme) of pages that grow with the data: {differ}"
