"""The production stack, started once for the tests of this folder that ask for it.

bin/run-production runs as in production (DEBUG=0, gunicorn, a Celery worker and Celery beat)
on a PostgreSQL cluster, two Redis servers (cache and sessions; broker) and an SMTP server of
its own, all on loopback, loaded with the demo (`seed_demo`). Starting it takes about a minute.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest
from stack import Person, Postgres, Redis, Smtp, Stack, temporary_folder


@dataclass
class Parts:
    stack: Stack
    postgres: Postgres
    cache: Redis
    broker: Redis
    smtp: Smtp

    def db(self, sql: str, *params):
        return self.postgres.query("lms", sql, *params)


@pytest.fixture(scope="session")
def production():
    folder = temporary_folder()
    started = []
    try:
        postgres = Postgres(folder)
        postgres.init()
        postgres.start()
        started.append(postgres)
        postgres.create_database("lms")
        cache, broker = Redis(folder), Redis(folder)
        for redis in (cache, broker):
            redis.start()
            started.append(redis)
        smtp = Smtp()
        smtp.start()
        started.append(smtp)
        stack = Stack(folder, database_url=postgres.url("lms"), cache_url=cache.url(1),
                      broker_url=broker.url(0), smtp_port=smtp.port)  # fmt: skip
        started.append(stack)
        stack.run("bin/run-production", "migrate")
        stack.run(".venv/bin/python", "manage.py", "seed_demo")
        stack.start("stack")  # migrate (nothing to do), collectstatic, web + worker + beat
        try:
            stack.wait_until_healthy()
        except AssertionError:
            raise AssertionError(stack.log("stack")[-5000:]) from None
        yield Parts(stack, postgres, cache, broker, smtp)
    finally:
        for part in reversed(started):
            part.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def person(production):
    return lambda: Person(production.stack.base)
