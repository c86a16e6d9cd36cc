from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesLinkConfig(AppConfig):
    name = "profiles_link"
    verbose_name = _("mapping profiles")

    def ready(self) -> None:
        # Registering the overview links and the stored profiles' listener for unit scores saved
        # outside an import imports models: only once the app registry is ready.
        from . import overview, stored  # noqa: F401
