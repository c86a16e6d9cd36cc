"""Reads for module pages and "My modules": everything a page needs, loaded once per request.

Interactive blocks (reflection, check, your data, video) need per-person data. Loading it block by
block would cost a query per block, so a module page asks here once and hands each block its
slice through the template context.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail import hooks
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from lms import content_cache
from lms.models import Institution, Team, TeamMembership
from lms.roles import held_roles
from profiles_link import selectors as profiles
from profiles_link.api import RespondentGroup

from .datachecks import DataCheck, build_check
from .hooks import ENROLMENTS, Enrolment
from .models import (
    CheckAnswer,
    ModuleAssignmentPage,
    ModuleCompletion,
    ModulePage,
    ReflectionAnswer,
    SchoolAssignmentsPage,
)

INTERACTIVE_BLOCK_TYPES = ("reflection", "check", "data_check")
PROFILE_BLOCK_TYPES = ("your_profile", "data_check")


# --- data handed to the block templates ---------------------------------------------------------


@dataclass
class TeammateAnswer:
    name: str
    text: str
    updated_at: object


@dataclass
class ReflectionData:
    answer: ReflectionAnswer | None = None
    teammates: list[TeammateAnswer] = field(default_factory=list)
    show_teammates: bool = False
    error: str = ""
    draft: str | None = None

    @property
    def text(self) -> str:
        if self.draft is not None:
            return self.draft
        return self.answer.text if self.answer else ""


@dataclass
class CheckData:
    answer: CheckAnswer | None = None
    chosen: dict | None = None
    error: str = ""


@dataclass
class SchoolScore:
    school: str
    score: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def has_score(self) -> bool:
        return self.score is not None


@dataclass
class YourData:
    round_label: str = ""
    respondent_group_label: str = ""
    schools: list[SchoolScore] = field(default_factory=list)
    programme_score: float | None = None
    # The classes of the reader's teams (each "5A (Aars Skole)"), when the teams have classes.
    classes: list[SchoolScore] = field(default_factory=list)


@dataclass
class ProfileData:
    """The reader's school's whole profile, for the `your_profile` block."""

    school: Institution | None = None
    profiles: list = field(default_factory=list)  # profiles_link UnitProfile, one per group
    round_label: str = ""

    @property
    def weak_areas(self):
        return self.profiles[0].weak_areas if self.profiles else ()


@dataclass
class DataCheckData:
    """A check built on the reader's school's numbers, and the reader's answer to it."""

    school: Institution | None = None
    check: DataCheck | None = None
    answer: CheckAnswer | None = None
    error: str = ""

    @property
    def chosen(self):
        if self.answer is None or self.check is None:
            return None
        options = self.check.options
        return options[self.answer.option] if self.answer.option < len(options) else None


@dataclass
class VideoData:
    embed_html: str = ""


@dataclass
class BlockItem:
    block: object
    data: object = None


@dataclass
class Progress:
    answered: int = 0
    total: int = 0
    is_read: bool = False

    @property
    def is_done(self) -> bool:
        return self.is_read and self.answered >= self.total


@dataclass
class ModulePageData:
    items: list[BlockItem]
    progress: Progress
    is_team_member: bool
    assignments: list[ModuleAssignmentPage]


# --- helpers -------------------------------------------------------------------------------------


def own_institution_ids(user) -> set[int]:
    """Schools where the person holds a role or is on a team."""
    roles = held_roles(user)
    return set(roles.by_institution) | set(roles.school_of_team.values())


def reader_school(user) -> Institution | None:
    """The school whose numbers a reader sees in a module: the one whose leadership team they are
    on, else one where they hold a role, else their team's (by name when there are several)."""
    if not getattr(user, "is_authenticated", False):
        return None
    roles = held_roles(user)
    for ids in (roles.leadership_of, set(roles.by_institution)):
        if ids:
            return (
                Institution.objects.select_related("municipality")
                .filter(pk__in=ids)
                .order_by("name")
                .first()
            )
    if roles.team_ids:
        return (
            Institution.objects.select_related("municipality")
            .filter(teams__in=roles.team_ids)
            .order_by("name")
            .first()
        )
    return None


