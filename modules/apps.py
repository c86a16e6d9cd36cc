from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("learning modules")

    def ready(self) -> None:
        # Registering links and receivers imports models: only once the app registry is ready.
        from . import overview, receivers  # noqa: F401
