"""The person of a request is read by a statement built once (lms.auth_backends): the same
person the ORM reads, and the same refusals."""

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lms.auth_backends import PersonAllauthBackend, PersonModelBackend, user_by_id
from lms.factories import UserFactory
from lms.models import User


def test_the_person_read_is_the_one_the_orm_reads(db):
    person = UserFactory(email="lone@test.dk", first_name="Lone")
    Client().force_login(person)  # a time of login, read back through the database's converters
    expected = User.objects.get(pk=person.pk)
    for backend in (PersonModelBackend(), PersonAllauthBackend()):
        found = backend.get_user(str(person.pk))
        assert type(found) is User and not found._state.adding and found._state.db == "default"
        for field in User._meta.concrete_fields:
            assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert expected.last_login is not None


def test_an_inactive_person_or_an_unknown_id_reads_as_nobody(db):
    gone = UserFactory(email="gone@test.dk", is_active=False)
    assert PersonModelBackend().get_user(gone.pk) is None
    assert ModelBackend().get_user(gone.pk) is None  # as Django's own
    assert user_by_id(gone.pk).pk == gone.pk
    assert user_by_id(10**9) is None
    assert user_by_id("not a number") is None


def test_a_logged_in_request_reads_its_person_in_one_query(db):
    person = UserFactory(email="anne@test.dk")
    client = Client()
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == person.pk
    reads = [q["sql"] for q in queries if '"lms_user"."password"' in q["sql"]]
    assert len(reads) == 1
    other = Client()
    other.force_login(UserFactory(email="bo@test.dk"))
    assert other.get("/").wsgi_request.user.email == "bo@test.dk"  # each their own
