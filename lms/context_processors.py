from .permissions import can_use_cms, can_write_school_assignments, is_programme_admin


def navigation(request) -> dict:
    """Which admin links the header offers; decided by permissions, never by role names."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "nav_can_use_cms": can_use_cms(user) or can_write_school_assignments(user),
        "nav_is_admin": is_programme_admin(user),
    }
