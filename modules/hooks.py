"""Where the floors above plug into modules, through Wagtail's hook registry.

Modules know what a module is, not who takes it: a school's package choice (an app above) decides
which team takes which module and when. That app registers a function under `ENROLMENTS`:

    @hooks.register(ENROLMENTS)
    def package_enrolments(*, team_ids=None, institution_ids=None, due_dates=None):
        return [Enrolment(...), ...]

Each argument left as None means "no limit". Everyone reads enrolments through
`modules.selectors.enrolments`, which asks every registered function.

A module assignment's page offers what a reader can do with it (e.g. "Your team's hand-in"):
an app registers `fn(request, page) -> list[PageAction]` under `ASSIGNMENT_ACTIONS`.

Who a module or an assignment is written for (teacher teams try it in class; a leadership team
works on its school's plans) is known where the page's package is: an app registers
`fn(page) -> str | None` under `PAGE_AUDIENCE`, returning `AUDIENCE_LEADERSHIP` for a page
written for leadership teams (None: no opinion; the page then speaks to a teacher team).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ENROLMENTS = "modules_enrolments"
ASSIGNMENT_ACTIONS = "modules_assignment_actions"
PAGE_AUDIENCE = "modules_page_audience"
AUDIENCE_LEADERSHIP = "leadership"


@dataclass(frozen=True)
class PageAction:
    label: str
    url: str


@dataclass(frozen=True)
class Enrolment:
    """A team takes a module from `starts_on`, and hands in its assignments by `due_on`."""

    team_id: int
    module_id: int
    starts_on: date
    due_on: date
    label: str = ""  # what the module is taken as part of, e.g. the package's title
    package_code: str = ""
