"""The whole demo: every data file read and checked first, then written in the programme's order.

`load_demo(folder)` reads the folder (the packaged `demo/data/` unless told otherwise) and
raises one `ServiceError` listing every problem, each with its file, before anything is
written. `seed_demo(demo)` then writes through the apps' services where they have one, as the
programme builds up: people, routes, mapping rounds, packages, choices, submissions, and the
leadership teams' course and plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from competence_packages.services import authoring_setup
from lms import notifications

from .catalogue import CatalogueSpec, read_catalogue
from .choices import ChoicesSpec, read_choices, seed_choices
from .files import DATA_DIR, DataFolder
from .mapping import MappingSpec, read_mapping, seed_mapping
from .organisations import OrganisationsSpec, read_organisations, seed_organisations
from .packages import seed_packages
from .plans import PlansSpec, read_plans, seed_plans
from .routes import Routes, read_routes, seed_routes
from .stories import Names, StoriesSpec, read_stories
from .submissions import seed_submissions


@dataclass(frozen=True)
class Demo:
    organisations: OrganisationsSpec
    routes: Routes
    mapping: MappingSpec
    catalogue: CatalogueSpec
    choices: ChoicesSpec
    stories: StoriesSpec
    plans: PlansSpec


@dataclass(frozen=True)
class SeedReport:
    counts: dict[str, int]  # municipalities, schools, people
    imported_rounds: list[str]


def load_demo(data_dir: Path | str = DATA_DIR) -> Demo:
    """The demo's data, read and checked; a `ServiceError` names every problem and its file."""
    folder = DataFolder(data_dir)
    if not folder.root.is_dir():
        folder.add(folder.root, _("the demo data folder is missing."))
        folder.raise_if_any()
    before = folder.count
    organisations = read_organisations(folder)
    people_clean = folder.count == before
    routes = read_routes(folder)
    before = folder.count
    catalogue = read_catalogue(folder)
    packages_clean = folder.count == before
    mapping = choices = stories = plans = None
    # Files that name schools, teams, people or packages are read once those files are right,
    # so a mistake there is not reported again as a wrong name everywhere it is used.
    if people_clean:
        schools, teams = list(organisations.schools), list(organisations.teams)
        mapping = read_mapping(folder, schools)
        if packages_clean:
            codes = [package.code for package in catalogue.packages]
            choices = read_choices(folder, schools, teams, codes)
            slugs = [
                assignment.slug
                for package in catalogue.packages
                for module in package.modules
                for assignment in module.assignments
            ]
            stories = read_stories(folder, Names(schools, teams, organisations.emails, slugs))
            plans = read_plans(folder, schools, organisations.emails, codes)
    demo = (organisations, routes, mapping, catalogue, choices, stories, plans)
    if None in demo and not folder.count:  # a reader gave up without saying why
        folder.add(folder.root, _("the demo data could not be read."))
    folder.raise_if_any()
    return Demo(*demo)


def seed_demo(demo: Demo) -> SeedReport:
    """Create or update the demo programme; running it again changes nothing."""
    counts = seed_organisations(demo.organisations)
    seed_routes(demo.routes)
    imported = seed_mapping(demo.mapping, demo.organisations)
    seed_packages(demo.catalogue)
    authoring_setup()  # workflow and rights; also run after migrate, kept here as a safety net
    seed_choices(demo.choices)
    # The stories and plans are history (hand-ins, feedback and answers of past weeks): no
    # e-mails about them.
    with notifications.suppressed():
        seed_submissions(demo.stories)
        seed_plans(demo.plans)
    return SeedReport(counts, imported)
