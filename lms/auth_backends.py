"""The authentication backends: Django's and allauth's, each reading the person of a request
with a statement built once per process.

Every request reads its person by the id in the session; building that query took longer than
running it (as for the roles, lms.roles). The statement is the ORM's own, compiled with a
stand-in id, run with the person's, and its row made into a User as the ORM would (`from_db`,
with the database's converters), so a custom manager or field is honoured alike.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections

_STAND_IN_ID = -8_417_305_926
_statements: dict[str, tuple] = {}


def _statement(using: str) -> tuple:
    statement = _statements.get(using)
    if statement is None:
        model = get_user_model()
        compiler = model._default_manager.filter(pk=_STAND_IN_ID).query.get_compiler(using)
        sql, params = compiler.as_sql()
        stand_ins = tuple(i for i, value in enumerate(params) if value == _STAND_IN_ID)
        columns = [column for column, _info, _alias in compiler.select]
        names = [column.target.attname for column in columns]
        converters = compiler.get_converters(columns)
        statement = _statements[using] = (sql, list(params), stand_ins, names, compiler, converters)
    return statement


def user_by_id(user_id, using: str = DEFAULT_DB_ALIAS):
    """The person with this id (as the session holds it), or None."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    sql, params, stand_ins, names, compiler, converters = _statement(using)
    params = list(params)
    for i in stand_ins:
        params[i] = pk
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    return model.from_db(using, names, rows[0])


class _PersonByIdMixin:
    def get_user(self, user_id):
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class PersonModelBackend(_PersonByIdMixin, ModelBackend):
    """Django's ModelBackend (passwords, permissions)."""


class PersonAllauthBackend(_PersonByIdMixin, AuthenticationBackend):
    """allauth's backend (log in by e-mail address)."""
