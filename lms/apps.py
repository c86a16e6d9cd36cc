from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import observability  # noqa: F401 - connects the logging of failed Celery tasks
from .celery import ensure_var_folders


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("organisations and people")

    def ready(self) -> None:
        ensure_var_folders()
        # Connecting receivers and registering the e-mail kinds import models: once the
        # registry is ready.
        from . import content_cache, invitations, page_cache, receivers, warmup  # noqa: F401

        invitations.register_kinds()
        content_cache.connect_page_deletes()
        warmup.keep_packed_block_definitions()
