"""Where assignments plug into modules: a module assignment's page links to the team's hand-in."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from modules.hooks import ASSIGNMENT_ACTIONS, PageAction


@hooks.register(ASSIGNMENT_ACTIONS)
def hand_in_action(request, page) -> list[PageAction]:
    return [PageAction(_("Your team's hand-in"), reverse("assignments:assignment", args=[page.pk]))]
