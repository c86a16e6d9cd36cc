from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def submission_overview_links(user, place) -> list:
    """ "Mit overblik": a team's assignments, with status and due dates."""
    from django.urls import reverse

    from lms.overview import Link

    from . import permissions

    if place.kind == "team" and permissions.can_view_team_submissions(user, place.obj):
        return [
            Link(
                _("The team's assignments"),
                reverse("assignments:team_submissions", args=[place.obj.pk]),
                _("Module assignments, drafts, hand-ins and due dates."),
            )
        ]
    return []


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("team assignments")

    def ready(self) -> None:
        from lms.overview import register_overview_links

        from . import overview_views  # noqa: F401 - registers the queue and overview links

        register_overview_links(submission_overview_links)
