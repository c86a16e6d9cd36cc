"""Pages kept per person until anything they may show has changed.

A kept page is the HTML one person was shown, under a key made of everything that decides it:
the page and its query string, the person, a digest of their rights, the language, the minute,
the published content's version and a *version for each municipality* the person's places lie
in (everything, for people with programme roles). A page is never shared between people.

Versions change by writes, seen where they happen rather than listed model by model:
every statement that writes (INSERT, UPDATE, DELETE) on a database connection is noticed.

- A request that wrote changes the versions of the municipalities of the person who made it
  (all of them, for programme roles and anonymous writers), once its work is committed.
- A Celery task that wrote changes them all when it ends (imports, scheduled work).
- Anything else that wrote (a management command, a test) changes them all before this
  process serves its next page, and when the process exits.

Writes nobody is shown on a kept page change nothing (sessions, the time of a login, the mail
outbox and log, the access record). A request that wrote anything at all is never kept, so a
page that records its own viewing (an access record, "read") keeps doing so.

What is never kept: anything but a GET of a person's page answered 200 with HTML, a page while
the person has messages waiting, a page whose view changed the session. The CSRF token in a kept
page is put in fresh for each request. `@cached_page` (a view) and `respond()` (a Wagtail page's
serve) are the two doors; the kept pages live in the shared cache (Redis), and are off where the
cache is not shared between processes (settings.LMS_PAGE_CACHE).
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import logging
import re
import threading
import time
import uuid
import zlib

from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token

from . import content_cache
from .models import Municipality
from .roles import forget_held_roles, held_roles

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "lms-kept-page-csrf-token-placeholder"
ALL_KEY = "page-version:all"
# What a page shows may depend on the clock (overdue, due today): a new minute makes a new key,
# and a kept page is dropped soon after its minute has passed.
MINUTE = 60
KEEP_SECONDS = 2 * MINUTE

# Tables whose rows no kept page shows.
UNSEEN_TABLES = frozenset(
    {"django_session", "lms_notificationoutbox", "lms_notificationlog", "lms_accessrecord"}
)
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)
LOGIN_TIME = re.compile(r'\s*UPDATE\s+"?lms_user"?\s+SET\s+"?last_login"?\s*=\s*\S+\s+WHERE', re.I)


class _Watch(threading.local):
    def __init__(self) -> None:
        self.contexts: list[dict] = []  # the request or task this thread works on, innermost last


_watch = _Watch()
_written_outside = threading.Event()
_exit_bump_registered = False


def enabled() -> bool:
    return getattr(settings, "LMS_PAGE_CACHE", False)


# --------------------------------------------------------------------------- noticing writes


def _notice(execute, sql, params, many, context):
    head = sql.lstrip()[:6].upper()
    if head in ("INSERT", "UPDATE", "DELETE"):
        _noticed(sql)
    return execute(sql, params, many, context)


def _noticed(sql: str) -> None:
    match = WRITE.match(sql)
    table = match.group(1).lower() if match else ""
    shown = table not in UNSEEN_TABLES and not LOGIN_TIME.match(sql)
    if _watch.contexts:
        current = _watch.contexts[-1]
        current["wrote"] = True
        current["shown"] = current["shown"] or shown
    elif shown:
        _written_outside.set()
        _bump_at_exit()


def _bump_at_exit() -> None:
    global _exit_bump_registered
    if not _exit_bump_registered:
        _exit_bump_registered = True
        atexit.register(_bump_outside_writes)


@receiver(connection_created, dispatch_uid="lms.page_cache.watch")
def _watch_connection(sender, connection, **kwargs) -> None:
    if _notice not in connection.execute_wrappers:
        connection.execute_wrappers.append(_notice)


def _enter(kind: str) -> dict:
    context = {"kind": kind, "wrote": False, "shown": False}
    _watch.contexts.append(context)
    return context


def _leave(context: dict) -> None:
    # By identity: two contexts of the same kind compare equal as dicts.
    _watch.contexts[:] = [other for other in _watch.contexts if other is not context]
    if _watch.contexts and context["wrote"]:  # a task run inside a request (eager, in tests)
        outer = _watch.contexts[-1]
        outer["wrote"] = True
        outer["shown"] = outer["shown"] or context["shown"]


# --------------------------------------------------------------------------- versions


def _municipality_key(pk: int) -> str:
    return f"page-version:m:{pk}"


def _scope(user) -> tuple[bool, frozenset[int]]:
    """(everything?, the municipalities) whose changes may change what the person is shown."""
    roles = held_roles(user)
    if roles.programme:
        return True, frozenset()
    return False, roles.municipality_ids


def _bump(keys: list[str]) -> None:
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
    except Exception:  # the cache away: nothing is kept meanwhile either (respond() reads it)
        logger.warning("kept pages not renewed: cache unavailable", exc_info=True)


def bump_all() -> None:
    """Everything may have changed: no kept page is used again."""
    _bump([ALL_KEY])


def _bump_for(user) -> None:
    if not getattr(user, "is_authenticated", False):
        bump_all()
        return
    everything, before = _scope(user)
    forget_held_roles(user)  # the write may have changed the person's own places
    everything_after, after = _scope(user)
    if everything or everything_after or not (before | after):
        bump_all()
    else:
        _bump([_municipality_key(pk) for pk in sorted(before | after)])


def _bump_outside_writes() -> None:
    if _written_outside.is_set():
        _written_outside.clear()
        bump_all()


def _versions(user) -> str:
    everything, municipalities = _scope(user)
    if everything:
        municipalities = frozenset(Municipality.objects.values_list("pk", flat=True))
    keys = [ALL_KEY, *(_municipality_key(pk) for pk in sorted(municipalities))]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        for key, value in missing.items():
            cache.add(key, value, timeout=None)
        found.update(cache.get_many(list(missing)))
    return "|".join(str(found.get(key)) for key in keys)


# --------------------------------------------------------------------------- the middleware


class PageCacheMiddleware:
    """Notices the writes of each request and, once the view's work is committed, changes the
    versions the writer's changes may show in. Placed after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _written_outside.is_set():
            _bump_outside_writes()
        context = _enter("request")
        try:
            response = self.get_response(request)
        finally:
            _leave(context)
        if context["shown"]:
            _bump_for(getattr(request, "user", None))
        return response


