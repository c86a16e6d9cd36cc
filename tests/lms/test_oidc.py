"""The whole OpenID Connect code flow with PKCE against a fake UNI-Login in the test process.

The fake provider is a real HTTP server on 127.0.0.1 (random port, own thread). allauth talks to
it over HTTP exactly as it would to UNI-Login: discovery, token and userinfo requests go through
`requests`, nothing in allauth is mocked. Like UNI-Login it sends no e-mail claim, so people are
matched on `uniid` or through an invitation, never on e-mail.

allauth reads SOCIALACCOUNT_PROVIDERS on every request; the discovery document is cached by
its address (lms.unilogin), and each test gets its own server on a new port, so a configuration
cached from another test would fail loudly.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lms import oidc
from lms.adapters import INVITATION_SESSION_KEY
from lms.factories import InvitationFactory, UserFactory
from lms.models import User

CLIENT_ID = "laeringsledelse-test"
CLIENT_SECRET = "s3cret-of-the-fake-provider"
PROVIDER_ID = "unilogin"
LOGIN_URL = f"/accounts/oidc/{PROVIDER_ID}/login/"
CALLBACK_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"
KID = "test-key-1"


@pytest.fixture(scope="session")
def signing_key():
    """One RSA key per test session; its public half is served at /jwks."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class FakeUniLogin:
    """An authorization server: issues codes bound to a PKCE challenge, checks the verifier."""

    def __init__(self, signing_key) -> None:
        self.signing_key = signing_key
        self.person: dict = {"sub": "sub-1", "uniid": "abcd1234"}
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.authorize_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self.token_responses: list[tuple[int, dict]] = []
        self.userinfo_requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    # --- HTTP ---------------------------------------------------------------------------

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # keep the test output clean
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802 - http.server's naming
                url = urlparse(self.path)
                if url.path == "/.well-known/openid-configuration":
                    return self._json(200, provider.configuration())
                if url.path == "/jwks":
                    return self._json(200, provider.jwks())
                if url.path == "/authorize":
                    status, location = provider.authorize(parse_qs(url.query))
                    if status != 302:
                        return self._json(status, {"error": location})
                    self.send_response(302)
                    self.send_header("Location", location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if url.path == "/userinfo":
                    status, body = provider.userinfo(self.headers.get("Authorization", ""))
                    return self._json(status, body)
                return self._json(404, {"error": "not_found"})

            def do_POST(self):  # noqa: N802
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length).decode()
                if url.path != "/token":
                    return self._json(404, {"error": "not_found"})
                form = {key: values[0] for key, values in parse_qs(raw).items()}
                status, body = provider.token(form)
                return self._json(status, body)

        return Handler

    # --- endpoints ----------------------------------------------------------------------

    def configuration(self) -> dict:
        return {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "userinfo_endpoint": f"{self.base}/userinfo",
            "jwks_uri": f"{self.base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.signing_key.public_key()))
        return {"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict) -> tuple[int, str]:
        """The person has logged in at UNI-Login: bind a code to the PKCE challenge."""
        params = {key: values[0] for key, values in query.items()}
        self.authorize_requests.append(params)
        if params.get("client_id") != CLIENT_ID or params.get("response_type") != "code":
            return 400, "invalid_request"
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return 400, "invalid_request"
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "challenge": params["code_challenge"],
            "redirect_uri": params["redirect_uri"],
            "nonce": params.get("nonce"),
            "person": dict(self.person),
        }
        answer = urlencode({"code": code, "state": params["state"]})
        return 302, f"{params['redirect_uri']}?{answer}"

    def token(self, form: dict) -> tuple[int, dict]:
        self.token_requests.append(form)
        status, body = self._token(form)
        self.token_responses.append((status, body))
        return status, body

    def _token(self, form: dict) -> tuple[int, dict]:
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        grant = self.codes.pop(form.get("code", ""), None)  # a code is good for one try
        if grant is None:
            return 400, {"error": "invalid_grant", "error_description": "unknown code"}
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return 401, {"error": "invalid_client"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        if not verifier or s256(verifier) != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = grant["person"]
        now = int(time.time())
        claims = {"iss": self.base, "aud": CLIENT_ID, "iat": now, "exp": now + 300}
        claims.update(grant["person"])
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode(claims, self.signing_key, algorithm="RS256", headers={"kid": KID})
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        scheme, _, token = authorization.partition(" ")
        self.userinfo_requests.append(token)
        if scheme != "Bearer" or token not in self.access_tokens:
            return 401, {"error": "invalid_token"}
        person = self.access_tokens[token]
        fields = ("sub", "uniid", "email", "email_verified")
        return 200, {key: person[key] for key in fields if key in person}


@pytest.fixture
def unilogin(signing_key, monkeypatch):
    """A running fake UNI-Login, configured as the site's only social login provider."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    provider = FakeUniLogin(signing_key)
    provider.start()
    providers = oidc.socialaccount_providers(
        server_url=provider.base,
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        provider_id=PROVIDER_ID,
    )
    try:
        with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
            yield provider
    finally:
        provider.stop()


# --- the browser's part ---------------------------------------------------------------------


def start_login(client, provider, next_url: str | None = None) -> str:
    """Press "Log ind med UNI-Login": a POST (SOCIALACCOUNT_LOGIN_ON_GET is False)."""
    url = LOGIN_URL if next_url is None else f"{LOGIN_URL}?{urlencode({'next': next_url})}"
    response = client.post(url)
    assert response.status_code == 302
    location = response["Location"]
    parts = urlparse(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{provider.base}/authorize"
    query = parse_qs(parts.query)
    assert query["scope"] == ["openid"]  # exactly: no profile, no email
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256 digest
    assert query["state"][0]
    assert query["redirect_uri"] == [f"http://testserver{CALLBACK_PATH}"]
    return location


def at_provider(authorize_url: str) -> str:
    """The person logs in at UNI-Login: a real GET to the fake server's authorize endpoint."""
    with requests.Session() as session:
        session.trust_env = False
        response = session.get(authorize_url, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def back_to_site(client, callback_url: str):
    """The browser follows UNI-Login's redirect back to our callback."""
    parts = urlparse(callback_url)
    assert parts.path == CALLBACK_PATH
    return client.get(f"{parts.path}?{parts.query}")


def log_in(client, provider, next_url: str | None = None):
    return back_to_site(client, at_provider(start_login(client, provider, next_url)))


def logged_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def stored_verifiers(client) -> list[str]:
    """The PKCE verifiers allauth keeps in the session between login and callback."""
    states = client.session.get("socialaccount_states", {})
    return [stashed[0]["pkce_code_verifier"] for stashed in states.values()]


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


# --- the login page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_shows_the_unilogin_button_only_when_configured(client, unilogin):
    html = client.get(reverse("account_login")).content.decode()
    assert "Log ind med UNI-Login" in html
    assert f'action="{LOGIN_URL}"' in html
    # The page a person was sent from survives the trip through UNI-Login.
    html = client.get(reverse("account_login") + "?next=/konto/").content.decode()
    assert f'action="{LOGIN_URL}?next=%2Fkonto%2F"' in html
    # Nothing is cached by allauth: without the setting, no button and no login URL.
    with override_settings(SOCIALACCOUNT_PROVIDERS={}):
        html = client.get(reverse("account_login")).content.decode()
        assert "UNI-Login" not in html
        assert client.post(LOGIN_URL).status_code == 404
    assert unilogin.authorize_requests == []


# --- matching on uniid ----------------------------------------------------------------------


@pytest.mark.django_db
def test_user_matched_on_uniid_logs_in_never_on_email(client, unilogin):
    person = UserFactory(email="lene@skole.dk", uniid="abcd1234")
    # Another person whose e-mail would match anything derived from the claims.
    decoy = UserFactory(email="abcd1234@skole.dk")
    unilogin.person = {"sub": "sub-lene", "uniid": "abcd1234"}

    callback = at_provider(start_login(client, unilogin))
    [verifier] = stored_verifiers(client)
    response = back_to_site(client, callback)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user(client) == person != decoy
    account = SocialAccount.objects.get(user=person)
    assert (account.provider, account.uid) == (PROVIDER_ID, "sub-lene")
    assert account.extra_data["id_token"]["uniid"] == "abcd1234"
    assert "email" not in account.extra_data["id_token"]
    assert "email" not in account.extra_data["userinfo"]
    assert not SocialAccount.objects.filter(user=decoy).exists()
    assert not EmailAddress.objects.exists()  # no address was taken from the provider
    # The token request carried exactly the verifier allauth committed to at authorize,
    # sent with client_secret_post, and the provider accepted it.
    [token_request] = unilogin.token_requests
    assert token_request["code_verifier"] == verifier
    assert s256(verifier) == unilogin.authorize_requests[0]["code_challenge"]
    assert token_request["client_secret"] == CLIENT_SECRET
    assert unilogin.token_responses[0][0] == 200
    # allauth also asked /userinfo with the issued access token.
    assert unilogin.userinfo_requests == list(unilogin.access_tokens)


@pytest.mark.django_db
@pytest.mark.parametrize("uniid", ["abcd1234", "zzzz9999"])
def test_provider_email_is_ignored_even_with_email_authentication_on(client, unilogin, uniid):
    """Defence in depth: if a provider did send a verified e-mail, it still matches nobody."""
    person = UserFactory(email="lene@skole.dk", uniid="abcd1234")
    decoy = UserFactory(email="decoy@skole.dk")
    unilogin.person = {"sub": "sub-x", "uniid": uniid, "email": decoy.email, "email_verified": True}
    with override_settings(
        SOCIALACCOUNT_EMAIL_AUTHENTICATION=True,
        SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT=True,
        SOCIALACCOUNT_EMAIL_VERIFICATION="none",
    ):
        response = log_in(client, unilogin)
    if uniid == person.uniid:
        assert response.status_code == 302
        assert logged_in_user(client) == person
    else:
        assert response.status_code == 403
        assert logged_in_user(client) is None
    assert not SocialAccount.objects.filter(user=decoy).exists()


@pytest.mark.django_db
def test_second_login_uses_the_linked_account(client, unilogin):
    person = UserFactory(uniid="abcd1234")
    unilogin.person = {"sub": "sub-lene", "uniid": "abcd1234"}
    log_in(client, unilogin)
    account = SocialAccount.objects.get(user=person)
    client.logout()
    assert logged_in_user(client) is None

    response = log_in(client, unilogin, next_url="/konto/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/"
    assert logged_in_user(client) == person
    assert list(SocialAccount.objects.all()) == [account]
    assert len(unilogin.token_requests) == 2


@pytest.mark.django_db
def test_unknown_uniid_is_refused_and_creates_nobody(client, unilogin):
    UserFactory(email="someone@skole.dk")
    users_before = User.objects.count()
    unilogin.person = {"sub": "sub-x", "uniid": "zzzz9999"}
    response = log_in(client, unilogin)
    assert response.status_code == 403
    assert "account/unilogin_refused.html" in template_names(response)
    assert response.context["reason"] == "unknown"
    assert logged_in_user(client) is None
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_missing_uniid_claim_is_refused(client, unilogin):
    UserFactory(uniid="abcd1234")
    unilogin.person = {"sub": "sub-x"}
    response = log_in(client, unilogin)
    assert response.status_code == 403
    assert response.context["reason"] == "no_uniid"
    assert logged_in_user(client) is None
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_inactive_user_is_refused(client, unilogin):
    person = UserFactory(uniid="abcd1234", is_active=False)
    response = log_in(client, unilogin)
    assert response.status_code == 403
    assert response.context["reason"] == "inactive"
    assert logged_in_user(client) is None
    assert not SocialAccount.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_deactivated_after_linking_is_refused(client, unilogin):
    person = UserFactory(uniid="abcd1234")
    log_in(client, unilogin)
    client.logout()
    User.objects.filter(pk=person.pk).update(is_active=False)
    response = log_in(client, unilogin)
    assert response.status_code == 403
    assert response.context["reason"] == "inactive"
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_link_follows_the_uniid_when_an_administrator_moves_it(client, unilogin):
    """A linked UNI-Login only logs in to the account that (still) has its uniid."""
    wrong = UserFactory(uniid="abcd1234")
    log_in(client, unilogin)
    client.logout()
    # An administrator undoes the wrong link: the old social account must no longer work.
    User.objects.filter(pk=wrong.pk).update(uniid=None)
    response = log_in(client, unilogin)
    assert response.status_code == 403
    assert logged_in_user(client) is None
    # ... and gives the uniid to the right person: the login now lands there.
    right = UserFactory(uniid="abcd1234")
    response = log_in(client, unilogin)
    assert response.status_code == 302
    assert logged_in_user(client) == right
    assert SocialAccount.objects.get().user == right


# --- invitations ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_invitation_links_uniid_to_the_invited_account(client, unilogin):
    UserFactory(uniid="other-person")
    invitation = InvitationFactory(user=UserFactory(email="ny@skole.dk"))
    page = client.get(reverse("invitation_accept", args=[invitation.token]))
    assert page.status_code == 200
    assert f'action="{LOGIN_URL}"' in page.content.decode()
    assert "Log ind med UNI-Login" in page.content.decode()
    unilogin.person = {"sub": "sub-ny", "uniid": "new0001"}

    response = log_in(client, unilogin)

    assert response.status_code == 302
    assert response["Location"] == "/"
    invitation.refresh_from_db()
    invitation.user.refresh_from_db()
    assert logged_in_user(client) == invitation.user
    assert invitation.user.uniid == "new0001"
    assert invitation.accepted_at is not None
    assert SocialAccount.objects.get(uid="sub-ny").user == invitation.user
    assert INVITATION_SESSION_KEY not in client.session
    # Next time the person is known by uniid, without any invitation.
    client.logout()
    assert log_in(client, unilogin).status_code == 302
    assert logged_in_user(client) == invitation.user


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["expired", "used"])
def test_unusable_invitation_page_links_nothing(client, unilogin, state):
    invitation = InvitationFactory(user=UserFactory())
    if state == "expired":
        invitation.expires_at = timezone.now() - timedelta(days=1)
    else:
        invitation.accepted_at = timezone.now()
    invitation.save()
    page = client.get(reverse("invitation_accept", args=[invitation.token]))
    assert page.status_code == 404
    assert LOGIN_URL not in page.content.decode()
    unilogin.person = {"sub": "sub-ny", "uniid": "new0002"}
    response = log_in(client, unilogin)
    assert response.status_code == 403
    assert response.context["reason"] == "unknown"
    invitation.user.refresh_from_db()
    assert invitation.user.uniid is None
    assert logged_in_user(client) is None


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["expired", "used"])
def test_invitation_that_became_unusable_after_the_visit_links_nothing(client, unilogin, state):
    """The adapter checks the invitation again at login, not only the invitation page."""
    invitation = InvitationFactory(user=UserFactory())
    assert client.get(reverse("invitation_accept", args=[invitation.token])).status_code == 200
    if state == "expired":
        invitation.expires_at = timezone.now() - timedelta(minutes=1)
    else:
        invitation.accepted_at = timezone.now()
    invitation.save()
    unilogin.person = {"sub": "sub-ny", "uniid": "new0003"}
    response = log_in(client, unilogin)
    assert response.status_code == 403
    invitation.user.refresh_from_db()
    assert invitation.user.uniid is None
    assert logged_in_user(client) is None
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_invitation_for_an_inactive_person_is_refused_and_not_used_up(client, unilogin):
    invitation = InvitationFactory(user=UserFactory(is_active=False))
    assert client.get(reverse("invitation_accept", args=[invitation.token])).status_code == 200
    unilogin.person = {"sub": "sub-ny", "uniid": "new0004"}
    response = log_in(client, unilogin)
    assert response.status_code == 403
    assert response.context["reason"] == "inactive"
    invitation.refresh_from_db()
    invitation.user.refresh_from_db()
    assert invitation.accepted_at is None
    assert invitation.user.uniid is None
    assert logged_in_user(client) is None


# --- protocol checks ------------------------------------------------------------------------


@pytest.mark.django_db
def test_wrong_pkce_verifier_is_refused_by_the_provider(client, unilogin):
    """allauth sends the verifier from the session; the provider checks it against the challenge.

    Swapping the stored verifier (as an attacker holding only a stolen code would have to guess
    one) makes the provider answer 400, so no token is issued and nobody is logged in.
    """
    UserFactory(uniid="abcd1234")
    callback = at_provider(start_login(client, unilogin))
    session = client.session
    states = session["socialaccount_states"]
    assert len(states) == 1
    forged = secrets.token_urlsafe(48)
    for stashed in states.values():
        assert stashed[0]["pkce_code_verifier"] != forged
        stashed[0]["pkce_code_verifier"] = forged
    session.save()

    response = back_to_site(client, callback)

    [token_request] = unilogin.token_requests
    assert token_request["code_verifier"] == forged  # the code itself was the real one
    assert unilogin.token_responses == [
        (400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
    ]
    assert unilogin.access_tokens == {}
    assert unilogin.userinfo_requests == []
    assert response.status_code == 401
    assert "socialaccount/authentication_error.html" in template_names(response)
    assert logged_in_user(client) is None
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_wrong_state_is_refused(client, unilogin):
    UserFactory(uniid="abcd1234")
    callback = urlparse(at_provider(start_login(client, unilogin)))
    query = parse_qs(callback.query)
    forged = f"{CALLBACK_PATH}?{urlencode({'code': query['code'][0], 'state': 'forged-state'})}"
    response = client.get(forged)
    assert response.status_code == 401
    assert "socialaccount/authentication_error.html" in template_names(response)
    assert logged_in_user(client) is None
    assert unilogin.token_requests == []  # the code was never redeemed


@pytest.mark.django_db
def test_replayed_callback_is_refused(client, unilogin):
    """The state is used once: the same callback a second time logs nobody in."""
    UserFactory(uniid="abcd1234")
    callback = at_provider(start_login(client, unilogin))
    assert back_to_site(client, callback).status_code == 302
    client.logout()
    response = back_to_site(client, callback)
    assert response.status_code == 401
    assert logged_in_user(client) is None
    assert len(unilogin.token_requests) == 1
