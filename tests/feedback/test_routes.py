import pytest
from django.db import IntegrityError

from demo.routes import seed_routes
from feedback.models import FeedbackRoute, RouteStep
from feedback.selectors import route_for
from feedback.services import route_set
from lms.errors import ServiceError

Kind, GivenBy = RouteStep.Kind, RouteStep.GivenBy


def steps_of(route):
    return [(s.position, s.kind, s.given_by) for s in route.steps.all()]


def test_a_school_follows_its_municipality_unless_it_overrides(programme):
    route_set(municipality=programme.municipality,
              steps=[(Kind.WRITTEN, GivenBy.RESOURCE_PERSONS), (Kind.ORAL, GivenBy.BOTH)])  # fmt: skip
    assert steps_of(route_for(institution=programme.other_school)) == [
        (1, "written", "resource_persons"),
        (2, "oral", "both"),
    ]
    route_set(institution=programme.school, review_before_release=True,
              steps=[(Kind.WRITTEN, GivenBy.LEADERSHIP), (Kind.ORAL, GivenBy.LEADERSHIP)])  # fmt: skip
    own = route_for(institution=programme.school)
    assert own.institution == programme.school and own.review_before_release
    assert steps_of(own) == [(1, "written", "leadership"), (2, "oral", "leadership")]
    assert route_for(institution=programme.far_school) is None  # no route set there yet


def test_setting_a_route_again_replaces_its_steps(programme):
    route_set(municipality=programme.municipality, steps=[(Kind.WRITTEN, GivenBy.LEADERSHIP)])
    route = route_set(municipality=programme.municipality,
                      steps=[(Kind.ORAL, GivenBy.LEADERSHIP)])  # fmt: skip
    assert FeedbackRoute.objects.count() == 1
    assert steps_of(route) == [(1, "oral", "leadership")]


@pytest.mark.django_db
def test_a_route_belongs_to_exactly_one_place(programme):
    with pytest.raises(ServiceError):
        route_set(steps=[(Kind.WRITTEN, GivenBy.LEADERSHIP)])
    with pytest.raises(ServiceError):
        route_set(municipality=programme.municipality, institution=programme.school,
                  steps=[(Kind.WRITTEN, GivenBy.LEADERSHIP)])  # fmt: skip
    with pytest.raises(IntegrityError):
        FeedbackRoute.objects.create()


def test_unknown_step_values_are_refused(programme):
    with pytest.raises(ServiceError):
        route_set(municipality=programme.municipality, steps=[("telepathy", GivenBy.LEADERSHIP)])
    assert not RouteStep.objects.exists()  # the transaction rolled back


def test_demo_routes_match_the_two_traditions(programme):
    seed_routes()  # the fixture's municipalities are 820 Vesthimmerland and 766 Hedensted
    vesthimmerland = route_for(institution=programme.school)
    hedensted = route_for(institution=programme.far_school)
    assert steps_of(vesthimmerland) == [(1, "written", "resource_persons"), (2, "oral", "both")]
    assert steps_of(hedensted) == [(1, "written", "leadership"), (2, "oral", "leadership")]


def test_the_demos_logstor_skole_has_its_own_route_of_local_resource_persons(programme):
    seed_routes()  # the fixture's other_school is 773002, the demo's Løgstør Skole
    own = route_for(institution=programme.other_school)
    assert own.institution == programme.other_school
    assert steps_of(own) == [
        (1, "written", "local_resource_persons"),
        (2, "oral", "local_resource_persons"),
    ]
