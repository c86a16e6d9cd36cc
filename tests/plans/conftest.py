"""Fixtures for the plan tests: the shared programme, a real T1 round and the leadership course."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from plan_world import T1_EFFECTS, T3_EFFECTS, build_course, import_round


@pytest.fixture
def t1(programme, tmp_path: Path):
    return import_round(tmp_path, "T1", date(2024, 9, 16), T1_EFFECTS)


@pytest.fixture
def import_t3(tmp_path: Path):
    def _import():
        return import_round(tmp_path, "T3", date(2026, 9, 14), T3_EFFECTS)

    return _import


@pytest.fixture
def course(t1):
    return build_course(t1)
