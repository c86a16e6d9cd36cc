"""Reading the package catalogue: `packages/` holds COK's packages as Markdown, one folder each.

packages/catalogue.md        the catalogue page; its front matter lists the packages in order
packages/videos.yaml         the videos the modules show, by name
packages/snippets/*.md       text several modules share, used as {{ name }}
packages/<slug>/package.md   a package: front matter, and its introduction as the body
packages/<slug>/<module>.md  a module: front matter (title, kind, module assignments) and
                             its body in fenced blocks, then each assignment's task and hand-in
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from competence_packages.models import CompetencePackage
from modules.models import ModulePage
from profiles_link.models import RespondentGroup

from .files import DataFolder, Record
from .mapping import INDICATORS
from .prose import Fenced, Source, fenced_blocks, paragraphs, plain, read_snippets, rich_text

_READING = re.compile(r"\A\[(?P<title>[^\]]+)\]\((?P<url>\S+)\)\s+(?P<source>.+)\Z")
_OPTION = re.compile(r"\A- \[(?P<mark>[ xX])\] (?P<text>.+)\Z")
_ASSIGNMENT_PARTS = ("task", "hand_in")


@dataclass(frozen=True)
class VideoSpec:
    url: str
    youtube_id: str
    title: str


@dataclass(frozen=True)
class AssignmentSpec:
    slug: str
    title: str
    task: str  # rich text (HTML)
    hand_in: str  # rich text (HTML)
    weeks: int = 3
    file_expected: bool = False


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    title: str
    kind: str  # a ModulePage.Kind value
    body: tuple[tuple[str, dict | str], ...]  # (block type, value) in ModuleBodyBlock's names
    assignments: tuple[AssignmentSpec, ...] = ()


@dataclass(frozen=True)
class PackageSpec:
    slug: str
    code: str
    title: str
    summary: str
    audience: str  # a CompetencePackage.Audience value
    estimated_weeks: int
    intro: str  # rich text (HTML)
    targets: tuple[tuple[str, int], ...]  # (indicator code, weight 1–3)
    modules: tuple[ModuleSpec, ...]


@dataclass(frozen=True)
class CatalogueSpec:
    slug: str
    title: str
    intro: str  # rich text (HTML)
    packages: tuple[PackageSpec, ...]
    videos: tuple[VideoSpec, ...]


def read_catalogue(folder: DataFolder) -> CatalogueSpec | None:
    root = folder.root / "packages"
    read = folder.markdown(root / "catalogue.md")
    videos = _read_videos(folder)
    if read is None:
        return None
    front, body, first_line = read
    snippets = read_snippets(folder, root / "snippets")
    source = Source(folder, front.path, first_line, snippets)
    slug, title = front.text("slug"), front.text("title")
    packages = tuple(
        spec
        for name in front.texts("packages")
        if (spec := _read_package(folder, name, snippets, videos)) is not None
    )
    front.check_keys()
    if slug is None or title is None:
        return None
    intro = rich_text(source, first_line, body)
    return CatalogueSpec(slug, title, intro, packages, tuple(v for v in videos.values() if v))


def _read_videos(folder: DataFolder) -> dict[str, VideoSpec | None]:
    """The videos by name; None for one whose problems are noted already."""
    record = folder.yaml("packages/videos.yaml")
    videos = {}
    for name in record.data if record else ():
        video = record.record(name)
        fields = (video.text("url"), video.text("youtube_id"), video.text("title")) if video else ()
        if video:
            video.check_keys()
        videos[name] = VideoSpec(*fields) if fields and None not in fields else None
    return videos


def _read_package(folder, name: str, snippets, videos) -> PackageSpec | None:
    directory = folder.root / "packages" / name
    read = folder.markdown(directory / "package.md")
    if read is None:
        return None
    front, body, first_line = read
    fields = {
        "code": front.text("code"),
        "title": front.text("title"),
        "summary": front.text("summary"),
        "audience": front.choice("audience", CompetencePackage.Audience.values),
        "estimated_weeks": front.integer("estimated_weeks"),
    }
    targets = _targets(front)
    modules = [
        _read_module(folder, directory, slug, snippets, videos) for slug in front.texts("modules")
    ]
    front.check_keys()
    intro = rich_text(Source(folder, front.path, first_line, snippets), first_line, body)
    if None in fields.values() or None in modules:
        return None
    return PackageSpec(name, intro=intro, targets=targets, modules=tuple(modules), **fields)


def _targets(front: Record) -> tuple[tuple[str, int], ...]:
    targets = []
    codes = {indicator.code for indicator in INDICATORS}
    for code, weight in front.mapping("targets").items():
        if code not in codes:
            front.problem(
                _("%(where)s names the indicator %(value)s; expected one of: %(choices)s.")
                % {
                    "where": front.at("targets"),
                    "value": repr(code),
                    "choices": ", ".join(sorted(codes)),
                }
            )
        elif isinstance(weight, bool) or weight not in (1, 2, 3):
            front.problem(
                _("%(where)s should be a weight of 1, 2 or 3, not %(value)s.")
                % {"where": front.at(f"targets.{code}"), "value": repr(weight)}
            )
        else:
            targets.append((code, weight))
    return tuple(targets)


def _read_module(folder, directory, slug: str, snippets, videos) -> ModuleSpec | None:
    read = folder.markdown(directory / f"{slug}.md")
    if read is None:
        return None
    front, body, first_line = read
    source = Source(folder, front.path, first_line, snippets)
    title = front.text("title")
    kind = front.choice("kind", ModulePage.Kind.values)
    blocks, parts = [], {}  # parts: the assignments' texts, by (assignment slug, "task"/"hand_in")
    for fenced in fenced_blocks(source, body):
        if fenced.kind in _ASSIGNMENT_PARTS:
            parts[(fenced.args[0] if fenced.args else "", fenced.kind)] = fenced
        elif (block := _block(source, fenced, videos)) is not None:
            blocks.append(block)
    records = front.records("assignments", required=False)
    assignments = [_assignment(source, record, parts) for record in records]
    planned = {record.data.get("slug") for record in records}
    for (assignment_slug, part), fenced in parts.items():
        if assignment_slug not in planned:
            source.problem(
                fenced.line,
                _("“::: %(part)s %(slug)s” is for no assignment in the front matter.")
                % {"part": part, "slug": assignment_slug},
            )
    front.check_keys()
    if title is None or kind is None or None in assignments:
        return None
    return ModuleSpec(slug, title, kind, tuple(blocks), tuple(assignments))


def _assignment(source: Source, record: Record, parts: dict) -> AssignmentSpec | None:
    """A module assignment: its front matter, and its task and hand-in from the body."""
    slug, title = record.text("slug"), record.text("title")
    weeks = record.integer("weeks", required=False, default=3)
    file_expected = record.boolean("file_expected")
    record.check_keys()
    if slug is None or title is None:
        return None
    texts = {}
    for part in _ASSIGNMENT_PARTS:
        fenced = parts.get((slug, part))
        if fenced is None:
            record.problem(
                _("%(where)s has no “::: %(part)s %(slug)s” block in the body.")
                % {"where": record.where, "part": part, "slug": slug}
            )
        else:
            texts[part] = rich_text(source, fenced.line, fenced.body)
    if len(texts) < len(_ASSIGNMENT_PARTS):
        return None
    return AssignmentSpec(slug, title, weeks=weeks, file_expected=file_expected, **texts)


# --------------------------------------------------------------------------- body blocks


def _block(source: Source, fenced: Fenced, videos) -> tuple[str, dict | str] | None:
    reader = _READERS.get(fenced.kind)
    if reader is None:
        source.problem(
            fenced.line,
            _("unknown block “%(kind)s”; expected one of: %(choices)s.")
            % {"kind": fenced.kind, "choices": ", ".join([*_READERS, *_ASSIGNMENT_PARTS])},
        )
        return None
    if not fenced.body.strip():
        source.problem(fenced.line, _("the block “%(kind)s” is empty.") % {"kind": fenced.kind})
        return None
    value = reader(source, fenced, videos)
    return None if value is None else (fenced.kind, value)


def _usage(source: Source, fenced: Fenced, usage: str) -> None:
    source.problem(fenced.line, _("write this block as “%(usage)s”.") % {"usage": usage})


def _text(source, fenced, videos) -> str | None:
    if fenced.args:
        return _usage(source, fenced, "::: text")
    return rich_text(source, fenced.line, fenced.body)


def _video(source, fenced, videos) -> dict | None:
    if len(fenced.args) != 1:
        return _usage(source, fenced, "::: video <name in videos.yaml>")
    if fenced.args[0] in videos:
        video = videos[fenced.args[0]]
        return None if video is None else _video_value(video, fenced)
    source.problem(
        fenced.line,
        _("there is no video “%(name)s” in videos.yaml (videos: %(known)s).")
        % {"name": fenced.args[0], "known": ", ".join(videos)},
    )
    return None


def _video_value(video: VideoSpec, fenced: Fenced) -> dict:
    return {"video": video.url, "title": video.title, "transcript": plain(fenced.body)}


def _reading(source, fenced, videos) -> dict | None:
    """[title](link) and the source (author, publisher, year), then why to read it."""
    first, *note = paragraphs(fenced.body)
    match = None if fenced.args else _READING.match(first)
    if match is None:
        source.problem(
            fenced.line,
            _("a reading starts with [title](link) and its source, then a note on why to read it."),
        )
        return None
    return {**match.groupdict(), "note": "\n\n".join(note)}


def _reflection(source, fenced, videos) -> dict | None:
    """The question, then any guidance."""
    if fenced.args:
        return _usage(source, fenced, "::: reflection")
    question, *guidance = paragraphs(fenced.body)
    return {"question": question, "guidance": "\n\n".join(guidance)}


def _discussion(source, fenced, videos) -> dict | None:
    if len(fenced.args) > 1 or not all(arg.isdigit() for arg in fenced.args):
        return _usage(source, fenced, "::: discussion [minutes]")
    minutes = int(fenced.args[0]) if fenced.args else None
    return {"prompt": plain(fenced.body), "minutes": minutes}


def _your_data(source, fenced, videos) -> dict | None:
    if len(fenced.args) != 2:
        return _usage(source, fenced, "::: your_data <indicator> <respondent group>")
    indicator, group = fenced.args
    codes = [spec.code for spec in INDICATORS]
    for value, choices in ((indicator, codes), (group, RespondentGroup.values)):
        if value not in choices:
            source.problem(
                fenced.line,
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(choices)},
            )
            return None
    return {"indicator": indicator, "respondent_group": group, "intro": plain(fenced.body)}


PROFILE_PARTS = ("profile", "weak_areas", "subgroups", "trends")
DATA_CHECKS = ("interval", "subgroup_gap", "change")


def _your_profile(source, fenced, videos) -> dict | None:
    """The reader's school's profile: `::: your_profile [profile|weak_areas|subgroups|trends]`."""
    show = fenced.args[0] if fenced.args else "profile"
    if len(fenced.args) > 1 or show not in PROFILE_PARTS:
        return _usage(source, fenced, "::: your_profile [" + "|".join(PROFILE_PARTS) + "]")
    return {"show": show, "intro": plain(fenced.body)}


def _data_check(source, fenced, videos) -> dict | None:
    """A check on the reader's own numbers: `::: data_check <kind> <respondent group>`."""
    if (
        len(fenced.args) != 2
        or fenced.args[0] not in DATA_CHECKS
        or fenced.args[1] not in RespondentGroup.values
    ):
        return _usage(
            source,
            fenced,
            "::: data_check <"
            + "|".join(DATA_CHECKS)
            + "> <"
            + "|".join(RespondentGroup.values)
            + ">",
        )
    kind, group = fenced.args
    return {"kind": kind, "respondent_group": group, "intro": plain(fenced.body)}


