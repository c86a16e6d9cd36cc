"""The demo seeded once per test module, inside a transaction rolled back at the module's end;
each test's own transaction nests inside it (seeding the whole demo takes seconds)."""

import socket
from contextlib import contextmanager

import pytest
from django.db import transaction

from demo.loader import load_demo
from lms import content_cache


@contextmanager
def offline():
    """Any attempt to open a connection is recorded (in the yielded list) and refused."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError(f"network access in a test: {address}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
        yield attempts


@contextmanager
def seeded_for_module(django_db_blocker, seed):
    """Run `seed` offline in a transaction that the module's tests share and that is rolled
    back when they are done; yields what `seed` returned. Published content other modules'
    data left in this process's content cache is dropped first, and this module's after."""
    content_cache.forget()
    with django_db_blocker.unblock(), transaction.atomic():
        with offline() as attempts:
            result = seed()
        assert attempts == []
        yield result
        transaction.set_rollback(True)
    content_cache.forget()


@pytest.fixture(scope="session")
def seed_for_module(django_db_blocker):
    """`with seed_for_module(seed) as result:` in a module-scoped fixture (after it asks for
    `django_db_setup`)."""
    return lambda seed: seeded_for_module(django_db_blocker, seed)


@pytest.fixture
def no_network():
    with offline() as attempts:
        yield attempts


@pytest.fixture(scope="session")
def demo_data():
    """The packaged demo data, read and checked (no database needed)."""
    return load_demo()
