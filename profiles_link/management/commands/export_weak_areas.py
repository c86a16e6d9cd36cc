"""`export_weak_areas --round LABEL --school CODE [--benchmark {programme,municipality}] [--output FILE]`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.exports import command_csv_writer, safe_cell
from lms.models import Institution
from profiles_link import selectors

from .export_profiles import mapping_round_or_error, number

HEADER = ["indicator_code", "respondent_group", "subgroup", "kind", "score", "benchmark", "gap"]


class Command(BaseCommand):
    help = "Write a school's weak areas in one round as CSV, largest gap first."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, dest="round_label", help="e.g. T1")
        parser.add_argument("--school", required=True, help="the 6-digit institution number")
        parser.add_argument(
            "--benchmark", choices=["programme", "municipality"], default="programme"
        )
        parser.add_argument("--output", help="file to write; standard output by default")

    def handle(self, *args, round_label, school, benchmark, output, **options):
        mapping_round = mapping_round_or_error(round_label)
        try:
            institution = selectors.institution_for_profile(number=school)
        except Institution.DoesNotExist as exc:
            raise CommandError(_("School %(code)s is unknown.") % {"code": school}) from exc
        frame = selectors.weak_areas_frame(
            mapping_round=mapping_round, institution=institution, benchmark=benchmark
        )
        with command_csv_writer(self, output) as writer:
            writer.writerow(HEADER)
            for row in frame.itertuples(index=False):
                writer.writerow([safe_cell(row.indicator_code), row.respondent_group, row.subgroup,
                                 row.kind, number(row.score), number(row.benchmark),
                                 number(row.gap)])  # fmt: skip
