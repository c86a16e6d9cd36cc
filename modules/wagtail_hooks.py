"""Wagtail hooks of the modules app: who may read modules, assignments and schools' own pages.

Wagtail's admin preview does not pass through `before_serve_page`, so authors still preview."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.models import Page

from lms.permissions import is_programme_admin

from . import receivers  # noqa: F401  (connects the receivers at start-up)
from .models import (
    ModuleAssignmentPage,
    ModulePage,
    SchoolAssignmentsIndexPage,
    SchoolAssignmentsPage,
)
from .permissions import (
    can_view_module,
    can_view_school_local,
    school_pages_filter,
    school_pages_visible_to,
)


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


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_only_readable_schools(pages, request):
    """The page chooser (and its search) lists no other school's own pages; opening another
    school's page in the chooser is a page that does not exist."""
    keep = school_pages_filter(request.user)
    if keep is None:
        return pages
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None and not Page.objects.filter(keep, pk=parent_id).exists():
        raise Http404
    return pages.filter(keep)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_only_readable_schools(parent_page, pages, request):
    keep = school_pages_filter(request.user)
    return pages if keep is None else pages.filter(keep)
