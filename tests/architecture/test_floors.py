"""The apps stand on floors, and each floor has doors (README, "Where things are").

Reads every import of product code (not tests, not migrations) and fails on
- an import of a higher floor (or of an app beside it: floors are strictly ordered);
- an import of a lower app that does not go through one of its doors (its services,
  selectors, permissions, signals, hooks, api or factories; the ground `lms` is open to all);
- an import inside a function without a comment saying why (on that line or the one above).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. An app may import the apps listed before it, never those after it.
FLOORS = (
    "lms",
    "profiles_link",
    "modules",
    "competence_packages",
    "assignments",
    "feedback",
    "plans",
    "demo",
)
DOORS = {"api", "services", "selectors", "permissions", "signals", "hooks", "factories"}
# The demo loader is a fixture loader on the top floor: like `loaddata` it writes the rows of
# the apps below directly (Wagtail pages, models), so their models and blocks are doors for it.
EXTRA_DOORS = {"demo": {"models", "blocks"}}


def _product_files(app: str):
    """(path relative to the project, source) of the app's product code."""
    for path in sorted((ROOT / app).rglob("*.py")):
        where = path.relative_to(ROOT)
        if "migrations" in where.parts or "tests" in where.parts:
            continue
        yield str(where), path.read_text(encoding="utf-8")


def _imports(source: str):
    """(line, imported module, inside a function?) for every import of the source."""
    tree = ast.parse(source)
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    in_function.add(id(inner))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, id(node) in in_function
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                if node.module in FLOORS:  # `from lms import permissions`
                    for alias in node.names:
                        yield node.lineno, f"{node.module}.{alias.name}", id(node) in in_function
                else:
                    yield node.lineno, node.module, id(node) in in_function
            else:
                yield node.lineno, "." * node.level + (node.module or ""), id(node) in in_function


def _arrow_problems(app: str, where: str, source: str) -> list[str]:
    problems = []
    floor = FLOORS.index(app)
    for line, module, _inner in _imports(source):
        parts = module.split(".")
        target = parts[0]
        if target not in FLOORS or target == app:
            continue
        if FLOORS.index(target) > floor:
            problems.append(f"{where}:{line}: {app} imports {module}, a higher floor")
            continue
        if target == "lms":
            continue
        door = parts[1] if len(parts) > 1 else ""
        if door not in DOORS | EXTRA_DOORS.get(app, set()):
            problems.append(f"{where}:{line}: {app} imports {module}, not one of {target}'s doors")
    return problems


def _hidden_import_problems(where: str, source: str) -> list[str]:
    lines = source.splitlines()
    problems = []
    for line, module, inner in _imports(source):
        if not inner:
            continue
        here, above = lines[line - 1], lines[line - 2] if line > 1 else ""
        if "#" in here or above.strip().startswith("#"):
            continue
        problems.append(f"{where}:{line}: import of {module} hides in a function")
    return problems


@pytest.mark.parametrize("app", FLOORS)
def test_no_arrow_against_the_floors(app):
    if not (ROOT / app).is_dir():
        pytest.skip(f"no {app}/ here")
    problems = [
        p for where, source in _product_files(app) for p in _arrow_problems(app, where, source)
    ]
    assert problems == []


@pytest.mark.parametrize("app", FLOORS)
def test_imports_inside_functions_say_why(app):
    if not (ROOT / app).is_dir():
        pytest.skip(f"no {app}/ here")
    problems = [
        p for where, source in _product_files(app) for p in _hidden_import_problems(where, source)
    ]
    assert problems == []


def test_every_app_stands_on_a_floor():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= set(FLOORS), apps - set(FLOORS)


def test_the_checker_sees_what_it_must_refuse():
    """The checks themselves can fail: each kind of problem is reported where it stands."""
    source = (
        "from feedback.selectors import queue\n"
        "from profiles_link.models import UnitScore\n"
        "from profiles_link import selectors\n"
        "from lms.models import Team\n"
        "\n"
        "def f():\n"
        "    from lms import roles\n"
        "    # the selectors import this module back\n"
        "    from . import selectors\n"
    )
    assert _arrow_problems("modules", "modules/probe.py", source) == [
        "modules/probe.py:1: modules imports feedback.selectors, a higher floor",
        "modules/probe.py:2: modules imports profiles_link.models, not one of profiles_link's doors",
    ]
    assert _hidden_import_problems("modules/probe.py", source) == [
        "modules/probe.py:7: import of lms.roles hides in a function"
    ]
