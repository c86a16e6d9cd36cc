"""Demo content: COK's packages in Danish, and the demo schools' choices. Idempotent."""


def seed_packages() -> None:
    """Create or update the demo packages, modules and module assignments."""


def seed_choices() -> None:
    """The demo schools' package choices, linked to their weak areas, with SMART goals."""
