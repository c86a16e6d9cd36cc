"""Finding 5: Wagtail's page chooser listed other schools' own assignments
(`/cms/choose-page/<id>/`, `/cms/choose-page/search/?q=…`) to leaders, resource persons,
coordinators and COK. It lists only what the person may read."""

import pytest
from django.urls import reverse

from lms import services
from lms.roles import Role
from modules.models import ModuleAssignmentPage
from modules.services import school_assignments_page_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_pages(programme):
    pages = {}
    for key, school in [("own", programme.school), ("far", programme.far_school)]:
        parent = school_assignments_page_for(school)
        pages[key] = parent.add_child(
            instance=ModuleAssignmentPage(
                title=f"Hemmelig opgave {school.number}", slug=f"opgave-{school.number}",
                task="<p>t</p>", hand_in="<p>h</p>",
            )
        )  # fmt: skip
    services.role_assign(
        user=programme.people["far_teacher"], role=Role.SCHOOL_LEADER,
        institution=programme.far_school,
    )  # fmt: skip
    return pages


def chooser_pages(client, url, **query) -> str:
    response = client.get(url, query)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("person", ["leader", "local_rp", "municipal_coordinator", "author"])
def test_the_chooser_hides_other_schools_own_assignments(client_for, programme, own_pages, person):
    client = client_for(programme.people[person])
    far = own_pages["far"]
    status, html = chooser_pages(client, reverse("wagtailadmin_choose_page_search"), q="Hemmelig")
    assert status == 200
    assert far.title not in html
    status, html = chooser_pages(
        client, reverse("wagtailadmin_choose_page_child", args=[far.get_parent().pk])
    )
    assert status == 404
    index = far.get_parent().get_parent()
    status, html = chooser_pages(client, reverse("wagtailadmin_choose_page_child", args=[index.pk]))
    assert status == 200 and programme.far_school.name not in html


def test_a_leader_still_chooses_the_own_school_page(client_for, programme, own_pages):
    client = client_for(programme.people["leader"])
    _status, html = chooser_pages(client, reverse("wagtailadmin_choose_page_search"), q="Hemmelig")
    assert own_pages["own"].title in html
    status, html = chooser_pages(
        client, reverse("wagtailadmin_choose_page_child", args=[own_pages["own"].get_parent().pk])
    )
    assert status == 200 and own_pages["own"].title in html


def test_an_administrator_sees_every_school(client_for, programme, own_pages):
    client = client_for(programme.people["admin"])
    _status, html = chooser_pages(client, reverse("wagtailadmin_choose_page_search"), q="Hemmelig")
    assert own_pages["own"].title in html and own_pages["far"].title in html
