"""Handing in through the stack's pages, as a team member without JavaScript would."""

from __future__ import annotations

import re
from email.message import Message

from stack import Person

EDIT_LINK = re.compile(r'href="(/opgaver/opgave/\d+/team/\d+/rediger/)"')
TEAM_LINK = re.compile(r'href="(/opgaver/team/\d+/)"')


def open_assignments(person: Person) -> list[str]:
    """The edit pages of the assignments the person's teams have not handed in."""
    home = person.get("/").text
    links = []
    for team in sorted(set(TEAM_LINK.findall(home))):
        links += EDIT_LINK.findall(person.get(team).text)
    return links


def hand_in(person: Person, text: str):
    """Hand in the first open assignment; the final response (after redirects)."""
    edit = open_assignments(person)[0]
    revision = re.search(r'name="revision" value="(\d+)"', person.get(edit).text).group(1)
    return person.post_form(edit, {"text": text, "revision": revision, "action": "submit"})


def success_messages(html: str) -> list[str]:
    return re.findall(r'<p class="message message-success">(.*?)</p>', html)


def body(message: Message) -> str:
    return message.get_payload(decode=True).decode("utf-8", errors="replace")


def review_mails(messages: list[Message]) -> list[Message]:
    """E-mails telling a reviewer to give feedback: they link the review task."""
    return [m for m in messages if "/feedback/sag/" in body(m)]
