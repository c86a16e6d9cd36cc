from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("team assignments")

    def ready(self) -> None:
        # Registering links imports models: only once the app registry is ready.
        from . import overview  # noqa: F401
