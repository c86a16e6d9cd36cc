"""The invitation e-mail: a link that ties a new person's first UNI-Login to their account."""

from __future__ import annotations

from django.urls import reverse

from .models import Invitation
from .notifications import Mail, absolute_url, register_notification


def _invitation(invitation_id: int, variant: str = "0") -> Mail:
    invitation = Invitation.objects.select_related("user").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_usable:
        return Mail.nobody()
    url = absolute_url(reverse("invitation_accept", args=[invitation.token]))
    return Mail([invitation.user], {"invitation": invitation, "invitation_url": url})


def register_kinds() -> None:
    register_notification("invitation", _invitation, template_prefix="email/lms/")
