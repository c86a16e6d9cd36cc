from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesLinkConfig(AppConfig):
    name = "profiles_link"
    verbose_name = _("mapping profiles")
