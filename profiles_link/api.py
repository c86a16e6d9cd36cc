"""The vocabulary of the mapping profiles that other apps may use.

Besides ``services`` (writes), ``selectors`` (reads, suppression applied) and ``permissions``
(who may see a profile), this module is the app's public surface: the choices that name a
respondent group, a subgroup or a level, the ``Indicator`` and ``MappingRound`` models that
other apps point a foreign key at or receive from a selector, and the ``WeakArea`` a selector
returns. Anything else in profiles_link — ``UnitScore`` above all — is private: unit scores are
read through ``profiles_link.selectors`` only, so a suppressed cell never reaches another app
with a number.
"""

from __future__ import annotations

from .models import Indicator, Level, MappingRound, RespondentGroup, Subgroup
from .selectors import WeakArea

__all__ = [
    "Indicator",
    "Level",
    "MappingRound",
    "RespondentGroup",
    "Subgroup",
    "WeakArea",
]
