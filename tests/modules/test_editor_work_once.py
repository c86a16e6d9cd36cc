"""Opening a module in the page editor packs the StreamField's block definitions once per process
and language (lms.warmup), and a worker's warm-up does it, the URLconf and the templates ahead."""

from __future__ import annotations

from django.template import engines
from django.urls import reverse
from django.utils import translation
from wagtail.blocks.base import BlockWidget

from lms import warmup
from modules.models import ModulePage


def test_the_block_definitions_are_packed_once_per_language(
    client_for, programme, content, monkeypatch
):
    warmup._packed.clear()
    packed = []
    original = warmup._original_build_block_json

    def counting(widget):
        packed.append((type(widget.block_def).__name__, translation.get_language()))
        original(widget)

    monkeypatch.setattr(warmup, "_original_build_block_json", counting)
    author = programme.people["author"]
    author.is_superuser = True
    author.save()
    client = client_for(author)
    url = reverse("wagtailadmin_pages:edit", args=[content.module.pk])
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert [name for name, _language in packed] == ["ModuleBodyBlock"]
    # The same definitions, from the process, in the second editor as in the first.
    assert b"data-w-block-data-value" in second.content
    assert (
        first.content.count(b"wagtail.blocks.StreamBlock")
        == second.content.count(b"wagtail.blocks.StreamBlock")
        >= 1
    )


def test_each_language_gets_its_own_definitions():
    warmup._packed.clear()
    body = ModulePage._meta.get_field("body").stream_block
    with translation.override("da"):
        danish = BlockWidget(body).block_json
    with translation.override("en"):
        english = BlockWidget(body).block_json
    assert danish != english
    with translation.override("da"):
        assert BlockWidget(body).block_json == danish


def test_warming_up_compiles_templates_and_packs_the_blocks(monkeypatch):
    warmup._packed.clear()
    warmup.warm()
    assert {language for _id, language in warmup._packed} == {"da", "en"}
    names = warmup._template_names()
    assert "wagtailadmin/pages/edit.html" in names and "base.html" in names
    assert not any(name.startswith("admin/") for name in names)
    engine = engines["django"].engine
    assert engine.get_template("base.html") is engine.get_template("base.html")


def test_warming_up_never_fails_the_worker(monkeypatch):
    def broken():
        raise RuntimeError("no templates today")

    monkeypatch.setattr(warmup, "_compile_templates", broken)
    warmup.warm()  # logs, does not raise


def test_gunicorn_warms_each_worker():
    import runpy
    from pathlib import Path

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    assert callable(config["when_ready"])
