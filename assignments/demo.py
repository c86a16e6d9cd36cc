"""Demo submissions in every status, on both feedback routes. Idempotent."""


def seed_submissions() -> None:
    """Create or update the demo teams' submissions and feedback."""
