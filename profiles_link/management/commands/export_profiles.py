"""`export_profiles --round LABEL --level {class,school,municipality,programme} [--output FILE]`."""

import math

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.exports import command_csv_writer, safe_row
from profiles_link import selectors
from profiles_link.scoring import LEVELS

HEADER = ["round", "level", "unit_code", "respondent_group", "indicator_code", "subgroup", "n",
          "score", "ci_low", "ci_high", "suppressed"]  # fmt: skip


def number(value) -> str:
    """Two decimals; empty for a suppressed cell or an interval that does not exist (n = 1)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.2f}"


def mapping_round_or_error(label: str):
    mapping_round = selectors.round_by_label(label)
    if mapping_round is None:
        raise CommandError(_("Round %(label)s has not been imported.") % {"label": label})
    return mapping_round


class Command(BaseCommand):
    help = "Write the unit profiles of one round and level as CSV (suppressed cells keep n only)."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, dest="round_label", help="e.g. T1")
        parser.add_argument("--level", required=True, choices=LEVELS)
        parser.add_argument("--output", help="file to write; standard output by default")

    def handle(self, *args, round_label, level, output, **options):
        mapping_round = mapping_round_or_error(round_label)
        frame = selectors.profile_export_frame(mapping_round=mapping_round, level=level)
        with command_csv_writer(self, output) as writer:
            writer.writerow(HEADER)
            for row in frame.itertuples(index=False):
                text = safe_row(
                    [
                        mapping_round.label,
                        row.level,
                        row.unit_code,
                        row.respondent_group,
                        row.indicator_code,
                        row.subgroup,
                    ]
                )
                writer.writerow([
                    *text, int(row.n), number(row.score), number(row.ci_low), number(row.ci_high),
                    int(bool(row.suppressed)),
                ])  # fmt: skip
