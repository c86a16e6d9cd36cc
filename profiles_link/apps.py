from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def profile_overview_links(user, place) -> list:
    """ "Mit overblik": a school's quality profile, a municipality's profile, the programme's."""
    from django.urls import reverse

    from lms.overview import Link

    from . import permissions

    links = _import_links(user, place)
    obj = place.obj
    if place.kind == "institution" and permissions.can_view_school_profile(user, obj):
        return [
            Link(
                _("The school's quality profile"),
                reverse("profiles:school_profile", args=[obj.number]),
                _("Results of the mapping for each respondent group, weak areas and development."),
            )
        ]
    if place.kind == "municipality" and permissions.can_view_municipality_profile(user, obj):
        return links + [
            Link(
                _("The municipality's profile"),
                reverse("profiles:municipality_profile", args=[obj.code]),
                _("The schools' results in the mapping side by side."),
            )
        ]
    if place.kind == "programme" and permissions.can_view_programme_overview(user):
        return links + [
            Link(
                _("Programme overview"),
                reverse("profiles:programme_overview"),
                _("Mapping rounds, municipalities and the programme's results."),
            )
        ]
    return []


def _import_links(user, place) -> list:
    from django.urls import reverse

    from lms.overview import Link

    from . import permissions

    if place.kind in {"municipality", "programme"} and permissions.can_import_mapping(user):
        return [
            Link(
                _("Import a mapping round"),
                reverse("profiles:import_start"),
                _("Upload the survey export; it is checked, scored and stored in the background."),
            )
        ]
    return []


class ProfilesLinkConfig(AppConfig):
    name = "profiles_link"
    verbose_name = _("mapping profiles")

    def ready(self) -> None:
        from lms.overview import register_overview_links

        register_overview_links(profile_overview_links)
