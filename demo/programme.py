"""The programme at full scale, for the load suite: `manage.py seed_programme [--scale 1.0]`.

Built on top of the demo (run `seed_demo` first: its packages, modules, routes and people are
reused, and its people's pages grow with the programme): 13 municipalities (the demo's two and
eleven more), 240 schools, about 10,000 staff, ten teams a school (2,400), every school's
leadership team, three mapping rounds (T0, and the demo's T1 and T2 again, now for every
school, with the demo's designed effects), every team working on the five teachers' packages
(one submission a team and module assignment, in every status, with versions, review tasks on
the school's feedback route and written feedback), and a draft plan for every school.

Deterministic: the same `--scale` and `--seed` build the same rows (ids aside). `--scale`
shrinks the number of schools (never below the demo's four and one more in each municipality);
everything else is per school. Rows are written with bulk_create, except the mapping rounds
(the real import) and the routes of the new municipalities (the service).

At scale 1.0 the demo's sixteen module assignments allow at most 15 a teacher team and one a
leadership team, so the programme has about 36,000 submissions rather than the issue's 40,000.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from assignments.models import StatusChange, Submission, SubmissionVersion
from competence_packages.models import CompetencePackage, ModulePlan, PackageChoice, SmartGoal
from feedback.models import FeedbackRoute, ReviewTask, RouteStep, WrittenFeedback
from feedback.services import route_set
from lms.errors import ServiceError
from lms.factories import DEFAULT_PASSWORD
from lms.models import (
    Institution,
    Municipality,
    RoleAssignment,
    SchoolClass,
    Team,
    TeamMembership,
    User,
)
from lms.roles import Role
from modules.models import ModuleAssignmentPage, ModulePage
from plans.models import FocusArea, Milestone, Plan, PlanAction
from profiles_link.factories import INDICATORS, Effect, generate_round
from profiles_link.models import Indicator, MappingRound
from profiles_link.services import mapping_round_import

from .files import DATA_DIR, DataFolder
from .mapping import read_mapping

FULL = {"schools": 240, "staff": 10_000, "teams": 2_400}
TEAMS_PER_SCHOOL = FULL["teams"] // FULL["schools"]  # 10
TEACHERS_PER_SCHOOL = 38  # + 2 leaders + 1 local resource person: ~10,000 staff at 240 schools
MUNICIPALITIES = (  # the demo's two (766, 820) and eleven more
    ("217", "Helsingør"), ("250", "Frederikssund"), ("390", "Vordingborg"), ("420", "Assens"),
    ("510", "Haderslev"), ("540", "Sønderborg"), ("607", "Fredericia"), ("665", "Lemvig"),
    ("707", "Norddjurs"), ("756", "Ikast-Brande"), ("766", "Hedensted"), ("820", "Vesthimmerland"),
    ("849", "Jammerbugt"),
)  # fmt: skip
STEMS = ("Nørre", "Søndre", "Vester", "Øster", "Bakke", "Skov", "Strand", "Engvej", "Kirkebakke",
         "Lindegård", "Mølle", "Rosen", "Ådal", "Bøge", "Havrevang", "Solhøj", "Birke", "Toftehøj",
         "Kærholm", "Elme")  # fmt: skip
FIRST = ("Anne", "Mette", "Louise", "Camilla", "Sofie", "Maria", "Helle", "Tina", "Lars", "Søren",
         "Jesper", "Mads", "Kasper", "Jonas", "Peter", "Henrik", "Line", "Rikke", "Thomas", "Ida")  # fmt: skip
LAST = ("Hansen", "Pedersen", "Christensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen",
        "Thomsen", "Møller", "Johansen", "Nielsen", "Jensen", "Andersen", "Larsen", "Sørensen")  # fmt: skip
# The third round, before the demo's two; T1 stays the reference round.
EARLY_ROUND = ("T0", dt.date(2022, 9, 12))
STATUS_WEIGHTS = {
    "not_started": 10, "in_progress": 25, "submitted": 15, "resubmission_requested": 5,
    "written_feedback_given": 15, "completed": 30,
}  # fmt: skip
PATHS = {
    "in_progress": ["in_progress"],
    "submitted": ["in_progress", "submitted"],
    "resubmission_requested": ["in_progress", "submitted", "resubmission_requested"],
    "written_feedback_given": ["in_progress", "submitted", "written_feedback_given"],
    "completed": ["in_progress", "submitted", "written_feedback_given", "completed"],
}
ANSWER = (
    "Vi har i teamet afprøvet feedbackmodellen i to klasser. Eleverne brugte feedbacken mere, "
    "når den pegede frem mod næste skridt. Næste gang vil vi give mere tid til at arbejde med den."
)
FEEDBACK = (
    "I beskriver afprøvningen konkret og knytter den til jeres data. Overvej, hvordan I kan "
    "samle elevernes stemme systematisk, så I kan se, om det virker for alle elever."
)
BATCH = 2000


@dataclass
class Report:
    counts: dict[str, int]
    rounds: list[str]

    def lines(self) -> list[str]:
        return [", ".join(f"{name} {n:,}" for name, n in self.counts.items())]


def school_plan(scale: float, demo_schools: dict[str, list[tuple[str, str]]]):
    """Per municipality (code, name, [(number, name)]): the demo's schools, then new ones."""
    demo_count = sum(len(schools) for schools in demo_schools.values())
    total = max(demo_count + len(MUNICIPALITIES), round(FULL["schools"] * scale))
    extra = total - demo_count
    plan = []
    for i, (code, name) in enumerate(MUNICIPALITIES):
        count = extra // len(MUNICIPALITIES) + (1 if i < extra % len(MUNICIPALITIES) else 0)
        schools = list(demo_schools.get(code, []))
        for k in range(count):
            stem = STEMS[(i * 7 + k) % len(STEMS)]
            suffix = f" {k // len(STEMS) + 1}" if k >= len(STEMS) else ""
            schools.append((f"{code}{k + 101:03d}", f"{stem}skolen{suffix}"))
        plan.append((code, name, schools))
    return plan


