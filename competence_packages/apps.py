from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencePackagesConfig(AppConfig):
    name = "competence_packages"
    verbose_name = _("competence packages")

    def ready(self) -> None:
        # Registering links and receivers imports models: only once the app registry is ready.
        from . import overview, receivers  # noqa: F401