def school_profiles_for(school: Institution | None) -> tuple[list, str]:
    """The school's profile per respondent group in the latest round, with trends; and the
    round's label. Four queries; nothing without a school or a round."""
    if school is None:
        return [], ""
    all_rounds = profiles.rounds()
    if not all_rounds:
        return [], ""
    latest = all_rounds[-1]
    return (
        profiles.school_profiles(institution=school, mapping_round=latest, rounds=all_rounds),
        latest.label,
    )


def data_check_for(*, user, block) -> tuple[Institution | None, DataCheck | None]:
    """The check a `data_check` block asks this reader, on their own school's numbers."""
    school = reader_school(user)
    found, _label = school_profiles_for(school)
    return school, build_check(block.value["kind"], found, block.value["respondent_group"])


def own_class_ids(user) -> set[int]:
    """The classes the person's active teams teach (linked by the school's leadership)."""
    roles = held_roles(user)
    if not roles.team_ids:
        return set()
    return set(
        Team.classes.through.objects.filter(
            team_id__in=roles.team_ids, team__archived_at__isnull=True
        ).values_list("schoolclass_id", flat=True)
    )


def interactive_block_ids(module: ModulePage) -> list[str]:
    """The ids of the blocks a person answers, read from the raw stream (no block conversion)."""
    return [
        raw["id"]
        for raw in module.body.raw_data
        if raw.get("type") in INTERACTIVE_BLOCK_TYPES and raw.get("id")
    ]


def module_block(*, page: ModulePage, block_id: str, block_type: str):
    """The page's block of that id and type, or None (the author may have removed it)."""
    for block in page.body:
        if block.id == block_id and block.block_type == block_type:
            return block
    return None


def _video_embeds(urls: set[str]) -> dict[str, str]:
    """Embed HTML already cached by Wagtail (an editor's save fetches it); never the network."""
    if not urls:
        return {}
    by_hash = {get_embed_hash(url): url for url in urls}
    rows = Embed.objects.filter(hash__in=list(by_hash)).exclude(cache_until__lte=timezone.now())
    return {by_hash[row.hash]: row.html for row in rows if row.html}


def _group_label(block) -> str:
    value = block.value["respondent_group"]
    return str(RespondentGroup(value).label) if value in RespondentGroup.values else value


def _your_data(blocks, user) -> dict[str, YourData | None]:
    """Each your_data block's scores for the person's own schools; None without a school.

    The scores come through profiles_link's selectors, which apply suppression."""
    if not blocks:
        return {}
    schools = own_institution_ids(user) if user.is_authenticated else set()
    if not schools:
        return {block.id: None for block in blocks}
    mapping_round = profiles.latest_round()
    if mapping_round is None:
        return {b.id: YourData(respondent_group_label=_group_label(b)) for b in blocks}
    indicator_ids = {b.value["indicator"].pk for b in blocks if b.value["indicator"]}
    groups = {b.value["respondent_group"] for b in blocks}
    by_cell: dict[tuple, list[profiles.SchoolCell]] = defaultdict(list)
    for found in profiles.school_cells(
        institution_ids=schools,
        indicator_ids=indicator_ids,
        round_ids=[mapping_round.pk],
        respondent_groups=groups,
        subgroups=["all"],
    ):
        by_cell[(found.indicator_id, found.respondent_group)].append(found)
    programme = profiles.programme_cells(
        round_ids=[mapping_round.pk], indicator_ids=indicator_ids, respondent_groups=groups
    )
    by_class: dict[tuple, list[profiles.ClassCell]] = defaultdict(list)
    for found in profiles.class_cells(
        class_ids=own_class_ids(user),
        indicator_ids=indicator_ids,
        round_ids=[mapping_round.pk],
        respondent_groups=groups,
    ):
        by_class[(found.indicator_id, found.respondent_group)].append(found)
    result: dict[str, YourData | None] = {}
    for block in blocks:
        indicator = block.value["indicator"]
        key = (indicator.pk if indicator else None, block.value["respondent_group"])
        programme_cell = programme.get((mapping_round.pk, *key, "all"))
        result[block.id] = YourData(
            round_label=mapping_round.label,
            respondent_group_label=_group_label(block),
            schools=[
                SchoolScore(
                    found.institution_name, found.cell.score, found.cell.ci_low, found.cell.ci_high
                )
                for found in sorted(by_cell.get(key, []), key=lambda f: f.institution_name)
            ],
            programme_score=programme_cell.score if programme_cell else None,
            classes=[
                SchoolScore(
                    f"{found.class_code} ({found.institution_name})",
                    found.cell.score,
                    found.cell.ci_low,
                    found.cell.ci_high,
                )
                for found in by_class.get(key, [])
            ],
        )
    return result


