"""The command-line side of a job (lms.jobs): progress and problems on standard error, so
standard output stays the result, and a refusal that exits non-zero."""

from __future__ import annotations

from typing import NoReturn

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class JobCommand(BaseCommand):
    def show_progress(self, label: str, percent: int) -> None:
        """One line per stage."""
        self.stderr.write(f"[{percent:3d}%] {label}", style_func=str)

    def refuse(self, job, summary: str) -> NoReturn:
        """Every problem the job kept, a count of the rest, then `summary` as the error."""
        for problem in job.problems:
            self.stderr.write(problem, style_func=str)
        more = job.problem_count - len(job.problems)
        if more > 0:
            self.stderr.write(_("... and %(more)s more") % {"more": more}, style_func=str)
        raise CommandError(summary)
