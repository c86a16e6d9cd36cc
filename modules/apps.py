from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def my_modules_link(user, place) -> list:
    """On a team the person is on, "Mit overblik" links to their modules."""
    from django.urls import reverse

    from lms.overview import Link
    from lms.roles import held_roles

    if place.kind != "team" or place.obj is None:
        return []
    if place.obj.pk not in held_roles(user).team_ids:
        return []
    return [
        Link(
            _("My modules"),
            reverse("modules:my_modules"),
            _("The modules your team takes, what you have answered and read."),
        )
    ]


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("learning modules")

    def ready(self) -> None:
        from lms.overview import register_overview_links

        from . import signals  # noqa: F401 - connects the school-group and set-up receivers

        register_overview_links(my_modules_link)
