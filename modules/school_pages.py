"""Schools' own module assignments in Wagtail: one page per school, written by its leadership.

`school_assignments_page_for(institution)` makes (idempotently) the index page under the default
site's root, the school's page, and the school's Wagtail group "Skole <number>: egne opgaver",
which may add, edit and publish pages under that school's page and nowhere else. The group's
members are the school's leaders and local resource persons (`school_editors_sync`, run when a
role is given or taken: see `modules.signals`).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Page, Site

from lms.models import Institution, RoleAssignment, User
from lms.roles import Role, forget_held_roles

from .models import SchoolAssignmentsIndexPage, SchoolAssignmentsPage

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
    return Page.get_first_root_node()


def school_assignments_index() -> SchoolAssignmentsIndexPage:
    index = SchoolAssignmentsIndexPage.objects.first()
    if index is None:
        index = _tree_root().add_child(
            instance=SchoolAssignmentsIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG)
        )
    return index


def school_group_for(institution: Institution, page: SchoolAssignmentsPage) -> Group:
    """The school's group: admin access, and add/edit/publish on the school's page only."""
    from competence_packages.authoring import group_page_permissions_set

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


def school_pages_visible_to(user):
    """The live school pages the person may read: those of the schools where they teach, lead or
    guide (the same rule as `modules.permissions` applies to a school's own assignments);
    programme administrators see all."""
    from django.db.models import Q

    from lms.models import Team
    from lms.permissions import is_programme_admin
    from lms.roles import held_roles

    from .permissions import SCHOOL_LOCAL_ROLES

    pages = SchoolAssignmentsPage.objects.live().select_related("institution").order_by("title")
    if is_programme_admin(user):
        return pages
    roles = held_roles(user)
    team_schools = Team.objects.filter(pk__in=roles.team_ids).values("institution_id")
    return pages.filter(
        Q(institution_id__in=roles.institutions_with(*SCHOOL_LOCAL_ROLES))
        | Q(institution_id__in=team_schools)
    )
