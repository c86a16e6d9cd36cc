"""Pages kept per person until anything they may show has changed.

A kept page is the HTML one person was shown, found under a key made of what decides it
besides the data: the page and its query string, the person, a digest of their rights, the
language and the day; a kept page is used for a minute at most. With it are kept the *versions
of what it was drawn from*: every table the request read (seen on the database connection, not
listed page by page), in each municipality the person's places lie in, plus the published
content's version. The page is used again only while all of those versions are unchanged; it is
never shared between people. The one exception is a page for people not logged in
(`cached_page(visitors=True)`, the login page): they all have the same rights, none, and share one
kept page, which any write anywhere renews.

Versions change by writes, seen where they happen: every statement that writes (INSERT,
UPDATE, DELETE, COPY ... FROM STDIN) on a database connection is noticed with its table.

- A request that wrote changes, once its work is committed, the versions of the tables it wrote
  in the municipalities of the person who made it (for everyone, where the writer has
  programme roles or no places); people with programme roles see every municipality's.
- A Celery task that wrote changes the versions of the tables it wrote, for everyone.
- Anything else that wrote (a management command, a test) changes everything before this
  process serves its next page, and when the process exits.

So a hand-in saved in one school leaves the module pages kept (they read no hand-ins), and a
write in one municipality leaves the pages of the others kept.

Writes nobody is shown on a kept page change nothing (sessions, the time of a login, the mail
outbox and log, the access record). A request that wrote anything at all is never kept, so a
page that records its own viewing (an access record, "read") keeps doing so.

Drafts are apart. Some rows hold a draft beside what others are shown (a team's answer still
being written, a reviewer's feedback before it is released): their models are named with
`has_drafts()`, and a write made inside `writing_drafts()` that changes nothing but a draft's
text changes the versions of "<table>~draft" only. Every page depends on those too, except one
that shows no draft (`cached_page(shows_drafts=False)`, the review queue): so a team typing
leaves its reviewers' queues kept.

What is never kept: anything but a GET of a person's page answered 200 with HTML, a page whose
view changed the session or left a message. The CSRF token in a kept page is put in fresh for
each request, and so are the person's messages waiting ("Draft saved." after a save): a page is
drawn with placeholders for both, so a message waiting does not make the next page be drawn.
`@cached_page` (a view) and `respond()` (a Wagtail page's serve) are the two doors; the kept
pages live in the shared cache (Redis), and are off where the cache is not shared between
processes (settings.LMS_PAGE_CACHE).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import logging
import random
import re
import threading
import time
import uuid
import zlib

from celery.signals import task_postrun, task_prerun
from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone

from . import content_cache
from .roles import forget_held_roles, held_roles, tables_of_roles

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "lms-kept-page-csrf-token-placeholder"
# Where the messages go (templates/includes/messages.html): a comment, so no page shows it.
MESSAGES_PLACEHOLDER = "<!--lms-kept-page-messages-->"
MESSAGES_TEMPLATE = "includes/messages.html"
ALL_KEY = "page-version:all"
# What a page shows may depend on the clock (overdue, due today): a kept page is used for under
# a minute after it was drawn (each its own share of it, from 3/4 up), and a new day makes a new
# key. So pages drawn together (after a restart, say) are not all drawn again together, nor all
# pages when the clock's minute turns.
MINUTE = 60
KEEP_SECONDS = 2 * MINUTE
# The scopes of a table's versions: one per municipality ("m<pk>"), "wide" for writes that may
# show anywhere (programme roles, no places, Celery tasks) and "any" for every write (what people
# with programme roles, who see every municipality, are shown).
WIDE, ANY = "wide", "any"

# Tables whose rows no kept page shows.
UNSEEN_TABLES = frozenset(
    {"django_session", "lms_notificationoutbox", "lms_notificationlog", "lms_accessrecord"}
)
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY)\s+"?([\w.]+)"?', re.IGNORECASE)
COPY_IN = re.compile(r"\s*COPY\s.*\sFROM\s+STDIN\b", re.IGNORECASE | re.DOTALL)
# Every table a SELECT names (Django quotes them; raw SQL may not).
READ = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_]\w*)"?', re.IGNORECASE)
# A draft's own versions: "<table>~draft" (see the module's docstring).
DRAFT_SUFFIX = "~draft"
LOGIN_TIME = re.compile(r'\s*UPDATE\s+"?lms_user"?\s+SET\s+"?last_login"?\s*=\s*\S+\s+WHERE', re.I)


class _Watch(threading.local):
    def __init__(self) -> None:
        self.contexts: list[dict] = []  # the request or task this thread works on, innermost last


_watch = _Watch()
_written_outside = threading.Event()
_exit_bump_registered = False
_tables_read_by: dict[str, frozenset[str]] = {}  # a SELECT's text -> the tables it names
_tables_of_page: dict[str, frozenset[str]] = {}  # a page's name -> the tables it was seen to read
_tables_with_drafts: set[str] = set()  # has_drafts()


def enabled() -> bool:
    return getattr(settings, "LMS_PAGE_CACHE", False)


# --------------------------------------------------------------------------- noticing writes


def _notice(execute, sql, params, many, context):
    head = sql.lstrip()[:6].upper()
    if head in ("INSERT", "UPDATE", "DELETE") or (head.startswith("COPY") and COPY_IN.match(sql)):
        _noticed(sql)
    elif _watch.contexts and head.startswith(("SELECT", "WITH")):
        reads = _watch.contexts[-1]["reads"]
        if reads is not None:
            reads.update(_tables_in(sql))
    return execute(sql, params, many, context)


def _tables_in(sql: str) -> frozenset[str]:
    found = _tables_read_by.get(sql)
    if found is None:
        if len(_tables_read_by) > 20_000:  # the texts are few (parameters are apart): a bound
            _tables_read_by.clear()
        found = _tables_read_by[sql] = frozenset(t.lower() for t in READ.findall(sql))
    return found


def _noticed(sql: str) -> None:
    match = WRITE.match(sql)
    table = match.group(1).lower() if match else ""
    shown = table not in UNSEEN_TABLES and not LOGIN_TIME.match(sql)
    if _watch.contexts:
        current = _watch.contexts[-1]
        current["wrote"] = True
        if shown:
            if current["drafting"] and table in _tables_with_drafts:
                table += DRAFT_SUFFIX
            # A write whose table is not known changes every table's versions.
            current["tables"].add(table or "*")
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
    context = {"kind": kind, "wrote": False, "tables": set(), "wide": kind == "task", "drafting": 0,
               "reads": set() if kind == "request" and enabled() else None}  # fmt: skip
    _watch.contexts.append(context)
    return context


def _leave(context: dict) -> None:
    # By identity: two contexts of the same kind compare equal as dicts.
    _watch.contexts[:] = [other for other in _watch.contexts if other is not context]
    if _watch.contexts and context["wrote"]:  # a task run inside a request (eager, in tests)
        outer = _watch.contexts[-1]
        outer["wrote"] = True
        outer["tables"] |= context["tables"]
        outer["wide"] = outer["wide"] or context["wide"]


def has_drafts(model) -> None:
    """`model`'s rows may hold a draft that only its writers see (called in an app's ready())."""
    _tables_with_drafts.add(model._meta.db_table.lower())


@contextlib.contextmanager
def writing_drafts():
    """The writes inside change only a draft's text (of a model named with `has_drafts()`):
    pages that show no drafts are used again after them. Anything else written inside, such as
    a status, must not be: write it outside."""
    context = _watch.contexts[-1] if _watch.contexts else None
    if context is None:  # not a request or task: everything changes anyway
        yield
        return
    context["drafting"] += 1
    try:
        yield
    finally:
        context["drafting"] -= 1


# --------------------------------------------------------------------------- versions


def _version_key(table: str, scope: str) -> str:
    return f"page-version:{table}:{scope}"


def _version_keys(tables, scopes: list[str], *, shows_drafts: bool) -> list[str]:
    """The versions a page drawn from `tables` depends on, for a reader with these scopes."""
    names = []
    for table in sorted(tables):
        names.append(table)
        if shows_drafts and table in _tables_with_drafts:
            names.append(table + DRAFT_SUFFIX)
    return [_version_key(name, scope) for name in names for scope in scopes]


def _reader_scopes(user) -> list[str]:
    """The scopes of the writes that may change what the person is shown."""
    if not user.is_authenticated:  # a visitor's page (the login page): any write anywhere
        return [ANY]
    roles = held_roles(user)
    if roles.programme:
        return [ANY]
    return [*(f"m{pk}" for pk in sorted(roles.municipality_ids)), WIDE]


def _writer_scopes(user, tables: set[str]) -> list[str]:
    """The scopes the person's writes may show in: where their places were or now are."""
    if not getattr(user, "is_authenticated", False):
        return [WIDE, ANY]
    before = held_roles(user)
    if tables & tables_of_roles():
        forget_held_roles(user)  # the write may have changed the person's own places
    after = held_roles(user)
    places = before.municipality_ids | after.municipality_ids
    if before.programme or after.programme or not places:
        return [WIDE, ANY]
    return [*(f"m{pk}" for pk in sorted(places)), ANY]


