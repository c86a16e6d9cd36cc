"""The people import in the browser: who may, the preview before anything is stored, confirm."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from roster_files import HEADER, staff_roster

from lms.factories import InstitutionFactory
from lms.models import PeopleImport, RoleAssignment, User


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English source strings, whatever the Danish catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


START = reverse("people_import_start")


@pytest.fixture
def new_school(programme):
    return InstitutionFactory(municipality=programme.municipality, number="773010", name="Ny")


def upload(client, content: str, municipality, name="roster.csv", **flags):
    data = {"municipality": municipality.pk, "file": SimpleUploadedFile(name, content.encode())}
    data.update({key: "on" for key, value in flags.items() if value})
    return client.post(START, data)


@pytest.mark.parametrize(
    "who", ["teacher", "leader", "local_rp", "municipal_rp", "author", "nobody"]
)
def test_only_coordinators_and_administrators_may_import(programme, client_for, who):
    assert client_for(programme.people[who]).get(START).status_code == 403


def test_a_coordinator_imports_300_people_with_a_preview_first(
    programme, new_school, client_for, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["municipal_coordinator"])
    page = client.get(START)
    assert page.status_code == 200
    # The coordinator may choose only their own municipality.
    assert list(page.context["form"].fields["municipality"].queryset) == [programme.municipality]

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, staff_roster(300), programme.municipality)
    job = PeopleImport.objects.get()
    assert response.url == reverse("people_import_status", args=[job.pk])
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.CHECKED
    assert not User.objects.filter(email__endswith="@ny.dk").exists()  # a preview only

    page = client.get(response.url)
    html = page.content.decode()
    assert "created 300, updated 0, deactivated 0, unchanged 0" in html
    assert "laerer17@ny.dk" in html
    assert "Indskolingen" in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people_import_decide", args=[job.pk]), {"action": "confirm"})
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.SUCCEEDED
    assert job.summary["created"] == 300
    assert bytes(job.content) == b""  # the file is not kept once imported
    assert RoleAssignment.objects.filter(institution=new_school).count() == 300
    page = client.get(reverse("people_import_status", args=[job.pk]))
    assert "The roster is imported" in page.content.decode()

    # The same file again: a preview of no changes.
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, staff_roster(300), programme.municipality)
    second = PeopleImport.objects.order_by("-created_at").first()
    assert second.preview["counts"] == {
        "created": 0,
        "updated": 0,
        "deactivated": 0,
        "unchanged": 300,
    }


def test_a_broken_roster_shows_every_problem_and_stores_nothing(
    programme, new_school, client_for, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["admin"])
    content = HEADER + "\nbad,B,B,,820,773010,teacher,,\nok@ny.dk,O,K,,820,773999,teacher,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, content, programme.municipality)
    page = client.get(response.url)
    html = page.content.decode()
    assert "roster.csv:2: email: bad is not an e-mail address" in html
    assert "roster.csv:3: school_number: 773999 is not a school of municipality 820" in html
    assert page.context["job"].status == PeopleImport.Status.FAILED
    assert 'name="action" value="confirm"' not in html
    assert not User.objects.filter(email="ok@ny.dk").exists()


def test_a_coordinator_cannot_import_into_another_municipality(programme, client_for):
    client = client_for(programme.people["municipal_coordinator"])
    response = upload(client, staff_roster(3), programme.other_municipality)
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not PeopleImport.objects.exists()


def test_rows_of_another_municipality_are_problems(
    programme, new_school, client_for, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["municipal_coordinator"])
    content = HEADER + "\nf@far.dk,F,F,,766,615001,teacher,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, content, programme.municipality)
    job = PeopleImport.objects.get()
    assert job.problems == [
        "roster.csv:2: municipality_code: 766 is not the municipality of this import "
        "(820 Vesthimmerland)"
    ]


def test_a_coordinator_cannot_touch_someone_of_another_municipality(
    programme, new_school, client_for, django_capture_on_commit_callbacks
):
    far = programme.people["far_teacher"]
    client = client_for(programme.people["municipal_coordinator"])
    content = HEADER + f"\n{far.email},Far,Away,,820,773010,teacher,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, content, programme.municipality)
    job = PeopleImport.objects.get()
    assert job.problems == [
        f"roster.csv:2: email: {far.email} belongs to another municipality: ask the programme "
        "administrator"
    ]


def test_another_coordinator_cannot_see_or_confirm_the_import(
    programme, new_school, client_for, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["municipal_coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, staff_roster(3), programme.municipality)
    job = PeopleImport.objects.get()
    other = client_for(programme.people["other_coordinator"])
    assert other.get(reverse("people_import_status", args=[job.pk])).status_code == 404
    response = other.post(reverse("people_import_decide", args=[job.pk]), {"action": "confirm"})
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.CHECKED


def test_discard_stores_nothing(
    programme, new_school, client_for, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, staff_roster(3), programme.municipality)
    job = PeopleImport.objects.get()
    client.post(reverse("people_import_decide", args=[job.pk]), {"action": "discard"})
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.DISCARDED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people_import_decide", args=[job.pk]), {"action": "confirm"})
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.DISCARDED
    assert not User.objects.filter(email__endswith="@ny.dk").exists()


def test_mit_overblik_links_to_the_import(programme, client_for):
    for who in ("municipal_coordinator", "admin"):
        html = client_for(programme.people[who]).get("/").content.decode()
        assert START in html, who
    assert START not in client_for(programme.people["leader"]).get("/").content.decode()