def _import_rounds(plan, log: Callable[[str], None]) -> list[str]:
    spec = read_mapping(DataFolder(DATA_DIR), [n for _c, _m, s in plan for n, _ in s])
    if spec is None:
        raise ServiceError("demo/data/mapping.yaml could not be read.")
    rounds = [(r.label, r.held_on, r.round_effect, r.effects) for r in spec.rounds]
    first = spec.rounds[0]
    rounds.append((*EARLY_ROUND, first.round_effect - 0.05, first.effects))
    done = []
    for label, held_on, round_effect, effects in rounds:
        existing = MappingRound.objects.filter(label=label).first()
        with tempfile.TemporaryDirectory() as folder:
            generated = generate_round(
                folder,
                seed=spec.seed,
                municipalities=plan,
                classes_per_school=spec.classes_per_school,
                pupils_per_class=spec.pupils_per_class,
                round_label=label,
                round_effect=round_effect,
                effects=[
                    Effect(e.indicator_code, e.shift, school_code=e.school_code, gender=e.gender)
                    for e in effects
                ],  # fmt: skip
                staff_per_school=spec.staff_per_school,
            )
            log(f"round {label}: {generated.respondents:,} respondents, importing")
            mapping_round_import(source=generated.path, round_label=label, held_on=held_on,
                                 replace=existing is not None)  # fmt: skip
        done.append(label)
    return done


def build(*, scale: float = 1.0, seed: int = 1, log: Callable[[str], None] = lambda _m: None):
    """Build the programme on top of the demo; returns a Report."""
    if not CompetencePackage.objects.filter(code="FK-01").exists():
        raise ServiceError("Load the demo first (manage.py seed_demo): its packages are reused.")
    if Institution.objects.filter(number__endswith="101", number__startswith="217").exists():
        raise ServiceError("The programme is built already in this database.")
    rng = random.Random(seed)  # noqa: S311 - deterministic made-up data, no secrets
    demo_schools = defaultdict(list)
    for number, name, code in (
        Institution.objects.filter(municipality__code__in=[c for c, _n in MUNICIPALITIES])
        .values_list("number", "name", "municipality__code")
        .order_by("number")
    ):
        demo_schools[code].append((number, name))
    plan = school_plan(scale, demo_schools)
    rounds = _import_rounds(plan, log)
    with transaction.atomic():
        counts = _people_and_work(plan, rng, log)
    return Report(counts, rounds)


