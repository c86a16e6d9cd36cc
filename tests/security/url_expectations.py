"""The authorization matrix as data: who gets through to which URL pattern, with whose ids.

Every URL pattern of the project needs an entry here, keyed by its URL name (``namespace:name``)
or, for a pattern without a name, by its route. ``test_url_matrix`` enumerates the patterns from
the URL resolver, so a view added later without an entry fails the test by its name: add an
``Expect`` for it (and a ``Post`` if it changes state).

An entry says which ids fill the URL (``args``: parameter name → the name of an id of the place
being tried, see ``tests/security/conftest.py``), who gets through (``who``: an audience below)
with which status (``ok``), and what everyone else gets (``refused``; with ``hide``, people in
that audience get ``refused`` and the rest 404, as views that reveal nothing about other teams'
work do). Anonymous visitors are sent to the login page everywhere but on ``public`` entries.
``also`` tries the same URL with other ids under rules of their own (an adopted plan beside one
in the dialogue; the leadership team beside a teacher team); ``moved_to`` checks that an old
path's redirects lead to the named URL with the same ids.

Places (the letters): M = Aars Skole's Mellemtrinnet (the teacher's and the team coordinator's
team), I = Aars Skole's Udskolingen (the teacher's other team), L = Løgstør Skole's
Mellemtrinnet (another school of Vesthimmerland), H = Løsning Skole's Mellemtrinnet (Hedensted).
A URL about no place (``per_place=False``) is tried once; its audiences use "*".
"""

from __future__ import annotations

from dataclasses import dataclass, field

ALL = "MILH"

# --------------------------------------------------------------------------- audiences
# role -> the places where that role gets through. Roles missing from an audience get nowhere.


def places(spec: str) -> dict[str, str]:
    """ "teacher:MI leader:MI admin:MILH" -> {"teacher": "MI", ...}."""
    return dict(item.split(":") for item in spec.split())


def anywhere(spec: str) -> dict[str, str]:
    """ "leader admin" -> {"leader": "*", "admin": "*"}: for URLs about no place."""
    return dict.fromkeys(spec.split(), "*")


EVERYONE = (
    "nobody teacher team_coordinator leader local_rp municipal_rp coordinator hedensted_teacher "
    "hedensted_leader hedensted_coordinator author admin"
)

