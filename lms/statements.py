"""Statements built once per process and database, then run with one value put in.

Every request reads its person and that person's roles; building those ORM queries took longer
than running them. A `BuiltOnce` compiles the query once with a stand-in value and runs the same
SQL with the real value wherever the stand-in stood.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

_STAND_IN = -7_350_291_846  # a value no id ever has


class BuiltOnce:
    """`build(value)`'s statement, compiled once per database, run with any `value`."""

    def __init__(self, build: Callable[[int], QuerySet]) -> None:
        self._build = build
        self._compiled: dict[str, tuple] = {}

    def compiled(self, using: str = DEFAULT_DB_ALIAS) -> tuple:
        """(sql, params with the stand-in, the stand-in's positions, the query's compiler)."""
        found = self._compiled.get(using)
        if found is None:
            compiler = self._build(_STAND_IN).query.get_compiler(using)
            sql, params = compiler.as_sql()
            stand_ins = tuple(i for i, value in enumerate(params) if value == _STAND_IN)
            found = self._compiled[using] = (sql, tuple(params), stand_ins, compiler)
        return found

    def rows(self, value, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        """The statement's rows for `value`, as the database returns them."""
        sql, params, stand_ins, _compiler = self.compiled(using)
        params = list(params)
        for i in stand_ins:
            params[i] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
