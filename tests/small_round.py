"""The small mapping round the profile, catalogue and plan tests import: Vesthimmerland's two
schools (Aars Skole and Løgstør) and Hedensted's, three classes of twelve pupils each."""

from __future__ import annotations

from pathlib import Path

from profiles_link.generator import generate_round

SCHOOLS = [("773001", "Aars Skole"), ("773002", "Løgstør")]


def small_round(folder: Path, *, seed: int = 5, **options):
    """`generate_round` of the small programme into `folder`; `options` add or override
    (round_label, round_effect, effects, ...)."""
    return generate_round(
        folder,
        seed=seed,
        **{
            "municipalities": [("820", "Vesthimmerland", SCHOOLS), ("766", "Hedensted")],
            "schools_per_municipality": 2,
            "classes_per_school": 3,
            "pupils_per_class": 12,
            "staff_per_school": 10,
            "leaders_per_school": 2,
            **options,
        },
    )
