from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
# Tasks run in the test process unless a test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Pages are kept in tests too (one process, tasks run in it): a change a kept page misses fails
# the test that looks at the page again.
LMS_PAGE_CACHE = env_bool("LMS_PAGE_CACHE", True)  # noqa: F405
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):  # noqa: F405
    # As Redis in production: nothing dropped to make room. Django's default of 300 entries
    # is fewer than the versions one kept page reads on its first drawing, so it culled
    # versions at random and a page a test expects kept was drawn again.
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 1_000_000}  # noqa: F405

# A file, not memory, so a real Celery worker in another process can share the test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
