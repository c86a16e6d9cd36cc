"""How the import stores a round: COPY on PostgreSQL (sent while the profiles are computed),
one executemany elsewhere; the profiles computed from the rows at hand equal those read back;
a failure anywhere leaves nothing stored. Runs on SQLite and on PostgreSQL (DATABASE_URL); the
COPY's own tests skip on SQLite."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from django.db import IntegrityError, connection, transaction
from small_round import small_round

from lms import page_cache
from lms.models import Institution, Municipality, SchoolClass
from profiles_link import bulk, selectors, services, stored
from profiles_link.models import Indicator, MappingRound, SchoolRoundProfile, UnitScore

pytestmark = pytest.mark.django_db


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path needs PostgreSQL (set DATABASE_URL)")


def import_round(tmp_path, label="T1", **options) -> MappingRound:
    folder = small_round(tmp_path / label, seed=5)
    return services.mapping_round_import(
        source=folder.path, round_label=label, held_on=date(2024, 9, 1), **options
    )


STORED = [MappingRound, UnitScore, SchoolRoundProfile, Municipality, Institution, SchoolClass]


def state() -> dict:
    return {model.__name__: model.objects.count() for model in STORED}


def profiles() -> list[tuple]:
    return list(
        SchoolRoundProfile.objects.order_by("institution").values_list(
            "institution", "municipality", "cells", "classes", "weak_areas"
        )
    )


@contextlib.contextmanager
def recorded_statements() -> Iterator[list[str]]:
    """Every statement sent inside the `with`, as the connection's execute wrappers see it."""
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


def test_the_profiles_are_computed_from_exactly_the_rows_stored(tmp_path, monkeypatch):
    seen = {}
    computed = stored.round_profiles

    def spy(mapping_round, frame, institutions):
        seen["frame"] = frame.copy()
        return computed(mapping_round, frame, institutions)

    monkeypatch.setattr(stored, "round_profiles", spy)
    t1 = import_round(tmp_path)
    read_back = selectors.aggregates_frame(UnitScore.objects.filter(round=t1).order_by("pk"))
    assert read_back["suppressed"].any() and (read_back["level"] == "class").any()
    # The same values (to the last bit), NULLs, types and order as the database gives back.
    pd.testing.assert_frame_equal(
        seen["frame"].reset_index(drop=True), read_back.reset_index(drop=True), check_exact=True
    )
    imported = profiles()
    with transaction.atomic():
        stored.refresh_round(t1)
    assert profiles() == imported


def test_a_store_that_fails_leaves_nothing(tmp_path, monkeypatch):
    before = state()
    rows_of = services._score_rows

    def duplicated(*args, **kwargs):
        rows = rows_of(*args, **kwargs)
        return pd.concat([rows, rows.tail(1)], ignore_index=True)  # one cell twice

    monkeypatch.setattr(services, "_score_rows", duplicated)
    with pytest.raises(IntegrityError):
        import_round(tmp_path)
    assert state() == before


def test_an_error_while_the_scores_are_stored_leaves_nothing(tmp_path, monkeypatch):
    before = state()

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(stored, "round_profiles", broken)
    with pytest.raises(RuntimeError, match="out of memory"):
        import_round(tmp_path)
    assert state() == before
    monkeypatch.undo()
    assert import_round(tmp_path).respondent_count  # the connection is fine afterwards


def test_the_copy_goes_through_the_execute_wrappers(tmp_path):
    needs_postgresql()
    with recorded_statements() as statements:
        t1 = import_round(tmp_path)
    copies = [sql for sql in statements if sql.startswith("COPY")]
    columns = ", ".join(services.SCORE_COLUMNS)
    assert copies == [f"COPY profiles_link_unitscore ({columns}) FROM STDIN WITH (FORMAT csv)"]
    assert UnitScore.objects.filter(round=t1, suppressed=True, score__isnull=True).exists()
    assert not UnitScore.objects.filter(round=t1, suppressed=True, score__isnull=False).exists()


def test_a_copy_in_is_noticed_as_a_write_of_its_table():
    context = page_cache._enter("task")
    try:
        page_cache._notice(lambda *args: None, "COPY x (a) TO STDOUT", None, False, {})
        assert not context["wrote"]
        sql = "COPY profiles_link_unitscore (round_id, n) FROM STDIN WITH (FORMAT csv)"
        page_cache._notice(lambda *args: None, sql, None, False, {})
        assert context["tables"] == {"profiles_link_unitscore"}
    finally:
        page_cache._leave(context)


