"""The login page is kept for people not logged in (`lms.page_cache.cached_page` with
`visitors=True`): one page for them all, each with its own CSRF token; never for a person who is
logged in."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.factories import DEFAULT_PASSWORD, UserFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN = "/accounts/login/"

pytestmark = pytest.mark.django_db


def _get(client, url=LOGIN) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_login_page_is_the_allauth_page_under_its_own_name():
    assert reverse("account_login") == LOGIN


def test_visitors_share_one_kept_page_each_with_a_token_that_logs_them_in():
    person = UserFactory(email="lene@skole.dk")
    first, drawn = _get(Client(enforce_csrf_checks=True))
    visitor = Client(enforce_csrf_checks=True)
    second, kept = _get(visitor)
    assert kept < drawn  # not drawn again: the page was kept
    assert TOKEN.sub("", first) == TOKEN.sub("", second)
    token = TOKEN.search(second).group(1)
    assert token != TOKEN.search(first).group(1)  # each visitor's own, not the one drawn
    response = visitor.post(
        LOGIN, {"csrfmiddlewaretoken": token, "login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert int(visitor.session["_auth_user_id"]) == person.pk


def test_the_page_a_visitor_was_sent_from_is_kept_apart():
    _get(Client())
    html, _queries = _get(Client(), LOGIN + "?next=/moduler/")
    assert 'value="/moduler/"' in html
    assert 'value="/moduler/"' not in _get(Client())[0]


def test_a_person_logged_in_is_never_given_the_visitors_page():
    _get(Client())
    _get(Client())
    client = Client()
    client.force_login(UserFactory())
    response = client.get(LOGIN)
    assert response.status_code == 302  # allauth sends a person who is logged in onwards


def test_a_visitor_with_a_message_waiting_is_shown_it():
    person = UserFactory()
    _get(Client())
    client = Client()
    client.force_login(person)
    client.post(reverse("account_logout"))
    html, _queries = _get(client)
    assert "logget ud" in html.lower() or "signed out" in html.lower()
    assert "logget ud" not in _get(client)[0].lower()  # shown once, then the kept page


def test_a_write_anywhere_renews_the_visitors_page():
    _html, drawn = _get(Client())
    assert _get(Client())[1] < drawn
    UserFactory()  # a write outside any request: everything may have changed
    assert _get(Client())[1] == drawn
