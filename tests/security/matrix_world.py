"""The people and places of the authorization matrix: the demo programme, seeded once per module.

Everyone acts as the programme's roles would (the demo accounts), against four places:

- ``M``: Aars Skole's Mellemtrinnet, the team of ``teacher`` and ``team_coordinator``;
- ``I``: Aars Skole's Udskolingen, the teacher's other team (not the team coordinator's);
- ``L``: Løgstør Skole's Mellemtrinnet, another school of Vesthimmerland;
- ``H``: Løsning Skole's Mellemtrinnet, in Hedensted.

Each place has ids of everything a URL may name (``Place.ids``): its school, municipality,
team, a handed-in submission with a file, a draft with a file, a review task, written feedback
waiting for approval, a meeting, a class, the school's package choice and own assignment, a
member of the team and a role and a person of the municipality, a roster import of the
municipality, and the school's plans (see `_plans`): one in the dialogue with the municipality
(with its focus area, action, milestone, version and dialogue meeting) and one adopted.
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
from lms.models import Institution, PeopleImport, RoleAssignment, Team, User
from modules import services as module_services
from modules.models import ModuleAssignmentPage, ModulePage
from plans.models import DialogueMeeting, Milestone, Plan
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


def _plans(school: Institution) -> dict[str, object]:
    """The school's plan in the dialogue with the municipality (commented: the leadership may
    still write, the municipality still answer), with a focus area, an action, a milestone, its
    version and a dialogue meeting with a chosen time; and an adopted plan, the one its staff
    may read. Aars Skole's two demo plans are both approved: the older is put back in the
    dialogue. Løgstør's and Løsning's demo plans are handed in: they are the plans in the
    dialogue, and each school gets an adopted plan for the period before (T1–T2)."""
    plans = Plan.objects.filter(institution=school).order_by("baseline_round__held_on")
    if school.number == "773001":
        dialogue, adopted = plans[0], plans[1]
    else:
        dialogue = plans.get()
        adopted = Plan.objects.create(
            institution=school,
            baseline_round=Plan.objects.get(
                institution__number="773001", target_round_label="T2"
            ).baseline_round,
            target_round_label="T2",
            status=Plan.Status.APPROVED,
            approved_at=timezone.now(),
        )
    Plan.objects.filter(pk=dialogue.pk).update(status=Plan.Status.COMMENTED)
    milestone = dialogue.milestones.order_by("pk").first() or Milestone.objects.create(
        plan=dialogue, due_on=timezone.localdate() + timedelta(days=60), text="Evaluering"
    )
    coordinator = User.objects.get(
        role_assignments__role=RoleAssignment.Role.MUNICIPAL_COORDINATOR,
        role_assignments__municipality=school.municipality,
    )
    meeting = Meeting.objects.create(
        subject="Dialogmøde", organizer=coordinator, proposed_by=coordinator, place="Rådhuset"
    )
    start = timezone.now() + timedelta(days=7)
    slot = MeetingSlot.objects.create(
        meeting=meeting, starts_at=start, ends_at=start + timedelta(hours=1)
    )
    meeting.chosen_slot = slot
    meeting.save(update_fields=["chosen_slot"])
    # The leadership team's member added last: a local resource person where the school added
    # one (Aars Skole's vejleder), else its leader.
    member = (
        Team.objects.get(institution=school, kind=Team.Kind.LEADERSHIP)
        .memberships.order_by("-pk")
        .first()
    )
    return {
        "leadership_team": member.team_id,
        "plan": dialogue.pk,
        "adopted_plan": adopted.pk,
        "plan_version": dialogue.versions.order_by("number").first().number,
        "focus": dialogue.focus_areas.order_by("position").first().pk,
        "action": dialogue.actions.order_by("pk").first().pk,
        "milestone": milestone.pk,
        "plan_meeting": DialogueMeeting.objects.create(plan=dialogue, meeting=meeting).pk,
        "leadership_member": member.user_id,
    }


def _people_import(school: Institution) -> PeopleImport:
    """A roster upload of the school's municipality, started by an administrator."""
    existing = PeopleImport.objects.filter(municipality=school.municipality).first()
    return existing or PeopleImport.objects.create(
        municipality=school.municipality,
        file_name="personer.csv",
        content=b"",
        created_by=User.objects.get(email=ROLES["admin"]),
    )


def _place(letter: str, number: str, team_name: str, plan_ids: dict[str, dict]) -> Place:
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
    if number not in plan_ids:  # M and I are one school, with one set of plans
        plan_ids[number] = _plans(school)
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
            "team_member": member.pk,
            # The member's role at the school, and the member: the municipality's people.
            "role": RoleAssignment.objects.filter(user=member, institution=school).first().pk,
            "municipal_person": member.pk,
            "people_import": _people_import(school).pk,
            **plan_ids[number],
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
        "data_check_module": blocks["data_check"][0],
        "data_check": blocks["data_check"][1],
        "comment": comment.pk,
    }


def build_world() -> World:
    seed_demo(load_demo())
    UserFactory(email=ROLES["nobody"])
    people = {
        role: (User.objects.get(email=email) if email else None) for role, email in ROLES.items()
    }
    plan_ids: dict[str, dict] = {}
    places = {letter: _place(letter, *where, plan_ids) for letter, where in PLACES.items()}
    return World(people=people, places=places, ids=_shared_ids(places))
