"""Wagtail hooks of the competence packages: the schools' choices enrol teams in modules, and
publishing in the catalogue takes a second author.

Content authors hold Wagtail's publish right on the catalogue (the approver needs it), so the
direct "Publish" is taken away here: it is hidden from the page's action menu, a posted publish
is saved as a draft instead (nothing typed is lost), and bulk publishing in the catalogue is
refused. Publishing happens when another author approves in the workflow.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail import hooks

from modules.hooks import AUDIENCE_LEADERSHIP, ENROLMENTS, PAGE_AUDIENCE
from profiles_link.hooks import ROUND_DEPENDANTS, Dependants

from .authoring import must_publish_through_approval
from .models import CompetencePackage, SmartGoal
from .selectors import leadership_enrolments, package_enrolments, package_of_page

PUBLISH_ACTION = "action-publish"

# A school's choice of a package is what enrols its teams in the package's modules; every
# leadership team takes the leadership course.
hooks.register(ENROLMENTS, package_enrolments)
hooks.register(ENROLMENTS, leadership_enrolments)


@hooks.register(PAGE_AUDIENCE)
def package_audience(page) -> str | None:
    """A module or assignment speaks to whom its package is for."""
    package = package_of_page(page)
    if package is not None and package.audience == CompetencePackage.Audience.LEADERSHIP_TEAMS:
        return AUDIENCE_LEADERSHIP
    return None


def _drop_direct_publish(request, page) -> None:
    if request.method != "POST" or PUBLISH_ACTION not in request.POST:
        return
    if not must_publish_through_approval(request.user, page):
        return
    data = request.POST.copy()
    del data[PUBLISH_ACTION]
    request.POST = data
    messages.warning(
        request,
        _(
            "Pages in the package catalogue are published when another content author "
            "approves them. Your changes were saved as a draft: submit them for approval."
        ),
    )


@hooks.register("before_edit_page")
def no_direct_publish_on_edit(request, page):
    _drop_direct_publish(request, page)


@hooks.register("before_create_page")
def no_direct_publish_on_create(request, parent_page, page_class):
    _drop_direct_publish(request, parent_page)


@hooks.register("construct_page_action_menu")
def hide_publish_in_catalogue(menu_items, request, context):
    page = context.get("page") or context.get("parent_page")
    if page is None or page.pk is None:
        page = context.get("parent_page")
    if page is None or not must_publish_through_approval(request.user, page):
        return
    menu_items[:] = [item for item in menu_items if item.name != PUBLISH_ACTION]


@hooks.register("before_bulk_action")
def no_bulk_publish_in_catalogue(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    if any(must_publish_through_approval(request.user, page) for page in objects):
        raise PermissionDenied
    return None


@hooks.register(ROUND_DEPENDANTS)
def goals_on_a_round(mapping_round):
    """A SMART goal's baseline is a score of its round: deleting the round deletes the goal."""
    goals = SmartGoal.objects.filter(baseline_round=mapping_round)
    return Dependants(
        label=_("SMART goals with the round as their baseline"),
        count=goals.count(),
        delete=lambda: goals.delete(),
    )