AUDIENCES: dict[str, dict[str, str]] = {
    "logged_in": anywhere(EVERYONE),
    "nobody_at_all": {},
    "admin": places("admin:MILH*"),
    "imports": anywhere("coordinator hedensted_coordinator admin"),
    # A school's own pages and profile: its staff, its resource persons, its coordinator.
    "school": places(
        "teacher:MI team_coordinator:MI leader:MI local_rp:MI municipal_rp:MIL coordinator:MIL "
        "hedensted_teacher:H hedensted_leader:H hedensted_coordinator:H admin:MILH"
    ),
    # A class of the place's team: as "school", but a teacher sees only their own teams' classes.
    "class": places(
        "teacher:MI team_coordinator:M leader:MI local_rp:MI municipal_rp:MIL coordinator:MIL "
        "hedensted_teacher:H hedensted_leader:H hedensted_coordinator:H admin:MILH"
    ),
    # Exporting a school's profile: its leaders, its coordinator.
    "school_export": places(
        "leader:MI coordinator:MIL hedensted_leader:H hedensted_coordinator:H admin:MILH"
    ),
    # Running the school (choosing packages, extending deadlines): its leaders.
    "school_leadership": places("leader:MI hedensted_leader:H admin:MILH"),
    "school_choices": places(
        "leader:MI local_rp:MI municipal_rp:MIL coordinator:MIL hedensted_leader:H "
        "hedensted_coordinator:H admin:MILH"
    ),
    "school_overview": places(
        "leader:MI local_rp:MI coordinator:MIL hedensted_leader:H hedensted_coordinator:H "
        "admin:MILH"
    ),
    "municipality": places("coordinator:MIL hedensted_coordinator:H admin:MILH"),
    # A team and its work's status: the team, who leads or guides its school, its coordinator.
    "team": places(
        "teacher:MI team_coordinator:M leader:MI local_rp:MI municipal_rp:MIL coordinator:MIL "
        "hedensted_teacher:H hedensted_leader:H hedensted_coordinator:H admin:MILH"
    ),
    "team_members": places("teacher:MI team_coordinator:M hedensted_teacher:H"),
    # Who leads a team's hand-in: its coordinators, or every member of a team without one
    # (Mellemtrinnet at Aars has a coordinator, Udskolingen has none).
    "team_leads": places("teacher:I team_coordinator:M hedensted_teacher:H"),
    # The school's own assignment: the teams of that school.
    "school_teams": places("teacher:MI team_coordinator:MI hedensted_teacher:H"),
    # Reading a hand-in: the team, its school's leaders and resource persons, its reviewers.
    # Not the municipal coordinator: the municipality has not turned that on (access policy).
    "hand_in": places(
        "teacher:MI team_coordinator:M leader:MI local_rp:MI municipal_rp:MIL "
        "hedensted_teacher:H hedensted_leader:H admin:MILH"
    ),
    # A review task: its reviewer (municipal_rp in Vesthimmerland, the leader in Hedensted), the
    # school's leaders, the coordinator (its state, not the hand-in), administrators.
    "task": places(
        "leader:MI municipal_rp:MIL coordinator:MIL hedensted_leader:H hedensted_coordinator:H "
        "admin:MILH"
    ),
    "task_reviewer": places("municipal_rp:MIL hedensted_leader:H"),
    "task_reassign": places(
        "leader:MI coordinator:MIL hedensted_leader:H hedensted_coordinator:H admin:MILH"
    ),
    "approve": places("leader:MI hedensted_leader:H"),
    # The meeting's participants: the team and the reviewer (and who may act on the task).
    "meeting": places(
        "teacher:MI team_coordinator:M municipal_rp:MIL hedensted_teacher:H hedensted_leader:H"
    ),
    "review_queue": anywhere(
        "leader local_rp municipal_rp coordinator hedensted_leader hedensted_coordinator admin"
    ),
    "comment_bank": anywhere("leader municipal_rp hedensted_leader author admin"),
    # A central module no demo account's team takes: those who choose and guide, the CMS's
    # users. No teacher of a team that does not take it.
    "module": anywhere(
        "leader local_rp municipal_rp coordinator hedensted_leader hedensted_coordinator author "
        "admin"
    ),
    # A school's own pages in the content tree: the school's people and its teams.
    "school_local": places(
        "teacher:MI team_coordinator:MI leader:MI local_rp:MI municipal_rp:MIL "
        "hedensted_teacher:H hedensted_leader:H admin:MILH"
    ),
    # The Wagtail admin, for pages of a school's own assignments: that school's editors.
    "school_page_editors": places("leader:MI local_rp:MI hedensted_leader:H admin:MILH"),
    # A school's plans (plans.permissions). Its leadership team writes them: its leaders and the
    # local resource persons they add (Aars Skole's vejleder).
    "plan_writers": places("leader:MI local_rp:MI hedensted_leader:H"),
    # The municipality answers them (comments, approves, holds the dialogue meeting): its
    # coordinators, and the programme's administrators who oversee the dialogue.
    "plan_answerers": places("coordinator:MIL hedensted_coordinator:H admin:MILH"),
    # Drafts, versions and the dialogue: the leadership team and the municipality.
    "plan_readers": places(
        "leader:MI local_rp:MI hedensted_leader:H coordinator:MIL hedensted_coordinator:H "
        "admin:MILH"
    ),
    # An adopted plan (and the school's plans page, once one is adopted): also the school's
    # staff, its teachers and resource persons. Nobody of another school or municipality.
    "adopted_plan": places(
        "teacher:MI team_coordinator:MI leader:MI local_rp:MI municipal_rp:MIL coordinator:MIL "
        "hedensted_teacher:H hedensted_leader:H hedensted_coordinator:H admin:MILH"
    ),
}


@dataclass(frozen=True)
class Post:
    """A state-changing POST: who succeeds (any status in `ok`) and what others get."""

    who: str
    ok: frozenset[int] = frozenset({302})
    refused: int = 403
    hide: str | None = None
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Expect:
    args: dict[str, str] = field(default_factory=dict)
    who: str = "logged_in"
    ok: frozenset[int] = frozenset({200})
    refused: int = 403
    hide: str | None = None
    per_place: bool = True
    public: bool = False
    get: bool = True  # False: the URL takes POST only (a GET answers 405 to everyone)
    post: Post | None = None
    url: str | None = None  # a template for routes that are regular expressions
    # A moved path: its redirects (301, 308) must lead to this URL name, with the same ids.
    moved_to: str | None = None
    # The same URL with other ids, under rules of their own (e.g. an adopted plan beside one
    # still in the dialogue): each is requested as well.
    also: tuple[Expect, ...] = ()
    note: str = ""


