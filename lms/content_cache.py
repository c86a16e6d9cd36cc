"""Reads of published content that are the same for everyone, kept by each web process until
the content changes.

Only for what does not depend on who asks (the live packages and their indicator weights, the
leadership course in force): nothing a person's rights decide is ever kept here. The content's
version lives in the shared cache (Redis in production), so a publish in one process (or in a
Celery worker's scheduled publishing) is seen by all: saving, publishing, unpublishing, moving or
deleting a Wagtail page changes it, and higher floors call `changed()` for their own models the
kept reads depend on (a leadership course, a package's indicators, a mapping round's date).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "content-version"
T = TypeVar("T")
logger = logging.getLogger(__name__)

_kept: dict[str, tuple[str, object]] = {}
_lock = threading.Lock()


def version() -> str:
    """The content's current version (a fresh one when the cache has none)."""
    return versions([VERSION_KEY])[VERSION_KEY]


def versions(keys: list[str]) -> dict[str, str]:
    """The versions under `keys` in the shared cache, a fresh one made for any it has none of
    (so a version the cache lost reads as changed, never as an old one); `add` keeps a version
    another process made meanwhile."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        made = {key: uuid.uuid4().hex for key in missing}
        if hasattr(cache, "add_many"):  # lms.cache.RedisCache: one round trip, not one a key
            cache.add_many(made, timeout=None)
        else:
            for key, value in made.items():
                cache.add(key, value, timeout=None)
        found.update(cache.get_many(missing))
    return found


def _bump() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the cache away: keep nothing in this process rather than fail the save
        logger.warning("content cache version not changed: cache unavailable", exc_info=True)
    forget()


def changed(*, at_commit: bool = True) -> None:
    """The published content changed: what was kept is read again, in every process. Now (for
    this process and the rest of its transaction) and, `at_commit`, once the transaction
    commits (for the others, which could otherwise keep what they read before the commit)."""
    _bump()
    if at_commit:
        transaction.on_commit(_bump)


def forget() -> None:
    """Drop what this process keeps (tests start from nothing)."""
    with _lock:
        _kept.clear()


def kept(name: str, read: Callable[[], T]) -> T:
    """`read()`, kept until the content changes. `name` must say everything the read depends
    on (a date, say); never anything about the person asking."""
    try:
        current = version()
    except Exception:  # the cache away: read the database, as without this module
        logger.warning("content cache unavailable", exc_info=True)
        return read()
    found = _kept.get(name)
    if found is not None and found[0] == current:
        return found[1]  # type: ignore[return-value]
    value = read()
    with _lock:
        _kept[name] = (current, value)
    return value


@receiver(post_save, dispatch_uid="lms.content_cache.saved")
def _page_saved(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Page):
        changed()


def _page_deleted(sender, **kwargs) -> None:
    changed()


def connect_page_deletes() -> None:
    """A deleted page changes the content too. Connected per page model, not for every model:
    a post_delete receiver for all senders would make every bulk delete fetch its rows."""
    for model in [Page, *get_page_models()]:
        post_delete.connect(
            _page_deleted,
            sender=model,
            dispatch_uid=f"lms.content_cache.deleted.{model._meta.label}",
        )


@receiver(page_published, dispatch_uid="lms.content_cache.published")
@receiver(page_unpublished, dispatch_uid="lms.content_cache.unpublished")
@receiver(post_page_move, dispatch_uid="lms.content_cache.moved")
def _page_published_or_moved(sender, **kwargs) -> None:
    changed()
