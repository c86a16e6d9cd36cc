"""`export_plan_goals --municipality CODE [--output FILE]`: the SMART goals of every school plan
in a municipality, with how they went, as CSV."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.exports import command_csv_writer
from lms.models import Municipality
from plans import selectors


class Command(BaseCommand):
    help = (
        "Write every SMART goal of the school plans in a municipality as CSV, with the outcome "
        "once the target round is imported (suppressed scores never appear)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="the three-digit code, e.g. 820")
        parser.add_argument("--output", help="file to write; standard output by default")

    def handle(self, *args, municipality, output, **options):
        try:
            found = selectors.municipality_by_code(municipality)
        except Municipality.DoesNotExist:
            raise CommandError(
                _("There is no municipality with the code %(code)s.") % {"code": municipality}
            ) from None
        with command_csv_writer(self, output) as writer:
            writer.writerow(selectors.EXPORT_HEADER)
            writer.writerows(selectors.plan_goal_rows(municipality=found))
