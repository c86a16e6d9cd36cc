"""COK's second-author approval, exercised through Wagtail's own admin views."""

import pytest
from authoring_forms import assert_refused, assignment_data, module_data, package_data
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, TaskState, Workflow, WorkflowPage

from competence_packages.authoring import WORKFLOW_NAME, authoring_setup
from competence_packages.models import CompetencePackage
from modules.models import ModuleAssignmentPage, ModulePage

pytestmark = pytest.mark.django_db


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )


def approve_url(page):
    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk))


def submit_tree(client, catalogue):
    """Author A writes a package, a module and a module assignment, each submitted for approval."""
    response = client.post(
        add_url(CompetencePackage, catalogue), {**package_data(), "action-submit": "Submit"}
    )
    assert response.status_code == 302, response.content[:3000]
    package = CompetencePackage.objects.get(code="FT-1")
    response = client.post(add_url(ModulePage, package), {**module_data(), "action-submit": "1"})
    assert response.status_code == 302
    module = ModulePage.objects.get(slug="modul-1")
    response = client.post(
        add_url(ModuleAssignmentPage, module), {**assignment_data(), "action-submit": "1"}
    )
    assert response.status_code == 302
    assignment = ModuleAssignmentPage.objects.get(slug="proev-det")
    return package, module, assignment


def test_setup_assigns_the_workflow_to_the_catalogue_and_is_idempotent(catalogue):
    authoring_setup()
    authoring_setup()
    assert WorkflowPage.objects.get(page=catalogue).workflow.name == WORKFLOW_NAME
    assert catalogue.get_workflow().name == WORKFLOW_NAME
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.workflow_tasks.count() == 1
    codenames = GroupPagePermission.objects.filter(
        page=catalogue, group__name="Indholdsforfattere"
    ).values_list("permission__codename", flat=True)
    assert sorted(codenames) == [
        "add_page",
        "change_page",
        "lock_page",
        "publish_page",
        "unlock_page",
    ]


def test_another_author_approves_and_the_package_goes_live(
    programme, catalogue, second_author, client
):
    author = programme.people["author"]
    client.force_login(author)
    pages = submit_tree(client, catalogue)
    for page in pages:
        page.refresh_from_db()
        assert not page.live
        assert page.current_workflow_state.requested_by == author
        assert page.current_workflow_state.status == "in_progress"

    # The author who submitted cannot approve their own work, by either route.
    package = pages[0]
    assert_refused(client.post(approve_url(package), {"comment": ""}))
    package.refresh_from_db()
    assert not package.live
    client.post(
        reverse("wagtailadmin_pages:edit", args=(package.pk,)),
        {**package_data(), "action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    package.refresh_from_db()
    assert not package.live
    assert package.current_workflow_state.status == "in_progress"

    # Nor publish directly: publishing goes through the approval.
    client.post(
        reverse("wagtailadmin_pages:edit", args=(package.pk,)),
        {**package_data(), "action-publish": "1"},
    )
    package.refresh_from_db()
    assert not package.live

    client.force_login(second_author)
    for page in pages:
        response = client.post(approve_url(page), {"comment": "Fint"})
        assert response.status_code == 302
        assert response["Location"] != "/cms/", [
            str(m)[:120] for m in response.wsgi_request._messages
        ][-2:]
    for page in pages:
        page.refresh_from_db()
        assert page.live
        assert page.current_workflow_state is None


def test_submitter_does_not_see_own_page_among_tasks_to_review(
    programme, catalogue, second_author, client
):
    author = programme.people["author"]
    client.force_login(author)
    package, *_ = submit_tree(client, catalogue)
    assert not TaskState.objects.reviewable_by(author).filter(
        workflow_state__object_id=str(package.pk)
    )
    assert TaskState.objects.reviewable_by(second_author).filter(
        workflow_state__object_id=str(package.pk)
    )


@pytest.mark.parametrize("person", ["teacher", "leader", "municipal_rp", "nobody"])
def test_school_people_cannot_edit_the_catalogue(programme, catalogue, client, person):
    package = catalogue.add_child(
        instance=CompetencePackage(title="Pakke", slug="pakke", code="P-1", summary="s")
    )
    client.force_login(programme.people[person])
    edit = client.post(
        reverse("wagtailadmin_pages:edit", args=(package.pk,)),
        {**package_data(title="Ændret"), "action-publish": "1"},
    )
    add = client.post(
        add_url(CompetencePackage, catalogue),
        {**package_data(code="NY", slug="ny"), "action-publish": "1"},
    )
    assert_refused(edit)
    assert_refused(add)
    package.refresh_from_db()
    assert package.title == "Pakke"
    assert not CompetencePackage.objects.filter(code="NY").exists()
    assert Page.objects.filter(title="Ændret").count() == 0


def test_authors_may_view_but_not_change_indicators(programme):
    author = programme.people["author"]
    assert author.has_perm("profiles_link.view_indicator")
    assert not author.has_perm("profiles_link.change_indicator")
    assert not author.has_perm("profiles_link.add_indicator")
    assert author.has_perm("wagtailadmin.access_admin")


def test_authors_do_not_get_a_publish_button_in_the_catalogue(programme, catalogue, client):
    client.force_login(programme.people["author"])
    response = client.get(add_url(CompetencePackage, catalogue))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_scheduled_package_goes_live_when_its_time_comes(
    programme, catalogue, second_author, client
):
    from datetime import timedelta

    from django.utils import timezone

    from competence_packages.tasks import publish_scheduled_pages

    go_live = timezone.localtime() + timedelta(days=2)
    client.force_login(programme.people["author"])
    response = client.post(
        add_url(CompetencePackage, catalogue),
        {**package_data(go_live_at=go_live.strftime("%Y-%m-%d %H:%M")), "action-submit": "1"},
    )
    assert response.status_code == 302
    package = CompetencePackage.objects.get(code="FT-1")
    client.force_login(second_author)
    assert client.post(approve_url(package), {"comment": ""}).status_code == 302
    package.refresh_from_db()
    assert not package.live
    revision = package.scheduled_revision
    assert revision is not None

    publish_scheduled_pages.delay()
    package.refresh_from_db()
    assert not package.live  # not yet

    # Time passes: the go-live moment is now behind us.
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    publish_scheduled_pages.delay()
    package.refresh_from_db()
    assert package.live


def test_authors_may_upload_and_choose_images_and_documents(programme):
    from wagtail.models import Collection, GroupCollectionPermission

    codenames = set(
        GroupCollectionPermission.objects.filter(
            group__name="Indholdsforfattere", collection=Collection.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )
    assert {"add_image", "choose_image", "add_document", "choose_document"} <= codenames
    assert "delete_image" not in codenames
