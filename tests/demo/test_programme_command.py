"""`seed_programme` builds on the demo and says so when the demo is missing (a module of its own:
test_programme.py keeps the demo seeded for all its tests)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.django_db
def test_the_command_refuses_without_the_demo():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_programme", "--scale", "0.01")
