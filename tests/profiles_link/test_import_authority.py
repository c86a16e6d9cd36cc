"""Finding 1 (High): one municipality could change everyone's data through the import.

Reproduced on main: Vesthimmerland's coordinator uploaded a round that renamed Hedensted and
Løsning Skole and added results for Hedensted's schools; Hedensted's coordinator then replaced
that round. Rounds are the programme's: only programme administrators import, replace or mark a
reference round, and nothing is renamed, replaced or rescored before an administrator has seen
it in the preview and confirmed it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from test_commands import T1, T2, write_round
from test_import_service import zipped

from lms.errors import ServiceError
from lms.models import Institution, Municipality
from profiles_link import imports, services
from profiles_link.models import MappingImport, MappingRound, UnitScore

START = reverse("profiles:import_start")
# Hedensted (766) and its Løsning Skole (the programme fixture's far_school, 615001), renamed.
HEDENSTED_RESPONDENTS = T1["respondents.csv"].replace("820,773001", "766,615001")
UNITS = (
    "level,code,name,parent_code\n"
    "municipality,766,Hacked Kommune,\n"
    "school,615001,Hacked Skole,766\n"
)
HEDENSTED = T1 | {"respondents.csv": HEDENSTED_RESPONDENTS, "units.csv": UNITS}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def names(programme):
    return (
        Municipality.objects.get(pk=programme.other_municipality.pk).name,
        Institution.objects.get(pk=programme.far_school.pk).name,
    )


def post_upload(client, callbacks, files, **data):
    with callbacks(execute=True):
        return client.post(START, {"round_label": "T1", "files": zipped(files), **data})


def job_of(response) -> MappingImport:
    return MappingImport.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


@pytest.mark.parametrize("person", ["municipal_coordinator", "other_coordinator"])
def test_a_coordinator_cannot_import_rename_or_replace(
    client_for, programme, django_capture_on_commit_callbacks, person
):
    before = names(programme)
    client = client_for(programme.people[person])
    response = post_upload(client, django_capture_on_commit_callbacks, HEDENSTED)
    assert response.status_code == 403
    response = post_upload(
        client, django_capture_on_commit_callbacks, HEDENSTED, replace="on", as_reference="on"
    )
    assert response.status_code == 403
    assert names(programme) == before == ("Hedensted", programme.far_school.name)
    assert not MappingRound.objects.exists() and not MappingImport.objects.exists()


def test_the_service_refuses_anyone_but_an_administrator(programme, tmp_path):
    folder = write_round(tmp_path / "round", HEDENSTED)
    for person in ["municipal_coordinator", "leader", "author"]:
        with pytest.raises(ServiceError):
            services.mapping_round_import(
                source=folder, round_label="T1", user=programme.people[person]
            )
        with pytest.raises(ServiceError):
            imports.mapping_import_create(
                source_dir=folder, round_label="T1", user=programme.people[person]
            )
    assert names(programme) == ("Hedensted", programme.far_school.name)
    assert not UnitScore.objects.exists()


def test_renames_are_listed_and_applied_only_when_confirmed(
    client_for, programme, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["admin"])
    job = job_of(post_upload(client, django_capture_on_commit_callbacks, HEDENSTED))
    assert job.status == MappingImport.Status.PREVIEW
    assert names(programme) == ("Hedensted", programme.far_school.name)  # not yet
    html = client.get(reverse("profiles:import_status", args=[job.pk])).content.decode()
    table = re.search(r'<table class="results" id="import-renames">.*?</table>', html, re.S)
    rows = re.findall(
        r"<tr><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", table.group(0)
    )
    assert rows == [
        ("766", "Hedensted", "Hacked Kommune"),
        ("615001", programme.far_school.name, "Hacked Skole"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == MappingImport.Status.SUCCEEDED
    assert names(programme) == ("Hacked Kommune", "Hacked Skole")


def test_a_cancelled_preview_stores_nothing_and_deletes_the_upload(
    client_for, programme, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["admin"])
    job = job_of(post_upload(client, django_capture_on_commit_callbacks, HEDENSTED))
    folder = Path(job.source_dir)
    assert (folder / "answers.csv").exists()
    # A coordinator may follow the job but neither confirm nor cancel it.
    coordinator = client_for(programme.people["municipal_coordinator"])
    for action in ["profiles:import_confirm", "profiles:import_cancel"]:
        assert coordinator.post(reverse(action, args=[job.pk])).status_code == 403
    client = client_for(programme.people["admin"])
    response = client.post(reverse("profiles:import_cancel", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == MappingImport.Status.CANCELLED
    assert not folder.exists()
    assert names(programme) == ("Hedensted", programme.far_school.name)
    assert not MappingRound.objects.exists()
    # A cancelled job cannot be confirmed afterwards.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("profiles:import_confirm", args=[job.pk]))
    assert callbacks == [] and not MappingRound.objects.exists()


def test_a_replacement_and_a_new_reference_are_listed_with_the_rescored_rounds(
    client_for, programme, tmp_path, django_capture_on_commit_callbacks
):
    services.mapping_round_import(source=write_round(tmp_path / "t1"), round_label="T1")
    services.mapping_round_import(source=write_round(tmp_path / "t2", T2), round_label="T2")
    t2_score = UnitScore.objects.get(round__label="T2", level="school", subgroup="all").score
    client = client_for(programme.people["admin"])
    job = job_of(
        post_upload(
            client, django_capture_on_commit_callbacks, T2, replace="on", as_reference="on",
            round_label="T2",
        )
    )  # fmt: skip
    assert job.changes["replaces"] is True
    assert job.changes["becomes_reference"] is True
    assert job.changes["rescored"] == ["T1"]
    html = client.get(reverse("profiles:import_status", args=[job.pk])).content.decode()
    changes = re.search(r'<ul id="import-change-list">(.*?)</ul>', html, re.S).group(1)
    assert "T1" in changes and changes.count('class="change-warning"') == 2
    # Nothing moved before the confirmation.
    assert MappingRound.objects.get(is_reference=True).label == "T1"
    assert UnitScore.objects.get(
        round__label="T2", level="school", subgroup="all"
    ).score == pytest.approx(t2_score)


def test_what_changed_after_the_preview_is_not_stored(
    client_for, programme, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(programme.people["admin"])
    job = job_of(post_upload(client, django_capture_on_commit_callbacks, T1))
    assert job.changes["renames"] == []
    # Meanwhile the round T1 arrives by the command line: the confirmed plan no longer holds.
    services.mapping_round_import(source=write_round(tmp_path / "t1"), round_label="T1")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == MappingImport.Status.FAILED
    assert MappingRound.objects.count() == 1


def test_a_known_school_cannot_get_results_in_another_municipality(programme, tmp_path):
    """Invented results for Hedensted's school, filed under Vesthimmerland, are refused."""
    moved = T1 | {"respondents.csv": T1["respondents.csv"].replace("820,773001", "820,615001")}
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        services.mapping_round_import(source=write_round(tmp_path / "r", moved), round_label="T1")
    assert refused.value.messages == [
        "respondents.csv:0: school_code: school 615001 belongs to municipality 766, not 820"
    ]
    assert not UnitScore.objects.exists()


