from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .celery import ensure_var_folders


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("organisations and people")

    def ready(self) -> None:
        ensure_var_folders()
        # Registering the e-mail kinds imports models: once the registry is ready.
        from . import invitations

        invitations.register_kinds()
