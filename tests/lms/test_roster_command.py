"""`import_people` on the command line: the people-roster contract (specs/people-roster.md)."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation
from roster_files import HEADER, PROBLEM_LINE, staff_roster

from lms.factories import InstitutionFactory, UserFactory
from lms.models import (
    Invitation,
    PeopleImport,
    RoleAssignment,
    RoleEvent,
    Team,
    TeamMembership,
    User,
)
from lms.roles import Role


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English source strings, whatever the Danish catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def run(path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def new_school(programme):
    return InstitutionFactory(municipality=programme.municipality, number="773010", name="Ny Skole")


def test_a_roster_of_300_for_a_new_school_imports_and_a_second_run_changes_nothing(
    new_school, tmp_path
):
    roster = tmp_path / "ny-skole.csv"
    roster.write_text(staff_roster(300), encoding="utf-8")

    out, err = run(roster, "--municipality", "820")

    assert out.splitlines()[0] == "created 300, updated 0, deactivated 0, unchanged 0"
    assert "%]" in err  # progress on standard error
    assert User.objects.filter(email__endswith="@ny.dk").count() == 300
    teachers = RoleAssignment.objects.filter(institution=new_school, role=Role.TEACHER)
    assert teachers.count() == 298
    assert set(
        Team.objects.plc().filter(institution=new_school).values_list("name", flat=True)
    ) == {
        "Indskolingen",
        "Udskolingen",
    }
    assert (
        TeamMembership.objects.filter(team__institution=new_school, team__kind="plc").count() == 298
    )
    coordinators = TeamMembership.objects.filter(team__institution=new_school, is_coordinator=True)
    assert sorted(m.user.email for m in coordinators) == ["laerer0@ny.dk", "laerer1@ny.dk"]
    assert User.objects.get(email="vejleder@ny.dk").uniid == "vera1"
    assert not User.objects.get(email="leder@ny.dk").has_usable_password()
    events = RoleEvent.objects.filter(source=RoleEvent.Source.ROSTER, action="role_added")
    assert events.count() == 300

    rows_before = (
        User.objects.count(),
        RoleAssignment.objects.count(),
        TeamMembership.objects.count(),
    )
    out, _err = run(roster, "--municipality", "820")
    assert out.splitlines()[0] == "created 0, updated 0, deactivated 0, unchanged 300"
    assert rows_before == (
        User.objects.count(),
        RoleAssignment.objects.count(),
        TeamMembership.objects.count(),
    )


def test_dry_run_counts_and_stores_nothing(new_school, tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text(staff_roster(5), encoding="utf-8")
    out, _err = run(roster, "--municipality", "820", "--dry-run")
    assert "created 5, updated 0, deactivated 0, unchanged 0" in out
    assert not User.objects.filter(email__endswith="@ny.dk").exists()
    assert PeopleImport.objects.get().status == PeopleImport.Status.DISCARDED


BROKEN = """\ufeffemail;first_name;last_name;uniid;municipality_code;school_number;role;teams;team_coordinator
ok@ny.dk;Ok;Person;;820;773010;teacher;Indskolingen;
not-an-address;Bad;Mail;;820;773010;teacher;;
x@ny.dk;X;Y;;820;773010;janitor;;
z@ny.dk;Z;Z;;999;;teacher;;
w@ny.dk;W;W;;820;773999;teacher;;

