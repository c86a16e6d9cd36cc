"""Where the floors above plug into the mapping data, through Wagtail's hook registry.

- `ROUND_DEPENDANTS`: `fn(mapping_round) -> Dependants | None`. What an app above keeps that was
  computed from a round (competence_packages: SMART goals whose baseline is the round). A
  programme administrator who deletes the round sees the count first; deleting the round
  calls `delete()` in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ROUND_DEPENDANTS = "profiles_link_round_dependants"


@dataclass(frozen=True)
class Dependants:
    label: str  # what they are, translated, e.g. "SMART goals with the round as baseline"
    count: int
    delete: Callable[[], None]