def _people_and_work(plan, rng: random.Random, log) -> dict[str, int]:
    now = timezone.now()
    password = make_password(DEFAULT_PASSWORD)
    demo_numbers = {n for _c, _m, schools in plan for n, _ in schools
                    if Team.objects.filter(institution__number=n).exists()}  # fmt: skip
    schools = {s.number: s for s in Institution.objects.filter(
        number__in=[n for _c, _m, ss in plan for n, _ in ss]).select_related("municipality")
        .order_by("number")}  # fmt: skip
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in=[c for c, *_ in plan])
    }

    # Routes: the new municipalities alternate between the demo's two traditions.
    for i, (code, _name, _schools) in enumerate(plan):
        if not FeedbackRoute.objects.filter(municipality=municipalities[code]).exists():
            steps = ([("written", "leadership"), ("oral", "leadership")] if i % 2 else
                     [("written", "resource_persons"), ("oral", "both")])  # fmt: skip
            route_set(municipality=municipalities[code], steps=steps)

    # People: per municipality a coordinator (new municipalities) and two resource persons;
    # per new school two leaders and a local resource person; per school 38 teachers.
    users, roles = [], []  # roles: (user index, role, municipality, institution)
    n = 0

    def person(role_list) -> int:
        nonlocal n
        first, last = rng.choice(FIRST), rng.choice(LAST)
        users.append(User(email=f"p{n:05d}@programme.demo.dk", first_name=first, last_name=last,
                          password=password, is_active=True))  # fmt: skip
        roles.extend((n, *r) for r in role_list)
        n += 1
        return n - 1

    staff = defaultdict(lambda: defaultdict(list))  # school number → role → user indexes
    municipal = {}
    for code, _name, school_list in plan:
        m = municipalities[code]
        new = [num for num, _ in school_list if num not in demo_numbers]
        if not RoleAssignment.objects.filter(
            municipality=m, role=Role.MUNICIPAL_COORDINATOR
        ).exists():
            person([(Role.MUNICIPAL_COORDINATOR, m, None)])
        municipal[code] = [
            person([(Role.MUNICIPAL_RESOURCE_PERSON, m, schools[num]) for num in new])
            for _ in range(2)
        ]
        for num, _ in school_list:
            school = schools[num]
            if num not in demo_numbers:
                for role, count in ((Role.SCHOOL_LEADER, 2), (Role.LOCAL_RESOURCE_PERSON, 1)):
                    for _ in range(count):
                        staff[num][role].append(person([(role, m, school)]))
            for _ in range(TEACHERS_PER_SCHOOL):
                staff[num][Role.TEACHER].append(person([(Role.TEACHER, m, school)]))
    for start in range(0, len(users), BATCH):
        User.objects.bulk_create(users[start : start + BATCH])
    ids = list(User.objects.filter(email__endswith="@programme.demo.dk").order_by("email")
               .values_list("pk", flat=True))  # fmt: skip
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user_id=ids[i], role=role, municipality=m, institution=school)
         for i, role, m, school in roles], batch_size=BATCH)  # fmt: skip
    log(f"{len(users):,} people")

    # Teams: ten a school (the demo's schools keep theirs and get the rest), a leadership team
    # for every new school, each teacher in one team, the first a coordinator.
    classes = defaultdict(list)
    for pk, school_id in SchoolClass.objects.filter(
        institution__in=schools.values()).order_by("code").values_list("pk", "institution_id"):  # fmt: skip
        classes[school_id].append(pk)
    teams, members, team_classes, team_teachers = [], [], [], []
    for num, school in schools.items():
        have = Team.objects.filter(institution=school, kind=Team.Kind.PLC).count()
        teachers = staff[num][Role.TEACHER]
        count = TEAMS_PER_SCHOOL - have
        for k in range(count):
            grade = (k * 10) // max(count, 1)
            team = Team(institution=school, name=f"Team {have + k + 1}", kind=Team.Kind.PLC,
                        grade_from=grade, grade_to=min(9, grade + 2))  # fmt: skip
            teams.append(team)
            team_teachers.append(teachers[k::count])
        if num not in demo_numbers:
            team = Team(institution=school, name="Ledelsesteamet", kind=Team.Kind.LEADERSHIP)
            teams.append(team)
            team_teachers.append(staff[num][Role.SCHOOL_LEADER]
                                 + staff[num][Role.LOCAL_RESOURCE_PERSON])  # fmt: skip
    Team.objects.bulk_create(teams, batch_size=BATCH)
    for team, people in zip(teams, team_teachers, strict=True):
        members += [TeamMembership(team=team, user_id=ids[i], is_coordinator=(j == 0
                    and team.kind == Team.Kind.PLC)) for j, i in enumerate(people)]  # fmt: skip
        own = classes[team.institution_id]
        if team.kind == Team.Kind.PLC and own:
            start = (team.grade_from or 0) * 2 % len(own)
            team_classes += [Team.classes.through(team=team, schoolclass_id=own[(start + j) % len(own)])
                             for j in range(2)]  # fmt: skip
    TeamMembership.objects.bulk_create(members, batch_size=BATCH)
    Team.classes.through.objects.bulk_create(team_classes, batch_size=BATCH, ignore_conflicts=True)
    log(f"{len(teams):,} teams")

    # Choices: every school chooses the five teachers' packages for its new teams.
    packages = list(CompetencePackage.objects.filter(audience="school_teams").order_by("code"))
    modules = {p.pk: list(ModulePage.objects.child_of(p).order_by("path")) for p in packages}
    assignments = {m.pk: list(ModuleAssignmentPage.objects.child_of(m).order_by("path"))
                   for ms in modules.values() for m in ms}  # fmt: skip
    plc_by_school = defaultdict(list)
    for team in teams:
        if team.kind == Team.Kind.PLC:
            plc_by_school[team.institution_id].append(team)
    choices, plans_rows, choice_teams, module_plans = [], [], [], []
    term = dt.date(2026, 8, 17)
    for school in schools.values():
        leader_ids = staff[school.number][Role.SCHOOL_LEADER]
        for p, package in enumerate(packages):
            starts = term + dt.timedelta(weeks=4 * p)
            choice = PackageChoice(institution=school, package=package, starts_on=starts,
                                   ends_on=starts + dt.timedelta(weeks=package.estimated_weeks or 12),
                                   chosen_by_id=ids[leader_ids[0]] if leader_ids else None)  # fmt: skip
            choices.append(choice)
            plans_rows.append((choice, school, package))
    PackageChoice.objects.bulk_create(choices, batch_size=BATCH)
    due = {}
    for choice, school, package in plans_rows:
        choice_teams += [PackageChoice.teams.through(packagechoice=choice, team=t)
                         for t in plc_by_school[school.pk]]  # fmt: skip
        for k, module in enumerate(modules[package.pk]):
            starts = choice.starts_on + dt.timedelta(weeks=2 * k)
            module_plans.append(ModulePlan(choice=choice, module=module, starts_on=starts,
                                           due_on=starts + dt.timedelta(weeks=2)))  # fmt: skip
            due[(school.pk, module.pk)] = starts + dt.timedelta(weeks=2)
    PackageChoice.teams.through.objects.bulk_create(choice_teams, batch_size=BATCH)
    ModulePlan.objects.bulk_create(module_plans, batch_size=BATCH)

    # Submissions: every new team × every assignment it takes (leadership teams: the course's).
    course = list(ModuleAssignmentPage.objects.filter(
        path__startswith=CompetencePackage.objects.get(code="PL-06").path).order_by("path"))  # fmt: skip
    memberships = defaultdict(list)
    for member in members:
        memberships[member.team.pk].append(member.user_id)
    work = []
    for team in teams:
        if team.kind == Team.Kind.PLC:
            for package in packages:
                for module in modules[package.pk]:
                    for assignment in assignments[module.pk]:
                        work.append((team, assignment, due[(team.institution_id, module.pk)]))
        else:
            work += [(team, a, dt.date(2026, 12, 11)) for a in course]
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    subs = []
    for team, assignment, due_on in work:
        status = rng.choices(statuses, weights)[0]
        editor = rng.choice(memberships[team.pk]) if memberships[team.pk] else None
        started = status != "not_started"
        subs.append(Submission(
            team=team, assignment=assignment, status=status, due_on=due_on,
            text=ANSWER if started else "", revision=rng.randint(1, 6) if started else 0,
            last_edited_by_id=editor if started else None,
            last_edited_at=now - dt.timedelta(days=rng.randint(1, 60)) if started else None,
            submitted_at=(now - dt.timedelta(days=rng.randint(1, 40))
                          if status not in ("not_started", "in_progress") else None),
        ))  # fmt: skip
    Submission.objects.bulk_create(subs, batch_size=BATCH)
    log(f"{len(subs):,} submissions")

    versions, changes = [], []
    for sub in subs:
        path = PATHS.get(sub.status, [])
        before = "not_started"
        for step in path:
            changes.append(StatusChange(submission=sub, from_status=before, to_status=step,
                                        changed_by_id=sub.last_edited_by_id))  # fmt: skip
            before = step
        if sub.submitted_at:
            versions.append(SubmissionVersion(submission=sub, number=1, text=sub.text,
                                              submitted_by_id=sub.last_edited_by_id,
                                              submitted_at=sub.submitted_at))  # fmt: skip
    SubmissionVersion.objects.bulk_create(versions, batch_size=BATCH)
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)

    # Review tasks on the school's route, held by the school's or municipality's people.
    routes = {}
    for route in FeedbackRoute.objects.prefetch_related("steps"):
        key = route.institution_id or f"m{route.municipality_id}"
        routes[key] = sorted(route.steps.all(), key=lambda s: s.position)
    reviewers = defaultdict(dict)  # school pk → given_by → user ids
    for school in schools.values():
        held = defaultdict(list)
        for user_id, role in RoleAssignment.objects.filter(institution=school).values_list(
            "user_id", "role").order_by("user_id"):  # fmt: skip
            held[role].append(user_id)
        reviewers[school.pk] = {
            "leadership": held[Role.SCHOOL_LEADER],
            "resource_persons": held[Role.MUNICIPAL_RESOURCE_PERSON] or held[Role.SCHOOL_LEADER],
            "local_resource_persons": held[Role.LOCAL_RESOURCE_PERSON] or held[Role.SCHOOL_LEADER],
        }
        reviewers[school.pk]["both"] = reviewers[school.pk]["resource_persons"]
    tasks, feedback = [], []
    for n_version, version in enumerate(versions):
        sub = version.submission
        school = sub.team.institution
        steps = routes.get(school.pk) or routes.get(f"m{school.municipality_id}") or []
        if sub.team.kind == Team.Kind.LEADERSHIP or len(steps) < 2:
            continue  # the course's hand-ins go to the municipality: left out of the queues
        done = {"submitted": 0, "resubmission_requested": 1, "written_feedback_given": 1,
                "completed": 2}[sub.status]  # fmt: skip
        for position, step in enumerate(steps[:2]):
            if position > done or (position == 1 and sub.status == "resubmission_requested"):
                break
            who = reviewers[school.pk][step.given_by]
            if not who:
                break
            task = ReviewTask(submission=sub, version=version, position=step.position,
                              kind=step.kind, given_by=step.given_by, assignee_id=who[n_version % len(who)],
                              state="done" if position < done else "open",
                              due_at=version.submitted_at + dt.timedelta(days=14),
                              completed_at=now if position < done else None)  # fmt: skip
            tasks.append(task)
            if step.kind == RouteStep.Kind.WRITTEN and position < done:
                feedback.append(WrittenFeedback(task=task, author_id=task.assignee_id,
                                                text=FEEDBACK, released_at=now))  # fmt: skip
    ReviewTask.objects.bulk_create(tasks, batch_size=BATCH)
    WrittenFeedback.objects.bulk_create(feedback, batch_size=BATCH)
    log(f"{len(tasks):,} review tasks, {len(feedback):,} written feedback")

    # Plans: a draft for every new school from T2 to T3, two focus areas with SMART goals.
    baseline = MappingRound.objects.get(label="T2")
    indicators = {i.code: i for i in Indicator.objects.all()}
    codes = [spec.code for spec in INDICATORS if spec.code in indicators]
    new_plans, goals, areas, actions, milestones = [], [], [], [], []
    choice_of = {(c.institution_id, c.package_id): c for c in choices}
    for school in schools.values():
        if school.number in demo_numbers:
            continue
        leads = staff[school.number][Role.SCHOOL_LEADER]
        new_plans.append(Plan(institution=school, baseline_round=baseline,
                              target_round_label="T3", status="draft",
                              direction="Vi vil styrke elevernes trivsel og læring.",
                              resources="To timer om ugen i teamene."))  # fmt: skip
    Plan.objects.bulk_create(new_plans, batch_size=BATCH)
    for plan in new_plans:
        picked = rng.sample(codes, 2)
        for position, code in enumerate(picked, start=1):
            score = round(rng.uniform(470, 495), 1)
            goals.append(SmartGoal(institution=plan.institution, indicator=indicators[code],
                                   respondent_group="pupil", subgroup="all",
                                   baseline_round=baseline, baseline_score=score,
                                   target_score=score + 15, target_round_label="T3"))  # fmt: skip
            areas.append(FocusArea(plan=plan, position=position, title=indicators[code].name_da,
                                   weak_area={"indicator": code, "indicator_name": indicators[code].name_da,
                                              "respondent_group": "pupil", "subgroup": "all",
                                              "kind": "below_benchmark", "score": score,
                                              "benchmark": 500.0, "gap": round(500 - score, 1),
                                              "benchmark_kind": "programme", "round": "T2",
                                              "explanation": f"Skolen ligger under programmet på {indicators[code].name_da}."},
                                   goal=goals[-1], reasoning="Profilen viser et tydeligt behov.",
                                   research="Hattie & Timperley (2007)."))  # fmt: skip
    SmartGoal.objects.bulk_create(goals, batch_size=BATCH)
    for area in areas:
        area.goal_id = area.goal.pk
    FocusArea.objects.bulk_create(areas, batch_size=BATCH)
    for i, area in enumerate(areas):
        plan = area.plan
        leads = staff[plan.institution.number][Role.SCHOOL_LEADER]
        choice = choice_of.get((plan.institution_id, packages[i % len(packages)].pk))
        actions.append(PlanAction(plan=plan, focus_area=area, choice=choice,
                                  lead_id=ids[leads[0]] if leads else None,
                                  follow_up_on=dt.date(2027, 1, 15)))  # fmt: skip
        if area.position == 1:
            milestones.append(Milestone(plan=plan, due_on=dt.date(2027, 3, 1),
                                        text="Teamene har afprøvet modulerne."))  # fmt: skip
    PlanAction.objects.bulk_create(actions, batch_size=BATCH)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    log(f"{len(new_plans):,} plans")
    return {
        "municipalities": Municipality.objects.count(),
        "schools": Institution.objects.count(),
        "people": User.objects.count(),
        "teams": Team.objects.filter(kind=Team.Kind.PLC).count(),
        "leadership teams": Team.objects.filter(kind=Team.Kind.LEADERSHIP).count(),
        "submissions": Submission.objects.count(),
        "review tasks": ReviewTask.objects.count(),
        "written feedback": WrittenFeedback.objects.count(),
        "plans": Plan.objects.count(),
        "mapping rounds": MappingRound.objects.count(),
    }