@task_prerun.connect(dispatch_uid="lms.page_cache.task_started")
def _task_started(task_id=None, task=None, **kwargs) -> None:
    task.request.lms_page_cache_watch = _enter("task")


@task_postrun.connect(dispatch_uid="lms.page_cache.task_ended")
def _task_ended(task_id=None, task=None, **kwargs) -> None:
    context = getattr(task.request, "lms_page_cache_watch", None)
    if context is None:
        return
    _leave(context)
    if context["shown"]:
        bump_all()


# --------------------------------------------------------------------------- kept pages


def _rights(user) -> str:
    roles = held_roles(user)
    parts = [
        user.is_active,
        user.is_staff,
        user.is_superuser,
        sorted((k, sorted(v)) for k, v in roles.by_institution.items()),
        sorted((k, sorted(v)) for k, v in roles.by_municipality.items()),
        sorted(roles.programme),
        sorted(roles.team_ids),
        sorted(roles.coordinated_team_ids),
        sorted(roles.leadership_of),
    ]
    return repr(parts)


def _key(request, name: str) -> str:
    user = request.user
    parts = [
        name,
        request.get_host(),
        request.get_full_path(),
        str(user.pk),
        _rights(user),
        getattr(request, "LANGUAGE_CODE", ""),
        str(int(time.time() // MINUTE)),
        content_cache.version(),
        _versions(user),
    ]
    return "kept-page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _messages_waiting(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _keepable(request) -> bool:
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)  # an author's unsaved draft
        and getattr(request, "user", None) is not None
        and request.user.is_authenticated
        and bool(_watch.contexts)  # the middleware watches this request's writes
        and not _messages_waiting(request)
    )


def keep_this_page(request) -> None:
    """Called by a Wagtail page's serve(): this page may be kept (see `respond(opt_in=True)`)."""
    request.lms_keep_page = True


def respond(request, name: str, render, *, opt_in: bool = False) -> HttpResponse:
    """`render()`'s response, or the one kept for this person and page when nothing it may show
    has changed since. `name` names the page (a view, or the Wagtail tree). With `opt_in`, an
    answer is kept only where what drew it called `keep_this_page()` (a Wagtail page type that
    wants it), and a kept one is found before routing and Wagtail's checks: it was drawn after
    them, for the same person with the same rights, and nothing has changed since."""
    if not _keepable(request):
        return render()
    try:
        key = _key(request, name)
        kept = cache.get(key)
    except Exception:  # the cache away: render as if nothing were kept
        logger.warning("kept pages unavailable", exc_info=True)
        return render()
    if kept is not None:
        content_type, body = kept
        html = zlib.decompress(body).decode()
        return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)), content_type)
    watch = _watch.contexts[-1]
    session = getattr(request, "session", None)
    session_modified = getattr(session, "modified", False)
    request.lms_csrf_placeholder = True
    try:
        response = render()
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
    finally:
        request.lms_csrf_placeholder = False
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return response
    html = response.content.decode(response.charset)
    if (
        response.status_code == 200
        and not watch["wrote"]  # a page that records its viewing must keep doing so
        and getattr(session, "modified", False) == session_modified
        and not _messages_waiting(request)
        and (not opt_in or getattr(request, "lms_keep_page", False))
    ):
        blob = (response["Content-Type"], zlib.compress(html.encode(), 1))
        try:
            cache.set(key, blob, timeout=KEEP_SECONDS)
        except Exception:
            logger.warning("page not kept: cache unavailable", exc_info=True)
    response.content = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return response


def cached_page(view):
    """A function view whose GET answer is kept per person (see the module's docstring)."""
    name = f"{view.__module__}.{view.__qualname__}"

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return respond(request, name, lambda: view(request, *args, **kwargs))

    return wrapper