def _check(source, fenced, videos) -> dict | None:
    """A question, then the answers as a task list (`- [x]` marks a right one), each followed
    by its explanation as an indented paragraph."""
    question, options = [], []
    for part in re.split(r"\n\s*\n", fenced.body.strip()):
        words = " ".join(part.split())
        option = _OPTION.match(words)
        if option:
            options.append({"text": option["text"], "correct": option["mark"] != " ", "why": []})
        elif options:
            options[-1]["why"].append(words)
        else:
            question.append(words)
    if (
        fenced.args
        or not question
        or len(options) < 2
        or not any(option["correct"] for option in options)
        or not all(option["why"] for option in options)
    ):
        source.problem(
            fenced.line,
            _(
                "a check is a question, then at least two answers as “- [ ] answer” or "
                "“- [x] right answer”, each followed by an indented explanation."
            ),
        )
        return None
    return {
        "question": "\n\n".join(question),
        "options": [
            {"text": o["text"], "correct": o["correct"], "explanation": "\n\n".join(o["why"])}
            for o in options
        ],
    }


_READERS = {
    "text": _text,
    "video": _video,
    "reading": _reading,
    "reflection": _reflection,
    "check": _check,
    "discussion": _discussion,
    "your_data": _your_data,
    "your_profile": _your_profile,
    "data_check": _data_check,
}
