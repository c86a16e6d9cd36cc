"""`refresh_school_profiles [--round LABEL]`: compute the schools' stored profiles again."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from profiles_link import services

from .export_profiles import mapping_round_or_error


class Command(BaseCommand):
    help = (
        "Compute every school's stored profile (cells, classes, weak areas) of one round or of "
        "all rounds again, as an import does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", dest="round_label", help="e.g. T1; all rounds without")

    def handle(self, *args, round_label=None, **options):
        mapping_round = mapping_round_or_error(round_label) if round_label else None
        count = services.school_profiles_refresh(mapping_round=mapping_round)
        self.stdout.write(_("Stored %(count)s school profiles.") % {"count": count})
