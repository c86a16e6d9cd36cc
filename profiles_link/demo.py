"""Demo mapping rounds T1 and T2 for the demo municipalities, generated and imported for real."""

from __future__ import annotations

import tempfile
from datetime import date

from lms.demo import MUNICIPALITIES

from .generator import Effect, generate_round
from .models import MappingRound
from .services import mapping_round_import

DEMO_SEED = 2027  # chosen so that few chance gaps crowd the designed ones
ROUNDS = [
    # T1: Aars Skole's boys lag the girls on academic well-being (the programme's own example,
    # 492 against 516); Løsning Skole is weak on classroom management.
    (
        "T1",
        date(2024, 9, 16),
        0.0,
        [
            Effect("FAG", -0.35, school_code="773001", gender="boy"),
            Effect("KLA", -0.35, school_code="615001"),
        ],
    ),
    # T2: the boys have caught up part of the way; classroom management improved a little.
    (
        "T2",
        date(2026, 9, 14),
        0.05,
        [
            Effect("FAG", -0.1, school_code="773001", gender="boy"),
            Effect("KLA", -0.2, school_code="615001"),
        ],
    ),
]


def seed_mapping() -> list[str]:
    """Import the demo rounds that are not there yet; returns the labels imported."""
    imported = []
    for label, held_on, round_effect, effects in ROUNDS:
        if MappingRound.objects.filter(label=label).exists():
            continue
        with tempfile.TemporaryDirectory() as folder:
            generated = generate_round(
                folder,
                seed=DEMO_SEED,
                municipalities=MUNICIPALITIES,
                classes_per_school=20,
                pupils_per_class=21,
                round_label=label,
                round_effect=round_effect,
                effects=effects,
                staff_per_school=35,
            )
            mapping_round_import(source=generated.path, round_label=label, held_on=held_on)
        imported.append(label)
    return imported
