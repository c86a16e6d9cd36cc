"""The Content-Security-Policy breaks nothing: Chromium reports no violation on the site's pages
or in Wagtail's page editor, whose scripts run under the admin's own policy."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from lms.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture
def violations(browser_page):
    """Every CSP violation Chromium reports on the page, as it reports them to the console."""
    seen: list[str] = []
    browser_page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    browser_page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy violation: ' + e.violatedDirective))"
    )
    return seen


def test_the_site_pages_run_without_a_violation(log_in, live_server, violations):
    UserFactory(email="laerer@browser.dk")
    page = log_in("laerer@browser.dk", DEFAULT_PASSWORD)
    for path in ("/", "/moduler/", "/accounts/password/change/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    assert violations == []
    policy = page.evaluate("() => fetch('/').then(r => r.headers.get('content-security-policy'))")
    assert "script-src 'self';" in policy


def test_the_wagtail_page_editor_runs_its_scripts_under_the_admin_policy(
    log_in, live_server, violations
):
    UserFactory(email="admin@browser.dk", is_staff=True, is_superuser=True)
    home = Page.objects.get(depth=2)
    page = log_in("admin@browser.dk", DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/cms/pages/{home.pk}/edit/")
    page.wait_for_selector("form[data-edit-form]")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => typeof window.wagtail") == "object"  # the admin's JS ran
    assert violations == []
