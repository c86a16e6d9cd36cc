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
