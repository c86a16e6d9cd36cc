"""The demo is read from its data files: a change in them shows up in the demo, and a broken file
stops `seed_demo` before anything is written, with an error naming the file and the problem."""

import re
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from competence_packages.models import CompetencePackage
from demo.files import DATA_DIR
from demo.loader import load_demo
from demo.organisations import seed_organisations
from demo.packages import seed_packages
from lms.errors import ServiceError
from lms.models import Municipality, User
from modules.models import ModulePage

FK01 = Path("packages/feedback-og-klasseledelse")


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the demo's data folder to change."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(folder: Path) -> list[str]:
    with translation.override("en"), pytest.raises(ServiceError) as raised:
        load_demo(folder)
    return raised.value.messages


def test_the_packaged_data_is_complete(demo_data):
    assert [m.name for m in demo_data.organisations.municipalities] == [
        "Hedensted",
        "Vesthimmerland",
    ]
    assert len(demo_data.organisations.schools) == 4
    assert len(demo_data.organisations.emails) == 15
    assert sorted(demo_data.routes) == ["766", "773002", "820"]
    assert [r.label for r in demo_data.mapping.rounds] == ["T1", "T2"]
    assert [p.code for p in demo_data.catalogue.packages] == [
        "FK-01", "KL-02", "RM-03", "ME-04", "FS-05", "PL-06",
    ]  # fmt: skip
    assert sum(len(p.modules) for p in demo_data.catalogue.packages) == 18
    assert len(demo_data.catalogue.videos) == 4
    assert len(demo_data.choices.choices) == 4
    assert len(demo_data.stories.stories) == 18
    assert [(p.school, p.baseline, p.status) for p in demo_data.plans.plans] == [
        ("773001", "T1", "approved"),
        ("773001", "T2", "approved"),
        ("615001", "T2", "submitted"),
        ("773002", "T2", "submitted"),
    ]


def test_a_title_changed_in_a_package_file_shows_in_the_demo(db, data):
    edit(data / FK01 / "package.md", "title: Feedback og klasseledelse", "title: Feedback først")
    edit(
        data / FK01 / "introduktion.md", "Velkommen til kompetencepakken", "Goddag og velkommen til"
    )

    seed_packages(load_demo(data).catalogue)

    package = CompetencePackage.objects.get(code="FK-01")
    assert package.title == "Feedback først" and package.live
    intro = ModulePage.objects.child_of(package).get(slug="introduktion")
    assert intro.body[0].value.source.startswith("<p>Goddag og velkommen til <em>Feedback")


