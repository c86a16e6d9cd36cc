"""`python -m bench.pages`: each page of the load suite's table, in one process, on production
settings: milliseconds per request, queries per request, and (with --profile KEY) where the time
goes. A developer's microscope for issue 14: the load suite (`python -m bench.load`) says how fast
a page is under load; this says why.

Needs a database with the demo (DATABASE_URL) and a Redis (CACHE_URL); both default to loopback:

    createdb lms_prof && DATABASE_URL=postgres://postgres@127.0.0.1/lms_prof \
        .venv/bin/python manage.py migrate && ... seed_demo
    DATABASE_URL=... .venv/bin/python -m bench.pages [--requests 40] [--profile home]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
import time

PAGE_KEYS = ("login", "home", "profile", "catalogue", "module", "my_modules", "queue",
             "municipality", "plan", "submission", "leader_overview")  # fmt: skip


def configure() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lms_prof")
    os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/9")
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/10")
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        os.environ.setdefault(name, "0")
    os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="timed requests a page")
    parser.add_argument("--profile", choices=PAGE_KEYS, help="profile this page (pyinstrument)")
    parser.add_argument(
        "--cprofile",
        action="store_true",
        help="every timed request under cProfile: the top functions by own time",
    )
    parser.add_argument("--only", nargs="*", choices=PAGE_KEYS, help="these pages only")
    args = parser.parse_args(argv)
    configure()
    import django  # noqa: PLC0415 - after the environment is set

    django.setup()
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from bench.load import people as p  # noqa: PLC0415

    Person = get_user_model()

    clients: dict[str, Client] = {}

    def client(email: str) -> Client:
        if email not in clients:
            c = Client(HTTP_HOST="127.0.0.1")
            c.force_login(Person.objects.get(email=email))
            clients[email] = c
        return clients[email]

    def links(email: str, path: str, pattern: str) -> list[str]:
        html = client(email).get(path, follow=True).content.decode()
        return sorted(set(re.findall(f'href="({pattern})"', html)))

    module = [x for x in links(p.TEACHER, "/moduler/", r"/indhold/[^\"]+") if
              x.endswith(p.MODULE_SLUG)][0]  # fmt: skip
    plan = max(links(p.LEADER, "/planer/", rf"/planer/skoler/{p.LEADER_SCHOOL}/\d+/"),
               key=lambda x: int(x.rstrip("/").rsplit("/", 1)[1]))  # fmt: skip
    teams = links(p.TEACHER, "/", r"/opgaver/team/\d+/")
    submission = min((x for t in teams for x in links(p.TEACHER, t, r"/opgaver/\d+/")),
                     key=lambda x: int(x.strip("/").rsplit("/", 1)[1]))  # fmt: skip
    pages = {
        "login": (None, "/accounts/login/"),
        "home": (p.LEADER, "/"),
        "profile": (p.LEADER, f"/profiler/skoler/{p.LEADER_SCHOOL}/"),
        "catalogue": (p.LEADER, f"/pakker/skoler/{p.LEADER_SCHOOL}/"),
        "module": (p.TEACHER, module),
        "my_modules": (p.TEACHER, "/moduler/"),
        "queue": (p.RESOURCE, "/overblik/koe/"),
        "municipality": (p.COORDINATOR, f"/overblik/kommune/{p.COORDINATOR_MUNICIPALITY}/"),
        "plan": (p.LEADER, plan),
        "submission": (p.TEACHER, submission),
        "leader_overview": (p.LEADER, f"/overblik/skole/{p.LEADER_SCHOOL}/"),
    }
    print(f"{'page':<16} {'ms':>7} {'queries':>8} {'kB':>6}")
    if args.cprofile:
        import cProfile  # noqa: PLC0415 - a developer's extra

        whole = cProfile.Profile()
        whole.enable()
    for key in args.only or PAGE_KEYS:
        email, path = pages[key]
        c = client(email) if email else Client(HTTP_HOST="127.0.0.1")
        for _ in range(3):
            response = c.get(path)
            if response.status_code != 200:
                print(f"{key}: {path} answered {response.status_code}", file=sys.stderr)
                return 1
        queries: list[str] = []

        def record(execute, sql, params, many, context, queries=queries):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                took = (time.perf_counter() - started) * 1000
                queries.append(f"{took:6.2f} ms {context['cursor'].rowcount:4d} rows  {sql}")

        with connection.execute_wrapper(record):
            response = c.get(path)
        started = time.perf_counter()
        for _ in range(args.requests):
            c.get(path)
        took = (time.perf_counter() - started) / args.requests * 1000
        print(f"{key:<16} {took:7.2f} {len(queries):8d} {len(response.content) / 1024:6.0f}")
        if key == args.profile:
            from pyinstrument import Profiler  # noqa: PLC0415 - a developer's extra

            profiler = Profiler(interval=0.0002)
            profiler.start()
            for _ in range(args.requests):
                c.get(path)
            profiler.stop()
            print(
                profiler.output_text(
                    unicode=False, color=False, show_all=os.environ.get("BENCH_ALL") == "1"
                )
            )
            for sql in queries:
                print(" ", sql[:200])
    if args.cprofile:
        import pstats  # noqa: PLC0415 - a developer's extra

        whole.disable()
        pstats.Stats(whole).sort_stats(os.environ.get("BENCH_SORT", "tottime")).print_stats(
            int(os.environ.get("BENCH_TOP", "45"))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