def _bump(keys: list[str]) -> None:
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
    except Exception:  # the cache away: nothing is kept meanwhile either (respond() reads it)
        logger.warning("kept pages not renewed: cache unavailable", exc_info=True)


def bump_all() -> None:
    """Everything may have changed: no kept page is used again."""
    _bump([ALL_KEY])


def _bump_written(context: dict, user=None) -> None:
    tables = context["tables"]
    if "*" in tables:
        bump_all()
        return
    scopes = [WIDE, ANY] if context["wide"] or user is None else _writer_scopes(user, tables)
    _bump([_version_key(table, scope) for table in sorted(tables) for scope in scopes])


@receiver(setting_changed, dispatch_uid="lms.page_cache.settings")
def _settings_changed(**kwargs) -> None:
    # A page may show what a setting decides (the login page's UNI-Login button): in tests,
    # where settings change while the process runs, no page drawn before is used again.
    bump_all()


def _bump_outside_writes() -> None:
    if _written_outside.is_set():
        _written_outside.clear()
        bump_all()


@functools.cache
def _model_tables() -> frozenset[str]:
    """Every table of an installed model: the versions read before a page is drawn."""
    tables = {model._meta.db_table.lower() for model in apps.get_models(include_auto_created=True)}
    return frozenset(tables - UNSEEN_TABLES)


