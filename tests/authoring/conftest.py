"""Fixtures for authoring in Wagtail: a package catalogue and a second content author."""

import pytest
from wagtail.models import Site

from competence_packages.models import PackageCatalogue
from lms import services
from lms.factories import UserFactory
from lms.roles import Role


@pytest.fixture
def catalogue(db) -> PackageCatalogue:
    root = Site.objects.get(is_default_site=True).root_page
    return root.add_child(instance=PackageCatalogue(title="Kompetencepakker", slug="pakker"))


@pytest.fixture
def second_author(db):
    user = UserFactory(email="author2@test.dk")
    services.role_assign(user=user, role=Role.CONTENT_AUTHOR)
    user.refresh_from_db()
    return user
