"""The people and places of the authorization matrix: the demo programme, seeded once per module.

Everyone acts as the programme's roles would (the demo accounts), against four places:

- ``M``: Aars Skole's Mellemtrinnet, the team of ``teacher`` and ``team_coordinator``;
- ``I``: Aars Skole's Udskolingen, the teacher's other team (not the team coordinator's);
- ``L``: Løgstør Skole's Mellemtrinnet, another school of Vesthimmerland;
- ``H``: Løsning Skole's Mellemtrinnet, in Hedensted.

Each place has ids of everything a URL may name (``Place.ids``): its school, municipality,
team, a handed-in submission with a file, a draft with a file, a review task, written feedback
waiting for approval, a meeting, a class, the school's package choice and own assignment.
`conftest.world` seeds it inside a transaction rolled back at the end of the module; each
test nests in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assignments import services as assignment_services
from assignments.models import EDITABLE_STATUSES, Attachment, Submission
from competence_packages.models import PackageChoice
from demo.loader import load_demo, seed_demo
from feedback.models import CommentBankEntry, Meeting, MeetingSlot, ReviewTask, WrittenFeedback
from lms.factories import UserFactory
from lms.models import Institution, Team, User
from modules import services as module_services
from modules.models import ModuleAssignmentPage, ModulePage
from profiles_link.models import MappingImport, MappingRound

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

ROLES = {
    "anonymous": None,
    "nobody": "ingen@demo.dk",
    "teacher": "laerer@demo.dk",
    "team_coordinator": "teamkoordinator@demo.dk",
    "leader": "leder@demo.dk",
    "local_rp": "vejleder@demo.dk",
    "municipal_rp": "ressourceperson@demo.dk",  # Aars Skole and Løgstør Skole
    "coordinator": "forvaltning@demo.dk",  # Vesthimmerland
    "hedensted_teacher": "laerer.hedensted@demo.dk",
    "hedensted_leader": "leder.hedensted@demo.dk",
    "hedensted_coordinator": "forvaltning.hedensted@demo.dk",
    "author": "cok@demo.dk",
    "admin": "admin@demo.dk",
}
PLACES = {"M": ("773001", "Mellemtrinnet"), "I": ("773001", "Udskolingen"),
          "L": ("773002", "Mellemtrinnet"), "H": ("615001", "Mellemtrinnet")}  # fmt: skip


@dataclass
class Place:
    letter: str
    team: Team
    ids: dict[str, object] = field(default_factory=dict)


@dataclass
class World:
    people: dict[str, User | None]
    places: dict[str, Place]
    ids: dict[str, object]  # place-independent ids (a package, a module, a comment)


def _own_assignment(institution: Institution, slug: str) -> ModuleAssignmentPage:
    page = module_services.school_assignments_page_for(institution)
    existing = ModuleAssignmentPage.objects.child_of(page).filter(slug=slug).first()
    if existing:
        return existing
    return page.add_child(
        instance=ModuleAssignmentPage(
            title=f"{institution.name}s egen opgave {slug}",
            slug=slug,
            task="<p>Observér</p>",
            hand_in="<p>Noter</p>",
        )
    )


def _member(team: Team) -> User:
    return team.memberships.select_related("user").order_by("pk").first().user


def _file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def _handed_in(team: Team, page, by: User) -> Submission:
    submission = assignment_services.submission_get_or_create(team=team, assignment=page)
    assignment_services.draft_save(
        submission=submission, text="Vores svar.", base_revision=submission.revision, by=by
    )
    assignment_services.attachment_add(submission=submission, upload=_file("bilag.png"), by=by)
    assignment_services.submission_submit(submission=submission, by=by)
    submission.refresh_from_db()
    return submission


def _draft(team: Team, page, by: User) -> Submission:
    submission = assignment_services.submission_get_or_create(team=team, assignment=page)
    assignment_services.draft_save(
        submission=submission, text="Kladde.", base_revision=submission.revision, by=by
    )
    assignment_services.attachment_add(submission=submission, upload=_file("kladde.png"), by=by)
    submission.refresh_from_db()
    assert submission.status in EDITABLE_STATUSES
    return submission


def _meeting(task: ReviewTask) -> Meeting:
    """A meeting on the task with a chosen time, not yet held: the team may still pick."""
    meeting = Meeting.objects.create(task=task, proposed_by=task.assignee, place="Mødelokale")
    start = timezone.now() + timedelta(days=7)
    slot = MeetingSlot.objects.create(
        meeting=meeting, starts_at=start, ends_at=start + timedelta(hours=1)
    )
    meeting.chosen_slot = slot
    meeting.save(update_fields=["chosen_slot"])
    return meeting


def _place(letter: str, number: str, team_name: str) -> Place:
    team = Team.objects.select_related("institution__municipality").get(
        institution__number=number, name=team_name
    )
    school = team.institution
    member = _member(team)
    handed = _handed_in(team, _own_assignment(school, "egen-1"), member)
    draft = _draft(team, _own_assignment(school, "egen-2"), member)
    task = handed.review_tasks.filter(state=ReviewTask.State.OPEN).order_by("position").first()
    # A known reviewer, whoever the allocation picked: the municipal resource person in
    # Vesthimmerland (written feedback), Løsning Skole's leader in Hedensted (leadership).
    reviewer = ROLES["hedensted_leader"] if letter == "H" else ROLES["municipal_rp"]
    ReviewTask.objects.filter(pk=task.pk).update(assignee=User.objects.get(email=reviewer))
    task.refresh_from_db()
    feedback = WrittenFeedback.objects.create(
        task=task, author=task.assignee, text="Godt arbejde.", approval_requested_at=timezone.now()
    )
    choice = PackageChoice.objects.filter(institution=school).order_by("pk").first()
    return Place(
        letter,
        team,
        {
            "school": school.number,
            "municipality": school.municipality.code,
            "team": team.pk,
            "submission": handed.pk,
            "version": handed.versions.get().number,
            "file": handed.versions.get().attachments.get().pk,
            "draft": draft.pk,
            "draft_file": draft.attachments.get(in_draft=True).pk,
            "assignment": draft.assignment_id,
            "task": task.pk,
            "feedback": feedback.pk,
            "meeting": _meeting(task).pk,
            "class": team.classes.order_by("grade", "code").first().code,  # the team's own
            "choice": choice.pk,
            "own_page": draft.assignment_id,
            "own_page_url": draft.assignment.get_url(),
            "school_page": draft.assignment.get_parent().pk,
            # What a page that lets someone reach a school's own pages would show.
            "page_titles": (draft.assignment.title, school.name),
        },
    )


def _shared_ids(places: dict[str, Place]) -> dict[str, object]:
    """Modules no demo account's team takes, the package of Aars Skole's choice, a comment of its
    comment bank, an import job and the round T2."""
    aars_choice = PackageChoice.objects.get(pk=places["M"].ids["choice"])
    # Modules no demo account's team takes: neither Aars Skole's nor Løsning Skole's choice.
    taken = [places["M"].ids["choice"], places["H"].ids["choice"]]
    modules = list(ModulePage.objects.live().exclude(plans__choice_id__in=taken).order_by("pk"))
    blocks = {}
    for module in modules:
        for block in module.body:
            blocks.setdefault(block.block_type, (module.pk, block.id))
    author = User.objects.get(email=ROLES["author"])
    comment = CommentBankEntry.objects.create(
        package=aars_choice.package, text="Tydelige mål.", created_by=author
    )
    admin = User.objects.get(email=ROLES["admin"])
    job = MappingImport.objects.create(round_label="T3", source_dir="/x", created_by=admin)
    return {
        "person": User.objects.get(email=ROLES["nobody"]).pk,
        "file_name": Attachment.objects.get(pk=places["M"].ids["file"]).file.name.split("/")[-1],
        "token": "no-such-invitation",
        "import_job": job.pk,
        "round": MappingRound.objects.get(is_reference=False, label="T2").pk,
        "package": aars_choice.package.pk,
        "module": modules[0].pk,
        "reflection_module": blocks["reflection"][0],
        "reflection": blocks["reflection"][1],
        "check_module": blocks["check"][0],
        "check": blocks["check"][1],
        "comment": comment.pk,
    }


def build_world() -> World:
    seed_demo(load_demo())
    UserFactory(email=ROLES["nobody"])
    people = {
        role: (User.objects.get(email=email) if email else None) for role, email in ROLES.items()
    }
    places = {letter: _place(letter, *where) for letter, where in PLACES.items()}
    return World(people=people, places=places, ids=_shared_ids(places))