def test_a_name_changed_in_the_organisations_file_shows_in_the_demo(db, data):
    edit(data / "organisations.yaml", "name: [Lærke, Andersen]", "name: [Lærke, Bundgaard]")
    edit(data / "organisations.yaml", "name: Vesthimmerland", "name: Vesthimmerlands Kommune")

    seed_organisations(load_demo(data).organisations)

    assert User.objects.get(email="laerer@demo.dk").get_full_name() == "Lærke Bundgaard"
    assert Municipality.objects.get(code="820").name == "Vesthimmerlands Kommune"


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        (
            "organisations.yaml",
            '{role: teacher, school: "773001"}',
            '{role: teachr, school: "773001"}',
            r"accounts\[0\]\.roles\[0\]\.role is 'teachr'; expected one of: teacher, .+\.",
        ),
        (
            "organisations.yaml",
            '{number: "615001", name: Løsning Skole}',
            "{number: 615001, name: Løsning Skole}",
            r"municipalities\[0\]\.schools\[0\]\.number should be text \(put numbers in "
            r"quotes\), not 615001\.",
        ),
        (
            "mapping.yaml",
            "held_on: 2024-09-16",
            "held_on: 16-09-2024",
            r"rounds\[0\]\.held_on should be a date \(YYYY-MM-DD\), not '16-09-2024'\.",
        ),
        (
            str(FK01 / "feedback-der-flytter-laering.md"),
            "::: video dweck",
            "::: vidoe dweck",
            r"line \d+: unknown block “vidoe”; expected one of: text, video, .+\.",
        ),
        (
            str(FK01 / "feedback-der-flytter-laering.md"),
            "    file_expected: true",
            "    fil_expected: true",
            r"assignments\[0\]\.fil_expected is not a known field\.",
        ),
        (
            str(FK01 / "introduktion.md"),
            "::: video hattie",
            "::: video hatie",
            r"line \d+: there is no video “hatie” in videos\.yaml \(videos: hattie, .+\)\.",
        ),
        (
            "submissions/stories.yaml",
            "- pick_time: {at: 2026-10-16 07:45",
            "- pick_time: {at: 2026-10-16 7.45",
            r"stories\[0\]\.steps\[6\]\.pick_time\.at should be a time \(YYYY-MM-DD HH:MM, or "
            r"today\+N HH:MM\), not '2026-10-16 7\.45'\.",
        ),
        (
            "choices.yaml",
            "package: FK-01",
            "package: FK-1",
            r"choices\[0\]\.package is 'FK-1'; expected one of: FK-01, KL-02, .+\.",
        ),
    ],
)
def test_a_broken_file_is_named_with_its_problem(data, file, old, new, problem):
    edit(data / file, old, new)
    found = problems(data)
    assert len(found) == 1, found
    assert re.fullmatch(re.escape(f"{data / file}: ") + problem, found[0]), found[0]


def test_a_yaml_mistake_is_named_with_its_lines(data):
    path = data / "organisations.yaml"
    edit(path, "teams: [Indskolingen, Mellemtrinnet, Udskolingen]", "teams: [Indskolingen")
    teams = path.read_text(encoding="utf-8").splitlines().index("teams: [Indskolingen") + 1
    assert problems(data) == [
        f"{path}: line {teams + 1} is not valid YAML: while parsing a flow sequence "
        f"(line {teams}): expected ',' or ']', but got ':'."
    ]


def test_a_missing_text_file_is_named(data):
    (data / "submissions" / "texts" / "svar-elevpanel.md").unlink()
    assert problems(data) == [
        f"{data / 'submissions' / 'texts' / 'svar-elevpanel.md'}: the file is missing."
    ]


def test_every_problem_is_reported_at_once(data):
    edit(data / "routes.yaml", "given_by: leadership}", "given_by: the_leaders}")
    edit(data / "submissions" / "stories.yaml", "by: first member", "by: the first member")
    edit(data / "submissions" / "texts" / "svar-valg-og-mestring.md", "{topic}", "{subject}")
    found = problems(data)
    assert [message.split(": ", 1)[0] for message in found] == [
        str(data / "routes.yaml"),
        *[str(data / "submissions" / "stories.yaml")] * 3,
    ]
    assert "766[0].given_by is 'the_leaders'; expected one of: " in found[0]
    assert "stories[7].steps[0].hand_in.by is 'the first member'; expected one of: " in found[1]
    # Both Juelsminde stories tell svar-valg-og-mestring.md.
    assert "stories[15].steps[0].hand_in.text: the text uses {subject}, which is none" in found[2]
    assert "stories[16].steps[0].hand_in.text: the text uses {subject}, which is none" in found[3]


def test_the_command_refuses_a_broken_folder_and_writes_nothing(db, data):
    edit(data / "organisations.yaml", "name: [Lærke, Andersen]", "name: Lærke Andersen")
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("seed_demo", data=str(data))
    assert str(raised.value) == (
        f"{data / 'organisations.yaml'}: accounts[0].name should be [first name, last name], "
        "not 'Lærke Andersen'."
    )
    assert not User.objects.exists()


def test_the_command_refuses_a_missing_folder(db, tmp_path):
    with translation.override("en"), pytest.raises(CommandError, match="data folder is missing"):
        call_command("seed_demo", data=str(tmp_path / "nowhere"))
