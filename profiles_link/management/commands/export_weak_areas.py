import csv

from django.core.management.base import BaseCommand, CommandError

from lms.models import Institution
from profiles_link import selectors

from .export_profiles import number

HEADER = ["indicator_code", "respondent_group", "subgroup", "kind", "score", "benchmark", "gap"]


class Command(BaseCommand):
    help = "Write a school's weak areas in one round as CSV, largest gap first."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, dest="round_label")
        parser.add_argument("--school", required=True)
        parser.add_argument(
            "--benchmark", choices=["programme", "municipality"], default="programme"
        )
        parser.add_argument("--output")

    def handle(self, *args, round_label, school, benchmark, output, **options):
        mapping_round = selectors.round_by_label(round_label)
        if mapping_round is None:
            raise CommandError(f"round {round_label} has not been imported")
        institution = (
            Institution.objects.select_related("municipality").filter(number=school).first()
        )
        if institution is None:
            raise CommandError(f"school {school} is unknown")
        frame = selectors.weak_areas_frame(
            mapping_round=mapping_round, institution=institution, benchmark=benchmark
        )
        target = open(output, "w", newline="", encoding="utf-8") if output else self.stdout  # noqa: SIM115
        try:
            writer = csv.writer(target, lineterminator="\n")
            writer.writerow(HEADER)
            for row in frame.itertuples(index=False):
                writer.writerow([row.indicator_code, row.respondent_group, row.subgroup, row.kind,
                                 number(row.score), number(row.benchmark), number(row.gap)])  # fmt: skip
        finally:
            if output:
                target.close()
