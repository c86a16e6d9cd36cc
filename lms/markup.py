"""Markdown that people write (answers, feedback, replies), rendered to safe HTML.

Markdown is rendered first, then bleach keeps only an allow-list of tags and attributes, so
scripts, event handlers, styles and `javascript:`/`data:` links never reach the page.
"""

from __future__ import annotations

import functools
import threading

import bleach
import markdown
from bleach.linkifier import Linker
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
        "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "th": ["scope"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def _external_links(attrs, new=False):
    # Links people write open nothing with our page's privileges.
    attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


# bleach's cleaner and linker keep parser state between calls and are not thread-safe
# (gunicorn's threads render at the same time): each thread builds its own pair once.
_per_thread = threading.local()


def _cleaner_and_linker() -> tuple[bleach.Cleaner, Linker]:
    if not hasattr(_per_thread, "pair"):
        _per_thread.pair = (
            bleach.Cleaner(
                tags=ALLOWED_TAGS,
                attributes=ALLOWED_ATTRIBUTES,
                protocols=ALLOWED_PROTOCOLS,
                strip=True,
                strip_comments=True,
            ),
            Linker(callbacks=[_external_links], skip_tags={"pre", "code"}),
        )
    return _per_thread.pair


def _markdown() -> markdown.Markdown:
    """The thread's Markdown converter: building one loads its extensions (about half the cost
    of converting a short text), so each thread builds one once and resets it for every text."""
    if not hasattr(_per_thread, "markdown"):
        _per_thread.markdown = markdown.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return _per_thread.markdown


# The same texts are drawn again and again (a submission's answer on its page, on each reviewer's
# task page, in each version): rendering one took 2-5 ms. A text's HTML depends on nothing but
# the text, so the last ones rendered are kept, as long as they are not long.
KEPT_TEXTS = 256
LONGEST_KEPT = 20_000


def render_markdown(text: str) -> SafeString:
    """Safe HTML for `text`. Raw HTML in the input is stripped, never passed through."""
    text = text or ""
    if len(text) > LONGEST_KEPT:
        return _rendered(text)
    return _rendered_and_kept(text)


def _rendered(text: str) -> SafeString:
    converter = _markdown()
    converter.reset()  # nothing (footnotes, abbreviations) carries over from the last text
    html = converter.convert(text)
    cleaner, linker = _cleaner_and_linker()
    return mark_safe(linker.linkify(cleaner.clean(html)))  # noqa: S308 - cleaned above


_rendered_and_kept = functools.lru_cache(maxsize=KEPT_TEXTS)(_rendered)
