from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The top floor: no models, only the demo's data files and the command that loads them."""

    name = "demo"
    verbose_name = _("demo programme")
