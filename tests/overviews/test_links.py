from django.urls import reverse


def home_html(client_for, person) -> str:
    response = client_for(person).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_leaders_find_their_queue_and_the_school_overview(client_for, programme):
    html = home_html(client_for, programme.people["leader"])
    assert f"{reverse('overviews:queue')}?school={programme.school.number}" in html
    assert reverse("overviews:school", args=[programme.school.number]) in html


def test_resource_persons_find_their_queue(client_for, programme):
    html = home_html(client_for, programme.people["municipal_rp"])
    assert reverse("overviews:queue") in html
    assert reverse("overviews:school", args=[programme.school.number]) not in html
    local = home_html(client_for, programme.people["local_rp"])
    assert reverse("overviews:school", args=[programme.school.number]) in local


def test_coordinators_find_the_municipality_overview(client_for, programme):
    html = home_html(client_for, programme.people["municipal_coordinator"])
    assert reverse("overviews:municipality", args=[programme.municipality.code]) in html
    # Coordinators hold the hand-ins no one else at a school could take.
    assert reverse("overviews:queue") in html


def test_teachers_get_no_overview_links(client_for, programme):
    html = home_html(client_for, programme.people["teacher"])
    assert "/overblik/" not in html
