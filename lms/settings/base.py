"""Settings shared by every environment; everything site-specific comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from lms import oidc

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LMS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lms",
    "competence_packages",
    "modules",
    "assignments",
    "feedback",
    "plans",
    "profiles_link",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "lms.observability.RequestIdMiddleware",
    # Next: a load balancer's probe answers without host checks, redirects, sessions or login.
    "lms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lms.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Notices each request's writes: what a kept page may show changed (lms.page_cache).
    "lms.page_cache.PageCacheMiddleware",
    # Every page needs a login; the login pages opt out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lms.context_processors.navigation",
                "lms.context_processors.kept_page_csrf",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
# Persistent connections, checked before each reuse: a database restart costs one reconnect,
# not a 500. A web process holds one connection per thread, a worker one per pool slot.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(
            os.environ.get(
                "DATABASE_CONN_MAX_AGE", "0" if DATABASE_URL.startswith("sqlite") else "60"
            )
        ),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast while the database is away (the error page within seconds, not a hung request).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    )
    # Prepared statements: psycopg prepares a statement it has run twice on a connection, and
    # PostgreSQL then plans it once, not on every run. Planning a page's joins (a review task
    # with its submission, team, school and module) took 5-7 ms of a 0.3 ms query. Not for a
    # pooler in transaction mode (PgBouncer): set DATABASE_PREPARED_STATEMENTS=0 behind one.
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"].update(
            {"server_side_binding": True, "prepare_threshold": 2}
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the Celery worker use the file at the same time; IMMEDIATE
    # transactions take the write lock up front, so concurrent writers wait (up to `timeout`)
    # instead of failing with "database is locked" when a read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "lms.User"
# Django's and allauth's backends, each reading the person with a statement built once.
AUTHENTICATION_BACKENDS = [
    "lms.auth_backends.PersonModelBackend",
    "lms.auth_backends.PersonAllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail and password; no open sign-up, people are created by the programme.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# A reset asked for an unknown address sends nothing: allauth would otherwise mail an "unknown
# account" message with a sign-up link, and sign-up is closed.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
SOCIALACCOUNT_ADAPTER = "lms.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False

# Single sign-on through OpenID Connect (UNI-Login), configured only by the environment.
# Built by lms.oidc.socialaccount_providers, which the tests call too.
OIDC_PROVIDER_ID = os.environ.get("OIDC_PROVIDER_ID", oidc.DEFAULT_PROVIDER_ID)
OIDC_SERVER_URL = os.environ.get("OIDC_SERVER_URL", "")
OIDC_UNIID_CLAIM = os.environ.get("OIDC_UNIID_CLAIM", oidc.DEFAULT_UNIID_CLAIM)
SOCIALACCOUNT_PROVIDERS = oidc.socialaccount_providers(
    server_url=OIDC_SERVER_URL,
    client_id=os.environ.get("OIDC_CLIENT_ID", ""),
    secret=os.environ.get("OIDC_CLIENT_SECRET", ""),
    provider_id=OIDC_PROVIDER_ID,
    name=os.environ.get("OIDC_PROVIDER_NAME", oidc.DEFAULT_PROVIDER_NAME),
    token_auth_method=os.environ.get("OIDC_TOKEN_AUTH_METHOD", "client_secret_post"),
    fetch_userinfo=env_bool("OIDC_FETCH_USERINFO", True),
)

# Behind a load balancer: the client's address is the N-th entry from the right of
# X-Forwarded-For (N = the number of proxies we run), so rate limits count people, not the
# proxy. ALLAUTH_TRUSTED_CLIENT_IP_HEADER names a header set by the proxy instead (e.g.
# X-Real-IP). With proxies, the scheme comes from their X-Forwarded-Proto.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("ALLAUTH_TRUSTED_CLIENT_IP_HEADER") or None
if ALLAUTH_TRUSTED_PROXY_COUNT or ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
# How long a fetched OpenID discovery document is kept, and how long a call to the provider
# may take before the person is told UNI-Login does not answer.
OIDC_DISCOVERY_CACHE_SECONDS = int(os.environ.get("OIDC_DISCOVERY_CACHE_SECONDS", "3600"))
SOCIALACCOUNT_REQUESTS_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT_SECONDS", "5"))

# Cache and sessions: Redis when CACHE_URL is set (shared by every web process, so a login or a
# rate limit counts across them), memory of the one process otherwise.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "lms.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "lms",
            # Fail fast when Redis is away: the error page, not a hung request.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.cache")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# People's pages kept until what they show changes (lms.page_cache): only with a cache every
# process shares, where a change seen by one (a hand-in, an import in a worker) reaches all.
LMS_PAGE_CACHE = env_bool("LMS_PAGE_CACHE", bool(CACHE_URL))

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lms" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Folders under MEDIA_ROOT that /media/ never serves (team files are downloaded only after a
# permission check; mapping uploads hold respondent-level answers). A web server serving
# MEDIA_ROOT in production must refuse them too.
PRIVATE_MEDIA_FOLDERS = ["submissions", "mapping_imports"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Files people upload go to S3-compatible object storage when a bucket is named (any number of
# web and worker machines then share them), to MEDIA_ROOT on the local disk otherwise.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_DEFAULT_ACL = None  # private objects, served through signed, short-lived URLs
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = 300
    AWS_S3_FILE_OVERWRITE = False
    # AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are read from the environment by boto3.

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Læringsledelse <noreply@laeringsledelse.dk>"
)

# Celery: a file-system broker under var/ by default, so a real worker runs with no server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND",
    "redis" + CELERY_BROKER_URL[len("redis") :]
    if CELERY_BROKER_URL.startswith("redis")
    else f"file://{VAR_DIR / 'celery' / 'results'}",
)
CELERY_FILESYSTEM_DIR = VAR_DIR / "celery" / "broker"
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # A web process publishing while the broker is away gives up within a second or two
    # (kombu would otherwise retry the connection a hundred times) and the outbox keeps the
    # message; a worker reconnects on its own, with broker_connection_max_retries.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.5,
        "interval_max": 0.5,
        "socket_connect_timeout": 2,
    }
    # The same for the result backend, which subscribes to a task's result when it is sent.
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
        "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Three queues, so each kind of work can get its own workers: the mapping imports (long,
# memory-hungry), the e-mail (many, short) and everything else.
CELERY_TASK_DEFAULT_QUEUE = "celery"
# A worker started without -Q takes all three; `-Q imports` makes one for the imports only.
# Each with its own routing key, so a message bound for one queue can never reach another.
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in ("celery", "imports", "email")]
CELERY_TASK_ROUTES = {
    # Beat's check for interrupted imports must not wait behind a long import.
    "profiles_link.tasks.mapping_imports_mark_interrupted": {"queue": "celery"},
    "profiles_link.tasks.expire_import_previews": {"queue": "celery"},
    "profiles_link.tasks.*": {"queue": "imports"},
    "lms.tasks.send_notification": {"queue": "email"},
    "lms.tasks.sweep_notification_outbox": {"queue": "email"},
    "feedback.tasks.*": {"queue": "email"},
}
# Publishing gives up quickly when the broker is away: the outbox (lms.notifications) and the
# beat sweep deliver later, so no request waits for a broker.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
# Seconds a notification may wait in the outbox before the sweep sends it itself.
NOTIFICATION_OUTBOX_GRACE_SECONDS = int(os.environ.get("NOTIFICATION_OUTBOX_GRACE_SECONDS", "60"))
# A running import whose worker has not been heard of for this long was interrupted.
MAPPING_IMPORT_HEARTBEAT_SECONDS = int(os.environ.get("MAPPING_IMPORT_HEARTBEAT_SECONDS", "5"))
MAPPING_IMPORT_STALE_SECONDS = int(os.environ.get("MAPPING_IMPORT_STALE_SECONDS", "60"))
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_BEAT_SCHEDULE = {
    "notification-outbox": {
        "task": "lms.tasks.sweep_notification_outbox",
        "schedule": int(os.environ.get("NOTIFICATION_OUTBOX_SWEEP_SECONDS", "30")),
    },
    "mapping-imports-interrupted": {
        "task": "profiles_link.tasks.mapping_imports_mark_interrupted",
        "schedule": 60,
    },
    "publish-scheduled-pages": {
        "task": "competence_packages.tasks.publish_scheduled_pages",
        "schedule": 300,
    },
    "feedback-assignments-due": {
        "task": "feedback.tasks.remind_assignments_due",
        "schedule": crontab(hour=7, minute=0),
    },
    "feedback-overdue-submissions": {
        "task": "feedback.tasks.remind_overdue_submissions",
        "schedule": crontab(hour=7, minute=5),
    },
    "profiles-expire-import-previews": {
        "task": "profiles_link.tasks.expire_import_previews",
        "schedule": crontab(minute=15),
    },
    "feedback-feedback-overdue": {
        "task": "feedback.tasks.remind_feedback_overdue",
        "schedule": crontab(hour=7, minute=10),
    },
}
# Days after a hand-in before the reviewer is reminded that feedback is overdue.
FEEDBACK_OVERDUE_DAYS = int(os.environ.get("FEEDBACK_OVERDUE_DAYS", "10"))


WAGTAIL_SITE_NAME = "Læringsledelse"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "admin_login"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no calls to an outside service for avatars
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("da", "Dansk"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("da", "Dansk")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "odt", "txt"]

# Logs: one line per record; JSON in production (LOG_FORMAT=json), each with the request id
# (X-Request-ID) or the Celery task id it belongs to.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "lms.observability.ContextFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "lms.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports every step of rendering a PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        # Wagtail's background tasks (search index updates) log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail.tasks": {"level": "WARNING"},
    },
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
