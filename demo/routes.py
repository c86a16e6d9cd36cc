"""The demo municipalities' feedback routes (routes.yaml), set through `feedback.services`."""

from __future__ import annotations

from feedback.models import RouteStep
from feedback.services import route_set
from lms.models import Institution, Municipality

from .files import DATA_DIR, DataFolder

# municipality code (3 digits) or a school's own number (6 digits): [(kind, given by), ...]
Routes = dict[str, list[tuple[str, str]]]


def read_routes(folder: DataFolder) -> Routes | None:
    data = folder.yaml("routes.yaml")
    if data is None:
        return None
    routes: Routes = {}
    for code in data.data:
        steps = []
        for step in data.records(code):
            steps.append(
                (
                    step.choice("kind", RouteStep.Kind.values),
                    step.choice("given_by", RouteStep.GivenBy.values),
                )
            )
            step.check_keys()
        routes[str(code)] = steps
    if any(None in step for steps in routes.values() for step in steps):
        return None
    return routes


def load_routes(data_dir=DATA_DIR) -> Routes:
    folder = DataFolder(data_dir)
    routes = read_routes(folder)
    folder.raise_if_any()
    return routes


def seed_routes(routes: Routes | None = None) -> None:
    """Set each demo municipality's route, and the routes of schools that have their own (a
    place that is not there is skipped)."""
    for code, steps in (load_routes() if routes is None else routes).items():
        if len(code) == 6:
            school = Institution.objects.filter(number=code).first()
            if school is not None:
                route_set(institution=school, steps=steps)
            continue
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is not None:
            route_set(municipality=municipality, steps=steps)


def __getattr__(name: str):
    # `ROUTES`, read from routes.yaml when first asked for (tests build a route from it).
    if name == "ROUTES":
        return load_routes()
    raise AttributeError(name)