v@ny.dk;V;V;;820;;school_leader;;
u@ny.dk;U;U;BAD ID!;820;773010;teacher;;
t@ny.dk;T;T;tt1;820;773010;teacher;A;B
s@ny.dk;S;S;tt1;820;773010;teacher;;
ok@ny.dk;Okay;Person;;820;773010;school_leader;;
k@ny.dk;K;K;;820;;municipal_coordinator;Indskolingen;
f@ny.dk;F;F;;766;615001;teacher;;
;;;;820;773010;teacher;;
"""


def test_a_broken_roster_is_refused_whole_with_every_lines_problem(new_school, programme, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(CommandError, match="refused"):
        run(roster, "--municipality", "820")
    # Run again to read standard error (the exception carries only the summary).
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_people", str(roster), "--municipality", "820", stderr=err)
    problems = [line for line in err.getvalue().splitlines() if PROBLEM_LINE.match(line)]
    text = "\n".join(problems)
    expected = [
        "roster.csv:3: email: not-an-address is not an e-mail address",
        "roster.csv:4: role: unknown role janitor",
        "roster.csv:5: municipality_code: 999 is not a municipality known to the system",
        "roster.csv:6: school_number: 773999 is not a school of municipality 820",
        "roster.csv:7: -: blank line in the middle of the file",
        "roster.csv:8: school_number: a school_leader is held at a school",
        "roster.csv:9: uniid: bad id! is not a UNI-Login id",
        "roster.csv:10: team_coordinator: B is not one of the person's teams",
        "roster.csv:11: uniid: tt1 is also the UNI-Login id of t@ny.dk on line 10",
        "roster.csv:12: first_name: ok@ny.dk has another name on line 2",
        "roster.csv:13: teams: a municipal_coordinator works across schools",
        "roster.csv:14: municipality_code: 766 is not the municipality of this import",
        "roster.csv:15: email: value is missing",
        "roster.csv:15: first_name: value is missing",
    ]
    for start in expected:
        assert start in text, start
    assert all(PROBLEM_LINE.match(p) for p in problems)
    assert not User.objects.filter(email__endswith="@ny.dk").exists()
    assert not Team.objects.filter(institution=new_school).exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"email\tfirst_name\nx@y.dk\tX\n", "r.csv:1: -: the header has no column email"),
        (
            HEADER.encode() + b"\nb\xf8rge@ny.dk,B,\xf8,,820,773010,teacher,,\n",
            "r.csv:2: -: the file is not UTF-8 text",
        ),
        (
            b"email,first_name,last_name,role\nx@ny.dk,X,Y,teacher\n",
            "r.csv:1: municipality_code: required column is missing",
        ),
        (HEADER.encode() + b",team\n", "r.csv:1: team: unknown column"),
        (
            HEADER.encode() + b"\nx@ny.dk,X,Y\n",
            "r.csv:2: -: the line has 3 fields but the header has 9",
        ),
    ],
)
def test_the_form_of_the_file_is_checked(new_school, tmp_path, content, problem):
    roster = tmp_path / "r.csv"
    roster.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_people", str(roster), "--municipality", "820", stderr=err)
    assert problem in err.getvalue()


def test_uniid_of_someone_else_in_the_system_is_refused(new_school, tmp_path):
    UserFactory(email="holder@other.dk", uniid="taken1")
    roster = tmp_path / "r.csv"
    roster.write_text(HEADER + "\nn@ny.dk,N,N,taken1,820,773010,teacher,,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_people", str(roster), "--municipality", "820", stderr=err)
    assert "r.csv:2: uniid: taken1 is the UNI-Login id of another person in the system" in (
        err.getvalue()
    )


def test_updates_names_roles_and_teams_of_people_already_there(programme, new_school, tmp_path):
    teacher = programme.people["teacher"]  # at Aars Skole, in Mellemtrinnet
    roster = tmp_path / "r.csv"
    roster.write_text(
        HEADER
        + f"\n{teacher.email},Ny,Navn,,820,773001,teacher,Mellemtrinnet|Udskolingen,Udskolingen\n",
        encoding="utf-8",
    )
    out, _err = run(roster, "--municipality", "820")
    assert out.startswith("created 0, updated 1, deactivated 0, unchanged 0")
    teacher.refresh_from_db()
    assert teacher.get_full_name() == "Ny Navn"
    assert TeamMembership.objects.get(user=teacher, team=programme.other_team).is_coordinator


def test_deactivate_missing_deactivates_the_municipalitys_people_not_in_the_file(
    programme, new_school, tmp_path
):
    roster = tmp_path / "r.csv"
    roster.write_text(staff_roster(4), encoding="utf-8")
    out, _err = run(roster, "--municipality", "820", "--deactivate-missing")
    # Everyone of Vesthimmerland in the fixture: teacher, coordinator, other_teacher, leader,
    # local_rp, municipal_rp, municipal_coordinator. The other municipality's are untouched.
    assert out.startswith("created 4, updated 0, deactivated 7, unchanged 0")
    assert not User.objects.get(pk=programme.people["leader"].pk).is_active
    assert User.objects.get(pk=programme.people["far_teacher"].pk).is_active
    assert User.objects.get(pk=programme.people["admin"].pk).is_active
    assert RoleEvent.objects.filter(action="deactivated", source="roster").count() == 7


def test_invite_sends_one_invitation_to_each_new_person_without_uniid(
    new_school, tmp_path, django_capture_on_commit_callbacks
):
    roster = tmp_path / "r.csv"
    roster.write_text(staff_roster(4), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run(roster, "--municipality", "820", "--invite")
    # vejleder@ny.dk has a UNI-Login id and needs no invitation.
    assert "3 invitations are being sent." in out
    assert Invitation.objects.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["laerer0@ny.dk", "laerer1@ny.dk", "leder@ny.dk"]
    invitation = Invitation.objects.get(user__email="leder@ny.dk")
    assert f"/konto/invitation/{invitation.token}/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        run(roster, "--municipality", "820", "--invite")
    assert len(mail.outbox) == 3  # nobody new the second time


def test_unknown_municipality_on_the_command_line(db, tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text(HEADER + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="999 is not a municipality"):
        run(roster, "--municipality", "999")
