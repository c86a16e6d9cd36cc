"""Uploading a round in the browser: who may, zip and CSV uploads, form errors, the status page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from test_commands import ANSWERS, T1
from test_import_service import csv_uploads, zipped

from profiles_link.models import MappingImport, MappingRound, UnitScore

START = reverse("profiles:import_start")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def status_url(job: MappingImport) -> str:
    return reverse("profiles:import_status", args=[job.pk])


def problems_on(html: str) -> list[str]:
    listed = re.search(r'<ul class="problems" id="import-problems">(.*?)</ul>', html, re.S)
    return re.findall(r"<li><code>(.*?)</code></li>", listed.group(1)) if listed else []


@pytest.mark.parametrize(("person", "status"), [
    ("municipal_coordinator", 200), ("admin", 200), ("teacher", 403), ("leader", 403),
    ("author", 403), ("municipal_rp", 403), ("nobody", 403),
])  # fmt: skip
def test_who_may_import(client_for, programme, person, status):
    client = client_for(programme.people[person])
    assert client.get(START).status_code == status
    # Refused people cannot post either, and nothing is recorded for them.
    response = client.post(START, {"round_label": "T1", "files": zipped(T1)})
    assert response.status_code == (302 if status == 200 else 403)
    assert MappingImport.objects.exists() == (status == 200)


def test_the_form_has_labels_and_a_multiple_file_input(client_for, programme):
    html = client_for(programme.people["admin"]).get(START).content.decode()
    assert '<label for="id_round_label">' in html
    assert '<label for="id_files">' in html
    assert re.search(r'<input type="file" name="files"[^>]* multiple', html)
    assert 'aria-describedby="id_files_helptext"' in html
    assert 'id="id_files_helptext"' in html


def test_a_zip_upload_is_imported_and_its_status_shown(
    client_for, programme, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["municipal_coordinator"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # queued after commit
        response = client.post(
            START, {"round_label": "T1", "held_on": "2024-09-16", "files": zipped(T1)}
        )
    assert len(callbacks) == 1
    job = MappingImport.objects.get()
    assert response["Location"] == status_url(job)
    assert (job.status, job.stage, job.progress) == ("succeeded", "stored", 100)
    assert job.created_by == programme.people["municipal_coordinator"]
    html = client.get(status_url(job)).content.decode()
    assert '<progress id="import-progress" max="100" value="100">' in html
    assert 'http-equiv="refresh"' not in html  # finished: the page stops refreshing
    # 10 respondents, 25 answers with a value; a link to the coordinator's municipality.
    assert re.search(r"\b10\b.*\b25\b", html)
    assert reverse("profiles:municipality_profile", args=["820"]) in html
    t1 = MappingRound.objects.get()
    assert (t1.respondent_count, str(t1.held_on)) == (10, "2024-09-16")
    # Hand-computed in test_commands: the school's pupils score 500 on their own round.
    assert UnitScore.objects.get(level="school", subgroup="all").score == pytest.approx(500)


def test_csv_files_upload(client_for, programme, django_capture_on_commit_callbacks):
    client = client_for(programme.people["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, {"round_label": "T1", "files": csv_uploads()})
    job = MappingImport.objects.get()
    assert job.status == MappingImport.Status.SUCCEEDED
    html = client.get(status_url(job)).content.decode()
    assert reverse("profiles:programme_overview") in html


def test_the_task_waits_for_the_commit(client_for, programme, django_capture_on_commit_callbacks):
    client = client_for(programme.people["admin"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(START, {"round_label": "T1", "files": csv_uploads()})
    assert len(callbacks) == 1
    assert MappingImport.objects.get().status == MappingImport.Status.QUEUED
    assert not MappingRound.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message_part"),
    [
        ({"round_label": "T1"}, "files", ""),
        ({"round_label": "", "files": "csv"}, "round_label", ""),
        ({"round_label": "T1", "files": "zip+csv"}, "files", "zip"),
        ({"round_label": "T1", "files": "strange"}, "files", "svar.xlsx"),
        ({"round_label": "T1", "held_on": "i går", "files": "csv"}, "held_on", ""),
    ],
)
def test_form_errors_are_tied_to_their_fields(client_for, programme, data, field, message_part):
    files = {"csv": csv_uploads(), "zip+csv": [zipped(T1), *csv_uploads()],
             "strange": [*csv_uploads(), zipped(T1, name="svar.xlsx")]}  # fmt: skip
    if "files" in data:
        data = data | {"files": files[data["files"]]}
    response = client_for(programme.people["admin"]).post(START, data)
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert error is not None and message_part in error.group(1)
    widget = re.search(rf'<input[^>]* name="{field}"[^>]*>', html).group(0)
    assert f"id_{field}_error" in re.search(r'aria-describedby="([^"]*)"', widget).group(1)
    assert 'aria-invalid="true"' in widget
    assert not MappingImport.objects.exists()


def test_a_refused_upload_lists_every_problem_and_stores_nothing(
    client_for, programme, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["municipal_coordinator"])
    bad = T1 | {"answers.csv": ANSWERS + "zz,F1,4\na1,F1,9\n"}  # lines 29 and 30
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, {"round_label": "T1", "files": zipped(bad)})
    html = client.get(response["Location"]).content.decode()
    assert problems_on(html) == [
        "answers.csv:29: respondent_id: unknown respondent_id zz",
        "answers.csv:30: item_code: respondent a1 answers item F1 again (first on line 2)",
        "answers.csv:30: value: value 9 is outside [1, 5] for item F1",
    ]
    assert "<progress" not in html
    assert not MappingRound.objects.exists()
    assert MappingImport.objects.get().status == MappingImport.Status.FAILED


def test_an_unsafe_zip_is_refused_on_the_status_page(
    client_for, programme, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["admin"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            START, {"round_label": "T1", "files": zipped(T1 | {"../../evil.csv": "x"})}
        )
    assert callbacks == []  # nothing to run
    problems = problems_on(client.get(response["Location"]).content.decode())
    assert len(problems) == 1 and problems[0].startswith("runde.zip:0: -: ")
    assert "../../evil.csv" in problems[0]
    assert not (tmp_path / "evil.csv").exists()


def test_the_problem_list_stops_at_200(client_for, programme):
    user = programme.people["municipal_coordinator"]
    problems = [f"answers.csv:{line}: value: bad" for line in range(2, 252)]  # 250 problems
    job = MappingImport.objects.create(round_label="T1", source_dir="/x", created_by=user,
                                       status="failed", problems=problems,
                                       problem_count=1250)  # fmt: skip
    html = client_for(user).get(status_url(job)).content.decode()
    assert problems_on(html) == problems[:200]
    # 1250 counted, 200 shown: 1050 more.
    more = re.search(r'<p id="import-problems-more">(.*?)</p>', html).group(1)
    assert "1050" in more


def test_a_running_import_refreshes_without_javascript(client_for, programme):
    user = programme.people["municipal_coordinator"]
    job = MappingImport.objects.create(round_label="T1", source_dir="/x", created_by=user,
                                       status="running", stage="validated", progress=40)  # fmt: skip
    html = client_for(user).get(status_url(job)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert '<progress id="import-progress" max="100" value="40">' in html
    assert "<script" not in html
    # parsed and validated are done; scoring is under way.
    steps = re.findall(r'<li(?: aria-current="step")? class="stage-(\w+)">', html)
    assert steps == ["done", "done", "current", "pending"]
    assert html.count('aria-current="step"') == 1


@pytest.mark.parametrize(("viewer", "status"), [
    ("municipal_coordinator", 200), ("admin", 200), ("other_coordinator", 403), ("teacher", 403),
    ("leader", 403),
])  # fmt: skip
def test_only_the_creator_and_programme_admins_see_a_job(client_for, programme, viewer, status):
    job = MappingImport.objects.create(round_label="T1", source_dir="/x",
                                       created_by=programme.people["municipal_coordinator"])  # fmt: skip
    assert client_for(programme.people[viewer]).get(status_url(job)).status_code == status


def test_an_unknown_job_is_404(client_for, programme):
    url = reverse("profiles:import_status", args=["00000000-0000-0000-0000-000000000000"])
    assert client_for(programme.people["admin"]).get(url).status_code == 404


def test_the_start_page_lists_my_recent_imports(client_for, programme):
    me, other = programme.people["municipal_coordinator"], programme.people["other_coordinator"]
    mine = MappingImport.objects.create(round_label="T7", source_dir="/x", created_by=me)
    theirs = MappingImport.objects.create(round_label="T8", source_dir="/x", created_by=other)
    html = client_for(me).get(START).content.decode()
    assert status_url(mine) in html
    assert status_url(theirs) not in html
    admin_html = client_for(programme.people["admin"]).get(START).content.decode()
    assert status_url(mine) in admin_html and status_url(theirs) in admin_html


def test_the_import_page_lists_the_rounds_already_in_the_programme(client, programme):
    from profiles_link.factories import MappingRoundFactory

    MappingRoundFactory(label="T1")
    MappingRoundFactory(label="T2")
    client.force_login(programme.people["admin"])
    response = client.get(reverse("profiles:import_start"))
    assert [r.label for r in response.context["rounds"]] == ["T1", "T2"]
    html = response.content.decode()
    assert "T1" in html and "T2" in html
