"""The whole OpenID Connect code flow with PKCE against a fake UNI-Login in the test process.

The fake provider is a real HTTP server on 127.0.0.1; allauth talks to it over HTTP exactly as it
would to UNI-Login. It sends no e-mail claim, so accounts are matched on `uniid` or an invitation.
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
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lms.factories import InvitationFactory, UserFactory
from lms.models import User

CLIENT_ID = "laeringsledelse-test"
CLIENT_SECRET = "s3cret"  # noqa: S105 - the fake provider's own secret
PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "test-key-1"


class FakeUniLogin:
    """Authorization server state: issued codes with their PKCE challenge and the person."""

    def __init__(self) -> None:
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.next_person = {"sub": "sub-1", "uniid": "abcd1234"}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802 - http.server's naming
                url = urlparse(self.path)
                if url.path == "/.well-known/openid-configuration":
                    return self._json(200, provider.configuration())
                if url.path == "/jwks":
                    return self._json(200, provider.jwks())
                if url.path == "/authorize":
                    location = provider.authorize(parse_qs(url.query))
                    self.send_response(302)
                    self.send_header("Location", location)
                    self.end_headers()
                    return None
                if url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.tokens:
                        return self._json(401, {"error": "invalid_token"})
                    return self._json(200, provider.tokens[token])
                return self._json(404, {})

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                status, body = provider.token(form)
                return self._json(status, body)

        return Handler

    def configuration(self) -> dict:
        return {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "userinfo_endpoint": f"{self.base}/userinfo",
            "jwks_uri": f"{self.base}/jwks",
            "response_types_supported": ["code"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(PRIVATE_KEY.public_key()))
        return {"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict) -> str:
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "challenge": query["code_challenge"][0],
            "method": query["code_challenge_method"][0],
            "redirect_uri": query["redirect_uri"][0],
            "nonce": query.get("nonce", [None])[0],
            "person": dict(self.next_person),
        }
        params = urlencode({"code": code, "state": query["state"][0]})
        return f"{query['redirect_uri'][0]}?{params}"

    def token(self, form: dict) -> tuple[int, dict]:
        self.token_requests.append(form)
        grant = self.codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return 401, {"error": "invalid_client"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = grant["person"]
        now = int(time.time())
        claims = {"iss": self.base, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  **grant["person"]}  # fmt: skip
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode(claims, PRIVATE_KEY, algorithm="RS256", headers={"kid": KID})
        return 200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 300,
                     "id_token": id_token}  # fmt: skip


@pytest.fixture
def unilogin():
    provider = FakeUniLogin()
    thread = threading.Thread(target=provider.server.serve_forever, daemon=True)
    thread.start()
    providers = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "SCOPE": ["openid"],
            "APPS": [
                {
                    "provider_id": "unilogin",
                    "name": "UNI-Login",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": provider.base,
                        "token_auth_method": "client_secret_post",
                    },
                }  # fmt: skip
            ],
        }
    }
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
        yield provider
    provider.server.shutdown()
    provider.server.server_close()


LOGIN_URL = "/accounts/oidc/unilogin/login/"


def start_login(client, provider) -> dict:
    """Press "Log ind med UNI-Login" and check what we ask the provider for."""
    response = client.post(LOGIN_URL)
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == provider.base
    query = parse_qs(location.query)
    assert query["scope"] == ["openid"]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["client_id"] == [CLIENT_ID]
    return {"authorize": response["Location"], "query": query}


def finish_login(client, provider, started: dict):
    """The person logs in at the provider, which sends the browser back with a code."""
    callback = provider.authorize(started["query"])
    parts = urlparse(callback)
    return client.get(f"{parts.path}?{parts.query}")


def logged_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


@pytest.mark.django_db
def test_login_page_offers_unilogin(client, unilogin):
    html = client.get(reverse("account_login")).content.decode()
    assert "Log ind med UNI-Login" in html
    assert f'action="{LOGIN_URL}"' in html


@pytest.mark.django_db
def test_user_matched_on_uniid_logs_in_never_on_email(client, unilogin):
    person = UserFactory(email="lene@skole.dk", uniid="abcd1234")
    UserFactory(email="abcd1234@skole.dk")  # would match if anything looked at e-mail
    unilogin.next_person = {"sub": "sub-lene", "uniid": "abcd1234"}
    response = finish_login(client, unilogin, start_login(client, unilogin))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert logged_in_user(client) == person
    assert SocialAccount.objects.get(user=person).uid == "sub-lene"
    assert "email" not in SocialAccount.objects.get(user=person).extra_data["id_token"]
    # The token request carried the PKCE verifier, and the provider checked it.
    assert unilogin.token_requests[-1]["code_verifier"]


@pytest.mark.django_db
def test_second_login_uses_the_linked_account(client, unilogin):
    person = UserFactory(uniid="abcd1234")
    unilogin.next_person = {"sub": "sub-lene", "uniid": "abcd1234"}
    finish_login(client, unilogin, start_login(client, unilogin))
    client.logout()
    response = finish_login(client, unilogin, start_login(client, unilogin))
    assert response.status_code == 302
    assert logged_in_user(client) == person
    assert SocialAccount.objects.filter(user=person).count() == 1


@pytest.mark.django_db
def test_unknown_uniid_is_refused_and_creates_nobody(client, unilogin):
    UserFactory(email="someone@skole.dk")
    users_before = User.objects.count()
    unilogin.next_person = {"sub": "sub-x", "uniid": "zzzz9999"}
    response = finish_login(client, unilogin, start_login(client, unilogin))
    assert response.status_code == 403
    assert "ikke knyttet til en konto" in response.content.decode()
    assert logged_in_user(client) is None
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_invitation_links_uniid_to_the_invited_account(client, unilogin):
    invitation = InvitationFactory(user=UserFactory(email="ny@skole.dk"))
    page = client.get(reverse("invitation_accept", args=[invitation.token]))
    assert page.status_code == 200
    unilogin.next_person = {"sub": "sub-ny", "uniid": "new0001"}
    response = finish_login(client, unilogin, start_login(client, unilogin))
    assert response.status_code == 302
    invitation.refresh_from_db()
    invitation.user.refresh_from_db()
    assert logged_in_user(client) == invitation.user
    assert invitation.user.uniid == "new0001"
    assert invitation.accepted_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["expired", "used"])
def test_unusable_invitation_links_nothing(client, unilogin, state):
    invitation = InvitationFactory(user=UserFactory())
    if state == "expired":
        invitation.expires_at = timezone.now() - timedelta(days=1)
    else:
        invitation.accepted_at = timezone.now()
    invitation.save()
    assert client.get(reverse("invitation_accept", args=[invitation.token])).status_code == 404
    unilogin.next_person = {"sub": "sub-ny", "uniid": "new0002"}
    response = finish_login(client, unilogin, start_login(client, unilogin))
    assert response.status_code == 403
    invitation.user.refresh_from_db()
    assert invitation.user.uniid is None
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_wrong_pkce_verifier_is_refused_by_the_provider(client, unilogin):
    UserFactory(uniid="abcd1234")
    started = start_login(client, unilogin)
    session = client.session
    for state in session["socialaccount_states"].values():
        state[0]["pkce_code_verifier"] = "not-the-verifier-we-committed-to-" + "x" * 20
    session.save()
    response = finish_login(client, unilogin, started)
    assert logged_in_user(client) is None
    assert response.status_code != 302 or response["Location"] != reverse("home")
    assert unilogin.tokens == {}  # no access token was issued


@pytest.mark.django_db
def test_wrong_state_is_refused(client, unilogin):
    UserFactory(uniid="abcd1234")
    started = start_login(client, unilogin)
    started["query"]["state"] = ["forged-state"]
    finish_login(client, unilogin, started)
    assert logged_in_user(client) is None
    assert unilogin.token_requests == []  # the code was never redeemed


@pytest.mark.django_db
def test_inactive_user_is_refused(client, unilogin):
    UserFactory(uniid="abcd1234", is_active=False)
    response = finish_login(client, unilogin, start_login(client, unilogin))
    assert logged_in_user(client) is None
    assert response.status_code in {302, 403}
    assert response.get("Location") != reverse("home")
