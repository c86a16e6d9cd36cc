"""Statements built once per process and database, then run with their values put in.

Every request reads its person and that person's roles; building those ORM queries took longer
than running them. A `BuiltOnce` compiles the query once with stand-in values and runs the same
SQL with the real values wherever the stand-ins stood. Compiling is most of what a query costs
the ORM: a task with its submission, team, school, assignment and version took 1.25 ms to
compile and 0.15 ms to run and build.

Only for values that are put into the SQL as they are (ids): a value the ORM would first
convert (a date, a text with a pattern) cannot stand in for another.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

# A value no id ever has (ids are positive), within 32 bits as a Wagtail page's id is: the ORM
# answers a value outside an integer field's range with "nothing" instead of putting it in. The
# second value's stand-in is one less, and so on.
_STAND_IN = -1_735_029_184


class BuiltOnce:
    """`build(*values)`'s statement, compiled once per database, run with any values."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self._build = build
        self._stand_ins = tuple(
            _STAND_IN - i for i in range(len(inspect.signature(build).parameters))
        )
        self._compiled: dict[str, tuple] = {}
        self._converters: dict[str, dict] = {}
        self._objects: dict[str, tuple] = {}

    def compiled(self, using: str = DEFAULT_DB_ALIAS) -> tuple:
        """(sql, params with the stand-ins, where each stand-in stands, the query's compiler)."""
        found = self._compiled.get(using)
        if found is None:
            compiler = self._build(*self._stand_ins).query.get_compiler(using)
            sql, params = compiler.as_sql()
            places = tuple(
                (i, self._stand_ins.index(value))
                for i, value in enumerate(params)
                if isinstance(value, int) and value in self._stand_ins
            )
            found = self._compiled[using] = (sql, tuple(params), places, compiler)
        return found

    def rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        """The statement's rows for `values`, as the database returns them."""
        sql, params, places, _compiler = self.compiled(using)
        params = list(params)
        for i, which in places:
            params[i] = values[which]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def converted_rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        """`rows()`, each value converted as the ORM converts it (a date read on SQLite, say)."""
        rows = self.rows(*values, using=using)
        compiler = self.compiled(using)[3]
        converters = self._converters.get(using)
        if converters is None:
            columns = [column for column, _info, _alias in compiler.select]
            converters = self._converters[using] = compiler.get_converters(columns)
        if converters and rows:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows

    def objects(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[Model]:
        """The statement's model objects for `values`, with the objects it selects related, built
        as the ORM's own iterable builds them (no prefetching: the statement is one query)."""
        rows = self.converted_rows(*values, using=using)
        plan = self._objects.get(using)
        if plan is None:
            compiler = self.compiled(using)[3]
            klass_info, select = compiler.klass_info, compiler.select
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            names = [column[0].target.attname for column in select[start:end]]
            populators = get_related_populators(klass_info, select, using)
            plan = self._objects[using] = (klass_info["model"], start, end, names, populators)
        model, start, end, names, populators = plan
        found = []
        for row in rows:
            instance = model.from_db(using, names, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            found.append(instance)
        return found

    def first(self, *values, using: str = DEFAULT_DB_ALIAS) -> Model | None:
        """The statement's first object for `values`, or None."""
        found = self.objects(*values, using=using)
        return found[0] if found else None
