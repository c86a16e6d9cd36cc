"""Work a web process does once instead of on every request (or on its first requests).

* The Wagtail page editor packs each StreamField's block definitions (every block type, its
  labels and help texts, as telepath JSON for the browser) for every request that shows the
  form: about a fifth of opening a module in the editor. The definitions are the same for every
  request of the process, per language, so the packed JSON is kept per block and language.
* `warm()` runs in the gunicorn master before it forks the workers (gunicorn.conf.py,
  when_ready), so every worker (also one replacing a recycled worker) starts with it done: it loads
  the URLconf with every view module, compiles the templates (the project's, Wagtail's admin,
  allauth's) and packs the block definitions, so no one waits for that on a first request
  (every worker is new after max_requests). The page editor's first opening in a worker took
  seconds.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver
from django.utils import translation
from wagtail.admin.icons import get_icon_sprite_url
from wagtail.blocks.base import BlockWidget

logger = logging.getLogger(__name__)

# (id of the block, language) -> (the block, its JSContext, its JSON). The block is kept so its
# id is never reused by another block while the entry exists.
_packed: dict[tuple[int, str | None], tuple[object, object, str]] = {}
_packed_lock = threading.Lock()
MAX_PACKED = 200  # blocks made on the fly (not a model field's) must not grow this for ever
_original_build_block_json = BlockWidget._build_block_json


def _build_block_json_once(widget: BlockWidget) -> None:
    key = (id(widget.block_def), translation.get_language())
    found = _packed.get(key)
    if found is not None and found[0] is widget.block_def:
        widget._js_context, widget._block_json = found[1], found[2]
        return
    _original_build_block_json(widget)
    with _packed_lock:
        if len(_packed) >= MAX_PACKED:
            _packed.clear()
        _packed[key] = (widget.block_def, widget._js_context, widget._block_json)


def keep_packed_block_definitions() -> None:
    BlockWidget._build_block_json = _build_block_json_once


# Template folders not worth compiling ahead: Django's own admin (programme administrators only).
SKIPPED_FOLDERS = ("admin", "registration")
SUFFIXES = {".html", ".svg", ".txt"}  # pages, Wagtail's icons, e-mails


def _template_names() -> list[str]:
    engine = engines["django"].engine
    names: set[str] = set()
    for folder in [*engine.dirs, *get_app_template_dirs("templates")]:
        for path in Path(folder).rglob("*"):
            name = path.relative_to(folder).as_posix()
            if path.suffix in SUFFIXES and name.split("/", 1)[0] not in SKIPPED_FOLDERS:
                names.add(name)
    return sorted(names)


def _compile_templates() -> int:
    """Every template the pages and the Wagtail admin render, compiled into the cached loader
    (about 800 with the icons: a second or two once, instead of a slow first visit to each
    page)."""
    engine = engines["django"].engine
    compiled = 0
    for name in _template_names():
        try:
            engine.get_template(name)
            compiled += 1
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment needing its context
            continue
    return compiled


def _pack_page_blocks() -> int:
    from wagtail.fields import StreamField  # noqa: PLC0415 - only when warming
    from wagtail.models import get_page_models  # noqa: PLC0415 - the app registry is ready

    packed = 0
    for model in get_page_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for language, _name in _languages():
                    with translation.override(language):
                        BlockWidget(field.stream_block).block_json  # noqa: B018 - packs it
                        packed += 1
    return packed


def _languages():
    from django.conf import settings  # noqa: PLC0415 - read when warming, not at import

    return settings.LANGUAGES


def warm() -> None:
    """Load, compile and pack what the first requests would; never fails the caller."""
    try:
        get_resolver().reverse_dict  # noqa: B018 - imports every view module, reverse() ready
        templates = _compile_templates()
        blocks = _pack_page_blocks()
        get_icon_sprite_url()  # Wagtail's admin hashes its icons once per process
        logger.info("warmed: %s templates, %s block definitions", templates, blocks)
    except Exception:  # warming is an optimisation: a worker that could not still serves
        logger.warning("warming up failed", exc_info=True)
