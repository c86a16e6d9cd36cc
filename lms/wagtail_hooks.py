"""The CMS's way back to the platform: "Mit overblik" first in the Wagtail admin's menu."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_menu_item")
def back_to_my_overview() -> MenuItem:
    return MenuItem(
        _("Back to My overview"), reverse_lazy("home"), icon_name="arrow-left", order=-1000
    )
