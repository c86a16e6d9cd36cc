"""The page types of modules that other apps may name.

Besides `services` (writes), `selectors` (reads, enrolments among them), `permissions` (who may
read a module) and `hooks` (where the floors above plug in), this is the app's public surface:
the Wagtail page types that other apps point a foreign key at, filter a page query by, or
receive from a selector. Answers, progress and the rest are private to modules.
"""

from __future__ import annotations

from .models import ModuleAssignmentPage, ModulePage, SchoolAssignmentsPage

__all__ = ["ModuleAssignmentPage", "ModulePage", "SchoolAssignmentsPage"]
