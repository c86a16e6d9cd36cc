"""The Wagtail admin's menus: no link to a report only programme administrators may open."""

from wagtail import hooks

from .permissions import is_programme_admin

ADMIN_ONLY_REPORTS = {"page-types-usage"}


@hooks.register("construct_reports_menu")
def hide_admin_only_reports(request, menu_items):
    if not is_programme_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in ADMIN_ONLY_REPORTS]
