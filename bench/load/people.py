"""The demo's people, logged in over HTTP, and the pages and forms each of them works on.

Everything is found the way a person finds it: from the links on the pages they are shown, so
the suite follows the product's URLs instead of guessing ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import requests

PASSWORD = "demo1234"  # noqa: S105 - the demo's published password (README)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION_INPUT = re.compile(r'name="revision" value="(\d+)"')

LEADER = "leder@demo.dk"
LEADER_SCHOOL = "773001"  # Aars Skole
TEACHER = "laerer@demo.dk"
RESOURCE = "ressourceperson@demo.dk"
COORDINATOR = "forvaltning@demo.dk"
COORDINATOR_MUNICIPALITY = "820"  # Vesthimmerland
# The module page of the table: "Feedback og klasseledelse", its first module.
MODULE_SLUG = "feedback-og-klasseledelse/feedback-der-flytter-laering/"

# The mixed scenario's people, by what they do.
TEACHERS = ["laerer@demo.dk", "teamkoordinator@demo.dk", "laerer.hedensted@demo.dk"]
REVIEWERS = ["ressourceperson@demo.dk", "leder@demo.dk", "vejleder.logstor@demo.dk",
             "leder.hedensted@demo.dk"]  # fmt: skip
LEADERS = {"leder@demo.dk": "773001", "leder.hedensted@demo.dk": "615001",
           "leder.logstor@demo.dk": "773002"}  # fmt: skip
WRITERS = ["ressourceperson@demo.dk", "vejleder.logstor@demo.dk", "leder.hedensted@demo.dk"]


@dataclass
class Person:
    email: str
    cookie: str  # the Cookie header: session and CSRF cookies
    csrf: str  # a form token of the logged-in session, for X-CSRFToken
    base: str
    http: requests.Session = field(repr=False, default_factory=requests.Session)

    def get(self, path: str, *, allow_redirects: bool = True) -> requests.Response:
        """GET as this person; redirects are followed here, with the person's cookies (requests
        would follow them with its own cookie jar, which is kept empty)."""
        for _hop in range(5):
            response = self.http.get(self.base + path, headers={"Cookie": self.cookie},
                                     timeout=60, allow_redirects=False)  # fmt: skip
            self.http.cookies.clear()
            location = response.headers.get("Location", "")
            if not allow_redirects or response.status_code not in (301, 302, 303, 307, 308):
                return response
            path = location.removeprefix(self.base)
        return response

    def html(self, path: str) -> str:
        response = self.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{self.email}: GET {path} answered {response.status_code}")
        return response.text

    def links(self, path: str, pattern: str) -> list[str]:
        return sorted(set(re.findall(f'href="({pattern})"', self.html(path))))


def log_in(base: str, email: str) -> Person:
    http = requests.Session()
    page = http.get(f"{base}/accounts/login/", timeout=60)
    token = CSRF_INPUT.search(page.text).group(1)
    response = http.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=60,
    )
    if response.status_code != 200 or "/accounts/login/" in response.url:
        raise RuntimeError(f"could not log in as {email} ({response.status_code})")
    token = CSRF_INPUT.search(response.text)  # Mit overblik has forms (the language switch)
    cookies = http.cookies.get_dict()
    cookie = "; ".join(f"{k}={v}" for k, v in sorted(cookies.items()))
    person = Person(email, cookie, token.group(1) if token else cookies.get("csrftoken", ""), base)
    return person


class People:
    """Logged-in people, each logged in once per run."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.known: dict[str, Person] = {}

    def __getitem__(self, email: str) -> Person:
        if email not in self.known:
            self.known[email] = log_in(self.base, email)
        return self.known[email]


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    cookie: str  # empty: anonymous
    goal: float
    goal_note: str = ""  # why a goal not in the table is what it is


def team_pages(person: Person) -> list[str]:
    found = person.links("/", r"/opgaver/team/\d+/")
    return found or person.links("/moduler/", r"/opgaver/team/\d+/")


