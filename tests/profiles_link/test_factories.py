import pytest

from profiles_link.factories import UnitScoreFactory
from profiles_link.models import UnitScore
from profiles_link.selectors import aggregates_frame


@pytest.mark.django_db
def test_unit_score_factory_builds_a_consistent_cell_and_suppression_hides_it():
    shown = UnitScoreFactory(score=520.0, se=5.0)
    assert (shown.ci_low, shown.ci_high) == pytest.approx((510.2, 529.8))
    UnitScoreFactory(round=shown.round, indicator=shown.indicator, subgroup="girl", n=4,
                     suppressed=True, score=None, sd=None, se=None, ci_low=None, ci_high=None)  # fmt: skip
    frame = aggregates_frame(UnitScore.objects.all()).set_index("subgroup")
    assert frame.loc["all", "score"] == 520.0
    assert frame.loc["girl", "n"] == 4
    assert frame.loc[["girl"], "score"].isna().all()
