import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.files import DATA_DIR
from demo.loader import load_demo, seed_demo
from demo.organisations import DEMO_PASSWORD
from lms.errors import ServiceError


@contextmanager
def quiet_wagtail():
    """Wagtail logs every page it creates, edits and publishes: ~120 lines for the demo."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = "Create or update the demo programme (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            default=str(DATA_DIR),
            help="The folder of demo data files to load (default: demo/data).",
        )

    def handle(self, *args, **options):
        try:
            demo = load_demo(options["data"])
            with quiet_wagtail():
                report = seed_demo(demo)
        except ServiceError as error:
            raise CommandError(error.text) from error
        for label in report.imported_rounds:
            self.stdout.write(_("Imported demo mapping round %(label)s.") % {"label": label})
        self.stdout.write(
            _(
                "Demo ready: %(municipalities)s municipalities, %(schools)s schools, %(people)s people."
            )
            % report.counts
        )
        self.stdout.write(_("Demo accounts (password %(password)s):") % {"password": DEMO_PASSWORD})
        for email in demo.organisations.emails:
            self.stdout.write(f"  {email}")