def _known(tables: frozenset[str], expected: frozenset[str]) -> bool:
    unknown = tables - expected
    if unknown - _model_tables():
        logger.info("page not kept: it read tables of no model (%s)", ", ".join(sorted(unknown)))
    return not unknown


# --------------------------------------------------------------------------- the middleware


class PageCacheMiddleware:
    """Notices the reads and writes of each request and, once the view's work is committed,
    changes the versions of what it wrote. Placed after the authentication middleware."""

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
        if context["tables"]:
            _bump_written(context, getattr(request, "user", None))
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
    if context["tables"] and not _watch.contexts:  # else the request it ran in bumps them
        _bump_written(context)


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
        str(user.pk) if user.is_authenticated else "visitor",
        _rights(user) if user.is_authenticated else "",
        getattr(request, "LANGUAGE_CODE", ""),
        timezone.localdate().isoformat(),
    ]
    return "kept-page:2:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _messages_state(request) -> tuple[int, bool]:
    """How many messages wait, and whether anything has shown them yet."""
    storage = getattr(request, "_messages", None)
    if storage is None:
        return (0, False)
    return (len(storage), storage.used)


def _filled(html: str, request) -> str:
    """A drawn or kept page as this request is answered: its own CSRF token, and the messages
    waiting for the person, shown (and so used up) here."""
    html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    if MESSAGES_PLACEHOLDER in html:
        shown = ""
        if _messages_state(request)[0]:
            shown = render_to_string(MESSAGES_TEMPLATE, {"messages": get_messages(request)})
        html = html.replace(MESSAGES_PLACEHOLDER, shown, 1)
    return html


def _keepable(request, *, visitors: bool = False) -> bool:
    """A GET of a person's page; with `visitors`, of a page for people not logged in (one kept
    page for them all: they have the same rights, none)."""
    user = getattr(request, "user", None)
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)  # an author's unsaved draft
        and user is not None
        and user.is_authenticated != visitors
        and bool(_watch.contexts)  # the middleware watches this request's reads and writes
        and _watch.contexts[-1]["reads"] is not None
    )


def keep_this_page(request) -> None:
    """Called by a Wagtail page's serve(): this page may be kept (see `respond(opt_in=True)`)."""
    request.lms_keep_page = True


