"""Wagtail hooks of the modules app: who may read modules, assignments and schools' own pages.

Wagtail's admin preview does not pass through `before_serve_page`, so authors still preview."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from wagtail import hooks

from lms.permissions import is_programme_admin

from . import receivers  # noqa: F401  (connects the receivers at start-up)
from .models import (
    ModuleAssignmentPage,
    ModulePage,
    SchoolAssignmentsIndexPage,
    SchoolAssignmentsPage,
)
from .permissions import can_view_module, can_view_school_local, school_pages_visible_to


@hooks.register("before_serve_page")
def only_readers_may_open(page, request, serve_args, serve_kwargs):
    """Modules and assignments for those who may read them (modules.permissions); a school's
    own page for that school's people; the index lists only the viewer's schools."""
    if isinstance(page, SchoolAssignmentsIndexPage):
        if not request.user.is_authenticated:
            raise PermissionDenied
        context = page.get_context(request, *serve_args, **serve_kwargs)
        context["school_pages"] = school_pages_visible_to(request.user)
        return TemplateResponse(request, page.get_template(request), context)
    if isinstance(page, ModulePage | ModuleAssignmentPage):
        if not can_view_module(request.user, page):
            raise PermissionDenied
    if isinstance(page, SchoolAssignmentsPage):
        if not can_view_school_local(request.user, page.institution_id):
            raise PermissionDenied
    return None


@hooks.register("before_delete_page")
def keep_school_pages(request, page):
    """The school pages themselves are made by the system; only administrators delete them."""
    if isinstance(page.specific, (SchoolAssignmentsIndexPage, SchoolAssignmentsPage)):
        if not is_programme_admin(request.user):
            raise PermissionDenied