def ok(*codes: int) -> frozenset[int]:
    return frozenset(codes)


SCHOOL = {"number": "school"}
TASK = {"pk": "task"}
NO_PLACE = {"per_place": False}
NOT_LEADERSHIP_TEAM = Expect(
    {"pk": "leadership_team"},
    who="nobody_at_all",
    refused=404,
    post=Post("nobody_at_all", refused=404),
)
PLAN = {"number": "school", "pk": "plan"}
ADOPTED = {"number": "school", "pk": "adopted_plan"}
PLAN_MEETING = {**PLAN, "meeting_id": "plan_meeting"}


def write(args: dict[str, str], *, get: bool = False, ok_: frozenset[int] = ok(302, 400)):
    """A form of the plan's leadership team: a refused post changes nothing (400), a closed
    plan or a done one goes back to the plan (302)."""
    return Expect(args, who="plan_writers", get=get, post=Post(who="plan_writers", ok=ok_))


def answer(args: dict[str, str] = PLAN) -> Expect:
    """The municipality's side of the dialogue (empty forms: 400)."""
    return Expect(args, get=False, post=Post(who="plan_answerers", ok=ok(400)))


def moved(name: str, args: dict[str, str], **kwargs) -> Expect:
    """An English feedback path of before: a permanent redirect keeping the method (308) to its
    Danish path for everyone logged in, whoever may open what it leads to (that page decides);
    anonymous visitors go to the login page first."""
    return Expect(
        args,
        ok=ok(308),
        moved_to=f"feedback:{name}",
        post=Post(who="logged_in", ok=ok(308)),
        **kwargs,
    )


