from django.utils.safestring import mark_safe

from .page_cache import CSRF_PLACEHOLDER, MESSAGES_PLACEHOLDER
from .permissions import has_cms_work, is_programme_admin

KEPT_PAGE_MESSAGES = mark_safe(MESSAGES_PLACEHOLDER)  # noqa: S308 - our own constant, an HTML comment


def navigation(request) -> dict:
    """Which admin links the header offers; decided by permissions, never by role names."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "nav_can_use_cms": has_cms_work(user),
        "nav_is_admin": is_programme_admin(user),
    }


def kept_page_csrf(request) -> dict:
    """While a page is drawn to be kept (lms.page_cache), its forms carry a placeholder that
    each request replaces with its own CSRF token, and its messages one that each request
    replaces with the person's messages waiting (templates/includes/messages.html)."""
    if getattr(request, "lms_csrf_placeholder", False):
        return {"csrf_token": CSRF_PLACEHOLDER, "kept_page_messages": KEPT_PAGE_MESSAGES}
    return {}