def _reflections(*, user, page, block_ids, team_ids) -> tuple[dict, dict]:
    own = {
        answer.block_id: answer
        for answer in ReflectionAnswer.objects.filter(user=user, page=page, block_id__in=block_ids)
    }
    teammates: dict[str, list[TeammateAnswer]] = defaultdict(list)
    if team_ids:
        answers = (
            ReflectionAnswer.objects.filter(
                page=page,
                block_id__in=block_ids,
                user__team_memberships__team_id__in=list(team_ids),
            )
            .exclude(user=user)
            .select_related("user")
            .distinct()
            .order_by("user__first_name", "user__last_name", "user__email")
        )
        for answer in answers:
            teammates[answer.block_id].append(
                TeammateAnswer(str(answer.user), answer.text, answer.updated_at)
            )
    return own, teammates


@dataclass
class _Answers:
    """The person's own answers on one module page, and their teammates' reflections."""

    reflections: dict = field(default_factory=dict)
    teammates: dict = field(default_factory=dict)
    checks: dict = field(default_factory=dict)
    is_read: bool = False


def _answers(*, user, page: ModulePage, by_type: dict, team_ids) -> _Answers:
    if not getattr(user, "is_authenticated", False):
        return _Answers()
    reflections, teammates = _reflections(
        user=user,
        page=page,
        block_ids=[b.id for b in by_type["reflection"]],
        team_ids=team_ids,
    )
    checks = {}
    if by_type["check"] or by_type["data_check"]:
        checks = {a.block_id: a for a in CheckAnswer.objects.filter(user=user, page=page)}
    is_read = ModuleCompletion.objects.filter(user=user, module=page).exists()
    return _Answers(reflections, teammates, checks, is_read)


def _check_data(block, answer: CheckAnswer | None, error: str) -> CheckData:
    options = list(block.value["options"])
    chosen = None
    if answer is not None and answer.option < len(options):
        chosen = options[answer.option]
    return CheckData(answer=answer, chosen=chosen, error=error)


def module_page_data(
    *, user, page: ModulePage, errors: dict | None = None, drafts: dict | None = None
) -> ModulePageData:
    """Everything the module page's blocks show to this person, in a fixed number of queries."""
    errors = errors or {}
    drafts = drafts or {}
    authenticated = bool(getattr(user, "is_authenticated", False))
    team_ids = held_roles(user).team_ids if authenticated else frozenset()
    stream = list(page.body)
    by_type: dict[str, list] = defaultdict(list)
    for block in stream:
        by_type[block.block_type].append(block)
    answers = _answers(user=user, page=page, by_type=by_type, team_ids=team_ids)
    embeds = _video_embeds({b.value["video"].url for b in by_type["video"] if b.value["video"]})
    your_data = _your_data(by_type["your_data"], user)
    school, school_profiles, round_label = None, [], ""
    if any(by_type[kind] for kind in PROFILE_BLOCK_TYPES) and authenticated:
        school = reader_school(user)
        school_profiles, round_label = school_profiles_for(school)

    def data_for(block):
        kind = block.block_type
        if kind == "reflection":
            return ReflectionData(
                answer=answers.reflections.get(block.id),
                teammates=answers.teammates.get(block.id, []),
                show_teammates=bool(team_ids),
                error=errors.get(block.id, ""),
                draft=drafts.get(block.id),
            )
        if kind == "check":
            return _check_data(block, answers.checks.get(block.id), errors.get(block.id, ""))
        if kind == "your_profile":
            return ProfileData(school, school_profiles, round_label)
        if kind == "data_check":
            return DataCheckData(
                school=school,
                check=build_check(
                    block.value["kind"], school_profiles, block.value["respondent_group"]
                ),
                answer=answers.checks.get(block.id),
                error=errors.get(block.id, ""),
            )
        if kind == "your_data":
            return your_data.get(block.id)
        if kind == "video":
            video = block.value["video"]
            return VideoData(embed_html=embeds.get(video.url, "") if video else "")
        return None

    interactive = [b.id for b in stream if b.block_type in INTERACTIVE_BLOCK_TYPES]
    answered = sum(1 for i in interactive if i in answers.reflections or i in answers.checks)
    return ModulePageData(
        items=[BlockItem(block, data_for(block)) for block in stream],
        progress=Progress(answered=answered, total=len(interactive), is_read=answers.is_read),
        is_team_member=bool(team_ids),
        # One query (not children, then their specific rows); the list shows titles and links.
        assignments=list(
            ModuleAssignmentPage.objects.child_of(page)
            .live()
            .defer("task", "hand_in")
            .order_by("path")
        ),
    )


