"""UNI-Login (OpenID Connect) configuration for django-allauth, shared by settings and tests.

Only the `openid` scope is asked for: UNI-Login sends no e-mail, and people are matched on the
`uniid` claim (see `lms.adapters`). PKCE is always on. This module must not import Django
models or settings: the settings module calls it.
"""

from __future__ import annotations

DEFAULT_PROVIDER_ID = "unilogin"
DEFAULT_PROVIDER_NAME = "UNI-Login"
DEFAULT_UNIID_CLAIM = "uniid"


def socialaccount_providers(
    *,
    server_url: str,
    client_id: str,
    secret: str,
    provider_id: str = DEFAULT_PROVIDER_ID,
    name: str = DEFAULT_PROVIDER_NAME,
    token_auth_method: str = "client_secret_post",  # noqa: S107 - a method name, not a secret
    fetch_userinfo: bool = True,
) -> dict:
    """The SOCIALACCOUNT_PROVIDERS setting: empty (no single sign-on) without a server URL."""
    if not server_url:
        return {}
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "SCOPE": ["openid"],
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": name,
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {
                        "server_url": server_url,
                        "token_auth_method": token_auth_method,
                        "fetch_userinfo": fetch_userinfo,
                    },
                }
            ],
        }
    }
