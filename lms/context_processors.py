from .page_cache import CSRF_PLACEHOLDER
from .permissions import has_cms_work, is_programme_admin


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
    each request replaces with its own CSRF token."""
    if getattr(request, "lms_csrf_placeholder", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}
