"""The demo's mapping rounds (mapping.yaml): generated for the demo schools, imported for real.

The one module of the demo that uses profiles_link's generator (through its factories door); the
generator's instrument (`INDICATORS`) is what the other demo files may name.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass

from profiles_link.factories import INDICATORS, Effect, generate_round
from profiles_link.models import MappingRound
from profiles_link.services import mapping_round_import

from .files import DataFolder, Record
from .organisations import OrganisationsSpec

GENDERS = ("girl", "boy")


@dataclass(frozen=True)
class RoundSpec:
    label: str
    held_on: dt.date
    round_effect: float
    effects: tuple[Effect, ...]


@dataclass(frozen=True)
class MappingSpec:
    seed: int
    classes_per_school: int
    pupils_per_class: int
    staff_per_school: int
    rounds: tuple[RoundSpec, ...]


def read_mapping(folder: DataFolder, school_numbers: list[str]) -> MappingSpec | None:
    data = folder.yaml("mapping.yaml")
    if data is None:
        return None
    sizes = [
        data.integer(name)
        for name in ("seed", "classes_per_school", "pupils_per_class", "staff_per_school")
    ]
    rounds = tuple(_round(record, school_numbers) for record in data.records("rounds"))
    data.check_keys()
    if None in sizes or None in rounds:
        return None
    return MappingSpec(*sizes, rounds)


def _round(record: Record, school_numbers: list[str]) -> RoundSpec | None:
    label, held_on = record.text("label"), record.date("held_on")
    round_effect = record.number("round_effect", required=False, default=0.0)
    effects = []
    for effect in record.records("effects", required=False):
        fields = (
            effect.choice("indicator", [spec.code for spec in INDICATORS]),
            effect.number("shift"),
        )
        school = effect.choice("school", school_numbers, required=False)
        gender = effect.choice("gender", GENDERS, required=False)
        effect.check_keys()
        effects.append(
            None if None in fields else Effect(*fields, school_code=school, gender=gender)
        )
    record.check_keys()
    if None in (label, held_on) or None in effects:
        return None
    return RoundSpec(label, held_on, round_effect, tuple(effects))


def seed_mapping(spec: MappingSpec, organisations: OrganisationsSpec) -> list[str]:
    """Import the demo rounds that are not there yet; returns the labels imported."""
    municipalities = [
        (m.code, m.name, [(s.number, s.name) for s in m.schools])
        for m in organisations.municipalities
    ]
    imported = []
    for round_spec in spec.rounds:
        if MappingRound.objects.filter(label=round_spec.label).exists():
            continue
        with tempfile.TemporaryDirectory() as folder:
            generated = generate_round(
                folder,
                seed=spec.seed,
                municipalities=municipalities,
                classes_per_school=spec.classes_per_school,
                pupils_per_class=spec.pupils_per_class,
                round_label=round_spec.label,
                round_effect=round_spec.round_effect,
                effects=round_spec.effects,
                staff_per_school=spec.staff_per_school,
            )
            mapping_round_import(
                source=generated.path, round_label=round_spec.label, held_on=round_spec.held_on
            )
        imported.append(round_spec.label)
    return imported
