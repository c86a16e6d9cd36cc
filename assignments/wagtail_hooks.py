"""Where assignments plug into modules: a module assignment's page links to the team's hand-in."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from modules.hooks import ASSIGNMENT_ACTIONS, PageAction

from .selectors import teams_for_assignment


@hooks.register(ASSIGNMENT_ACTIONS)
def hand_in_action(request, page) -> list[PageAction]:
    """Only for someone on a team that takes the assignment: a leader reading a package's
    assignment to choose or guide has no hand-in of their own."""
    if not teams_for_assignment(user=request.user, assignment=page):
        return []
    return [PageAction(_("Your team's hand-in"), reverse("assignments:assignment", args=[page.pk]))]
