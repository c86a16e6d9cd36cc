"""factory_boy factories for mapping data; imports through services are used for real rounds."""

import factory

from lms.factories import InstitutionFactory

from .generator import INDICATORS, Effect, MunicipalitySpec, SchoolSpec, generate_round
from .models import Indicator, MappingRound, UnitScore

# Whole synthetic rounds in the vendor's CSV format, for tests, the benchmark and the demo:
# other apps reach the generator through this door.
__all__ = [
    "INDICATORS",
    "Effect",
    "IndicatorFactory",
    "MappingRoundFactory",
    "MunicipalitySpec",
    "SchoolSpec",
    "UnitScoreFactory",
    "generate_round",
]


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"IND{n}")
    name_da = factory.Sequence(lambda n: f"Indikator {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")


class MappingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MappingRound
        django_get_or_create = ("label",)

    label = factory.Sequence(lambda n: f"T{n + 1}")


class UnitScoreFactory(factory.django.DjangoModelFactory):
    """A school-level cell for all pupils with a plausible score and interval."""

    class Meta:
        model = UnitScore

    round = factory.SubFactory(MappingRoundFactory)
    institution = factory.SubFactory(InstitutionFactory)
    municipality = factory.LazyAttribute(lambda o: o.institution.municipality)
    level = "school"
    unit_code = factory.LazyAttribute(lambda o: o.institution.number)
    respondent_group = "pupil"
    indicator = factory.SubFactory(IndicatorFactory)
    subgroup = "all"
    n = 100
    raw_mean = 0.6
    raw_sd = 0.2
    score = 500.0
    sd = 100.0
    se = 10.0
    ci_low = factory.LazyAttribute(lambda o: o.score - 1.96 * o.se)
    ci_high = factory.LazyAttribute(lambda o: o.score + 1.96 * o.se)
    suppressed = False
