"""Writes: a person's answers to a module's questions, marking a module as read, and the
schools' own module assignments in Wagtail.

Schools' own assignments: `school_assignments_page_for(institution)` makes (idempotently) the
index page under the default site's root, the school's page, and the school's Wagtail group
"Skole <number>: egne opgaver", which may add, edit and publish pages under that school's page
and nowhere else. The group's members are the school's leaders and local resource persons
(`school_editors_sync`, run when a role is given or taken: see `modules.receivers`).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from lms.errors import ServiceError
from lms.models import Institution, RoleAssignment, User
from lms.roles import Role, forget_held_roles
from lms.services import group_page_permissions_set

from .models import (
    CheckAnswer,
    ModuleCompletion,
    ModulePage,
    ReflectionAnswer,
    SchoolAssignmentsIndexPage,
    SchoolAssignmentsPage,
)
from .selectors import data_check_for, module_block

REFLECTION_MAX_LENGTH = 10_000


@transaction.atomic
def reflection_answer_save(*, user, page: ModulePage, block_id: str, text: str) -> ReflectionAnswer:
    if module_block(page=page, block_id=block_id, block_type="reflection") is None:
        raise ServiceError(_("This question is no longer part of the module."))
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Write your answer before saving."))
    if len(text) > REFLECTION_MAX_LENGTH:
        raise ServiceError(
            _("Your answer is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(text), "limit": REFLECTION_MAX_LENGTH}
        )
    answer, _created = ReflectionAnswer.objects.update_or_create(
        user=user, page=page, block_id=block_id, defaults={"text": text}
    )
    return answer


@transaction.atomic
def check_answer_save(*, user, page: ModulePage, block_id: str, option) -> CheckAnswer:
    block = module_block(page=page, block_id=block_id, block_type="check")
    if block is None:
        raise ServiceError(_("This question is no longer part of the module."))
    options = list(block.value["options"])
    try:
        index = int(option)
    except (TypeError, ValueError):
        raise ServiceError(_("Choose one of the answers.")) from None
    if not 0 <= index < len(options):
        raise ServiceError(_("Choose one of the answers."))
    answer, _created = CheckAnswer.objects.update_or_create(
        user=user,
        page=page,
        block_id=block_id,
        defaults={"option": index, "correct": bool(options[index]["correct"])},
    )
    return answer


@transaction.atomic
def data_check_answer_save(*, user, page: ModulePage, block_id: str, option) -> CheckAnswer:
    """Save the reader's answer to a check built on their own school's numbers; whether it is
    right is judged on the numbers the reader was shown."""
    block = module_block(page=page, block_id=block_id, block_type="data_check")
    if block is None:
        raise ServiceError(_("This question is no longer part of the module."))
    _school, check = data_check_for(user=user, block=block)
    if check is None:
        raise ServiceError(_("There are no numbers from your school for this question yet."))
    try:
        index = int(option)
    except (TypeError, ValueError):
        raise ServiceError(_("Choose one of the answers.")) from None
    if not 0 <= index < len(check.options):
        raise ServiceError(_("Choose one of the answers."))
    answer, _created = CheckAnswer.objects.update_or_create(
        user=user,
        page=page,
        block_id=block_id,
        defaults={"option": index, "correct": check.options[index].correct},
    )
    return answer


def module_mark_read(*, user, module: ModulePage, is_read: bool = True) -> None:
    if is_read:
        ModuleCompletion.objects.get_or_create(user=user, module=module)
    else:
        ModuleCompletion.objects.filter(user=user, module=module).delete()


# --------------------------------------------------------------------------- schools' own pages

EDITOR_ROLES = (Role.SCHOOL_LEADER, Role.LOCAL_RESOURCE_PERSON)
SCHOOL_PAGE_PERMISSIONS = ("add", "change", "publish")
INDEX_TITLE = "Skolernes egne opgaver"
INDEX_SLUG = "skolernes-egne-opgaver"


def school_group_name(institution: Institution) -> str:
    return f"Skole {institution.number}: egne opgaver"


def _tree_root() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page
    # Wagtail's migration makes the root; a flushed database (transactional tests) has none.
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def school_assignments_index() -> SchoolAssignmentsIndexPage:
    index = SchoolAssignmentsIndexPage.objects.first()
    if index is None:
        index = _tree_root().add_child(
            instance=SchoolAssignmentsIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG)
        )
    return index


def school_group_for(institution: Institution, page: SchoolAssignmentsPage) -> Group:
    """The school's group: admin access, and add/edit/publish on the school's page only."""
    group, _ = Group.objects.get_or_create(name=school_group_name(institution))
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access is not None:
        group.permissions.add(access)
    group_page_permissions_set(group=group, page=page, permission_types=SCHOOL_PAGE_PERMISSIONS)
    return group


@transaction.atomic
def school_assignments_page_for(institution: Institution) -> SchoolAssignmentsPage:
    """The school's page of its own assignments, with its editors' group (idempotent)."""
    page = SchoolAssignmentsPage.objects.filter(institution=institution).first()
    if page is None:
        # Lock the institution row so two requests do not both create the page.
        Institution.objects.select_for_update().filter(pk=institution.pk).first()
        page = SchoolAssignmentsPage.objects.filter(institution=institution).first()
    if page is None:
        page = school_assignments_index().add_child(
            instance=SchoolAssignmentsPage(
                title=institution.name, slug=institution.number, institution=institution
            )
        )
    school_group_for(institution, page)
    return page


def is_school_editor(user: User, institution_id: int) -> bool:
    return RoleAssignment.objects.filter(
        user=user, institution_id=institution_id, role__in=EDITOR_ROLES
    ).exists()


@transaction.atomic
def school_editors_sync(*, user: User, institution: Institution) -> None:
    """Make the person a member of the school's group exactly when they lead or guide there."""
    if is_school_editor(user, institution.pk):
        school_assignments_page_for(institution)
        user.groups.add(Group.objects.get(name=school_group_name(institution)))
    else:
        group = Group.objects.filter(name=school_group_name(institution)).first()
        if group is not None:
            user.groups.remove(group)
    forget_held_roles(user)


def school_editors_sync_all() -> None:
    """Run the sync for everyone holding an editor role (after migrate / for existing data)."""
    pairs = (
        RoleAssignment.objects.filter(role__in=EDITOR_ROLES, institution__isnull=False)
        .select_related("user", "institution")
        .order_by("institution_id", "user_id")
    )
    for assignment in pairs:
        school_editors_sync(user=assignment.user, institution=assignment.institution)
