from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("feedback")

    def ready(self) -> None:
        # Connecting receivers, registering links and e-mail kinds imports models: once the
        # registry is ready.
        from . import notifications, overview, receivers  # noqa: F401

        notifications.register_kinds()
