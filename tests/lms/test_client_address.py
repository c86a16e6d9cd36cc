"""Behind a load balancer the rate limits count people, not the proxy (ALLAUTH_TRUSTED_PROXY_COUNT).

Every request in a test client comes from 127.0.0.1, like every request behind a proxy comes
from the proxy; the people differ only in the address the proxy writes into X-Forwarded-For.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from lms.factories import UserFactory

LOGIN = reverse("account_login")


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def typo_ten_times(client, address: str) -> None:
    for i in range(10):
        response = client.post(
            LOGIN, {"login": f"typo{i}@test.dk", "password": "wrong"}, HTTP_X_FORWARDED_FOR=address
        )
        assert response.status_code == 200  # refused with a message, not logged in


def log_in_from(client, address: str, person) -> int:
    response = client.post(
        LOGIN, {"login": person.email, "password": "demo1234"}, HTTP_X_FORWARDED_FOR=address
    )
    return response.status_code


@pytest.mark.django_db
def test_with_one_trusted_proxy_one_persons_typos_lock_out_only_that_person(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    person = UserFactory(password="demo1234")
    typo_ten_times(client, "203.0.113.5")
    assert log_in_from(client, "203.0.113.5", person) == 200  # that address is held back
    assert log_in_from(client, "198.51.100.7", person) == 302  # a colleague is not


@pytest.mark.django_db
def test_the_address_is_counted_from_the_right_so_a_forged_entry_does_not_help(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    person = UserFactory(password="demo1234")
    for i in range(10):
        client.post(
            LOGIN,
            {"login": f"typo{i}@test.dk", "password": "wrong"},
            # The attacker writes a new address each time; the proxy appends the real one.
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 203.0.113.5",
        )
    assert log_in_from(client, "10.0.0.99, 203.0.113.5", person) == 200


@pytest.mark.django_db
def test_without_the_setting_everybody_behind_the_proxy_shares_one_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    person = UserFactory(password="demo1234")
    typo_ten_times(client, "203.0.113.5")
    assert log_in_from(client, "198.51.100.7", person) == 200  # the problem the setting solves
