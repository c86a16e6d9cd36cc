from allauth.account import views as allauth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import unilogin
from .adapters import INVITATION_SESSION_KEY
from .models import Invitation
from .page_cache import cached_page

# allauth's login page, kept for people not logged in: everyone asks for it before logging in.
login = login_not_required(cached_page(allauth_views.login, visitors=True))


@login_not_required
def invitation_accept(request, token: str):
    """Remember the invitation so the next UNI-Login links to the invited account."""
    invitation = Invitation.objects.select_related("user").filter(token=token).first()
    usable = invitation is not None and invitation.is_usable
    if usable:
        request.session[INVITATION_SESSION_KEY] = token
    status = 200 if usable else 404
    return render(
        request,
        "account/invitation.html",
        {"invitation": invitation if usable else None},
        status=status,
    )


@login_not_required
def admin_login(request, extra_context=None):
    """One login page for everything: the Django and Wagtail admins send people to allauth's.

    A person who is logged in but may not use that admin gets a 403, not a loop of redirects.
    """
    if request.user.is_authenticated:
        # Logged in but not an administrator: say no rather than offer a second login form.
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next", "/"))


@login_not_required
@require_POST
def unilogin_switch(request):
    """Refused as "not linked": end the UNI-Login session, so another person can log in."""
    url = unilogin.end_session_url(request)
    for key in (unilogin.ID_TOKEN_SESSION_KEY, unilogin.PROVIDER_SESSION_KEY):
        request.session.pop(key, None)
    return redirect(url or "account_login")
