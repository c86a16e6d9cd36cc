"""The authentication backends: Django's and allauth's, each reading the person of a request
with a statement built once per process.

Every request reads its person by the id in the session; building that query took longer than
running it (as for the roles): the statement is the ORM's own, built once (lms.statements), and
its row made into a User as the ORM would (`from_db`, with the database's converters), so a
custom manager or field is honoured alike.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

from .statements import BuiltOnce


def _person(pk) -> QuerySet:
    return get_user_model()._default_manager.filter(pk=pk)


_person_statement = BuiltOnce(_person)
_columns: dict[str, tuple] = {}  # database -> (the row's field names, their converters)


def user_by_id(user_id, using: str = DEFAULT_DB_ALIAS):
    """The person with this id (as the session holds it), or None."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    rows = _person_statement.rows(pk, using=using)
    if not rows:
        return None
    compiler = _person_statement.compiled(using)[3]
    if using not in _columns:
        columns = [column for column, _info, _alias in compiler.select]
        _columns[using] = (
            [column.target.attname for column in columns],
            compiler.get_converters(columns),
        )
    names, converters = _columns[using]
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
