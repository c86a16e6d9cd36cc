"""Browser tests: a real Chromium driven by Playwright against pytest-django's live server.

Playwright is used with the system's Chromium (Debian's `chromium`, installed by `make browser`),
or the one PLAYWRIGHT_CHROMIUM_PATH names; no browser is downloaded. Without either, the tests
skip with the reason. They are marked `browser` (`pytest -m browser` runs only them) and run in
`make test` like every other test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

# Playwright's sync API runs an event loop in this thread; the test's own database work is
# still synchronous, so Django's async-safety guard must not refuse it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEFAULT_CHROMIUM = "/usr/bin/chromium"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives a real Chromium through Playwright (skipped without one)"
    )


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def chromium_executable() -> str | None:
    candidate = os.environ.get("PLAYWRIGHT_CHROMIUM_PATH") or DEFAULT_CHROMIUM
    return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None


@pytest.fixture(autouse=True)
def wagtail_base(request):
    """Browser tests run in transactions the live server can see, so they start from a flushed
    database: put back what Wagtail's own data migration makes (locale, root page, home page,
    default site, root collection). Restoring a serialized snapshot instead clashes with the
    content types and permissions that flush recreates."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from wagtail.models import Collection, Locale, Page, Site

    Locale.objects.get_or_create(language_code="da")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    if not Site.objects.exists():
        home = root.add_child(instance=Page(title="Velkommen", slug="home"))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


@pytest.fixture(scope="module")
def chromium(django_db_setup):
    """Chromium for one test module; stopped after it, so Playwright's event loop does not
    outlive the browser tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[dev]')")
    executable = chromium_executable()
    if executable is None:
        pytest.skip(
            f"no Chromium at {os.environ.get('PLAYWRIGHT_CHROMIUM_PATH') or DEFAULT_CHROMIUM}: "
            "run `make browser` (apt-get install chromium) or set PLAYWRIGHT_CHROMIUM_PATH"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            # Containers often run as root, where Chromium's sandbox cannot start.
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh page in a Danish browser context; closed after the test."""
    context = chromium.new_context(locale="da-DK", extra_http_headers={"Accept-Language": "da"})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def log_in(live_server, browser_page):
    """Log a person in through the real login form and return the page on "Mit overblik"."""

    def _log_in(email: str, password: str):
        page = browser_page
        page.goto(live_server.url + reverse("account_login"))
        page.fill("#id_login", email)
        page.fill("#id_password", password)
        page.click("form[action$='/login/'] button[type=submit]")
        page.wait_for_url(live_server.url + reverse("home"))
        return page

    return _log_in