def table_pages(people: People) -> list[Page]:
    """The issue's table: each page as the person it is for, with the goal (ratio to C0)."""
    leader, teacher = people[LEADER], people[TEACHER]
    module = [link for link in teacher.links("/moduler/", r"/indhold/[^\"]+") if
              link.endswith(MODULE_SLUG)]  # fmt: skip
    if not module:
        raise RuntimeError(f"{TEACHER} is shown no link to the module {MODULE_SLUG}")
    plans = leader.links("/planer/", rf"/planer/skoler/{LEADER_SCHOOL}/\d+/")
    if not plans:
        raise RuntimeError(f"{LEADER} is shown no plan of school {LEADER_SCHOOL}")
    plan = max(plans, key=lambda link: int(link.rstrip("/").rsplit("/", 1)[1]))
    submissions = [link for team in team_pages(teacher)
                   for link in teacher.links(team, r"/opgaver/\d+/")]  # fmt: skip
    if not submissions:
        raise RuntimeError(f"{TEACHER} is shown no submission")
    submission = min(submissions, key=lambda link: int(link.strip("/").rsplit("/", 1)[1]))
    return [
        Page("login", "login page (anonymous)", "/accounts/login/", "", 0.12),
        Page("home", "Mit overblik (leader)", "/", leader.cookie, 0.08),
        Page(
            "profile",
            "school profile (leader)",
            f"/profiler/skoler/{LEADER_SCHOOL}/",
            leader.cookie,
            0.08,
        ),  # fmt: skip
        Page(
            "catalogue",
            "catalogue (leader)",
            f"/pakker/skoler/{LEADER_SCHOOL}/",
            leader.cookie,
            0.06,
        ),  # fmt: skip
        Page(
            "module",
            "module page, Feedback og klasseledelse (teacher)",
            module[0],
            teacher.cookie,
            0.04,
        ),  # fmt: skip
        Page("my_modules", "my modules (teacher)", "/moduler/", teacher.cookie, 0.05),
        Page(
            "queue",
            "feedback queue (resource person)",
            "/overblik/koe/",
            people[RESOURCE].cookie,
            0.06,
        ),  # fmt: skip
        Page(
            "municipality",
            "municipality overview (coordinator)",
            f"/overblik/kommune/{COORDINATOR_MUNICIPALITY}/",
            people[COORDINATOR].cookie,
            0.05,
        ),  # fmt: skip
        Page(
            "plan",
            "leadership plan (leader)",
            plan,
            leader.cookie,
            0.04,
            "a long page of texts, goals and actions: as the module page",
        ),  # fmt: skip
        Page(
            "submission",
            "submission (teacher)",
            submission,
            teacher.cookie,
            0.05,
            "one team's answer, versions and feedback: as my modules",
        ),  # fmt: skip
        Page(
            "leader_overview",
            "leader overview (leader)",
            f"/overblik/skole/{LEADER_SCHOOL}/",
            leader.cookie,
            0.05,
            "a school's teams × assignments, paginated: as the municipality overview",
        ),  # fmt: skip
    ]


# --------------------------------------------------------------------------- the mixed scenario


@dataclass
class Save:
    """A draft that can be saved again and again: the form's path and the revision it is at."""

    person: Person
    path: str
    revision: int


@dataclass
class Written:
    person: Person
    path: str  # …/sag/<pk>/skriftlig/


def module_reads(people: People) -> list[tuple[Person, str]]:
    reads = []
    for email in TEACHERS:
        person = people[email]
        reads += [(person, link) for link in person.links("/moduler/", r"/indhold/[^\"]+")]
    return reads


def draft_saves(people: People) -> list[Save]:
    """Every draft the teachers may save, once (two colleagues share their team's draft)."""
    saves, seen = [], set()
    for email in TEACHERS:
        person = people[email]
        for team in team_pages(person):
            for path in person.links(team, r"/opgaver/opgave/\d+/team/\d+/rediger/"):
                if path in seen:
                    continue
                seen.add(path)
                response = person.get(path, allow_redirects=False)
                found = REVISION_INPUT.search(response.text)
                if response.status_code == 200 and found:
                    saves.append(Save(person, path, int(found.group(1))))
    return saves


def written_feedback(people: People) -> list[Written]:
    found = []
    for email in WRITERS:
        person = people[email]
        for task in person.links("/overblik/koe/", r"/feedback/sag/\d+/"):
            if f'action="{task}skriftlig/"' in person.html(task):
                found.append(Written(person, f"{task}skriftlig/"))
    return found


def queue_reads(people: People) -> list[tuple[Person, str]]:
    return [(people[email], "/overblik/koe/") for email in REVIEWERS]


def profile_and_plan_reads(people: People) -> list[tuple[Person, str]]:
    reads = []
    for email, school in LEADERS.items():
        person = people[email]
        reads.append((person, f"/profiler/skoler/{school}/"))
        reads += [
            (person, link) for link in person.links("/planer/", rf"/planer/skoler/{school}/\d+/")
        ]
    return reads