# --- "My modules" --------------------------------------------------------------------------------


@dataclass
class MemberProgress:
    name: str
    is_me: bool
    progress: Progress


@dataclass
class ModuleRow:
    module: ModulePage
    label: str  # what the module is taken as part of (the package)
    starts_on: date
    due_on: date
    own: Progress
    members: list[MemberProgress]


@dataclass
class TeamModules:
    team: Team
    modules: list[ModuleRow]


def progress_by_person(*, modules: list[ModulePage], user_ids: set[int]) -> dict[tuple, Progress]:
    """(user_id, module_id) → Progress for every pair, in three queries whatever the sizes."""
    interactive = {module.pk: set(interactive_block_ids(module)) for module in modules}
    answered: dict[tuple, set[str]] = defaultdict(set)
    module_ids = list(interactive)
    for model in (ReflectionAnswer, CheckAnswer):
        rows = model.objects.filter(page_id__in=module_ids, user_id__in=user_ids).values_list(
            "user_id", "page_id", "block_id"
        )
        for user_id, page_id, block_id in rows:
            if block_id in interactive[page_id]:
                answered[(user_id, page_id)].add(block_id)
    read = set(
        ModuleCompletion.objects.filter(module_id__in=module_ids, user_id__in=user_ids).values_list(
            "user_id", "module_id"
        )
    )
    return {
        (user_id, module_id): Progress(
            answered=len(answered[(user_id, module_id)]),
            total=len(blocks),
            is_read=(user_id, module_id) in read,
        )
        for module_id, blocks in interactive.items()
        for user_id in user_ids
    }


def _members_by_team(team_ids) -> tuple[dict[int, list], set[int], list[Team]]:
    """Each team's members (what their names need), the members' ids, and the teams with their
    schools, by name: one query (the person is on every one of the teams)."""
    memberships = (
        TeamMembership.objects.filter(team_id__in=team_ids)
        .select_related("user", "team__institution")
        .only(
            "team__name",
            "team__institution__name",
            "user__first_name",
            "user__last_name",
            "user__email",
            "user__erased_at",
        )
        .order_by("team__name", "team_id", "user__first_name", "user__last_name", "user__email")
    )
    members_by_team: dict[int, list] = defaultdict(list)
    teams: dict[int, Team] = {}
    for membership in memberships:
        members_by_team[membership.team_id].append(membership.user)
        teams.setdefault(membership.team_id, membership.team)
    user_ids = {user.pk for members in members_by_team.values() for user in members}
    return members_by_team, user_ids, list(teams.values())


def my_modules(*, user) -> list[TeamModules]:
    """Per team the person is on: the modules it is enrolled in, with own and team progress."""
    team_ids = held_roles(user).team_ids
    if not team_ids:
        return []
    taken = enrolments(team_ids=team_ids)
    modules = modules_by_id({e.module_id for e in taken}, live_only=True)
    taken = sorted(
        (e for e in taken if e.module_id in modules),
        key=lambda e: (e.starts_on, modules[e.module_id].path),
    )
    members_by_team, user_ids, teams = _members_by_team(team_ids)
    progress = progress_by_person(modules=list(modules.values()), user_ids=user_ids)
    result = []
    for team in teams:
        rows = []
        seen: set[int] = set()
        for enrolment in taken:
            if enrolment.team_id != team.pk or enrolment.module_id in seen:
                continue
            seen.add(enrolment.module_id)
            rows.append(
                ModuleRow(
                    module=modules[enrolment.module_id],
                    label=enrolment.label,
                    starts_on=enrolment.starts_on,
                    due_on=enrolment.due_on,
                    own=progress[(user.pk, enrolment.module_id)],
                    members=[
                        MemberProgress(
                            str(member),
                            member.pk == user.pk,
                            progress[(member.pk, enrolment.module_id)],
                        )
                        for member in members_by_team[team.pk]
                    ],
                )
            )
        result.append(TeamModules(team, rows))
    return result


