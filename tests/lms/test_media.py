"""Finding 7: `/media/./submissions/<f>` and similar paths bypassed the permission check when
DEBUG was on. No /media/ path serves a private folder, whatever its spelling."""

import pytest
from django.urls import reverse

from lms.views import private_media_path


@pytest.mark.parametrize("path", [
    "submissions/abc", "./submissions/abc", "x/../submissions/abc", "submissions//abc",
    "/submissions/abc", ".//submissions/abc", "Submissions/abc", "submissions\\abc",
    "./././submissions/abc", "mapping_imports/1/answers.csv", "MAPPING_IMPORTS/1/answers.csv",
])  # fmt: skip
def test_private_paths_in_every_spelling(path):
    assert private_media_path(path)


@pytest.mark.parametrize("path", ["original_images/a.png", "documents/a.pdf", "images/sub/x.png"])
def test_public_paths(path):
    assert not private_media_path(path)


@pytest.mark.parametrize("spelling", ["./submissions/{name}", "submissions/{name}",
                                      "x/../submissions/{name}", "submissions//{name}"])  # fmt: skip
def test_a_team_file_is_not_served_from_media_even_with_debug(
    client_for, programme, settings, tmp_path, spelling
):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "submissions").mkdir()
    (tmp_path / "submissions" / "hemmelig").write_bytes(b"teamets fil")
    (tmp_path / "offentlig.txt").write_bytes(b"ok")
    client = client_for(programme.people["admin"])
    url = "/media/" + spelling.format(name="hemmelig")
    response = client.get(url)
    assert response.status_code == 404
    assert b"teamets fil" not in b"".join(
        getattr(response, "streaming_content", [response.content])
    )
    assert client.get("/media/offentlig.txt").status_code == 200
    settings.DEBUG = False
    assert client.get("/media/offentlig.txt").status_code == 404
    assert reverse("media", args=["x"]) == "/media/x"
