import csv
import math

from django.core.management.base import BaseCommand, CommandError

from profiles_link import selectors

HEADER = ["round", "level", "unit_code", "respondent_group", "indicator_code", "subgroup", "n",
          "score", "ci_low", "ci_high", "suppressed"]  # fmt: skip


def number(value) -> str:
    return (
        "" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.2f}"
    )


class Command(BaseCommand):
    help = "Write the unit profiles of one round and level as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, dest="round_label")
        parser.add_argument(
            "--level", required=True, choices=["class", "school", "municipality", "programme"]
        )
        parser.add_argument("--output")

    def handle(self, *args, round_label, level, output, **options):
        mapping_round = selectors.round_by_label(round_label)
        if mapping_round is None:
            raise CommandError(f"round {round_label} has not been imported")
        frame = selectors.profile_export_frame(mapping_round=mapping_round, level=level)
        target = open(output, "w", newline="", encoding="utf-8") if output else self.stdout  # noqa: SIM115
        try:
            writer = csv.writer(target, lineterminator="\n")
            writer.writerow(HEADER)
            for row in frame.itertuples(index=False):
                writer.writerow([
                    round_label, row.level, row.unit_code, row.respondent_group,
                    row.indicator_code, row.subgroup, int(row.n), number(row.score),
                    number(row.ci_low), number(row.ci_high), int(bool(row.suppressed)),
                ])  # fmt: skip
        finally:
            if output:
                target.close()
