"""Attachments: checked by name and content, stored under random names, downloaded only
through the permission check."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments import services
from assignments.models import Attachment, Submission


@pytest.fixture(autouse=True)
def english(client, settings):
    """These tests read the English messages (the Danish ones are the translators' work)."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.fixture
def submission(programme, module_tree, enrolled):
    return services.submission_get_or_create(team=programme.team, assignment=module_tree.assignment)


def edit_url(submission):
    return reverse("assignments:edit", args=[submission.assignment_id, submission.team_id])


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plan.pdf", PDF),
        ("Foto.PNG", PNG),
        ("billede.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("refleksion.docx", DOCX),
        ("noter.odt", ODT),
        ("noter.txt", "Æbler og pærer\n".encode()),
        ("film.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 16),
    ],
)
def test_accepted_files(name, data):
    assert services.upload_problem(SimpleUploadedFile(name, data)) is None


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("side.html", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("tegning.svg", b"<svg onload=alert(1)/>", "not accepted"),
        ("kode.js", b"alert(1)", "not accepted"),
        ("program.exe", b"MZ\x90\x00", "not accepted"),
        ("uden-endelse", PDF, "not accepted"),
        ("forklaedt.pdf", b"<html><script>alert(1)</script></html>", "not a .pdf file"),
        ("forklaedt.docx", PDF, "not a .docx file"),
        ("forklaedt.docx", ODT, "not a .docx file"),
        ("forklaedt.odt", DOCX, "not a .odt file"),
        ("side.txt", b"<!DOCTYPE html><html><body>x</body></html>", "not a .txt file"),
        ("binaer.txt", b"\x00\x01\x02", "not a .txt file"),
        ("tom.pdf", b"", "empty"),
    ],
)
def test_refused_files_name_the_file_and_why(name, data, reason):
    problem = services.upload_problem(SimpleUploadedFile(name, data))
    assert problem is not None
    assert name in problem and reason in problem


def test_size_limit_from_settings(settings):
    settings.ASSIGNMENT_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("stor.pdf", PDF + b"0" * (1024 * 1024))
    problem = services.upload_problem(big)
    assert "stor.pdf" in problem and "1 MB" in problem
    settings.ASSIGNMENT_MAX_UPLOAD_MB = 2
    big.seek(0)
    assert services.upload_problem(big) is None


def test_upload_through_the_editor_keeps_the_text_when_a_file_is_refused(
    client_for, programme, submission, settings
):
    client = client_for(programme.people["teacher"])
    response = client.post(
        edit_url(submission),
        {
            "text": "Min lange tekst",
            "revision": 0,
            "action": "save",
            "files": [SimpleUploadedFile("ok.pdf", PDF), SimpleUploadedFile("ond.html", b"<p>")],
        },
    )
    assert response.status_code == 400  # the form with its errors, nothing saved
    html = response.content.decode()
    assert "ond.html" in html and "not accepted" in html
    assert "Min lange tekst</textarea>" in html
    assert not Attachment.objects.exists()
    submission.refresh_from_db()
    assert submission.text == ""


def test_upload_stores_a_random_name_and_downloads_safely(client_for, programme, submission):
    client = client_for(programme.people["teacher"])
    response = client.post(
        edit_url(submission),
        {"text": "", "revision": 0, "action": "save",
         "files": [SimpleUploadedFile("<img src=x onerror=alert(1)> ø.pdf", PDF)]},
    )  # fmt: skip
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "<img src=x onerror=alert(1)> ø.pdf"
    assert "img" not in attachment.file.name and attachment.file.name.startswith("submissions/")
    editor = client.get(edit_url(submission)).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt; ø.pdf" in editor and "<img" not in editor
    download = client.get(reverse("assignments:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download["Content-Security-Policy"]


def test_text_files_download_as_plain_text(client_for, programme, submission):
    attachment = services.attachment_add(
        submission=submission, upload=SimpleUploadedFile("n.txt", b"hej"),
        by=programme.people["teacher"],
    )  # fmt: skip
    response = client_for(programme.people["leader"]).get(
        reverse("assignments:attachment", args=[attachment.pk])
    )
    assert response["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    "person", ["other_teacher", "far_teacher", "other_coordinator", "nobody", "author"]
)
def test_download_is_refused_to_outsiders(client_for, programme, submission, person):
    attachment = services.attachment_add(
        submission=submission, upload=SimpleUploadedFile("plan.pdf", PDF),
        by=programme.people["teacher"],
    )  # fmt: skip
    url = reverse("assignments:attachment", args=[attachment.pk])
    assert client_for(programme.people[person]).get(url).status_code == 404


def test_download_needs_a_login(client, programme, submission):
    attachment = services.attachment_add(
        submission=submission, upload=SimpleUploadedFile("plan.pdf", PDF),
        by=programme.people["teacher"],
    )  # fmt: skip
    response = client.get(reverse("assignments:attachment", args=[attachment.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_removing_a_file_from_the_draft(client_for, programme, submission):
    attachment = services.attachment_add(
        submission=submission, upload=SimpleUploadedFile("plan.pdf", PDF),
        by=programme.people["teacher"],
    )  # fmt: skip
    url = reverse("assignments:attachment_remove", args=[attachment.pk])
    assert client_for(programme.people["other_teacher"]).post(url).status_code == 404
    assert client_for(programme.people["leader"]).post(url).status_code == 403
    assert client_for(programme.people["teacher"]).post(url).status_code == 302
    assert not Attachment.objects.exists()
    assert Submission.objects.get().pk == submission.pk


def test_removing_in_the_editor_saves_the_typed_text(client_for, programme, submission):
    teacher = programme.people["teacher"]
    attachment = services.attachment_add(
        submission=submission, upload=SimpleUploadedFile("plan.pdf", PDF), by=teacher
    )
    client = client_for(teacher)
    editor = client.get(edit_url(submission)).content.decode()
    assert f'value="remove:{attachment.pk}"' in editor
    assert '<form method="post" action="/opgaver/fil/' not in editor  # no nested forms
    response = client.post(
        edit_url(submission),
        {"text": "Skrevet lige før", "revision": 0, "action": f"remove:{attachment.pk}"},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.text == "Skrevet lige før"
    assert not Attachment.objects.exists()
