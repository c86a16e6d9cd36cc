from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("school plans")

    def ready(self) -> None:
        # Registering links and e-mail kinds imports models: once the registry is ready.
        from . import notifications, overview  # noqa: F401

        notifications.register_kinds()
