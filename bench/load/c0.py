"""The yardstick C0: the smallest possible Django view, one URL and no middleware.

Served by gunicorn with the project's gunicorn.conf.py (same workers and threads as the LMS in
the same run): `gunicorn -c gunicorn.conf.py bench.load.c0:application`.
"""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="c0-yardstick-not-a-secret",  # noqa: S106 - no sessions, no signing
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_I18N=False,
        USE_TZ=True,
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after settings
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
