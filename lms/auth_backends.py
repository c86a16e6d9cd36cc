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


def user_by_id(user_id, using: str = DEFAULT_DB_ALIAS):
    """The person with this id (as the session holds it), or None."""
    try:
        pk = get_user_model()._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    return _person_statement.first(pk, using=using)


class _PersonByIdMixin:
    def get_user(self, user_id):
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class PersonModelBackend(_PersonByIdMixin, ModelBackend):
    """Django's ModelBackend (passwords, permissions)."""


class PersonAllauthBackend(_PersonByIdMixin, AuthenticationBackend):
    """allauth's backend (log in by e-mail address)."""
