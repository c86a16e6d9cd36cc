"""What feedback adds to "Mit overblik": the feedback queue and the overviews of submissions."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lms import selectors as lms_selectors
from lms.overview import Link, TodoItem, register_overview_links, register_todo_items
from lms.roles import held_roles

from . import permissions, selectors
from .models import RouteStep


@register_overview_links
def overview_links(user, place) -> list[Link]:
    """Links on "Mit overblik"; decided from the cached roles, so they cost no queries."""
    links: list[Link] = []
    obj = place.obj
    if place.kind == "institution":
        if held_roles(user).at_institution(obj.pk).intersection(permissions.REVIEWER_ROLES):
            links.append(
                Link(
                    _("Feedback queue"),
                    f"{reverse('overviews:queue')}?school={obj.number}",
                    _("Hand-ins from the school's teams waiting for your feedback."),
                )
            )
        if permissions.can_view_school_overview(user, obj):
            links.append(
                Link(
                    _("The teams' module assignments"),
                    reverse("overviews:school", args=[obj.number]),
                    _("Every team's assignments with status, late and overdue work."),
                )
            )
    if place.kind == "municipality" and permissions.can_view_municipality_overview(user, obj):
        links.append(
            Link(
                _("Feedback queue"),
                reverse("overviews:queue"),
                _("Hand-ins you hold because no one else at a school could take them."),
            )
        )
        links.append(
            Link(
                _("Submissions and feedback in the municipality"),
                reverse("overviews:municipality", args=[obj.code]),
                _("Per school: work by status, overdue work and the reviewers' workload."),
            )
        )
    return links


#: A reviewer's open tasks listed one by one on Mit overblik; the rest are counted.
TASKS_LISTED = 8


@register_todo_items
def feedback_todo(user) -> list[TodoItem]:
    """The team's new feedback and meeting times to pick; a reviewer's open tasks, overdue
    first; a leader's written feedback waiting for approval."""
    return _team_items(user) + _reviewer_items(user) + _approval_items(user)


def _team_items(user) -> list[TodoItem]:
    roles = held_roles(user)
    if not roles.team_ids:
        return []
    items = []
    new_feedback = selectors.submissions_with_new_feedback(team_ids=roles.team_ids).only(
        "team__name", "assignment__title"
    )
    for submission in new_feedback:
        items.append(
            TodoItem(
                _("Read the new feedback"),
                reverse("assignments:submission", args=[submission.pk]),
                f"{submission.assignment.title} ({submission.team})",
            )
        )
    # The person's own team objects: whether each has a coordinator is known already.
    teams = {team.pk: team for team in lms_selectors.active_teams_of(user=user)}
    meetings = (
        selectors.meetings_to_pick(team_ids=roles.team_ids)
        .select_related(None)
        .select_related("task__submission__assignment")
        .only("task__submission__team_id", "task__submission__assignment__title")
    )
    for meeting in meetings:
        team = teams[meeting.task.submission.team_id]
        if not permissions.leads_team_work(user, team):
            continue
        items.append(
            TodoItem(
                _("Pick a time for the feedback meeting"),
                reverse("assignments:submission", args=[meeting.task.submission_id]),
                f"{meeting.task.submission.assignment.title} ({team})",
            )
        )
    return items


def _reviewer_items(user) -> list[TodoItem]:
    tasks, total = selectors.open_tasks_of(user=user, limit=TASKS_LISTED)
    now = timezone.now()
    items = []
    for task in tasks:
        if task.kind == RouteStep.Kind.WRITTEN:
            label = _("Give written feedback")
        elif getattr(task, "meeting", None) is None:
            label = _("Propose times for the feedback meeting")
        else:
            label = _("Hold the feedback meeting")
        due = timezone.localtime(task.due_at).date() if task.due_at else None
        items.append(
            TodoItem(
                label,
                reverse("feedback:task", args=[task.pk]),
                f"{task.submission.assignment.title} ({task.submission.team}, "
                f"{task.submission.team.institution})",
                due,
                overdue=bool(task.due_at and task.due_at < now),
            )
        )
    if total > len(tasks):
        items.append(
            TodoItem(
                ngettext(
                    "%(count)s more hand-in waits for your feedback",
                    "%(count)s more hand-ins wait for your feedback",
                    total - len(tasks),
                )
                % {"count": total - len(tasks)},
                reverse("overviews:queue"),
            )
        )
    return items


def _approval_items(user) -> list[TodoItem]:
    return [
        TodoItem(
            _("Approve written feedback before the team sees it"),
            reverse("feedback:task", args=[feedback.task_id]),
            f"{feedback.task.submission.assignment.title} ({feedback.task.submission.team})",
        )
        for feedback in selectors.approvals_for(user=user)
        .select_related(None)
        .select_related("task__submission__team", "task__submission__assignment")
        .only("task__submission__team__name", "task__submission__assignment__title")
    ]
