"""Opening a module in Wagtail's page editor (issue 14: within 1 s): a content author opens the
module "Feedback der flytter læring" on the freshly started production stack, once (the first
open a worker serves) and then `count` times more, one request at a time."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from .people import MODULE_SLUG, People

AUTHOR = "cok@demo.dk"
EDITOR_GOAL_SECONDS = 1.0
# What only the editor's form of a module holds: the packed StreamField of its body.
EDITOR_MARK = "data-w-block-data-value"


@dataclass
class EditorTimes:
    path: str
    first: float
    times: list[float]
    problem: str = ""

    @property
    def p50(self) -> float:
        return statistics.median(self.times) if self.times else 0.0

    @property
    def slowest(self) -> float:
        return max([self.first, *self.times])

    @property
    def met(self) -> bool:
        return not self.problem and self.slowest <= EDITOR_GOAL_SECONDS

    def line(self) -> str:
        if self.problem:
            return f"Page editor (content author, {self.path}): {self.problem}: **fail**."
        return (
            f"Page editor (a content author opens the module {MODULE_SLUG.split('/')[1]} in "
            f"`{self.path}`, one request at a time): first open {self.first:.2f} s, then p50 "
            f"{self.p50:.2f} s over {len(self.times)}, slowest {self.slowest:.2f} s: "
            f"**{'pass' if self.met else 'fail'}** (every open ≤ {EDITOR_GOAL_SECONDS:g} s)."
        )


def module_page_id(stack) -> int:
    found = stack.manage(
        "shell",
        "-c",
        "from modules.models import ModulePage; "
        f"print(ModulePage.objects.get(url_path__endswith='/{MODULE_SLUG}').pk)",
    )
    return int(found.strip().splitlines()[-1])


def measure(people: People, page_id: int, *, count: int = 10) -> EditorTimes:
    author = people[AUTHOR]
    path = f"/cms/pages/{page_id}/edit/"
    times = []
    for _attempt in range(count + 1):
        started = time.perf_counter()
        response = author.get(path, allow_redirects=False)
        took = time.perf_counter() - started
        if response.status_code != 200 or EDITOR_MARK not in response.text:
            return EditorTimes(path, took, [], f"answers {response.status_code} without the editor")
        times.append(took)
    return EditorTimes(path, times[0], times[1:])