# --- enrolment: who takes which module (decided above this app; see modules.hooks) --------------


def enrolments(
    *,
    team_ids: Collection[int] | None = None,
    institution_ids: Collection[int] | None = None,
    due_dates: Collection[date] | None = None,
) -> list[Enrolment]:
    """Every enrolment the registered providers know of, within the limits given."""
    if team_ids is not None and not team_ids:
        return []
    found: list[Enrolment] = []
    for provider in hooks.get_hooks(ENROLMENTS):
        found.extend(
            provider(team_ids=team_ids, institution_ids=institution_ids, due_dates=due_dates)
        )
    return found


def enrolled_module_ids(*, team_ids: Collection[int]) -> set[int]:
    """The modules the given teams are enrolled in."""
    return {enrolment.module_id for enrolment in enrolments(team_ids=team_ids)}


def earliest_due(taken: Iterable[Enrolment]) -> dict[tuple[int, int], Enrolment]:
    """(team id, module id) → the enrolment due first, when a team takes a module twice."""
    first: dict[tuple[int, int], Enrolment] = {}
    for enrolment in taken:
        key = (enrolment.team_id, enrolment.module_id)
        if key not in first or enrolment.due_on < first[key].due_on:
            first[key] = enrolment
    return first


# --- the tree: modules and their assignments ----------------------------------------------------


@dataclass(frozen=True)
class AssignmentParent:
    """The page a module assignment hangs under: a module, or a school's own assignments."""

    pk: int
    is_module: bool
    school_id: int | None = None  # the school of a school's own assignments


def assignment_parent(assignment: ModuleAssignmentPage) -> AssignmentParent | None:
    """The assignment's parent, kept until the content changes: every save of a team's draft
    asks where its assignment hangs."""
    return content_cache.kept(
        f"assignment-parent:{assignment.pk}", lambda: _assignment_parent(assignment)
    )


def _assignment_parent(assignment: ModuleAssignmentPage) -> AssignmentParent | None:
    parent = assignment.get_parent().specific
    if isinstance(parent, SchoolAssignmentsPage):
        return AssignmentParent(parent.pk, is_module=False, school_id=parent.institution_id)
    if isinstance(parent, ModulePage):
        return AssignmentParent(parent.pk, is_module=True)
    return None


def live_modules_of(parent) -> list[ModulePage]:
    """The live modules under a page (a package), in the order the authors gave them."""
    return list(ModulePage.objects.child_of(parent).live().order_by("path"))


def modules_by_id(
    ids: Collection[int], *, live_only: bool, fields: Collection[str] = ()
) -> dict[int, ModulePage]:
    """The modules of these ids; with `live_only` an unpublished module drops out. With
    `fields`, only those columns are read (the rest load one by one if touched)."""
    if not ids:
        return {}
    pages = ModulePage.objects.live() if live_only else ModulePage.objects.all()
    if fields:
        pages = pages.only(*fields)
    return pages.in_bulk(list(ids))


def school_assignment_pages(*, institution_id: int) -> list[SchoolAssignmentsPage]:
    """The school's page of its own assignments (none before a leader writes one)."""
    return list(SchoolAssignmentsPage.objects.filter(institution_id=institution_id))


def live_assignments_under(parents) -> QuerySet[ModuleAssignmentPage]:
    """The live assignments directly under the given pages (modules, school pages), tree order."""
    if not parents:
        return ModuleAssignmentPage.objects.none()
    depth = {p.depth + 1 for p in parents}
    prefix = reduce(or_, (Q(path__startswith=p.path) for p in parents))
    return ModuleAssignmentPage.objects.live().filter(prefix, depth__in=depth).order_by("path")
