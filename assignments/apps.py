from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("team assignments")

    def ready(self) -> None:
        # Registering links and e-mail kinds imports models: only once the registry is ready.
        from . import notifications, overview  # noqa: F401

        notifications.register_kinds()
