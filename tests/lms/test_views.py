import pytest
from django.urls import reverse

from lms.factories import DEFAULT_PASSWORD, TeamMembershipFactory

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn


@pytest.mark.django_db
def test_login_page_is_danish_and_labelled(client):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in html
    assert "Log ind" in html
    assert '<label for="id_login">E-mailadresse</label>' in html
    assert '<label for="id_password">Adgangskode</label>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "wagtailadmin_home", "admin:index"])
def test_every_page_but_the_login_pages_requires_login(client, url_name):
    response = client.get(reverse(url_name), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_pages_of_organisations_require_login(client, programme):
    for url in [
        reverse("institution_detail", args=[programme.school.number]),
        reverse("team_detail", args=[programme.team.pk]),
        reverse("municipality_detail", args=[programme.municipality.code]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_login_with_email_and_password_lands_on_my_overview(client, programme):
    response = client.post(
        reverse("account_login"),
        {"login": "leader@test.dk", "password": DEFAULT_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    html = response.content.decode()
    assert "Mit overblik" in html
    assert "Aars Skole" in html
    assert "skoleleder" in html
    # No "Loggede succesfuldt ind med …" after every login.
    assert list(response.context["messages"]) == []
    assert "succesfuldt" not in html


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client, programme):
    response = client.post(
        reverse("account_login"), {"login": "leader@test.dk", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_signup_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@x.dk", "password1": "Long-pass-123", "password2": "Long-pass-123"},
    )
    from lms.models import User

    assert not User.objects.filter(email="new@x.dk").exists()
    assert response.status_code == 200


@pytest.mark.django_db
def test_password_reset_sends_mail_for_known_address(client, programme, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "teacher@test.dk"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["teacher@test.dk"]


@pytest.mark.django_db
def test_logout_ends_the_session(client_for, programme):
    client = client_for(programme.people["teacher"])
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("person", "expected", "absent"),
    [
        ("teacher", ["Mellemtrinnet", "Aars Skole", "lærer/pædagog", "teammedlem"], ["CMS"]),
        ("coordinator", ["Mellemtrinnet", "teamkoordinator"], []),
        ("leader", ["Aars Skole", "skoleleder", "Skolens teams og klasser"], ["Udskolingen"]),
        ("municipal_rp", ["Aars Skole", "kommunal ressourceperson"], []),
        ("municipal_coordinator", ["Vesthimmerland", "Kommunens skoler"], []),
        ("author", ["Hele programmet", "Kompetencepakker i CMS"], ["Administration"]),
        ("admin", ["programadministrator", "Administration"], []),
    ],
)
def test_my_overview_shows_own_places_and_roles(client_for, programme, person, expected, absent):
    html = client_for(programme.people[person]).get(reverse("home")).content.decode()
    for text in expected:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def test_my_overview_without_roles_says_so(client_for, programme):
    html = client_for(programme.people["nobody"]).get(reverse("home")).content.decode()
    assert "Du har endnu ingen rolle" in html


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("teacher", 200),
        ("leader", 200),
        ("municipal_rp", 200),
        ("municipal_coordinator", 200),
        ("admin", 200),
        ("nobody", 403),
        ("far_teacher", 403),
        ("other_coordinator", 403),
        ("author", 403),
    ],
)
def test_school_page_access(client_for, programme, person, status):
    url = reverse("institution_detail", args=[programme.school.number])
    response = client_for(programme.people[person]).get(url)
    assert response.status_code == status
    if status == 403:
        assert "Aars Skole" not in response.content.decode()
        assert "Mellemtrinnet" not in response.content.decode()


def test_school_page_lists_teams_and_leaders(client_for, programme):
    url = reverse("institution_detail", args=[programme.school.number])
    html = client_for(programme.people["leader"]).get(url).content.decode()
    assert "Mellemtrinnet" in html and "Udskolingen" in html
    assert str(programme.people["leader"]) in html


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("teacher", 200),
        ("leader", 200),
        ("other_teacher", 403),
        ("far_teacher", 403),
        ("nobody", 403),
    ],
)
def test_team_page_access(client_for, programme, person, status):
    url = reverse("team_detail", args=[programme.team.pk])
    assert client_for(programme.people[person]).get(url).status_code == status


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("municipal_coordinator", 200),
        ("admin", 200),
        ("other_coordinator", 403),
        ("leader", 403),
        ("teacher", 403),
    ],
)
def test_municipality_page_access(client_for, programme, person, status):
    url = reverse("municipality_detail", args=[programme.municipality.code])
    assert client_for(programme.people[person]).get(url).status_code == status


