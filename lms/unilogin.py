"""UNI-Login in production: a cached discovery document, a nonce, and a log-out that ends it.

allauth's OpenID Connect provider is used as it is, with four additions:

- the discovery document is fetched once per `OIDC_DISCOVERY_CACHE_SECONDS` (Django's cache,
  so shared by every web process) instead of on every login, and `OIDC_SERVER_URL` may end in
  a slash or not;
- every authorization request carries a fresh `nonce`, kept with allauth's state and checked
  against the ID token by `lms.adapters.SocialAccountAdapter.pre_social_login`;
- the raw ID token is kept in the session, so logging out can end the UNI-Login session too
  (RP-initiated logout at the provider's `end_session_endpoint`, with `id_token_hint`);
- UNI-Login not answering, or answering too slowly (`OIDC_TIMEOUT_SECONDS`), gives a Danish
  page with a way on (try again, or log in with e-mail) and status 503, never a 500.

The login and callback views are allauth's own, at allauth's paths, run with the adapter below.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from urllib.parse import urlencode

import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

logger = logging.getLogger(__name__)

ID_TOKEN_SESSION_KEY = "lms_oidc_id_token"  # noqa: S105 - a session key, not a secret
PROVIDER_SESSION_KEY = "lms_oidc_provider"
DISCOVERY_PATH = "/.well-known/openid-configuration"


def discovery_url(server_url: str) -> str:
    """`OIDC_SERVER_URL` with or without a trailing slash, or the document's own address."""
    if "/.well-known/" in server_url:
        return server_url
    return server_url.rstrip("/") + DISCOVERY_PATH


def _cache_key(url: str) -> str:
    return "oidc-discovery:" + hashlib.sha256(url.encode()).hexdigest()


class CachingSession(requests.Session):
    """A requests session that serves discovery documents from Django's cache."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        if method.upper() != "GET" or not str(url).endswith(DISCOVERY_PATH):
            return super().request(method, url, *args, **kwargs)
        key = _cache_key(str(url))
        cached = cache.get(key)
        if cached is not None:
            return _response(str(url), cached)
        response = super().request(method, url, *args, **kwargs)
        if response.status_code == 200:
            cache.set(key, response.content, settings.OIDC_DISCOVERY_CACHE_SECONDS)
        return response


def _response(url: str, content: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response._content = content
    response.url = url
    response.headers["Content-Type"] = "application/json"
    response.encoding = "utf-8"
    return response


def requests_session() -> requests.Session:
    return CachingSession(timeout=settings.SOCIALACCOUNT_REQUESTS_TIMEOUT)


class UniLoginProvider(OpenIDConnectProvider):
    """allauth's provider with a nonce in every authorization request."""

    @property
    def server_url(self):
        return discovery_url(self.app.settings["server_url"])

    def redirect(self, request: HttpRequest, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


class UniLoginAdapter(OpenIDConnectOAuth2Adapter):
    """Keeps the raw ID token in the session: logging out hands it back as `id_token_hint`."""

    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if id_token:
            request.session[ID_TOKEN_SESSION_KEY] = id_token
            request.session[PROVIDER_SESSION_KEY] = self.provider_id
        return super().complete_login(request, app, token, **kwargs)


def unavailable(request: HttpRequest) -> HttpResponse:
    """UNI-Login did not answer (in time): say so in Danish and offer the ways on."""
    return render(request, "account/unilogin_unavailable.html", status=503)


def _run(view_class, request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return view_class.adapter_view(UniLoginAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except requests.RequestException as exc:
        logger.warning("UNI-Login (%s) did not answer: %r", provider_id, exc)
        return unavailable(request)


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    return _run(OAuth2LoginView, request, provider_id)


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    return _run(OAuth2CallbackView, request, provider_id)


def end_session_url(request: HttpRequest, *, post_logout_path: str | None = None) -> str | None:
    """Where to send the browser to end the UNI-Login session; None without one to end.

    Uses the ID token kept at login (or at a refused login) and the provider's
    `end_session_endpoint`; the provider sends the person back to our login page, which must
    be registered with UNI-Login as a post-logout redirect URI.
    """
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    provider_id = request.session.get(PROVIDER_SESSION_KEY)
    if not id_token or not provider_id:
        return None
    try:
        provider = get_adapter(request).get_provider(request, provider_id)
        endpoint = UniLoginAdapter(request, provider_id).openid_config.get("end_session_endpoint")
    except (SocialApp.DoesNotExist, requests.RequestException, ValueError) as exc:
        logger.warning("UNI-Login log-out address unavailable: %r", exc)
        return None
    if not endpoint:
        return None
    target = request.build_absolute_uri(post_logout_path or reverse("account_login"))
    query = {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": target,
        "client_id": provider.app.client_id,
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"
