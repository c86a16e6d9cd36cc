from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencePackagesConfig(AppConfig):
    name = "competence_packages"
    verbose_name = _("competence packages")
