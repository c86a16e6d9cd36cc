"""The vocabulary of competence packages that other apps may use.

Besides `services` (a school's choices), `selectors` (reads, the enrolments among them) and
`permissions`, this is the app's public surface: the package page type, which other apps point a
foreign key at, receive from a selector or name in a type hint.
"""

from __future__ import annotations

from .models import CompetencePackage

__all__ = ["CompetencePackage"]