def test_unknown_school_is_404(client_for, programme):
    url = reverse("institution_detail", args=["999999"])
    assert client_for(programme.people["admin"]).get(url).status_code == 404


def test_django_admin_is_for_administrators_only(client_for, programme):
    assert client_for(programme.people["admin"]).get(reverse("admin:index")).status_code == 200
    response = client_for(programme.people["author"]).get(reverse("admin:index"), follow=True)
    assert response.status_code == 403  # logged in, not an administrator


def test_wagtail_admin_for_authors_not_teachers(client_for, programme):
    assert client_for(programme.people["author"]).get(reverse("wagtailadmin_home")).status_code == (
        200
    )
    response = client_for(programme.people["teacher"]).get(
        reverse("wagtailadmin_home"), follow=True
    )
    assert response.status_code == 403  # refused, not sent round in circles
    assert len(response.redirect_chain) <= 2


def test_english_is_available(client_for, programme):
    client = client_for(programme.people["leader"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert "My overview" in html
    assert "Mit overblik" not in html


@pytest.mark.parametrize("teams", [1, 8])
def test_school_page_query_count_is_constant(
    client_for, programme, teams, django_assert_max_num_queries
):
    from lms.factories import TeamFactory

    for _ in range(teams):
        TeamMembershipFactory(team=TeamFactory(institution=programme.school))
    client = client_for(programme.people["leader"])
    url = reverse("institution_detail", args=[programme.school.number])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_danish_even_when_the_browser_asks_for_english(client):
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Log ind på Læringsledelse" in html.content.decode()


def test_leaders_get_the_cms_link_for_their_schools_own_assignments(client_for, programme):
    cms_link = 'href="/cms/"'
    assert cms_link in client_for(programme.people["leader"]).get("/").content.decode()
    assert cms_link in client_for(programme.people["local_rp"]).get("/").content.decode()
    assert cms_link not in client_for(programme.people["teacher"]).get("/").content.decode()


def test_a_teacher_sees_the_schools_teams_but_links_only_to_their_own(client_for, programme):
    html = client_for(programme.people["teacher"]).get("/skoler/773001/").content.decode()
    assert f'href="/teams/{programme.team.pk}/"' in html
    assert f'href="/teams/{programme.other_team.pk}/"' not in html
    assert programme.other_team.name in html
    leader_html = client_for(programme.people["leader"]).get("/skoler/773001/").content.decode()
    assert f'href="/teams/{programme.other_team.pk}/"' in leader_html


def test_the_cms_link_is_for_those_who_have_work_there(client_for, programme):
    cms_link = 'href="/cms/"'
    for person in ("author", "admin", "leader", "local_rp"):
        assert cms_link in client_for(programme.people[person]).get("/").content.decode(), person
    # A municipal coordinator would find an empty dashboard there.
    for person in ("municipal_coordinator", "municipal_rp", "teacher"):
        html = client_for(programme.people[person]).get("/").content.decode()
        assert cms_link not in html, person


def test_the_cms_carries_the_platforms_name_and_leads_back_to_my_overview(client_for, programme):
    from wagtail.models import Site

    response = client_for(programme.people["author"]).get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert "- Læringsledelse</title>" in html
    assert "- Wagtail</title>" not in html
    # The sidebar's menu (rendered by Wagtail's script from this JSON) starts with the way back.
    assert (
        '"url": "/"' in html
        or "&quot;url&quot;: &quot;/&quot;" in html
        or '\\"url\\": \\"/\\"' in html
    )
    assert Site.objects.get(is_default_site=True).site_name == "Læringsledelse"
