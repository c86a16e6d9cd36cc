"""Every URL pattern of the project, requested as every role with ids of other schools,
municipalities and teams: the authorization matrix (issue 12, "Done when").

The patterns come from the URL resolver, so a view added later is in the matrix at once; one
without an entry in ``url_expectations.EXPECTATIONS`` (or a group rule) fails
``test_every_url_pattern_has_an_expectation`` by its name. Each request runs in a savepoint
rolled back afterwards, so one role's successful POST does not change what the next one sees.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from unittest import mock

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from matrix_world import ROLES, World
from url_expectations import AUDIENCES, EXPECTATIONS, GROUPS, Expect, Group, Post

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/django-admin/login/"
CMS_LOGIN = "/konto/admin-login/"
# Roles whose accounts reach the Wagtail admin at all (Wagtail's access_admin permission).
CMS_ROLES = {"leader", "local_rp", "coordinator", "hedensted_leader", "hedensted_coordinator",
             "author", "admin"}  # fmt: skip
# For the admin's pages about no school's page (listings, reports, images, users …) one role of
# each kind of access is enough: a school's editor, a coordinator, an author, an administrator.
# Pages of a school's own assignments are requested as every role.
CMS_LISTING_ROLES = {"leader", "coordinator", "author", "admin"}
PAGE_PARAMS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk"}


# --------------------------------------------------------------------------- the resolver


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route, as the resolver reports it for a match
    name: str  # "namespace:name", or "" for a pattern without a name

    @property
    def key(self) -> str:
        return self.name or self.route


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Pattern(prefix + str(pattern.pattern), name)


def url_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))


def _group_of(pattern: Pattern) -> Group | None:
    return next((g for g in GROUPS if pattern.route.startswith(g.prefix)), None)


def _expectation(pattern: Pattern) -> Expect | None:
    return EXPECTATIONS.get(pattern.key)


# --------------------------------------------------------------------------- filling a route

_CONVERTER = re.compile(r"(?<!\?P)<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _regex_groups(route: str) -> list[tuple[int, int, str | None]]:
    """(start, end, name) of each outermost group of a regular expression route."""
    groups, depth, start = [], 0, 0
    i = 0
    while i < len(route):
        char = route[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            if depth == 0:
                start = i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                match = re.match(r"\(\?P<(\w+)>", route[start:])
                groups.append((start, i + 1, match.group(1) if match else None))
        i += 1
    return [g for g in groups if not route[g[0] : g[0] + 3] == "(?:"]


def fill(route: str, values: dict[str, object], unnamed: tuple[str, ...] = ()) -> str:
    """The route with its parameters replaced by `values` (unnamed regex groups by `unnamed`)."""
    path = _CONVERTER.sub(lambda m: str(values[m.group("name")]), route)
    if "^" in path or "(" in path:
        positional = iter(unnamed)
        for start, end, name in reversed(_regex_groups(path)):
            value = values[name] if name else next(positional, "x")
            path = path[:start] + str(value) + path[end:]
        path = path.replace("^", "").replace("$", "").replace(".*", "x")
        path = re.sub(r"\\(.)", r"\1", path)
    return "/" + path


def _param_names(route: str) -> list[str]:
    names = [m.group("name") for m in _CONVERTER.finditer(route)]
    return names + [name for _s, _e, name in _regex_groups(route) if name]


# --------------------------------------------------------------------------- requests


@dataclass
class Outcome:
    role: str
    place: str
    method: str
    url: str
    status: int
    location: str

    def __str__(self) -> str:
        where = f" -> {self.location}" if self.location else ""
        return f"{self.method} {self.url} as {self.role} ({self.place}): {self.status}{where}"


class Browser:
    """One logged-in client per role; every request in a savepoint that is rolled back."""

    def __init__(self, world: World) -> None:
        self.clients: dict[str, Client] = {}
        self.cookies: dict[str, str] = {}
        for role, user in world.people.items():
            client = Client()
            if user is not None:
                client.force_login(user)
                self.cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.clients[role] = client

    def request(self, role: str, method: str, url: str, data=None):
        client = self.clients[role]
        with transaction.atomic():
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data or {})
            transaction.set_rollback(True)
        # The session row was rolled back with the savepoint; the cookie may have changed (a
        # logout): the next request is made as the same person again.
        client.cookies.clear()
        if role in self.cookies:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.cookies[role]
        return response


@pytest.fixture(scope="module")
def browser(world) -> Browser:
    return Browser(world)


@pytest.fixture(autouse=True, scope="module")
def _no_pdf_typesetting():
    """A plan's PDF is laid out from its printable page (rendered as ever) by WeasyPrint, a second
    or two a time: the matrix asks who gets it, not how it looks (tests/plans test the PDF)."""
    with mock.patch("plans.views.render_pdf", lambda html: b"%PDF-1.7 matrix"):
        yield


def _reaches(audience: str | None, role: str, place: str) -> bool:
    if audience is None:
        return False
    reach = AUDIENCES[audience].get(role, "")
    return place in reach or reach == "*" or (place == "*" and bool(reach))


def _expected(role: str, place: str, *, who, ok, refused, hide) -> set[int]:
    if role == "anonymous":
        return {302}
    if _reaches(who, role, place):
        return set(ok)
    if hide is None or _reaches(hide, role, place):
        return {refused}
    return {404}


def _values(world: World, place: str) -> dict[str, object]:
    values = dict(world.ids)
    if place != "*":
        values.update(world.places[place].ids)
    return values


def _url(pattern: Pattern, expect: Expect, values: dict[str, object]) -> str:
    if expect.url:
        return expect.url.format(**values)
    return fill(pattern.route, {name: values[key] for name, key in expect.args.items()})


def _check_resolves(pattern: Pattern, url: str) -> str | None:
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return f"{url} does not resolve"
    if match.route.replace("^", "") != pattern.route.replace("^", ""):
        return f"{url} resolves to {match.route}, not {pattern.route}"
    return None


def _problem(outcome: Outcome, expected: set[int], moved_to: str = "") -> str | None:
    if outcome.status not in expected:
        return f"{outcome}: expected {sorted(expected)}"
    if outcome.role == "anonymous" and outcome.status == 302:
        if not outcome.location.startswith(LOGIN):
            return f"{outcome}: expected the login page"
    elif moved_to and outcome.status in (301, 308) and outcome.location != moved_to:
        return f"{outcome}: expected a redirect to {moved_to}"
    return None


def _moved_to(expect: Expect, values: dict[str, object]) -> str:
    if not expect.moved_to:
        return ""
    return reverse(expect.moved_to, kwargs={n: values[k] for n, k in expect.args.items()})


def _run(browser: Browser, pattern: Pattern, expect: Expect, world: World) -> tuple[list, int]:
    problems, count = [], 0
    for variant in expect.also:
        found, n = _run(browser, pattern, variant, world)
        problems += found
        count += n
    places = list(world.places) if expect.per_place else ["*"]
    for place in places:
        url = _url(pattern, expect, _values(world, place))
        moved_to = _moved_to(expect, _values(world, place))
        if problem := _check_resolves(pattern, url):
            return [*problems, problem], count
        for role in ROLES:
            if role == "anonymous" and expect.public:
                continue
            checks: list[tuple[str, Expect | Post]] = []
            if expect.get:
                checks.append(("GET", expect))
            if expect.post is not None:
                checks.append(("POST", expect.post))
            for method, rule in checks:
                response = browser.request(role, method, url, getattr(rule, "data", None))
                count += 1
                outcome = Outcome(
                    role, place, method, url, response.status_code, response.get("Location", "")
                )
                expected = _expected(
                    role, place, who=rule.who, ok=rule.ok, refused=rule.refused, hide=rule.hide
                )
                if problem := _problem(outcome, expected, moved_to):
                    problems.append(problem)
            if not expect.get and role != "anonymous":
                # A POST-only view answers a GET with 405 to everyone.
                response = browser.request(role, "GET", url)
                count += 1
                if response.status_code != 405:
                    problems.append(
                        f"GET {url} as {role} ({place}): {response.status_code}, not 405"
                    )
    return problems, count


# --------------------------------------------------------------------------- the tests

MATRIX_SIZE: dict[str, int] = {}


def test_every_url_pattern_has_an_expectation():
    missing = [
        f"{p.key}  (route {p.route})"
        for p in url_patterns()
        if _expectation(p) is None and _group_of(p) is None
    ]
    assert not missing, (
        "URL patterns without an entry in tests/security/url_expectations.py (add an Expect with "
        "who may reach them, and a Post if they change state):\n  " + "\n  ".join(missing)
    )


def test_every_expectation_names_a_pattern():
    keys = {p.key for p in url_patterns()}
    stale = sorted(set(EXPECTATIONS) - keys)
    assert not stale, f"Expectations for URL patterns that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(EXPECTATIONS))
def test_url_matrix(world, browser, key):
    patterns = [p for p in url_patterns() if p.key == key]
    assert patterns, f"{key}: no such URL pattern"
    problems, count = [], 0
    for pattern in patterns:
        found, n = _run(browser, pattern, EXPECTATIONS[key], world)
        problems += found
        count += n
    MATRIX_SIZE[key] = count
    assert not problems, f"{key}:\n  " + "\n  ".join(problems)


# --------------------------------------------------------------------------- third-party groups

GENERIC = {
    "int": 999999,
    "str": "x",
    "slug": "x",
    "uuid": uuid.UUID(int=1),
    "path": "1",
}
NAMED = {
    "content_type_app_name": "modules",
    "content_type_model_name": "moduleassignmentpage",
    "app_label": "modules",
    "model_name": "moduleassignmentpage",
    "app_name": "modules",
    "filter_spec": "original",
    "action_name": "approve",
    "action": "delete",
    "provider_id": "unilogin",
    "uidb36": "1",
    "uidb64": "MQ",
    "key": "x",
    "token": "x",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
    "pk": 999999,  # also where Wagtail's choosers take it as text (`chosen/<str:pk>/`)
}


def _generic_values(route: str, page_id: int, parent_id: int) -> dict[str, object]:
    values = {}
    for match in _CONVERTER.finditer(route):
        values[match.group("name")] = NAMED.get(match.group("name"), GENERIC.get(
            match.group("converter") or "str", "x"))  # fmt: skip
    for _s, _e, name in _regex_groups(route):
        if name:
            values[name] = NAMED.get(name, 999999)
    for name in list(values):
        if name in PAGE_PARAMS or (name == "pk" and "pages/" in route):
            values[name] = parent_id if name == "parent_page_id" else page_id
    return values


def _is_page_route(route: str) -> bool:
    names = set(_param_names(route))
    return bool(names & PAGE_PARAMS) or ("pk" in names and "pages/" in route)


def _group_requests(pattern: Pattern, group: Group, world: World):
    """(place, url) pairs: page routes once per place with a school page, others once."""
    if group.rule == "cms" and _is_page_route(pattern.route):
        # M and I are one school (one page of its own): its pages are tried once, at M.
        for letter, place in world.places.items():
            if letter == "I":
                continue
            page_id = place.ids["own_page"]
            values = _generic_values(pattern.route, page_id, place.ids["school_page"])
            yield letter, fill(pattern.route, values, unnamed=("x",))
        return
    values = _generic_values(pattern.route, 999999, 999999)
    yield "*", fill(pattern.route, values, unnamed=("999999", "x.pdf"))


REFUSED, NOT_REACHED, ANY = "refused", "not reached", "any"
LOGINS = (LOGIN, ADMIN_LOGIN, CMS_LOGIN, "/cms/login/")
# Logging out is no one's data: any answer but a server error.
LOGOUTS = {"admin:logout", "wagtailadmin_logout"}


def _group_expected(group: Group, pattern: Pattern, role: str, place: str) -> str:
    """REFUSED: a redirect to a login page, 403 or 404; NOT_REACHED: anything but a 200 (and no
    server error); ANY: no server error."""
    if pattern.name in LOGOUTS:
        return ANY
    if group.rule == "staff_only":
        return REFUSED if role != "admin" else ANY
    if group.rule == "cms":
        if pattern.name in CMS_PUBLIC:
            return ANY
        if role not in CMS_ROLES:
            return REFUSED
        if place != "*" and not _reaches("school_page_editors", role, place):
            return NOT_REACHED
    return ANY


def _group_problem(outcome: Outcome, expected: str, body: str, titles=()) -> str | None:
    if outcome.status >= 500:
        return f"{outcome}: a server error"
    if expected == REFUSED:
        to_login = outcome.status == 302 and outcome.location.startswith(LOGINS)
        if not (to_login or outcome.status in {403, 404, 405}):
            return f"{outcome}: expected a refusal"
    if expected in (NOT_REACHED, ANY) and outcome.status == 200:
        # Some Wagtail views answer 200 without naming the page (e.g. "no confirmation
        # needed"): reaching means seeing the school's page or its own assignment.
        shown = [title for title in titles if title in body]
        if shown:
            return f"{outcome}: shows another school's page ({', '.join(shown)})"
    return None


# Wagtail's own test view raises on purpose for people with admin access (it is requested as
# everyone else, who must be refused).
CMS_RAISES = {"wagtailadmin_error_test"}


def _unreadable_titles(world: World, role: str, place: str) -> tuple[str, ...]:
    """Titles of the schools' own pages (and the schools' pages) `role` may not read: at one
    place for a page route, at every place for a listing (place "*")."""
    letters = world.places if place == "*" else [place]
    return tuple(
        title
        for letter in letters
        if not _reaches("school_local", role, letter)
        for title in world.places[letter].ids["page_titles"]
    )


CMS_PUBLIC = {
    "wagtailadmin_login", "wagtailadmin_password_reset", "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm", "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog", "wagtailadmin_sprite",
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", [g.prefix for g in GROUPS])
def test_url_matrix_of_third_party_apps(world, browser, prefix):
    group = next(g for g in GROUPS if g.prefix == prefix)
    problems, count = [], 0
    for pattern in url_patterns():
        if _group_of(pattern) is not group or _expectation(pattern) is not None:
            continue
        for place, url in _group_requests(pattern, group, world):
            for role in ROLES:
                if group.rule == "staff_only" and role == "admin":
                    continue
                if pattern.name in CMS_RAISES and role in CMS_ROLES:
                    continue
                if group.rule == "cms" and place == "*" and role in CMS_ROLES - CMS_LISTING_ROLES:
                    continue
                if group.rule == "cms" and place not in ("*", "M") and role not in CMS_ROLES:
                    continue  # refused at the door whatever the page: tried at M
                response = browser.request(role, "GET", url)
                count += 1
                outcome = Outcome(
                    role, place, "GET", url, response.status_code, response.get("Location", "")
                )
                expected = _group_expected(group, pattern, role, place)
                titles = _unreadable_titles(world, role, place)
                body = ""
                if response.status_code == 200 and not getattr(response, "streaming", False):
                    body = response.content.decode(errors="replace")
                if problem := _group_problem(outcome, expected, body, titles):
                    problems.append(f"[{pattern.key}] {problem}")
    MATRIX_SIZE[prefix] = count
    assert not problems, f"{prefix}:\n  " + "\n  ".join(problems)


def test_the_matrix_was_requested_in_full(request):
    """Last in the module: every entry was requested (the counts are written for the report)."""
    ran = {item.callspec.params.get("key") or item.callspec.params.get("prefix")
           for item in request.session.items
           if item.module is request.module and hasattr(item, "callspec")}  # fmt: skip
    if not ran <= set(MATRIX_SIZE):
        pytest.skip("only part of the matrix ran")
    assert all(MATRIX_SIZE[key] > 0 for key in ran)
    path = settings.VAR_DIR / "url-matrix-size.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    patterns = len(url_patterns())
    path.write_text(
        f"{patterns} URL patterns, {sum(MATRIX_SIZE.values())} requests\n"
        + "".join(f"{key}: {count}\n" for key, count in sorted(MATRIX_SIZE.items())),
        encoding="utf-8",
    )