EXPECTATIONS: dict[str, Expect] = {
    # ----------------------------------------------------------------------- lms
    "home": Expect(**NO_PLACE),
    "institution_detail": Expect(SCHOOL, who="school"),
    "access_record": Expect(SCHOOL, who="school_leadership"),
    "team_detail": Expect({"pk": "team"}, who="team"),
    "municipality_detail": Expect({"code": "municipality"}, who="municipality"),
    "person_erase": Expect({"pk": "person"}, who="admin", post=Post(who="admin"), **NO_PLACE),
    # A school's teams: its leaders form them (empty forms are shown again: 200). Not its
    # leadership team, kept on the plans' leadership team page (leaders stay while they lead):
    # the team pages do not find it for anyone.
    "team_create": Expect(
        SCHOOL, who="school_leadership", post=Post(who="school_leadership", ok=ok(200))
    ),
    "team_edit": Expect(
        {"pk": "team"},
        who="school_leadership",
        post=Post(who="school_leadership", ok=ok(200)),
        also=(NOT_LEADERSHIP_TEAM,),
    ),
    "team_members": Expect(
        {"pk": "team"},
        who="school_leadership",
        post=Post(who="school_leadership", ok=ok(200)),
        also=(NOT_LEADERSHIP_TEAM,),
    ),
    "team_member_change": Expect(
        {"pk": "team", "user_id": "team_member"},
        get=False,
        post=Post(who="school_leadership", data={"action": "relieve"}),
        also=(
            Expect(
                {"pk": "leadership_team", "user_id": "leadership_member"},
                get=False,
                post=Post(who="nobody_at_all", refused=404, data={"action": "remove"}),
            ),
        ),
    ),
    "team_archive": Expect(
        {"pk": "team"},
        get=False,
        post=Post(who="school_leadership"),
        also=(
            Expect(
                {"pk": "leadership_team"},
                get=False,
                post=Post(who="nobody_at_all", refused=404),
            ),
        ),
    ),
    # A municipality's people: its coordinators (and administrators) bring them in from a roster,
    # remove roles and deactivate people who have left.
    "people_import_start": Expect(who="imports", post=Post(who="imports", ok=ok(200)), **NO_PLACE),
    "people_import_status": Expect({"pk": "people_import"}, who="municipality", refused=404),
    "people_import_decide": Expect(
        {"pk": "people_import"},
        get=False,
        post=Post(who="municipality", refused=404, data={"action": "discard"}),
    ),
    "municipality_people": Expect({"code": "municipality"}, who="municipality"),
    "role_remove": Expect(
        {"code": "municipality", "pk": "role"}, get=False, post=Post(who="municipality")
    ),
    "person_set_active": Expect(
        {"code": "municipality", "pk": "municipal_person"},
        get=False,
        post=Post(who="municipality", data={"action": "deactivate"}),
    ),
    "unilogin_switch": Expect(
        get=False,
        post=Post(who="logged_in"),
        note="Ends a UNI-Login session: to the login page (or UNI-Login's logout) for anyone.",
        **NO_PLACE,
    ),
    "invitation_accept": Expect(
        {"token": "token"}, who="nobody_at_all", refused=404, public=True, **NO_PLACE
    ),
    "admin_login": Expect(who="nobody_at_all", public=True, **NO_PLACE),
    "set_language": Expect(ok=ok(302), public=True, **NO_PLACE),
    "media": Expect(
        url="/media/./submissions/{file_name}",
        who="nobody_at_all",
        refused=404,
        note="Only assignments:attachment serves team files, whatever the spelling.",
        **NO_PLACE,
    ),
    # ----------------------------------------------------------------------- profiles_link
    "profiles:programme_overview": Expect(who="admin", **NO_PLACE),
    "profiles:school_profile": Expect(SCHOOL, who="school"),
    "profiles:school_profile_csv": Expect(SCHOOL, who="school_export"),
    "profiles:school_profile_xlsx": Expect(SCHOOL, who="school_export"),
    "profiles:class_profile": Expect({"number": "school", "class_code": "class"}, who="class"),
    "profiles:municipality_profile": Expect({"code": "municipality"}, who="municipality"),
    "profiles:import_start": Expect(who="imports", post=Post(who="admin", ok=ok(200)), **NO_PLACE),
    "profiles:import_status": Expect({"pk": "import_job"}, who="imports", **NO_PLACE),
    "profiles:import_retry": Expect(
        {"pk": "import_job"}, get=False, post=Post(who="admin"), **NO_PLACE
    ),
    "profiles:import_confirm": Expect(
        {"pk": "import_job"}, get=False, post=Post(who="admin"), **NO_PLACE
    ),
    "profiles:import_cancel": Expect(
        {"pk": "import_job"}, get=False, post=Post(who="admin"), **NO_PLACE
    ),
    "profiles:round_delete": Expect(
        {"pk": "round"}, who="admin", post=Post(who="admin"), **NO_PLACE
    ),
    # ----------------------------------------------------------------------- competence_packages
    "competence_packages:catalogue": Expect(SCHOOL, who="school_choices"),
    "competence_packages:choices": Expect(SCHOOL, who="school_choices"),
    "competence_packages:choose": Expect(
        {"number": "school", "package_id": "package"},
        who="school_leadership",
        post=Post(who="school_leadership", ok=ok(200, 400)),
    ),
    "competence_packages:choice_edit": Expect(
        {"number": "school", "choice_id": "choice"},
        who="school_leadership",
        post=Post(who="school_leadership", ok=ok(200, 400)),
    ),
    "competence_packages:choice_withdraw": Expect(
        {"number": "school", "choice_id": "choice"},
        who="school_leadership",
        post=Post(who="school_leadership"),
    ),
    "competence_packages:choose_for": Expect(
        {"package_id": "package"},
        ok=ok(200, 302),
        note="A leader goes on to choosing for their school; others read who chooses.",
        **NO_PLACE,
    ),
    "competence_packages:municipality": Expect({"code": "municipality"}, who="municipality"),
    # ----------------------------------------------------------------------- modules
    "modules:my_modules": Expect(**NO_PLACE),
    "modules:reflection": Expect(
        {"page_id": "reflection_module", "block_id": "reflection"},
        get=False,
        post=Post(who="module", ok=ok(302, 400), data={"text": "Et svar"}),
        **NO_PLACE,
    ),
    "modules:check": Expect(
        {"page_id": "check_module", "block_id": "check"},
        get=False,
        post=Post(who="module", ok=ok(302, 400)),
        **NO_PLACE,
    ),
    "modules:data_check": Expect(
        {"page_id": "data_check_module", "block_id": "data_check"},
        get=False,
        post=Post(who="module", ok=ok(302, 400)),
        **NO_PLACE,
    ),
    "modules:mark_read": Expect(
        {"page_id": "module"}, get=False, post=Post(who="module"), **NO_PLACE
    ),
    # ----------------------------------------------------------------------- assignments
    "assignments:assignment": Expect(
        {"assignment_id": "assignment"}, who="school_teams", ok=ok(200, 302), refused=404
    ),
    "assignments:edit": Expect(
        {"assignment_id": "assignment", "team_id": "team"},
        who="team_members",
        hide="team",
        post=Post(
            who="team_members", ok=ok(302), hide="team", data={"text": "Nyt", "revision": "1"}
        ),
    ),
    "assignments:extend": Expect(
        {"assignment_id": "assignment", "team_id": "team"},
        who="school_leadership",
        hide="team",
        post=Post(who="school_leadership", ok=ok(200, 302), hide="team"),
    ),
    "assignments:extension_request": Expect(
        {"assignment_id": "assignment", "team_id": "team"},
        who="team_leads",
        hide="team",
        post=Post(who="team_leads", ok=ok(200), hide="team"),
        note="Who leads the team's hand-in asks its leaders for more time (empty form: 200).",
    ),
    "assignments:team_submissions": Expect({"team_id": "team"}, who="team", refused=404),
    "assignments:attachment": Expect({"pk": "file"}, who="hand_in", refused=404),
    "assignments:attachment_remove": Expect(
        {"pk": "draft_file"}, get=False, post=Post(who="team_members", hide="hand_in")
    ),
    "assignments:submission": Expect({"pk": "submission"}, who="hand_in", refused=404),
    "assignments:submit": Expect(
        {"pk": "submission"}, get=False, post=Post(who="team_leads", hide="hand_in")
    ),
    "assignments:version": Expect(
        {"pk": "submission", "number": "version"}, who="hand_in", refused=404
    ),
    # ----------------------------------------------------------------------- feedback
    "feedback:queue": Expect(ok=ok(302), **NO_PLACE),
    "feedback:task": Expect(TASK, who="task", refused=404),
    "feedback:task_written": Expect(
        TASK, get=False, post=Post(who="task_reviewer", ok=ok(400), hide="task")
    ),
    "feedback:task_resubmission": Expect(
        TASK, get=False, post=Post(who="task_reviewer", ok=ok(400), hide="task")
    ),
    "feedback:task_meeting_propose": Expect(
        TASK, get=False, post=Post(who="task_reviewer", ok=ok(400), hide="task")
    ),
    "feedback:task_meeting_record": Expect(
        TASK, get=False, post=Post(who="task_reviewer", ok=ok(400), hide="task")
    ),
    "feedback:task_reassign": Expect(
        TASK, get=False, post=Post(who="task_reassign", ok=ok(400), hide="task")
    ),
    "feedback:approve": Expect({"pk": "feedback"}, get=False, post=Post(who="approve")),
    "feedback:submission": Expect({"pk": "submission"}, who="hand_in", ok=ok(302), refused=404),
    "feedback:message_post": Expect(
        {"pk": "submission"},
        get=False,
        post=Post(who="nobody_at_all", hide="hand_in"),
        note="No feedback is released on the place's hand-in yet: nobody may reply.",
    ),
    "feedback:meeting_pick": Expect(
        {"pk": "meeting"}, get=False, post=Post(who="team_leads", ok=ok(400), hide="hand_in")
    ),
    "feedback:meeting_ics": Expect({"pk": "meeting"}, who="meeting", refused=404),
    "feedback:comment_bank": Expect(
        {"package_pk": "package"},
        who="comment_bank",
        post=Post(who="comment_bank", data={"text": "En ny sætning"}),
        **NO_PLACE,
    ),
    # The English paths of before (feedback.urls): redirects to the Danish ones above.
    "feedback/tasks/<int:pk>/": moved("task", TASK),
    "feedback/tasks/<int:pk>/written/": moved("task_written", TASK),
    "feedback/tasks/<int:pk>/resubmission/": moved("task_resubmission", TASK),
    "feedback/tasks/<int:pk>/meeting/": moved("task_meeting_propose", TASK),
    "feedback/tasks/<int:pk>/meeting/notes/": moved("task_meeting_record", TASK),
    "feedback/tasks/<int:pk>/reassign/": moved("task_reassign", TASK),
    "feedback/written/<int:pk>/approve/": moved("approve", {"pk": "feedback"}),
    "feedback/submissions/<int:pk>/": moved("submission", {"pk": "submission"}),
    "feedback/submissions/<int:pk>/replies/": moved("message_post", {"pk": "submission"}),
    "feedback/meetings/<int:pk>/pick/": moved("meeting_pick", {"pk": "meeting"}),
    "feedback/meetings/<int:pk>/invitation.ics": moved("meeting_ics", {"pk": "meeting"}),
    "feedback/packages/<int:package_pk>/comments/": moved(
        "comment_bank", {"package_pk": "package"}, **NO_PLACE
    ),
    # ----------------------------------------------------------------------- plans
    # Leaders with one school go straight to its plans; everyone else gets the list of theirs.
    "plans:index": Expect(ok=ok(200, 302), **NO_PLACE),
    "plans:school": Expect(SCHOOL, who="adopted_plan"),
    "plans:start": Expect(SCHOOL, get=False, post=Post(who="plan_writers", ok=ok(400))),
    # Who is on the leadership team: the team and the municipality; the leaders add and remove.
    "plans:leadership_team": Expect(
        SCHOOL,
        who="plan_readers",
        post=Post(who="school_leadership", ok=ok(400), data={"member-user": "999999"}),
    ),
    "plans:leadership_team_remove": Expect(
        {"number": "school", "user_id": "leadership_member"},
        get=False,
        post=Post(who="school_leadership"),
    ),
    "plans:plan": Expect(PLAN, who="plan_readers", also=(Expect(ADOPTED, who="adopted_plan"),)),
    "plans:texts": write(PLAN),
    "plans:focus_add": write(PLAN),
    "plans:focus_edit": Expect(
        {**PLAN, "focus_id": "focus"},
        who="plan_writers",
        post=Post(who="plan_writers", ok=ok(400)),
    ),
    "plans:focus_delete": write({**PLAN, "focus_id": "focus"}),
    "plans:action_add": write(PLAN),
    "plans:action_remove": write({**PLAN, "action_id": "action"}),
    "plans:milestone_add": write(PLAN),
    "plans:milestone_remove": write({**PLAN, "milestone_id": "milestone"}),
    "plans:submit": write(PLAN),
    "plans:start_next": write(PLAN),
    "plans:answer": answer(),
    "plans:version": Expect(
        {**PLAN, "version_number": "plan_version"},
        who="plan_readers",
        note="Versions are the dialogue's: not the staff's, even of an adopted plan.",
    ),
    "plans:print": Expect(PLAN, who="plan_readers", also=(Expect(ADOPTED, who="adopted_plan"),)),
    "plans:pdf": Expect(ADOPTED, who="adopted_plan"),
    "plans:meeting_propose": answer(),
    "plans:meeting_record": answer(PLAN_MEETING),
    "plans:meeting_pick": write(PLAN_MEETING, ok_=ok(400)),
    "plans:meeting_ics": Expect(PLAN_MEETING, who="plan_readers"),
    "plans:municipality": Expect({"code": "municipality"}, who="municipality"),
    # ----------------------------------------------------------------------- overviews
    "overviews:queue": Expect(who="review_queue", **NO_PLACE),
    "overviews:school": Expect(SCHOOL, who="school_overview"),
    "overviews:municipality": Expect({"code": "municipality"}, who="municipality"),
    # ----------------------------------------------------------------------- Wagtail's pages
    "wagtail_serve": Expect(
        url="{own_page_url}", who="school_local", note="a school's own assignment"
    ),
}


# --------------------------------------------------------------------------- groups
@dataclass(frozen=True)
class Group:
    """Patterns of a third-party app, under one rule (see the README's URL matrix section)."""

    prefix: str
    rule: str  # "staff_only", "cms", "public"
    note: str = ""


GROUPS: tuple[Group, ...] = (
    Group("django-admin/", "staff_only", "Django's admin: programme administrators only."),
    Group(
        "cms/",
        "cms",
        "Wagtail's admin: people without admin access are sent to the admin login; pages of a "
        "school's own assignments reach only that school's editors.",
    ),
    Group("accounts/", "public", "allauth's account pages: no place's ids; never a 500."),
    Group("documents/", "public", "Wagtail documents: served only after Wagtail's checks."),
    Group("indhold/_util/", "public", "Wagtail's page password and login forms."),
)
