"""UNI-Login in production: log-out that ends the provider's session, switching user, the nonce,
a cached discovery document, either form of OIDC_SERVER_URL, and a provider that does not answer.

The provider is test_oidc's fake UNI-Login (a real HTTP server on loopback), here with an
`end_session_endpoint` and a count of the discovery requests it served.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
import test_oidc as oidc_tests
from django.test import override_settings
from django.urls import reverse
from test_oidc import (
    CLIENT_ID,
    CLIENT_SECRET,
    LOGIN_URL,
    PROVIDER_ID,
    FakeUniLogin,
    at_provider,
    back_to_site,
    log_in,
    logged_in_user,
    start_login,
)

from lms import oidc
from lms.factories import UserFactory

signing_key = oidc_tests.signing_key


class FakeWithLogout(FakeUniLogin):
    def __init__(self, signing_key) -> None:
        super().__init__(signing_key)
        self.discovery_requests = 0

    def configuration(self) -> dict:
        self.discovery_requests += 1
        return super().configuration() | {"end_session_endpoint": f"{self.base}/logout"}


def providers_for(server_url: str) -> dict:
    return oidc.socialaccount_providers(
        server_url=server_url, client_id=CLIENT_ID, secret=CLIENT_SECRET, provider_id=PROVIDER_ID
    )


@pytest.fixture
def unilogin(signing_key, monkeypatch, settings):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    settings.LANGUAGE_CODE = "en"  # the pages are read by their English text
    provider = FakeWithLogout(signing_key)
    provider.start()
    try:
        with override_settings(SOCIALACCOUNT_PROVIDERS=providers_for(provider.base + "/")):
            yield provider
    finally:
        provider.stop()


def end_session_query(response, provider) -> dict[str, str]:
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{provider.base}/logout"
    return {key: values[0] for key, values in parse_qs(location.query).items()}


@pytest.mark.django_db
def test_logging_out_ends_the_unilogin_session_too(client, unilogin):
    person = UserFactory(uniid="abcd1234")
    log_in(client, unilogin)
    assert logged_in_user(client) == person
    issued = unilogin.token_responses[-1][1]["id_token"]
    query = end_session_query(client.post(reverse("account_logout")), unilogin)
    assert query == {
        "id_token_hint": issued,
        "post_logout_redirect_uri": "http://testserver/accounts/login/",
        "client_id": CLIENT_ID,
    }
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_logging_out_after_a_password_login_stays_on_the_site(client, unilogin):
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"))
    assert (response.status_code, response["Location"]) == (302, reverse("account_login"))


@pytest.mark.django_db
def test_a_person_refused_as_not_linked_can_switch_unilogin_user(client, unilogin):
    unilogin.person = {"sub": "sub-x", "uniid": "zzzz9999"}
    refused = log_in(client, unilogin)
    assert refused.status_code == 403
    html = refused.content.decode()
    switch = reverse("unilogin_switch")
    assert f'action="{switch}"' in html
    issued = unilogin.token_responses[-1][1]["id_token"]
    query = end_session_query(client.post(switch), unilogin)
    assert query["id_token_hint"] == issued
    # The token is used up: a second press just goes back to the login page.
    assert client.post(switch)["Location"] == reverse("account_login")


@pytest.mark.django_db
def test_uniid_is_matched_whatever_its_case(client, unilogin):
    person = UserFactory(uniid="ABCD1234")
    unilogin.person = {"sub": "sub-1", "uniid": "abcd1234"}
    log_in(client, unilogin)
    assert logged_in_user(client) == person


@pytest.mark.django_db
def test_every_authorization_request_has_its_own_nonce_and_the_token_must_carry_it(
    client, unilogin
):
    UserFactory(uniid="abcd1234")
    first = parse_qs(urlparse(start_login(client, unilogin)).query)["nonce"][0]
    second_url = start_login(client, unilogin)
    second = parse_qs(urlparse(second_url).query)["nonce"][0]
    assert len(first) >= 32 and first != second
    callback = at_provider(second_url)
    [grant] = unilogin.codes.values()
    grant["nonce"] = first  # an ID token minted for another attempt
    response = back_to_site(client, callback)
    assert response.status_code == 403
    assert response.context["reason"] == "nonce"
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_the_discovery_document_is_fetched_once_and_a_trailing_slash_is_fine(client, unilogin):
    UserFactory(uniid="abcd1234")
    for _ in range(2):
        log_in(client, unilogin)
        client.logout()
    assert unilogin.discovery_requests == 1
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers_for(unilogin.base)):
        log_in(client, unilogin)  # the same document, reached without the slash
    assert unilogin.discovery_requests == 1
    assert logged_in_user(client) is not None


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def slow_server():
    """Answers nothing for three seconds: a UNI-Login that has stopped responding."""

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            time.sleep(3)
            self.send_response(503)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["unreachable", "slow"])
def test_unilogin_not_answering_gives_a_danish_page_not_a_500(client, settings, slow_server, kind):
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 1
    url = f"http://127.0.0.1:{_closed_port()}" if kind == "unreachable" else slow_server
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers_for(url)):
        started = time.monotonic()
        response = client.post(LOGIN_URL)
        took = time.monotonic() - started
        assert response.status_code == 503
        page = response.content.decode()
        assert 'id="unilogin-unavailable"' in page
        assert '<html lang="da">' in page
        assert f'action="{LOGIN_URL}"' in page  # try again
        assert f'href="{reverse("account_login")}"' in page  # or log in with e-mail
    assert took < 2.5


@pytest.mark.django_db
def test_unilogin_going_away_during_the_login_gives_the_same_page(client, unilogin):
    UserFactory(uniid="abcd1234")
    callback = at_provider(start_login(client, unilogin))
    unilogin.stop()  # before our server asks for the token
    response = back_to_site(client, callback)
    assert response.status_code == 503
    assert 'id="unilogin-unavailable"' in response.content.decode()
    assert logged_in_user(client) is None
