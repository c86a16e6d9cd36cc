from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("team assignments")

    def ready(self) -> None:
        # Registering links and e-mail kinds imports models: only once the registry is ready.
        from lms import page_cache  # noqa: PLC0415 - as the imports below

        from . import notifications, overview  # noqa: F401
        from .models import Submission  # the registry is ready only now

        notifications.register_kinds()
        page_cache.has_drafts(Submission)  # the answer the team is still writing
