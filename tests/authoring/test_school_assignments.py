"""Schools' own module assignments: written by the school's leadership, read by its people."""

import pytest
from authoring_forms import assert_refused, assignment_data, package_data
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Site

from competence_packages.models import CompetencePackage, PackageCatalogue
from lms import services
from lms.models import RoleAssignment
from lms.roles import Role
from modules.models import ModuleAssignmentPage, SchoolAssignmentsIndexPage, SchoolAssignmentsPage
from modules.services import school_assignments_page_for, school_group_name

pytestmark = [pytest.mark.pages_drawn, pytest.mark.django_db]


def add_assignment_url(parent):
    return reverse("wagtailadmin_pages:add", args=("modules", "moduleassignmentpage", parent.pk))


def test_page_and_group_are_made_once(programme):
    first = school_assignments_page_for(programme.school)
    again = school_assignments_page_for(programme.school)
    assert first.pk == again.pk
    assert SchoolAssignmentsIndexPage.objects.count() == 1
    index = SchoolAssignmentsIndexPage.objects.get()
    assert index.get_parent().pk == Site.objects.get(is_default_site=True).root_page_id
    group = Group.objects.get(name=school_group_name(programme.school))
    assert group.name == "Skole 773001: egne opgaver"
    assert sorted(group.page_permissions.values_list("permission__codename", flat=True)) == [
        "add_page",
        "change_page",
        "publish_page",
    ]
    assert set(group.page_permissions.values_list("page_id", flat=True)) == {first.pk}


def test_group_follows_leader_and_local_rp_roles(programme):
    group_name = school_group_name(programme.school)
    leader, local_rp = programme.people["leader"], programme.people["local_rp"]
    members = set(Group.objects.get(name=group_name).user_set.all())
    assert {leader, local_rp} <= members
    assert programme.people["teacher"] not in members
    assert programme.people["municipal_rp"] not in members

    services.role_revoke(
        assignment=RoleAssignment.objects.get(user=leader, role=Role.SCHOOL_LEADER)
    )
    assert not leader.groups.filter(name=group_name).exists()
    assert local_rp.groups.filter(name=group_name).exists()

    services.role_assign(user=leader, role=Role.SCHOOL_LEADER, institution=programme.other_school)
    assert leader.groups.filter(name=school_group_name(programme.other_school)).exists()
    assert not leader.groups.filter(name=group_name).exists()


def test_leader_creates_and_publishes_at_own_school(programme, client):
    page = school_assignments_page_for(programme.school)
    client.force_login(programme.people["leader"])
    response = client.post(add_assignment_url(page), {**assignment_data(), "action-publish": "1"})
    assert response.status_code == 302
    assignment = ModuleAssignmentPage.objects.get(slug="proev-det")
    assert assignment.live
    assert assignment.get_parent().pk == page.pk


def test_leader_cannot_write_at_another_school_nor_in_the_catalogue(programme, client):
    services.role_assign(
        user=programme.people["far_teacher"],
        role=Role.SCHOOL_LEADER,
        institution=programme.other_school,
    )
    other_page = school_assignments_page_for(programme.other_school)
    other_assignment = other_page.add_child(
        instance=ModuleAssignmentPage(
            title="Løgstørs egen", slug="loegstoer", task="<p>t</p>", hand_in="<p>h</p>"
        )
    )
    root = Site.objects.get(is_default_site=True).root_page
    catalogue = root.add_child(instance=PackageCatalogue(title="Pakker", slug="pakker"))
    package = catalogue.add_child(
        instance=CompetencePackage(title="Pakke", slug="pakke", code="P-1", summary="s")
    )
    client.force_login(programme.people["leader"])

    add = client.post(
        add_assignment_url(other_page),
        {**assignment_data(slug="snyd"), "action-publish": "1"},
    )
    assert_refused(add)
    assert not ModuleAssignmentPage.objects.filter(slug="snyd").exists()

    edit = client.post(
        reverse("wagtailadmin_pages:edit", args=(other_assignment.pk,)),
        {**assignment_data(title="Ændret", slug="loegstoer"), "action-publish": "1"},
    )
    assert_refused(edit)
    other_assignment.refresh_from_db()
    assert other_assignment.title == "Løgstørs egen"

    edit = client.post(
        reverse("wagtailadmin_pages:edit", args=(package.pk,)),
        {**package_data(title="Ændret", code="P-1", slug="pakke"), "action-publish": "1"},
    )
    assert_refused(edit)
    package.refresh_from_db()
    assert package.title == "Pakke"
    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=(package.pk,))))


