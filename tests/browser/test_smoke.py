import pytest

from lms.factories import DEFAULT_PASSWORD, TeamFactory, UserFactory
from lms.services import team_member_add


@pytest.mark.django_db(transaction=True)
def test_a_teacher_logs_in_through_the_form_and_sees_mit_overblik(log_in):
    teacher = UserFactory(email="laerer@browser.dk", first_name="Lise", last_name="Lærer")
    team = TeamFactory(name="Mellemtrinnet", institution__name="Aars Skole")
    team_member_add(team=team, user=teacher)

    page = log_in("laerer@browser.dk", DEFAULT_PASSWORD)

    assert page.locator("h1").inner_text() == "Mit overblik"
    assert page.locator("html").get_attribute("lang") == "da"
    assert "Mellemtrinnet" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Log ud").is_visible()


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_refused_on_the_form(live_server, browser_page):
    from django.urls import reverse

    UserFactory(email="laerer@browser.dk")
    page = browser_page
    page.goto(live_server.url + reverse("account_login"))
    page.fill("#id_login", "laerer@browser.dk")
    page.fill("#id_password", "forkert")
    page.click("form[action$='/login/'] button[type=submit]")
    page.wait_for_selector("[role=alert]")
    assert page.input_value("#id_login") == "laerer@browser.dk"  # nothing typed is lost
    assert page.url.startswith(live_server.url + reverse("account_login"))
