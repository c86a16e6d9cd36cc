"""Fixtures for the queue and overview tests: a reviewer's workload built in bulk."""

import pytest
from overview_workload import build_workload


@pytest.fixture
def workload(programme):
    """A function building `teams` × `assignments` handed-in submissions at `programme.school`
    with an open task for the municipal resource person on each."""

    def _build(*, teams: int, assignments: int, prefix: str = "W", **kwargs):
        kwargs.setdefault("school", programme.school)
        kwargs.setdefault("reviewer", programme.people["municipal_rp"])
        return build_workload(teams=teams, assignments=assignments, prefix=prefix, **kwargs)

    return _build
