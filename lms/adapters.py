"""django-allauth adapters: no open sign-up, and UNI-Login matched on `uniid`, never e-mail."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from .models import Invitation, User

INVITATION_SESSION_KEY = "lms_invitation_token"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People are created by the programme (seed, admin, invitations), not by sign-up.
        return False


def uniid_from_claims(extra_data: dict) -> str | None:
    """Find the uniid claim in the ID token first, then in the userinfo response."""
    claim = settings.OIDC_UNIID_CLAIM
    for source in ("id_token", "userinfo"):
        value = (extra_data.get(source) or {}).get(claim)
        if value:
            return str(value).strip()
    return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def authenticate_by_email(self, sociallogin):
        # Never log anyone in on an e-mail address from the provider, whatever the settings say.
        return None

    def pre_social_login(self, request, sociallogin) -> None:
        uniid = uniid_from_claims(sociallogin.account.extra_data)
        if not uniid:
            self._refuse(request, "no_uniid")
        if sociallogin.is_existing and sociallogin.user.uniid == uniid:
            # A linked UNI-Login that still belongs to the account's uniid.
            if not sociallogin.user.is_active:
                self._refuse(request, "inactive")
            return
        # Not linked yet, or linked to an account whose uniid has since been changed or
        # cleared (e.g. an administrator undid a wrong link): find the account by uniid.
        user = User.objects.filter(uniid=uniid).first()
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
            Invitation.objects.select_for_update()
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
        if user.uniid and user.uniid != uniid:
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
