"""COK's authoring set-up in Wagtail: what content authors may do, and the second-author workflow.

`authoring_setup()` is idempotent. It runs after every `migrate` (a `post_migrate` receiver in
`competence_packages.receivers`), when a package catalogue is created, and from `seed_demo`.

Content authors may add, edit, publish, lock and unlock pages in the package catalogue. Wagtail
lets whoever may publish skip a workflow, and the approver needs the publish right (approving
publishes the revision, honouring its go-live date), so `competence_packages.wagtail_hooks`
takes the direct "Publish" away from authors in the catalogue: a page there goes live only when
a *second* content author approves it in the workflow "Second author approval".
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from lms.services import CONTENT_AUTHORS_GROUP, group_page_permissions_set
from modules.services import school_editors_sync_all

from .authoring_models import SecondAuthorApprovalTask
from .models import PackageCatalogue

# Names the authors read in the CMS, in Danish like the rest of it (the English names of before
# are renamed by `authoring_setup`).
WORKFLOW_NAME = "Godkendelse af en anden forfatter"
TASK_NAME = "Godkendelse af en anden indholdsforfatter"
FORMER_NAMES = {
    "Second author approval": WORKFLOW_NAME,
    "Approval by another content author": TASK_NAME,
}

# Page permissions of content authors on each package catalogue (and so on its whole subtree).
AUTHOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# Per collection: upload, edit and choose images and documents.
AUTHOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
# Indicators come from the mapping import: authors see and choose them, never change them.
AUTHOR_MODEL_PERMISSIONS_ALLOWED = (("profiles_link", "view_indicator"),)
AUTHOR_MODEL_PERMISSIONS_REFUSED = (
    ("profiles_link", "add_indicator"),
    ("profiles_link", "change_indicator"),
    ("profiles_link", "delete_indicator"),
)


def _permissions(pairs) -> list[Permission]:
    found = []
    for app_label, codename in pairs:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            found.append(permission)
    return found


def in_package_catalogue(page: Page) -> bool:
    """Whether the page is a package catalogue or lies under one."""
    prefixes = [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    return PackageCatalogue.objects.filter(path__in=prefixes).exists()


def must_publish_through_approval(user, page: Page) -> bool:
    """Pages in the catalogue go live by a second author's approval; administrators may still
    publish directly."""
    return not user.is_superuser and in_package_catalogue(page)


def content_authors_group() -> Group:
    group, _ = Group.objects.get_or_create(name=CONTENT_AUTHORS_GROUP)
    group.permissions.add(*_permissions([("wagtailadmin", "access_admin")]))
    group.permissions.add(*_permissions(AUTHOR_MODEL_PERMISSIONS_ALLOWED))
    group.permissions.remove(*_permissions(AUTHOR_MODEL_PERMISSIONS_REFUSED))
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in _permissions(AUTHOR_COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    return group


def second_author_workflow(group: Group) -> Workflow:
    """The workflow with its one task, approved by the content authors' group."""
    Workflow.objects.filter(name__in=FORMER_NAMES).update(name=WORKFLOW_NAME)
    for former, name in FORMER_NAMES.items():
        SecondAuthorApprovalTask.objects.filter(name=former).update(name=name)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = SecondAuthorApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = SecondAuthorApprovalTask.objects.create(name=TASK_NAME, active=True)
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


@transaction.atomic
def authoring_setup() -> None:
    """Content authors' rights, the second-author workflow on every catalogue, school groups."""
    group = content_authors_group()
    workflow = second_author_workflow(group)
    for catalogue in PackageCatalogue.objects.all():
        group_page_permissions_set(
            group=group, page=catalogue, permission_types=AUTHOR_PAGE_PERMISSIONS
        )
        WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    school_editors_sync_all()
