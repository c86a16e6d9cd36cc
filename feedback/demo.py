"""The programme's two feedback traditions, as the demo municipalities practise them."""

from lms.models import Municipality

from .models import RouteStep
from .services import route_set

Kind, GivenBy = RouteStep.Kind, RouteStep.GivenBy

ROUTES = {
    # Hedensted: the school leadership gives the written and the oral feedback.
    "766": [(Kind.WRITTEN, GivenBy.LEADERSHIP), (Kind.ORAL, GivenBy.LEADERSHIP)],
    # Vesthimmerland: resource persons write first, then meet the team with the leadership.
    "820": [(Kind.WRITTEN, GivenBy.RESOURCE_PERSONS), (Kind.ORAL, GivenBy.BOTH)],
}


def seed_routes() -> None:
    for code, steps in ROUTES.items():
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is not None:
            route_set(municipality=municipality, steps=steps)
