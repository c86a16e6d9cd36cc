"""What the data migrations of complementary suppression run: every stored round through the
rule that imports apply (scoring.complementary_suppression); newly suppressed cells keep n only."""

import pandas as pd
from django.conf import settings

# Pure pandas (no models), so the function is the one imports use today.
from profiles_link.scoring import complementary_suppression

NUMBERS = ["raw_mean", "raw_sd", "score", "sd", "se", "ci_low", "ci_high"]
BATCH = 500  # primary keys per UPDATE, below SQLite's limit on query parameters
COLUMNS = [
    "pk", "round", "level", "unit_code", "respondent_group", "indicator_code", "subgroup", "n",
    "suppressed", "municipality_code", "school_code",
]  # fmt: skip


def stored_cells(UnitScore) -> pd.DataFrame:
    rows = UnitScore.objects.values_list(
        "pk", "round_id", "level", "unit_code", "respondent_group", "indicator_id", "subgroup",
        "n", "suppressed", "municipality__code", "institution__number",
    )  # fmt: skip
    frame = pd.DataFrame(list(rows), columns=COLUMNS)
    frame[["municipality_code", "school_code"]] = frame[
        ["municipality_code", "school_code"]
    ].fillna("")
    return frame.astype({"suppressed": bool, "n": "int64"})


def suppress_stored_cells(apps, schema_editor):
    UnitScore = apps.get_model("profiles_link", "UnitScore")
    cells = stored_cells(UnitScore)
    if cells.empty:
        return
    min_n = int(getattr(settings, "MAPPING_SUPPRESSION_MIN_N", 5))
    after = complementary_suppression(cells, min_n)
    newly = after.loc[after["suppressed"] & ~cells["suppressed"], "pk"].tolist()
    blank = dict.fromkeys(NUMBERS)
    for start in range(0, len(newly), BATCH):
        chunk = newly[start : start + BATCH]
        UnitScore.objects.filter(pk__in=chunk).update(suppressed=True, **blank)
