"""The authorization matrix's people and places (matrix_world), seeded once per module."""

import pytest
from django.db import transaction
from django.test import override_settings
from matrix_world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
