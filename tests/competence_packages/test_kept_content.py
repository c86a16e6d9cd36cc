"""The live packages and the leadership course are the same for everyone: kept by the process
until the content changes (publish, unpublish, a page saved, moved or deleted, a course set, a
round's date), never read from the database again before."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from competence_packages import selectors
from competence_packages.models import CompetencePackage, LeadershipCourse, PackageIndicator
from lms import content_cache
from profiles_link.factories import IndicatorFactory, MappingRoundFactory

# Query counts are of pages drawn, not kept (lms.page_cache).
pytestmark = pytest.mark.pages_drawn


def add_package(catalogue, title: str, code: str, targets: dict[str, int]):
    package = catalogue.add_child(
        instance=CompetencePackage(title=title, slug=code.lower(), code=code, summary=title)
    )
    for indicator_code, weight in targets.items():
        PackageIndicator.objects.create(
            package=package, indicator=IndicatorFactory(code=indicator_code), weight=weight
        )
    return package


def titles() -> list[str]:
    packages, _weights = selectors.live_packages_with_weights()
    return sorted(p.title for p in packages)


def test_the_live_packages_are_read_once_until_the_content_changes(
    packages, django_assert_num_queries
):
    first = titles()
    assert "Klasseledelse i praksis" in first
    with django_assert_num_queries(0):
        assert titles() == first
    # Publishing a new package (a page saved and published) is seen at once.
    added = add_package(packages.catalogue, "Ny pakke", "NY", {"KLA": 2})
    assert "Ny pakke" in titles()
    _packages, weights = selectors.live_packages_with_weights()
    assert list(weights[added.pk].values()) == [2]
    # Unpublishing takes it away again.
    added.unpublish()
    assert "Ny pakke" not in titles()
    # Deleting a package does too.
    CompetencePackage.objects.get(pk=packages.parents.pk).delete()
    assert "Forældresamarbejde" not in titles()


def test_another_process_changing_the_content_is_seen(packages, django_assert_num_queries):
    titles()
    with django_assert_num_queries(0):
        titles()
    cache.set(content_cache.VERSION_KEY, "changed elsewhere", timeout=None)
    with django_assert_num_queries(2):
        titles()


def test_the_leadership_course_follows_the_course_set_for_a_round(
    packages, django_assert_num_queries
):
    assert selectors.leadership_course() is None
    course_package = packages.catalogue.add_child(
        instance=CompetencePackage(
            title="Ledelseskursus", slug="ledelse", code="LK", summary="For ledere.",
            audience=CompetencePackage.Audience.LEADERSHIP_TEAMS,
        )
    )  # fmt: skip
    found = selectors.leadership_course()
    assert found is not None and found.package.pk == course_package.pk
    with django_assert_num_queries(0):
        assert selectors.leadership_course() == found
    mapping_round = MappingRoundFactory(label="T9", held_on=date(2031, 8, 11))
    LeadershipCourse.objects.create(
        package=course_package, mapping_round=mapping_round, starts_on=date(2031, 9, 1)
    )
    assert selectors.leadership_course().starts_on == date(2031, 9, 1)


def test_without_a_cache_the_database_is_read(packages, monkeypatch):
    def away(*args, **kwargs):
        raise ConnectionError("cache away")

    monkeypatch.setattr(content_cache.cache, "get", away)
    assert "Klasseledelse i praksis" in titles()
    assert "Klasseledelse i praksis" in titles()
