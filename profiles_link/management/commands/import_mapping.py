"""`import_mapping DIR --round LABEL [--date YYYY-MM-DD] [--reference] [--replace] [--dry-run]`.

Run by whoever operates the server. It says every rename, replacement and rescoring it makes;
`--dry-run` checks the files and says what an import would change, storing nothing.
"""

import argparse
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.errors import ServiceError
from lms.job_commands import JobCommand
from profiles_link import imports, services
from profiles_link.models import MappingImport


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _("%(value)s is not a date (YYYY-MM-DD)") % {"value": text}
        ) from exc


class Command(JobCommand):
    help = "Import one mapping round from a folder of CSV files (see specs/mapping-data.md)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder with indicators.csv, items.csv, ...")
        parser.add_argument("--round", required=True, dest="round_label", help="e.g. T1")
        parser.add_argument("--date", type=iso_date, dest="held_on", help="YYYY-MM-DD")
        parser.add_argument("--reference", action="store_true", help="fix the 500 scale on it")
        parser.add_argument("--replace", action="store_true", help="replace an existing round")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the files and list what the import would change; store nothing",
        )

    def handle(self, *args, directory, round_label, held_on, reference, replace, **options):
        if options.get("dry_run"):
            self.dry_run(directory, round_label, reference, replace)
            return
        job = imports.mapping_import_create(
            source_dir=Path(directory).resolve(),
            round_label=round_label,
            held_on=held_on,
            as_reference=reference,
            replace=replace,
        )
        job = imports.mapping_import_run(job_id=job.pk, progress=self.show_progress)
        if job.status != MappingImport.Status.SUCCEEDED:
            self.refuse(job)
        summary = job.summary
        self.stdout.write(
            _("Imported round %(label)s: %(respondents)s respondents, %(answers)s answers.")
            % {
                "label": summary["round"],
                "respondents": summary["respondents"],
                "answers": summary["answers"],
            }
        )
        if summary["reference"]:
            self.stdout.write(_("It is the reference round: the 500 scale follows it."))
        for line in imports.describe_changes(job.changes):
            self.stdout.write(line)

    def dry_run(self, directory, round_label, reference, replace) -> None:
        try:
            plan = services.mapping_round_preview(
                source=Path(directory).resolve(),
                round_label=round_label,
                as_reference=reference,
                replace=replace,
            )
        except ServiceError as error:
            for problem in error.messages[:1000]:
                self.stderr.write(problem, style_func=str)
            raise CommandError(
                _("Round %(label)s would be refused; nothing was stored.") % {"label": round_label}
            ) from error
        self.stdout.write(
            _("Round %(label)s can be imported: %(respondents)s respondents. Nothing was stored.")
            % {"label": plan.round_label, "respondents": plan.respondents}
        )
        for line in imports.describe_changes(plan.as_dict()):
            self.stdout.write(line)

    def refuse(self, job: MappingImport) -> None:
        super().refuse(
            job,
            ngettext(
                "Round %(label)s was refused (%(count)s problem); nothing was stored.",
                "Round %(label)s was refused (%(count)s problems); nothing was stored.",
                job.problem_count,
            )
            % {"label": job.round_label, "count": job.problem_count},
        )
