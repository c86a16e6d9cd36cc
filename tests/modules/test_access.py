"""Who may read modules and module assignments: the enrolled, the school's guides, authors."""

import pytest
from wagtail.models import Page

from lms import services as lms_services
from lms.roles import Role
from modules.models import ModuleAssignmentPage, SchoolAssignmentsIndexPage, SchoolAssignmentsPage


def _status(client_for, programme, person, page):
    return client_for(programme.people[person]).get(page.url).status_code


@pytest.mark.parametrize(
    "person",
    ["teacher", "coordinator", "leader", "local_rp", "municipal_rp", "author", "admin",
     "municipal_coordinator"],
)  # fmt: skip
def test_enrolled_teams_guides_and_authors_read_the_module_and_its_assignment(
    client_for, programme, content, person
):
    for page in (content.module, content.assignment):
        response = client_for(programme.people[person]).get(page.url)
        assert response.status_code == 200, (person, page)
        assert page.title in response.content.decode()


@pytest.mark.parametrize("person", ["other_teacher", "far_teacher", "nobody"])
def test_others_are_refused_the_module_and_its_assignment(client_for, programme, content, person):
    for page in (content.module, content.assignment):
        response = client_for(programme.people[person]).get(page.url)
        assert response.status_code == 403, (person, page)
        assert "Hvornår gav du sidst feedback" not in response.content.decode()
        assert "Giv feedback i to uger" not in response.content.decode()


def test_an_enrolled_teacher_is_refused_a_module_not_in_the_plan(client_for, programme, content):
    assert _status(client_for, programme, "teacher", content.other_module) == 403
    assert _status(client_for, programme, "author", content.other_module) == 200


def test_leaders_of_a_school_that_has_not_chosen_the_package_may_read_it_before_choosing(
    client_for, programme, content
):
    leader = programme.people["nobody"]
    lms_services.role_assign(user=leader, role=Role.SCHOOL_LEADER, institution=programme.far_school)
    leader.refresh_from_db()
    assert client_for(leader).get(content.module.url).status_code == 200
    # ... while a teacher at that school is not offered it.
    assert client_for(programme.people["far_teacher"]).get(content.module.url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, content):
    response = client.get(content.module.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.fixture
def school_assignment(programme):
    index = SchoolAssignmentsIndexPage.objects.first()
    if index is None:
        root = Page.objects.get(depth=1).get_children().first()
        index = root.add_child(instance=SchoolAssignmentsIndexPage(title="Egne", slug="egne"))
    school_page = SchoolAssignmentsPage.objects.filter(institution=programme.school).first()
    if school_page is None:
        school_page = index.add_child(
            instance=SchoolAssignmentsPage(
                title="Aars Skole", slug="aars-egne", institution=programme.school
            )
        )
    return school_page.add_child(
        instance=ModuleAssignmentPage(
            title="Aars' egen opgave", slug="egen", task="<p>Lokal opgave</p>",
            hand_in="<p>Et billede</p>",
        )
    )  # fmt: skip


@pytest.mark.parametrize(
    "person", ["teacher", "other_teacher", "leader", "local_rp", "municipal_rp", "admin"]
)
def test_the_schools_own_assignment_is_for_its_people(
    client_for, programme, school_assignment, person
):
    response = client_for(programme.people[person]).get(school_assignment.url)
    assert response.status_code == 200, person
    assert "Lokal opgave" in response.content.decode()


@pytest.mark.parametrize("person", ["far_teacher", "nobody", "author", "other_coordinator"])
def test_the_schools_own_assignment_is_refused_to_others(
    client_for, programme, school_assignment, person
):
    response = client_for(programme.people[person]).get(school_assignment.url)
    assert response.status_code == 403, person
    assert "Lokal opgave" not in response.content.decode()


def test_a_teacher_of_another_school_in_the_municipality_is_refused(
    client_for, programme, school_assignment
):
    teacher = programme.people["nobody"]
    lms_services.role_assign(user=teacher, role=Role.TEACHER, institution=programme.other_school)
    teacher.refresh_from_db()
    assert client_for(teacher).get(school_assignment.url).status_code == 403


def test_the_assignment_page_links_to_the_teams_hand_in_when_that_page_exists(
    client_for, programme, content
):
    from django.urls import NoReverseMatch, reverse

    html = client_for(programme.people["teacher"]).get(content.assignment.url).content.decode()
    try:
        url = reverse("assignments:assignment", args=[content.assignment.pk])
    except NoReverseMatch:
        return
    assert f'href="{url}"' in html


def test_the_cms_preview_renders_the_module_without_the_readers_check(rf, programme, content):
    """Wagtail's admin decides who may preview; the module renders there, forms left out."""
    request = rf.get("/cms/pages/preview/")
    request.user = programme.people["author"]
    request.is_preview = True
    response = content.module.serve_preview(request, content.module.default_preview_mode)
    response.render()
    html = response.content.decode()
    assert "Hvornår gav du sidst feedback 1?" in html
    assert "<textarea" not in html


def test_an_author_opens_the_module_in_the_cms_editor(client_for, programme, content):
    from django.urls import reverse

    author = programme.people["author"]
    author.is_superuser = True
    author.save()
    response = client_for(author).get(reverse("wagtailadmin_pages:edit", args=[content.module.pk]))
    assert response.status_code == 200


def test_the_package_page_links_only_the_modules_the_reader_may_open(
    client_for, programme, content
):
    package_url = content.module.get_parent().url
    teacher_html = client_for(programme.people["teacher"]).get(package_url).content.decode()
    assert f'href="{content.module.url}"' in teacher_html
    assert f'href="{content.other_module.url}"' not in teacher_html
    assert content.other_module.title in teacher_html
    far_html = client_for(programme.people["far_teacher"]).get(package_url).content.decode()
    assert f'href="{content.module.url}"' not in far_html
    leader_html = client_for(programme.people["leader"]).get(package_url).content.decode()
    assert f'href="{content.other_module.url}"' in leader_html
