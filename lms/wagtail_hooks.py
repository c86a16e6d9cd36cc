"""The Wagtail admin's menus: the way back to the platform ("Mit overblik" first), and no link
to a report only programme administrators may open."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import is_programme_admin

ADMIN_ONLY_REPORTS = {"page-types-usage"}


@hooks.register("construct_reports_menu")
def hide_admin_only_reports(request, menu_items):
    if not is_programme_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in ADMIN_ONLY_REPORTS]


@hooks.register("register_admin_menu_item")
def back_to_my_overview() -> MenuItem:
    return MenuItem(
        _("Back to My overview"), reverse_lazy("home"), icon_name="arrow-left", order=-1000
    )
