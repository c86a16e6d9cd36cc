"""The Markdown of the demo's texts: fenced blocks, rich text and plain text.

A module's body is a sequence of fenced blocks (pandoc's "fenced divs"):

    ::: discussion 30
    What the team discusses, for about 30 minutes.
    :::

Rich text (`::: text`, a task, an introduction) is Markdown, stored as the compact HTML that
Wagtail's rich text editor keeps. Plain fields (a question, a transcript) keep their words, a
paragraph's lines joined by spaces. `{{ name }}` stands for the snippet `snippets/<name>.md`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from django.utils.translation import gettext as _

from .files import DataFolder

_OPEN = re.compile(r"\A:::\s*([A-Za-z_][\w-]*)((?:\s+\S+)*)\s*\Z")
_CLOSE = re.compile(r"\A:::\s*\Z")
_SNIPPET = re.compile(r"\{\{\s*([\w-]+)\s*\}\}")
# Python-Markdown puts a line break around each block element; Wagtail stores none.
_BLOCK_BREAKS = re.compile(r"\s*(</?(?:p|ol|ul|li|h[1-6]|blockquote)>)\s*")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


@dataclass
class Fenced:
    """One fenced block: `::: kind args` … `:::`, and the line it opens on."""

    kind: str
    args: list[str]
    body: str
    line: int


@dataclass
class Source:
    """A Markdown file being read: where its body starts, and the snippets it may use."""

    folder: DataFolder
    path: Path
    first_line: int = 1
    snippets: dict[str, str] = field(default_factory=dict)

    def problem(self, line: int, message: str) -> None:
        self.folder.add(
            self.path, _("line %(line)s: %(problem)s") % {"line": line, "problem": message}
        )


def fenced_blocks(source: Source, body: str) -> list[Fenced]:
    """The fenced blocks of `body`, in order; anything outside a block is a problem."""
    found: list[Fenced] = []
    current: Fenced | None = None
    lines: list[str] = []
    for number, line in enumerate(body.splitlines(), start=source.first_line):
        if current is None:
            opening = _OPEN.match(line)
            if opening:
                current, lines = Fenced(opening[1], opening[2].split(), "", number), []
            elif line.strip():
                source.problem(number, _("text outside a block (blocks open with ::: and a kind)."))
                return found
        elif _CLOSE.match(line):
            current.body = "\n".join(lines).strip("\n")
            found.append(current)
            current = None
        else:
            lines.append(line)
    if current is not None:
        source.problem(
            current.line, _("the block “%(kind)s” is not closed with :::.") % {"kind": current.kind}
        )
    return found


def paragraphs(text: str) -> list[str]:
    """The paragraphs of `text`, each one line: its lines stripped and joined by spaces."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


def plain(text: str) -> str:
    return "\n\n".join(paragraphs(text))


def with_snippets(source: Source, line: int, text: str) -> str:
    def snippet(match: re.Match) -> str:
        name = match[1]
        if name not in source.snippets:
            source.problem(
                line,
                _("there is no snippet “%(name)s” (snippets: %(known)s).")
                % {"name": name, "known": ", ".join(sorted(source.snippets))},
            )
            return ""
        return source.snippets[name].strip("\n")

    return _SNIPPET.sub(snippet, text)


def rich_text(source: Source, line: int, text: str) -> str:
    """Markdown as the HTML Wagtail's rich text keeps: no line breaks between elements."""
    html = markdown.markdown(with_snippets(source, line, text), output_format="html")
    return _LINE_BREAK.sub(" ", _BLOCK_BREAKS.sub(r"\1", html))


def read_snippets(folder: DataFolder, directory: Path) -> dict[str, str]:
    snippets = {}
    for path in sorted(directory.glob("*.md")):
        text = folder.text(path)
        if text is not None:
            snippets[path.stem] = text
    return snippets
