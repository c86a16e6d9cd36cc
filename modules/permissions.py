"""Who may read a module or a module assignment, and answer its questions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lms import permissions as lms_permissions
from lms.models import Team
from lms.roles import Role, held_roles

from .models import (
    ModuleAssignmentPage,
    ModulePage,
    SchoolAssignmentsIndexPage,
    SchoolAssignmentsPage,
)
from .selectors import enrolled_module_ids

# Roles at a school that may read every central module (to choose packages and guide teams).
SCHOOL_GUIDE_ROLES = (
    Role.SCHOOL_LEADER,
    Role.LOCAL_RESOURCE_PERSON,
    Role.MUNICIPAL_RESOURCE_PERSON,
)
# Roles at a school that let a person read the school's own module assignments.
SCHOOL_LOCAL_ROLES = (Role.TEACHER, *SCHOOL_GUIDE_ROLES)


def can_preview_central_content(user) -> bool:
    """Content authors, programme admins and the programme's CMS users read every central module.

    (School leaders also reach the CMS, for their school's own pages only: that is not enough.)
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return lms_permissions.can_use_cms(user)


def _can_edit_in_cms(user, page) -> bool:
    """Anyone Wagtail lets edit the page (or its module) may read what they edit."""
    return page.permissions_for_user(user).can_edit()


def _school_assignments_institution_id(page) -> int | None:
    parent = page.get_parent()
    return (
        SchoolAssignmentsPage.objects.filter(pk=parent.pk)
        .values_list("institution_id", flat=True)
        .first()
    )


def can_view_school_local(user, institution_id: int) -> bool:
    if lms_permissions.is_programme_admin(user):
        return True
    roles = held_roles(user)
    if roles.at_institution(institution_id).intersection(SCHOOL_LOCAL_ROLES):
        return True
    return Team.objects.filter(pk__in=roles.team_ids, institution_id=institution_id).exists()


def _can_view_central_module(user, module) -> bool:
    if can_preview_central_content(user):
        return True
    roles = held_roles(user)
    # Leaders, resource persons and coordinators read any package's modules: they choose
    # packages for their schools and guide teams through them. Teams see only their own.
    # (Asked first: it costs no query.)
    if roles.institutions_with(*SCHOOL_GUIDE_ROLES) or roles.municipalities_with(
        Role.MUNICIPAL_COORDINATOR
    ):
        return True
    if roles.team_ids and module.pk in enrolled_module_ids(team_ids=roles.team_ids):
        return True
    return _can_edit_in_cms(user, module)


def can_view_module(user, page) -> bool:
    """`page` is a ModulePage or a ModuleAssignmentPage (central or a school's own)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if isinstance(page, ModuleAssignmentPage):
        institution_id = _school_assignments_institution_id(page)
        if institution_id is not None:
            return can_view_school_local(user, institution_id)
        module = ModulePage.objects.filter(pk=page.get_parent().pk).first()
        return module is not None and _can_view_central_module(user, module)
    return _can_view_central_module(user, page)


def can_answer_module(user, page) -> bool:
    """Anyone who may read a module may answer its questions for themselves."""
    return can_view_module(user, page)


def readable_module_ids(user, modules) -> set[int]:
    """Which of a package's `modules` (central ModulePages) `user` may open, in constant
    queries: the package page links those and lists the rest without a link."""
    modules = list(modules)
    if not getattr(user, "is_authenticated", False):
        return set()
    roles = held_roles(user)
    if (
        can_preview_central_content(user)
        or roles.institutions_with(*SCHOOL_GUIDE_ROLES)
        or roles.municipalities_with(Role.MUNICIPAL_COORDINATOR)
    ):
        return {module.pk for module in modules}
    enrolled = enrolled_module_ids(team_ids=roles.team_ids) if roles.team_ids else set()
    return {module.pk for module in modules if module.pk in enrolled}


def school_pages_visible_to(user) -> QuerySet[SchoolAssignmentsPage]:
    """The live school pages the person may read: those of the schools where they teach, lead or
    guide (the rule of `can_view_school_local`); programme administrators see all."""
    pages = SchoolAssignmentsPage.objects.live().select_related("institution").order_by("title")
    if lms_permissions.is_programme_admin(user):
        return pages
    roles = held_roles(user)
    team_schools = Team.objects.filter(pk__in=roles.team_ids).values("institution_id")
    return pages.filter(
        Q(institution_id__in=roles.institutions_with(*SCHOOL_LOCAL_ROLES))
        | Q(institution_id__in=team_schools)
    )


def school_pages_filter(user) -> Q | None:
    """A filter on Wagtail pages keeping everything but the schools' own pages the person may
    not read (the rule of `can_view_school_local`); None when nothing is hidden. The CMS's page
    chooser and explorer apply it, so no school's own assignments are listed to another's."""
    if lms_permissions.is_programme_admin(user):
        return None
    index = SchoolAssignmentsIndexPage.objects.first()
    if index is None:
        return None
    allowed = Q(pk__in=[])
    for path in school_pages_visible_to(user).values_list("path", flat=True):
        allowed |= Q(path__startswith=path)
    return ~Q(path__startswith=index.path, depth__gt=index.depth) | allowed