def _versions_as_kept(versions: dict[str, str]) -> tuple:
    """What a kept page compares its versions by: on Redis (lms.cache), the stored keys and
    bytes, read back in one MGET with nothing unpickled; else the versions themselves."""
    if hasattr(cache, "raw_get_many"):
        return (cache.raw_keys(list(versions)), [cache.stored_form(v) for v in versions.values()])
    return (None, versions)


def _still_current(kept_versions: tuple) -> bool:
    raw_keys, expected = kept_versions
    if raw_keys is None:
        return cache.get_many(list(expected)) == expected
    return cache.raw_get_many(raw_keys) == expected


def respond(
    request,
    name: str,
    render,
    *,
    opt_in: bool = False,
    shows_drafts: bool = True,
    visitors: bool = False,
) -> HttpResponse:
    """`render()`'s response, or the one kept for this person and page when nothing it was
    drawn from has changed since. `name` names the page (a view, or the Wagtail tree). With
    `opt_in`, an answer is kept only where what drew it called `keep_this_page()` (a Wagtail page
    type that wants it), and a kept one is found before routing and Wagtail's checks: it was drawn
    after them, for the same person with the same rights, and nothing has changed since.
    Without `shows_drafts`, the page is used again after writes of drafts (`writing_drafts()`).
    With `visitors`, the page is kept for people who are not logged in, and only for them."""
    if not _keepable(request, visitors=visitors):
        return render()
    try:
        key = _key(request, name)
        kept = cache.get(key)
        if kept is not None and time.time() < kept[3] and _still_current(kept[2]):
            content_type, body, _versions, _used_until = kept
            return HttpResponse(_filled(zlib.decompress(body).decode(), request), content_type)
        # Read before drawing: a write committed meanwhile then shows as a change. The tables
        # this page read before, once this process has drawn it; every model's the first time.
        scopes = _reader_scopes(request.user)
        expected = _tables_of_page.get(name) or _model_tables()
        before = content_cache.versions(
            [ALL_KEY, content_cache.VERSION_KEY]
            + _version_keys(expected, scopes, shows_drafts=shows_drafts)
        )
    except Exception:  # the cache away: render as if nothing were kept
        logger.warning("kept pages unavailable", exc_info=True)
        return render()
    watch = _watch.contexts[-1]
    drawn_at = time.time()
    session = getattr(request, "session", None)
    session_modified = getattr(session, "modified", False)
    messages_before = _messages_state(request)
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
    read = watch["reads"] - UNSEEN_TABLES
    _tables_of_page[name] = _tables_of_page.get(name, frozenset()) | read
    if (
        response.status_code == 200
        and not watch["wrote"]  # a page that records its viewing must keep doing so
        and getattr(session, "modified", False) == session_modified
        # A message the view left, or showed itself, is this one request's: not kept.
        and _messages_state(request) == messages_before
        and (not opt_in or getattr(request, "lms_keep_page", False))
        and _known(read, expected)  # a table whose versions were not read before: not kept
    ):
        keys = [ALL_KEY, content_cache.VERSION_KEY]
        keys += _version_keys(read, scopes, shows_drafts=shows_drafts)
        versions = _versions_as_kept({k: before[k] for k in keys})
        used_until = drawn_at + MINUTE * random.uniform(0.75, 1.0)  # noqa: S311 - not a secret
        blob = (response["Content-Type"], zlib.compress(html.encode(), 1), versions, used_until)
        try:
            cache.set(key, blob, timeout=KEEP_SECONDS)
        except Exception:
            logger.warning("page not kept: cache unavailable", exc_info=True)
    response.content = _filled(html, request)
    return response


def cached_page(view=None, *, shows_drafts: bool = True, visitors: bool = False):
    """A function view whose GET answer is kept per person (see the module's docstring):
    `@cached_page`, or `@cached_page(shows_drafts=False)` for a page that shows no drafts, or
    `cached_page(view, visitors=True)` for a page kept once for everyone not logged in (the
    login page: asked for before every login, and the same for them all but its CSRF token,
    which is put in fresh); a logged-in person's answer to it is drawn."""
    if view is None:
        return functools.partial(cached_page, shows_drafts=shows_drafts, visitors=visitors)
    name = f"{view.__module__}.{view.__qualname__}"

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return respond(
            request,
            name,
            lambda: view(request, *args, **kwargs),
            shows_drafts=shows_drafts,
            visitors=visitors,
        )

    return wrapper