def test_the_command_says_what_it_renames_and_a_dry_run_stores_nothing(programme, tmp_path):
    folder = write_round(tmp_path / "r", HEDENSTED)
    out = io.StringIO()
    call_command("import_mapping", str(folder), "--round", "T1", "--dry-run", stdout=out,
                 stderr=io.StringIO())  # fmt: skip
    assert "Hedensted -> Hacked Kommune" in out.getvalue()
    assert not MappingRound.objects.exists()
    assert names(programme) == ("Hedensted", programme.far_school.name)
    out = io.StringIO()
    call_command("import_mapping", str(folder), "--round", "T1", stdout=out, stderr=io.StringIO())
    assert "Hedensted -> Hacked Kommune" in out.getvalue()
    assert names(programme) == ("Hacked Kommune", "Hacked Skole")


BAD_LABELS = ["=HYPERLINK(1)", "T1/2", "T:1", "T1?", "T*", "[T1]", "T\\1", "+T1", "-T1", "@T1"]


@pytest.mark.parametrize("label", BAD_LABELS)
def test_round_labels_that_break_exports_are_refused(client_for, programme, label):
    """Before: `/ : \\ ? * [ ]` in a label made the XLSX export a 500, and `=`, `+`, `-`, `@`
    started a formula in every export."""
    response = client_for(programme.people["admin"]).post(
        START, {"round_label": label, "files": zipped(T1)}
    )
    assert response.status_code == 200
    assert 'id="id_round_label_error"' in response.content.decode()
    assert not MappingImport.objects.exists()


@pytest.mark.parametrize("label", [*BAD_LABELS, "T1\tT2", "T" * 21, ""])
def test_the_service_refuses_such_labels_too(db, label):
    with pytest.raises(ServiceError):
        services.mapping_round_preview(source=T1_BYTES, round_label=label)


T1_BYTES = {name: text.encode() for name, text in T1.items()}
