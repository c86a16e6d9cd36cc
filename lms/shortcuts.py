"""What nearly every view does first: load the object it is about and check who may see it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

T = TypeVar("T")


def permitted_or_404(
    user, load: Callable[[], T], may: Callable[[object, T], bool], *, hide: bool = False
) -> T:
    """`load()`'s object when `may(user, obj)`: 404 when it does not exist; 403 when the person
    may not see it, or 404 with `hide` (so an id tells nothing about another team's work)."""
    try:
        obj = load()
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    if not may(user, obj):
        raise Http404 if hide else PermissionDenied
    return obj


def id_or_none(value) -> int | None:
    """A database id typed in a form or a URL's query: ASCII digits only, else None.

    (`str.isdigit()` accepts "²", which `int()` and the database refuse with a server error.)"""
    text = str(value or "").strip()
    if not text or len(text) > 18 or not all("0" <= char <= "9" for char in text):
        return None
    return int(text)
