import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.management.commands.seed_demo import quiet_wagtail
from demo.programme import build
from lms import notifications
from lms.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Build the programme at full scale on top of the demo (run seed_demo first): 13 "
        "municipalities, 240 schools, ~10,000 staff, 2,400 teams, three mapping rounds, every "
        "team's submissions with feedback, and the schools' plans. Deterministic by --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="a share of the programme's schools (1.0; 0.02 for tests)")  # fmt: skip
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        started = time.monotonic()

        def log(message):
            self.stdout.write(f"[{time.monotonic() - started:5.0f} s] {message}")

        try:
            with quiet_wagtail(), notifications.suppressed():
                report = build(scale=options["scale"], seed=options["seed"], log=log)
        except ServiceError as error:
            raise CommandError(error.text) from error
        # A load this large leaves the planner's statistics of the demo's few rows behind: the
        # pages that follow would be planned for them (a module page took 35 ms instead of 20).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log("Statistics gathered for the query planner (ANALYZE).")
        for line in report.lines():
            log(f"Programme ready: {line}.")
