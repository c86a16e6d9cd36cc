import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from profiles_link.imports import mapping_import_create, mapping_import_run
from profiles_link.models import MappingImport


class Command(BaseCommand):
    help = "Import one mapping round from a folder of CSV files (see specs/mapping-data.md)."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--round", required=True, dest="round_label")
        parser.add_argument("--date", type=date.fromisoformat, dest="held_on")
        parser.add_argument("--reference", action="store_true")
        parser.add_argument("--replace", action="store_true")

    def handle(self, *args, directory, round_label, held_on, reference, replace, **options):
        if not Path(directory).is_dir():
            raise CommandError(f"{directory}: not a folder")
        job = mapping_import_create(
            source_dir=str(Path(directory).resolve()),
            round_label=round_label,
            held_on=held_on,
            as_reference=reference,
            replace=replace,
        )

        def progress(stage: str, percent: int) -> None:
            bar = "#" * (percent // 5)
            sys.stderr.write(f"\r[{bar:<20}] {percent:3d}% {stage:<10}")
            sys.stderr.flush()

        job = mapping_import_run(job_id=job.pk, progress=progress)
        sys.stderr.write("\n")
        if job.status != MappingImport.Status.SUCCEEDED:
            lines = list(job.problems)
            if job.problem_count > len(lines):
                lines.append(f"... and {job.problem_count - len(lines)} more problem(s)")
            raise CommandError(
                f"round {round_label} refused, {job.problem_count} problem(s):\n" + "\n".join(lines)
            )
        summary = job.summary
        self.stdout.write(
            f"imported round {summary['round']}: {summary['respondents']} respondents, "
            f"{summary['answers']} answers" + (" (reference round)" if summary["reference"] else "")
        )
