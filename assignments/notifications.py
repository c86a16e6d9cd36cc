"""The e-mails of team submissions, registered with `lms.notifications`."""

from __future__ import annotations

from django.urls import reverse

from lms.notifications import Mail, absolute_url, register_notification
from lms.selectors import school_leaders

from .models import ExtensionRequest

TEMPLATES = "email/assignments/"


def _extension_requested(request_id: int, variant: str = "0") -> Mail:
    request = ExtensionRequest.objects.select_related(
        "submission__team__institution", "submission__assignment", "requested_by"
    ).get(pk=request_id)
    if request.state != ExtensionRequest.State.OPEN:
        return Mail.nobody()
    submission = request.submission
    url = reverse("assignments:extend", args=[submission.assignment_id, submission.team_id])
    leaders = [a.user for a in school_leaders(institution=submission.team.institution)]
    context = {
        "request": request,
        "team": submission.team,
        "assignment": submission.assignment,
        "answer_url": absolute_url(url),
    }
    return Mail(leaders, context)


def register_kinds() -> None:
    register_notification("extension_requested", _extension_requested, template_prefix=TEMPLATES)
