"""The feedback queue and the two overviews at 2,000 submissions: server time and queries.

Builds one school with 40 teams × 50 module assignments, every one handed in with an open review
task, in a throwaway database under LMS_VAR_DIR (var/ by default), then requests each page N
times through the Django test Client and prints the median server time and the query count.
Runs on SQLite, and on PostgreSQL too when it answers on 127.0.0.1:5432.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "overviews"))  # the bulk workload builder
WORK = Path(os.environ.get("LMS_VAR_DIR", REPO / "var")) / "bench"
PG_BASE = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
TEAMS, ASSIGNMENTS = 40, 50
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "15"))
GOAL_MS = 1000  # a page should answer within a second at this size


def measure() -> dict:
    """In the child process: build the data, then time the pages."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from overview_workload import build_workload

    from lms import services
    from lms.models import Institution, Municipality, User
    from lms.roles import Role

    call_command("migrate", verbosity=0)
    municipality = Municipality.objects.create(code="820", name="Vesthimmerland")
    school = Institution.objects.create(municipality=municipality, number="773001", name="Aars")
    reviewer = User.objects.create_user("ressourceperson@bench.dk", "bench")
    coordinator = User.objects.create_user("forvaltning@bench.dk", "bench")
    services.role_assign(user=reviewer, role=Role.MUNICIPAL_RESOURCE_PERSON, institution=school)
    services.role_assign(user=reviewer, role=Role.SCHOOL_LEADER, institution=school)
    services.role_assign(
        user=coordinator, role=Role.MUNICIPAL_COORDINATOR, municipality=municipality
    )
    started = time.perf_counter()
    work = build_workload(school=school, reviewer=reviewer, teams=TEAMS, assignments=ASSIGNMENTS)
    built = time.perf_counter() - started
    pages = [
        ("feedback queue (page 1 of 40)", reverse("overviews:queue"), reviewer),
        ("feedback queue, filtered: overdue", reverse("overviews:queue") + "?overdue=on", reviewer),
        ("leader's school overview", reverse("overviews:school", args=["773001"]), reviewer),
        ("coordinator's overview", reverse("overviews:municipality", args=["820"]), coordinator),
    ]
    results = []
    for label, url, person in pages:
        client = Client()
        client.force_login(person)
        client.get(url)  # warm up
        timings = []
        for _ in range(REQUESTS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        results.append(
            {
                "label": label,
                "median_ms": statistics.median(timings),
                "min_ms": min(timings),
                "queries": len(queries),
                "kb": len(response.content) / 1024,
            }
        )
    return {
        "vendor": connection.vendor,
        "submissions": work.submissions,
        "build_s": built,
        "pages": results,
    }


def child(env: dict) -> dict:
    output = subprocess.run(  # noqa: S603 - this very script
        [sys.executable, __file__, "_measure"],
        env={**os.environ, **env},
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def fresh_postgres(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_BASE}/{name}"


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    sqlite = WORK / "queues.sqlite3"
    sqlite.unlink(missing_ok=True)
    targets = [("SQLite", {"DATABASE_URL": f"sqlite:///{sqlite}"})]
    if postgres_answers():
        targets.append(("PostgreSQL", {"DATABASE_URL": fresh_postgres("lms_bench_queues")}))
    else:
        print("PostgreSQL does not answer on 127.0.0.1:5432: measuring SQLite only")
    for label, env in targets:
        result = child(env)
        print(
            f"{label}: {result['submissions']:,} submissions with open review tasks "
            f"(built in {result['build_s']:.1f} s); median of {REQUESTS} requests each:"
        )
        for page in result["pages"]:
            verdict = "OK" if page["median_ms"] <= GOAL_MS else "OVER GOAL"
            print(
                f"  {page['label']:<36} {page['median_ms']:7.1f} ms median "
                f"({page['min_ms']:.1f} ms min), {page['queries']:2d} queries, "
                f"{page['kb']:.0f} kB: {verdict} (goal <= {GOAL_MS} ms)"
            )
    sqlite.unlink(missing_ok=True)
    if len(targets) > 1:
        drop_postgres("lms_bench_queues")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_measure":
        print(json.dumps(measure()))
    else:
        main()
