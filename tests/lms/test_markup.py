"""Markdown people write is rendered without anything that could run in a reader's browser."""

import threading

import pytest

from lms.markup import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "[x](&#106;avascript:alert(1))",
    '<object data="javascript:alert(1)"></object>',
    "<form action=javascript:alert(1)><button>x</button></form>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_is_rendered_harmless(payload):
    html = render_markdown(f"Vores svar\n\n{payload}\n").lower()
    for dangerous in ("<script", "onerror", "onload", "onclick", "javascript:", "<iframe",
                      "<svg", "<style", "style=", "<object", "<form", "data:text"):  # fmt: skip
        assert dangerous not in html, (payload, html)


def test_markdown_still_renders_formatting_and_safe_links():
    html = render_markdown("**Fed** og [EMU](https://emu.dk)\n\n- et\n- to")
    assert "<strong>Fed</strong>" in html
    assert '<a href="https://emu.dk" rel="nofollow noopener noreferrer">EMU</a>' in html
    assert "<li>et</li>" in html


def test_rendering_from_many_threads_at_once_gives_the_same_html():
    """gunicorn's threads render answers at the same time; bleach's parsers are not thread-safe."""
    text = "\n\n".join(
        f"## Del {n}\n\n- **punkt** med [link](https://example.org/{n})\n- `kode`\n\n"
        f"> citat <script>alert({n})</script> https://example.org/x{n}"
        for n in range(30)
    )
    expected = str(render_markdown(text))
    start = threading.Barrier(8)
    results, failures = [], []

    def render_often():
        start.wait()
        for _ in range(15):
            try:
                results.append(str(render_markdown(text)))
            except Exception as error:  # noqa: BLE001 - the failure is what is counted
                failures.append(repr(error))

    threads = [threading.Thread(target=render_often) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert set(results) == {expected}


def test_nothing_carries_over_from_one_text_to_the_next():
    """Each thread reuses one Markdown converter: footnotes and abbreviations of one answer
    never show up in the next."""
    first = render_markdown("Svar[^1] om HTML\n\n[^1]: en note\n\n*[HTML]: Hyper Text")
    assert "en note" in first
    second = render_markdown("Et andet svar om HTML")
    assert "en note" not in second and "Hyper Text" not in second
    assert str(second) == "<p>Et andet svar om HTML</p>"


def test_a_text_rendered_again_is_kept_and_a_long_one_is_not():
    from lms import markup

    text = "Vi **prøvede** feedback i tre uger <script>alert(1)</script>"
    first = render_markdown(text)
    before = markup._rendered_and_kept.cache_info()
    again = render_markdown(text)
    after = markup._rendered_and_kept.cache_info()
    assert again == first and "<script" not in again and "<strong>prøvede</strong>" in again
    assert after.hits == before.hits + 1
    long_text = "Et langt svar. " * (markup.LONGEST_KEPT // 10)
    assert render_markdown(long_text).startswith("<p>Et langt svar.")
    assert markup._rendered_and_kept.cache_info().currsize == after.currsize
