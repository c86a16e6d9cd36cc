"""The iCalendar invitation to an oral feedback meeting (RFC 5545, METHOD:REQUEST).

The UID is stable per meeting and SEQUENCE grows when the time changes, so calendars update
the event they already hold instead of adding a second one.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Meeting

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def meeting_uid(meeting: Meeting) -> str:
    return f"feedback-meeting-{meeting.uid}@laeringsledelse.dk"


def _address(user, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(str(user))
    address.params["role"] = vText(role)
    return address


def _what(meeting: Meeting) -> tuple:
    """Who holds the meeting, its summary and description."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    task = meeting.task
    if task is None:
        return meeting.organizer, meeting.subject, f"{meeting.subject} {base}{meeting.link_path}"
    submission = task.submission
    summary = _("Feedback meeting: %(team)s – %(assignment)s") % {
        "team": submission.team.name, "assignment": submission.assignment.title,
    }  # fmt: skip
    description = _("Oral feedback on the team's hand-in. %(url)s") % {
        "url": base + reverse("feedback:submission", args=[submission.pk]),
    }  # fmt: skip
    return task.assignee, summary, description


def meeting_invitation(*, meeting: Meeting, attendees: list) -> bytes:
    """The VCALENDAR for the meeting's chosen time; `attendees` are the people invited."""
    slot = meeting.chosen_slot
    organizer, summary, description = _what(meeting)
    calendar = Calendar()
    calendar.add("prodid", "-//Program for læringsledelse//LMS//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at.astimezone(COPENHAGEN).replace(microsecond=0))
    event.add("dtend", slot.ends_at.astimezone(COPENHAGEN).replace(microsecond=0))
    event.add("summary", summary)
    event.add("location", meeting.place or meeting.video_url)
    if meeting.video_url:
        event.add("url", meeting.video_url)
    event.add("description", description)
    organizer_address = vCalAddress(f"mailto:{organizer.email}")
    organizer_address.params["cn"] = vText(str(organizer))
    event["organizer"] = organizer_address
    for person in attendees:
        role = "CHAIR" if person.pk == organizer.pk else "REQ-PARTICIPANT"
        event.add("attendee", _address(person, role))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
