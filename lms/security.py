"""Content-Security-Policy for HTML pages: no inline script anywhere on the site.

The site's own pages work without JavaScript and load only our stylesheet, so their policy
allows scripts and styles from our own origin only. The Wagtail and Django admins run their own
inline scripts and styles, so the paths under `CSP_ADMIN_PATHS` get a looser policy (still our
origin only, never another site's scripts). Forms may post to our origin and, when single
sign-on is configured, to the provider: "Log ind med UNI-Login" and logging out both end in a
redirect there, which browsers check against `form-action`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_FRAME_SOURCES = (
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
)


def _origin(url: str) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _media_origins() -> list[str]:
    """Where uploaded images are served from when they live in object storage."""
    origins = []
    for name in ("AWS_S3_CUSTOM_DOMAIN", "AWS_S3_ENDPOINT_URL"):
        value = getattr(settings, name, None)
        if value:
            origins.append(_origin(value if "://" in value else f"https://{value}"))
    if getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""):
        origins.append("https://*.amazonaws.com")
    return [origin for origin in origins if origin]


def build_policies() -> tuple[str, str]:
    """(the site's policy, the admins' policy) from the settings."""
    frames = list(getattr(settings, "CSP_FRAME_SOURCES", DEFAULT_FRAME_SOURCES))
    forms = ["'self'"]
    provider = _origin(getattr(settings, "OIDC_SERVER_URL", ""))
    if provider:
        forms.append(provider)
    forms += list(getattr(settings, "CSP_EXTRA_FORM_ACTION", []))
    images = ["'self'", "data:", *_media_origins()]
    site = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {' '.join(images)}",
        "font-src 'self'",
        "connect-src 'self'",
        f"frame-src {' '.join(frames)}" if frames else "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        f"form-action {' '.join(forms)}",
        "frame-ancestors 'none'",
    ]
    admin = [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src {' '.join([*images, 'blob:'])}",
        "font-src 'self' data:",
        "connect-src 'self'",
        f"frame-src 'self' {' '.join(frames)}",
        "object-src 'none'",
        "base-uri 'self'",
        f"form-action {' '.join(forms)}",
        # The page editor shows its preview in a frame of the admin itself.
        "frame-ancestors 'self'",
    ]
    return "; ".join(site), "; ".join(admin)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.site_policy, self.admin_policy = build_policies()
        self.admin_paths = tuple(getattr(settings, "CSP_ADMIN_PATHS", ("/cms/", "/django-admin/")))

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response.headers:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        admin = request.path_info.startswith(self.admin_paths)
        response.headers["Content-Security-Policy"] = (
            self.admin_policy if admin else self.site_policy
        )
        return response