def test_no_query_while_the_copy_holds_the_connection():
    needs_postgresql()
    rows = pd.DataFrame({"code": ["X1"], "name_da": ['Ny "indikator", med komma'], "name_en": [""]})
    with transaction.atomic():
        with pytest.raises(RuntimeError, match="busy with a COPY"):
            with bulk.copying_rows(Indicator, rows):
                MappingRound.objects.count()
        # The COPY itself finished: quotes, commas and the empty text arrive as they were.
        with connection.cursor() as cursor:
            cursor.execute("SELECT name_da, name_en FROM profiles_link_indicator WHERE code = 'X1'")
            assert cursor.fetchall() == [('Ny "indikator", med komma', "")]


# -- Foreign keys checked once per key ------------------------------------------------------------

PLAIN_ROLE = "lms_test_plain_role"


def as_a_plain_role() -> None:
    """For the rest of this test's transaction, act as a role that is not a superuser and has
    not been granted `session_replication_role`: the per-row triggers must then stay on. The
    role, its grants and the SET LOCAL all roll back with the test."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        )
        if not cursor.fetchone()[0]:
            pytest.skip("the tests' database role may not create a role")
        cursor.execute(f"CREATE ROLE {PLAIN_ROLE}")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {PLAIN_ROLE}")
        cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {PLAIN_ROLE}")
        cursor.execute(f"SET LOCAL ROLE {PLAIN_ROLE}")


def replication_role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0]


def needs_the_replication_role_setting() -> None:
    if not bulk.may_check_keys_per_key():
        pytest.skip("the tests' database role may not set session_replication_role")


def test_the_keys_are_checked_once_each_where_the_role_may(tmp_path):
    needs_postgresql()
    needs_the_replication_role_setting()
    with recorded_statements() as statements:
        import_round(tmp_path)
    locks = [sql for sql in statements if sql.endswith("FOR KEY SHARE")]
    referenced = {sql.split(" FROM ")[1].split()[0] for sql in locks}
    assert referenced == {
        '"profiles_link_mappinground"', '"lms_municipality"', '"lms_institution"',
        '"lms_schoolclass"', '"profiles_link_indicator"',
    }  # fmt: skip
    copy_at = next(i for i, sql in enumerate(statements) if sql.startswith("COPY"))
    assert statements[copy_at - 1] == "SET LOCAL session_replication_role = replica"
    assert statements[copy_at + 1] == "SET LOCAL session_replication_role = origin"
    assert replication_role() == "origin"
    assert UnitScore.objects.filter(level="class", school_class__isnull=False).exists()


def test_a_plain_role_keeps_the_per_row_checks(tmp_path):
    needs_postgresql()
    as_a_plain_role()
    assert not bulk.may_check_keys_per_key()
    with recorded_statements() as statements:
        import_round(tmp_path)
    assert not [sql for sql in statements if sql.startswith("SET LOCAL session_replication_role")]
    assert not [sql for sql in statements if sql.endswith("FOR KEY SHARE")]
    assert UnitScore.objects.filter(level="school").exists()


@pytest.mark.parametrize("role", ["superuser", "plain"])
def test_a_key_that_points_nowhere_stores_nothing(tmp_path, monkeypatch, role):
    needs_postgresql()
    if role == "plain":
        as_a_plain_role()
    else:
        needs_the_replication_role_setting()
    before = state()
    rows_of = services._score_rows
    missing = Indicator.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def pointing_nowhere(*args, **kwargs):
        rows = rows_of(*args, **kwargs)
        rows.loc[rows.index[-1], "indicator_id"] = missing + 1000
        return rows

    monkeypatch.setattr(services, "_score_rows", pointing_nowhere)
    if role == "superuser":  # checked before the COPY: the import fails and stores nothing
        with pytest.raises(IntegrityError, match="indicator_id"):
            import_round(tmp_path)
        assert state() == before
        assert replication_role() == "origin"
    else:  # PostgreSQL's own trigger refuses it at commit (here: when the checks are made due)
        import_round(tmp_path)
        with pytest.raises(IntegrityError, match="indicator"), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_triggers_are_on_again_when_the_body_fails():
    needs_postgresql()
    rows = pd.DataFrame({"code": ["X2"], "name_da": ["Ny"], "name_en": [""]})
    with transaction.atomic():
        with pytest.raises(RuntimeError, match="computing failed"):
            with bulk.copying_rows(Indicator, rows):
                raise RuntimeError("computing failed")
        # A caller that goes on in the same transaction has its foreign keys checked again.
        assert replication_role() == "origin"