def _publish_local_assignment(school):
    page = school_assignments_page_for(school)
    assignment = page.add_child(
        instance=ModuleAssignmentPage(
            title="Vores egen opgave", slug="egen", task="<p>t</p>", hand_in="<p>h</p>"
        )
    )
    return page, assignment


def test_teacher_of_the_school_reads_the_local_assignments(programme, client):
    page, assignment = _publish_local_assignment(programme.school)
    client.force_login(programme.people["teacher"])
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Vores egen opgave" in response.content.decode()
    assert client.get(assignment.url).status_code == 200


def test_teacher_of_another_school_is_refused(programme, client):
    page, assignment = _publish_local_assignment(programme.school)
    client.force_login(programme.people["far_teacher"])
    assert client.get(page.url).status_code == 403
    assert client.get(assignment.url).status_code == 403


@pytest.mark.parametrize("person", ["leader", "local_rp", "municipal_rp", "coordinator", "admin"])
def test_the_schools_people_read_its_page(programme, client, person):
    page, _ = _publish_local_assignment(programme.school)
    client.force_login(programme.people[person])
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Vores egen opgave" in response.content.decode()


@pytest.mark.parametrize("person", ["nobody", "author", "other_coordinator", "far_teacher"])
def test_others_are_refused_the_schools_page(programme, client, person):
    page, _ = _publish_local_assignment(programme.school)
    client.force_login(programme.people[person])
    response = client.get(page.url)
    assert response.status_code == 403
    assert "Vores egen opgave" not in response.content.decode()


def test_index_lists_only_the_viewers_schools(programme, client):
    _publish_local_assignment(programme.school)
    school_assignments_page_for(programme.far_school)
    index = SchoolAssignmentsIndexPage.objects.get()

    client.force_login(programme.people["teacher"])
    body = client.get(index.url).content.decode()
    assert programme.school.name in body
    assert programme.far_school.name not in body

    client.force_login(programme.people["far_teacher"])
    body = client.get(index.url).content.decode()
    assert programme.far_school.name in body
    assert programme.school.name not in body


def test_index_queries_do_not_grow_with_schools(programme, client, django_assert_max_num_queries):
    from lms.factories import InstitutionFactory

    school_assignments_page_for(programme.school)
    index = SchoolAssignmentsIndexPage.objects.get()
    client.force_login(programme.people["admin"])
    with django_assert_max_num_queries(20) as small:
        client.get(index.url)
    for _ in range(5):
        school_assignments_page_for(InstitutionFactory(municipality=programme.municipality))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(index.url)
    assert response.content.decode().count("<li><a href=") >= 6


def test_changing_a_role_moves_the_membership(programme):
    local_rp = programme.people["local_rp"]
    assignment = RoleAssignment.objects.get(user=local_rp, role=Role.LOCAL_RESOURCE_PERSON)
    assignment.role = Role.TEACHER
    assignment.save()
    assert not local_rp.groups.filter(name=school_group_name(programme.school)).exists()


def test_leaders_cannot_delete_their_school_page(programme, client):
    page = school_assignments_page_for(programme.school)
    client.force_login(programme.people["leader"])
    assert_refused(client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,))))
    assert SchoolAssignmentsPage.objects.filter(pk=page.pk).exists()


def test_school_page_queries_do_not_grow_with_assignments(
    programme, client, django_assert_max_num_queries
):
    page, _ = _publish_local_assignment(programme.school)
    client.force_login(programme.people["teacher"])
    with django_assert_max_num_queries(30) as small:
        assert client.get(page.url).status_code == 200
    for n in range(6):
        page.add_child(
            instance=ModuleAssignmentPage(
                title=f"Opgave {n}", slug=f"opgave-{n}", task="<p>t</p>", hand_in="<p>h</p>"
            )
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(page.url)
    assert "Opgave 5" in response.content.decode()


def test_leader_reaches_the_admin_and_gets_a_publish_button_at_own_school(programme, client):
    page = school_assignments_page_for(programme.school)
    client.force_login(programme.people["leader"])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    response = client.get(add_assignment_url(page))
    assert response.status_code == 200
    assert 'name="action-publish"' in response.content.decode()
    client.force_login(programme.people["teacher"])
    assert client.get(add_assignment_url(page)).status_code == 302  # no admin access
    assert not ModuleAssignmentPage.objects.exists()
