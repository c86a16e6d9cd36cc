from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def package_overview_links(user, place) -> list:
    """ "Mit overblik": a school's ranked catalogue and choices; a municipality's choices."""
    from django.urls import reverse

    from lms.overview import Link

    from . import permissions

    obj = place.obj
    if place.kind == "institution" and permissions.can_view_school_choices(user, obj):
        return [
            Link(
                _("Competence packages for the school"),
                reverse("competence_packages:catalogue", args=[obj.number]),
                _("The catalogue ranked by the school's weak areas in the mapping."),
            ),
            Link(
                _("The school's package choices"),
                reverse("competence_packages:choices", args=[obj.number]),
                _("Chosen packages, teams, module plans and how the SMART goals went."),
            ),
        ]
    if place.kind == "municipality" and permissions.can_view_municipality_choices(user, obj):
        return [
            Link(
                _("The schools' package choices and goals"),
                reverse("competence_packages:municipality", args=[obj.code]),
                _("Every school's chosen packages and SMART goals, with their outcomes."),
            )
        ]
    return []


class CompetencePackagesConfig(AppConfig):
    name = "competence_packages"
    verbose_name = _("competence packages")

    def ready(self) -> None:
        from lms.overview import register_overview_links

        register_overview_links(package_overview_links)
