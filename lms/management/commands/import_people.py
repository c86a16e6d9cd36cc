"""`import_people FILE --municipality CODE [--dry-run] [--deactivate-missing] [--invite]`.

The contract is ../shared/specs/people-roster.md. Exit 0 with the summary on standard output;
non-zero with every problem on standard error when the roster is refused.
"""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms import people_imports
from lms.errors import ServiceError
from lms.job_commands import JobCommand
from lms.models import Municipality, PeopleImport
from lms.roster import summary_line


class Command(JobCommand):
    help = "Import a municipality's people from a roster CSV (see specs/people-roster.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the roster, a CSV file")
        parser.add_argument("--municipality", required=True, help="the municipality code, e.g. 820")
        parser.add_argument("--dry-run", action="store_true", help="check and count, store nothing")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="deactivate the municipality's people who are not in the file",
        )
        parser.add_argument(
            "--invite", action="store_true", help="e-mail an invitation to each new person"
        )

    def handle(self, *args, file, municipality, dry_run, deactivate_missing, invite, **options):
        place = Municipality.objects.filter(code=municipality).first()
        if place is None:
            raise CommandError(
                _("%(code)s is not a municipality known to the system.") % {"code": municipality}
            )
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path.name}:0: -: {exc.strerror}") from exc
        try:
            job = people_imports.people_import_create(
                municipality=place,
                file_name=path.name,
                data=data,
                deactivate_missing=deactivate_missing,
                invite=invite,
            )
        except ServiceError as error:
            raise CommandError(error.text) from error
        job = people_imports.people_import_check(job_id=job.pk, progress=self.show_progress)
        if job.status != PeopleImport.Status.CHECKED:
            self.refuse(job)
        if dry_run:
            people_imports.people_import_discard(job=job)
            self.stdout.write(summary_line(job.preview["counts"]))
            self.stdout.write(_("Dry run: nothing was stored."))
            return
        people_imports.people_import_confirm(job=job)
        job = people_imports.people_import_apply(job_id=job.pk, progress=self.show_progress)
        if job.status != PeopleImport.Status.SUCCEEDED:
            self.refuse(job)
        self.stdout.write(summary_line(job.summary))
        if job.summary.get("invited"):
            self.stdout.write(
                ngettext(
                    "%(count)s invitation is being sent.",
                    "%(count)s invitations are being sent.",
                    job.summary["invited"],
                )
                % {"count": job.summary["invited"]}
            )

    def show_progress(self, stage: str, percent: int) -> None:
        super().show_progress(PeopleImport.Stage(stage).label, percent)

    def refuse(self, job: PeopleImport) -> None:
        super().refuse(
            job,
            ngettext(
                "The roster was refused (%(count)s problem); nothing was stored.",
                "The roster was refused (%(count)s problems); nothing was stored.",
                job.problem_count,
            )
            % {"count": job.problem_count},
        )
