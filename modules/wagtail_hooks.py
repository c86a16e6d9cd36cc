"""Wagtail hooks of the modules app: who may read a school's own assignments."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from wagtail import hooks

from lms.permissions import is_programme_admin

from . import signals  # noqa: F401  (connects the receivers at start-up)
from .models import SchoolAssignmentsIndexPage, SchoolAssignmentsPage
from .permissions import can_view_school_local
from .school_pages import school_pages_visible_to


@hooks.register("before_serve_page")
def school_pages_only_for_their_school(page, request, serve_args, serve_kwargs):
    """A school's own page is for that school's people; the index lists only the viewer's
    schools."""
    if isinstance(page, SchoolAssignmentsIndexPage):
        if not request.user.is_authenticated:
            raise PermissionDenied
        context = page.get_context(request, *serve_args, **serve_kwargs)
        context["school_pages"] = school_pages_visible_to(request.user)
        return TemplateResponse(request, page.get_template(request), context)
    # (A school's own module assignments are checked by ModuleAssignmentPage.serve itself.)
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
