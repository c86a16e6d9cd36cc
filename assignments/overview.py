"""What assignments add to "Mit overblik": a team's assignments, with status and due dates, and
the to-do items of hand-ins and requests for more time."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from lms import permissions as lms_permissions
from lms import selectors as lms_selectors
from lms.overview import Link, TodoItem, register_overview_links, register_todo_items
from lms.roles import held_roles

from . import permissions, selectors
from .models import Status


@register_overview_links
def submission_overview_links(user, place) -> list[Link]:
    if place.kind == "team" and permissions.can_view_team_submissions(user, place.obj):
        return [
            Link(
                _("The team's assignments"),
                reverse("assignments:team_submissions", args=[place.obj.pk]),
                _("Module assignments, drafts, hand-ins and due dates."),
            )
        ]
    return []


#: How far ahead a team's deadlines show up on its members' to-do list.
DUE_AHEAD = timedelta(days=14)


@register_todo_items
def assignment_todo(user) -> list[TodoItem]:
    """A team's work due soon or asked for again (its members), and requests for more time
    waiting for an answer (the school's leaders)."""
    items = []
    roles = held_roles(user)
    if roles.team_ids:
        for team in lms_selectors.active_teams_of(user=user):
            items += _team_items(user, team)
    requests = (
        selectors.extension_requests_for(user=user)
        .select_related(None)
        .select_related("submission__team", "submission__assignment")
        .only("until", "submission__team__name", "submission__assignment__title")
    )
    for request in requests:
        submission = request.submission
        items.append(
            TodoItem(
                _("Answer %(team)s's request for more time") % {"team": submission.team},
                reverse("assignments:extend", args=[submission.assignment_id, submission.team_id]),
                _("%(assignment)s, until %(date)s")
                % {"assignment": submission.assignment.title, "date": _date(request.until)},
            )
        )
    return items


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _team_items(user, team) -> list[TodoItem]:
    today = timezone.localdate()
    leads = lms_permissions.leads_team_work(user, team)
    items = []
    for row in selectors.team_assignment_rows(team=team):
        detail = f"{row.assignment.title} ({team})"
        if row.submission is not None:
            url = reverse("assignments:submission", args=[row.submission.pk])
        else:
            url = reverse("assignments:edit", args=[row.assignment.pk, team.pk])
        if row.status == Status.RESUBMISSION_REQUESTED:
            items.append(TodoItem(_("Hand in a new version"), url, detail, row.due_on))
        elif not row.is_submitted and row.due_on and row.due_on <= today + DUE_AHEAD:
            label = _("Hand in the team's answer") if leads else _("Work on the team's answer")
            items.append(TodoItem(label, url, detail, row.due_on, overdue=row.overdue))
    return items
