from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from assignments.demo import seed_submissions
from competence_packages.authoring import authoring_setup
from competence_packages.demo import seed_choices, seed_packages
from feedback.demo import seed_routes
from lms.demo import ACCOUNTS, DEMO_PASSWORD, seed_organisations
from profiles_link.demo import seed_mapping


class Command(BaseCommand):
    help = "Create or update the demo programme (idempotent)."

    def handle(self, *args, **options):
        counts = seed_organisations()
        seed_routes()
        # Each app adds its own demo data, in the order the programme builds up.
        for label in seed_mapping():
            self.stdout.write(_("Imported demo mapping round %(label)s.") % {"label": label})
        seed_packages()
        authoring_setup()  # workflow and rights; also run after migrate, kept here as a safety net
        seed_choices()
        seed_submissions()
        self.stdout.write(
            _(
                "Demo ready: %(municipalities)s municipalities, %(schools)s schools, %(people)s people."
            )
            % counts
        )
        emails = sorted({email for email, *_rest in ACCOUNTS})
        self.stdout.write(_("Demo accounts (password %(password)s):") % {"password": DEMO_PASSWORD})
        for email in emails:
            self.stdout.write(f"  {email}")
