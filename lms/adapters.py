"""django-allauth adapters: no open sign-up, and UNI-Login matched on `uniid`, never e-mail."""

from __future__ import annotations

import secrets

import requests
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from . import unilogin
from .models import Invitation, User

INVITATION_SESSION_KEY = "lms_invitation_token"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People are created by the programme (seed, admin, invitations), not by sign-up.
        return False

    def get_logout_redirect_url(self, request) -> str:
        """After a UNI-Login session, end that too: the next person at a shared computer who
        presses "Log ind med UNI-Login" must log in as themselves. Asked before logging out,
        while the session still holds the ID token."""
        return unilogin.end_session_url(request) or super().get_logout_redirect_url(request)


def uniid_from_claims(extra_data: dict) -> str | None:
    """Find the uniid claim in the ID token first, then in the userinfo response."""
    claim = settings.OIDC_UNIID_CLAIM
    for source in ("id_token", "userinfo"):
        value = (extra_data.get(source) or {}).get(claim)
        if value:
            return str(value).strip()
    return None


def nonce_matches(sociallogin) -> bool:
    """The ID token carries the nonce this browser's authorization request was sent with."""
    expected = (sociallogin.state or {}).get("nonce")
    claims = sociallogin.account.extra_data.get("id_token") or {}
    given = claims.get("nonce")
    return bool(expected and given) and secrets.compare_digest(str(expected), str(given))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def authenticate_by_email(self, sociallogin):
        # Never log anyone in on an e-mail address from the provider, whatever the settings say.
        return None

    def get_provider(self, request, provider, client_id=None):
        found = super().get_provider(request, provider, client_id=client_id)
        if type(found) is OpenIDConnectProvider:  # UNI-Login: with a nonce (lms.unilogin)
            return unilogin.UniLoginProvider(request, app=found.app)
        return found

    def get_requests_session(self) -> requests.Session:
        return unilogin.requests_session()

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        if isinstance(exception, requests.RequestException):  # the token or userinfo call
            raise ImmediateHttpResponse(unilogin.unavailable(request))
        return super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )

    def pre_social_login(self, request, sociallogin) -> None:
        if not nonce_matches(sociallogin):
            self._refuse(request, "nonce")
        uniid = uniid_from_claims(sociallogin.account.extra_data)
        if not uniid:
            self._refuse(request, "no_uniid")
        if sociallogin.is_existing and (sociallogin.user.uniid or "").lower() == uniid.lower():
            # A linked UNI-Login that still belongs to the account's uniid.
            if not sociallogin.user.is_active:
                self._refuse(request, "inactive")
            return
        # Not linked yet, or linked to an account whose uniid has since been changed or
        # cleared (e.g. an administrator undid a wrong link): find the account by uniid.
        user = User.objects.filter(uniid__iexact=uniid).first()
        if user is None:
            user = self._user_from_invitation(request, uniid)
        if user is None:
            self._refuse(request, "unknown")
        if not user.is_active:
            self._refuse(request, "inactive")
        # Links the social account to `user` (or moves an existing link over to it).
        sociallogin.connect(request, user)

    @transaction.atomic
    def _user_from_invitation(self, request, uniid: str) -> User | None:
        """The invited person, now carrying `uniid`, if the session holds a usable invitation."""
        token = request.session.get(INVITATION_SESSION_KEY)
        if not token:
            return None
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(token=token)
            .first()
        )
        if invitation is None or not invitation.is_usable:
            request.session.pop(INVITATION_SESSION_KEY, None)
            return None
        user = invitation.user
        if not user.is_active:
            # Refused as inactive by the caller; the invitation stays unused.
            return user
        if user.uniid and user.uniid.lower() != uniid.lower():
            return None
        user.uniid = uniid
        user.save(update_fields=["uniid"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        request.session.pop(INVITATION_SESSION_KEY, None)
        return user

    def _refuse(self, request, reason: str):
        response = render(request, "account/unilogin_refused.html", {"reason": reason}, status=403)
        raise ImmediateHttpResponse(response)
