from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("feedback")

    def ready(self) -> None:
        # Connecting receivers, registering links and e-mail kinds imports models: once the
        # registry is ready.
        from lms import page_cache  # noqa: PLC0415 - as the imports below

        from . import notifications, overview, receivers  # noqa: F401
        from .models import WrittenFeedback  # the registry is ready only now

        notifications.register_kinds()
        page_cache.has_drafts(WrittenFeedback)  # the reviewer's text before it is released
