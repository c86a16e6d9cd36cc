"""Reads for module pages and "My modules": everything a page needs, loaded once per request.

Interactive blocks (reflection, check, your data, video) need per-person data. Loading it block by
block would cost a query per block, so a module page asks here once and hands each block its
slice through the template context.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from competence_packages.models import CompetencePackage, ModulePlan, PackageChoice
from lms.models import Team, TeamMembership
from lms.roles import held_roles
from profiles_link.models import Level, RespondentGroup, Subgroup, UnitScore
from profiles_link.selectors import latest_round

from .models import (
    CheckAnswer,
    ModuleAssignmentPage,
    ModuleCompletion,
    ModulePage,
    ReflectionAnswer,
)

INTERACTIVE_BLOCK_TYPES = ("reflection", "check")


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
    ids = set(roles.by_institution)
    if roles.team_ids:
        ids |= set(
            Team.objects.filter(pk__in=roles.team_ids).values_list("institution_id", flat=True)
        )
    return ids


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
    """Each your_data block's scores for the person's own schools; None without a school."""
    if not blocks:
        return {}
    schools = own_institution_ids(user) if user.is_authenticated else set()
    if not schools:
        return {block.id: None for block in blocks}
    mapping_round = latest_round()
    if mapping_round is None:
        return {b.id: YourData(respondent_group_label=_group_label(b)) for b in blocks}
    indicator_ids = {b.value["indicator"].pk for b in blocks if b.value["indicator"]}
    groups = {b.value["respondent_group"] for b in blocks}
    rows = UnitScore.objects.filter(
        round=mapping_round,
        subgroup=Subgroup.ALL,
        indicator_id__in=indicator_ids,
        respondent_group__in=groups,
    )
    school_rows = rows.filter(level=Level.SCHOOL, institution_id__in=schools).select_related(
        "institution"
    )
    by_cell: dict[tuple, list[UnitScore]] = defaultdict(list)
    for row in school_rows:
        by_cell[(row.indicator_id, row.respondent_group)].append(row)
    programme = {
        (row.indicator_id, row.respondent_group): row.score
        for row in rows.filter(level=Level.PROGRAMME, suppressed=False)
    }
    result: dict[str, YourData | None] = {}
    for block in blocks:
        indicator = block.value["indicator"]
        key = (indicator.pk if indicator else None, block.value["respondent_group"])
        found = sorted(by_cell.get(key, []), key=lambda row: row.institution.name)
        result[block.id] = YourData(
            round_label=mapping_round.label,
            respondent_group_label=_group_label(block),
            schools=[
                SchoolScore(
                    row.institution.name,
                    None if row.suppressed else row.score,
                    None if row.suppressed else row.ci_low,
                    None if row.suppressed else row.ci_high,
                )
                for row in found
            ],
            programme_score=programme.get(key),
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

    own_reflections: dict = {}
    teammates: dict = {}
    own_checks: dict = {}
    is_read = False
    if authenticated:
        own_reflections, teammates = _reflections(
            user=user,
            page=page,
            block_ids=[b.id for b in by_type["reflection"]],
            team_ids=team_ids,
        )
        if by_type["check"]:
            own_checks = {
                answer.block_id: answer
                for answer in CheckAnswer.objects.filter(user=user, page=page)
            }
        is_read = ModuleCompletion.objects.filter(user=user, module=page).exists()
    embeds = _video_embeds({b.value["video"].url for b in by_type["video"] if b.value["video"]})
    your_data = _your_data(by_type["your_data"], user)

    items = []
    for block in stream:
        kind = block.block_type
        data = None
        if kind == "reflection":
            data = ReflectionData(
                answer=own_reflections.get(block.id),
                teammates=teammates.get(block.id, []),
                show_teammates=bool(team_ids),
                error=errors.get(block.id, ""),
                draft=drafts.get(block.id),
            )
        elif kind == "check":
            answer = own_checks.get(block.id)
            options = list(block.value["options"])
            chosen = None
            if answer is not None and answer.option < len(options):
                chosen = options[answer.option]
            data = CheckData(answer=answer, chosen=chosen, error=errors.get(block.id, ""))
        elif kind == "your_data":
            data = your_data.get(block.id)
        elif kind == "video":
            video = block.value["video"]
            data = VideoData(embed_html=embeds.get(video.url, "") if video else "")
        items.append(BlockItem(block, data))

    interactive = [b.id for b in stream if b.block_type in INTERACTIVE_BLOCK_TYPES]
    answered = sum(
        1 for block_id in interactive if block_id in own_reflections or block_id in own_checks
    )
    assignments = list(page.get_children().live().type(ModuleAssignmentPage).specific())
    return ModulePageData(
        items=items,
        progress=Progress(answered=answered, total=len(interactive), is_read=is_read),
        is_team_member=bool(team_ids),
        assignments=assignments,
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
    package: CompetencePackage
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


def my_modules(*, user) -> list[TeamModules]:
    """Per team the person is on: the modules it is enrolled in, with own and team progress."""
    team_ids = held_roles(user).team_ids
    if not team_ids:
        return []
    teams = list(
        Team.objects.filter(pk__in=team_ids).select_related("institution").order_by("name")
    )
    choice_teams = PackageChoice.teams.through.objects.filter(team_id__in=team_ids).values_list(
        "team_id", "packagechoice_id"
    )
    choices_by_team: dict[int, set[int]] = defaultdict(set)
    for team_id, choice_id in choice_teams:
        choices_by_team[team_id].add(choice_id)
    choice_ids = set().union(*choices_by_team.values()) if choices_by_team else set()
    plans = list(
        ModulePlan.objects.filter(choice_id__in=choice_ids, module__live=True)
        .select_related("module", "choice__package")
        .order_by("starts_on", "module__path")
    )
    memberships = list(
        TeamMembership.objects.filter(team_id__in=team_ids)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    )
    members_by_team: dict[int, list] = defaultdict(list)
    for membership in memberships:
        members_by_team[membership.team_id].append(membership.user)
    modules = list({plan.module_id: plan.module for plan in plans}.values())
    progress = progress_by_person(
        modules=modules, user_ids={membership.user_id for membership in memberships}
    )
    result = []
    for team in teams:
        rows = []
        seen: set[int] = set()
        for plan in plans:
            if plan.choice_id not in choices_by_team[team.pk] or plan.module_id in seen:
                continue
            seen.add(plan.module_id)
            rows.append(
                ModuleRow(
                    module=plan.module,
                    package=plan.choice.package,
                    starts_on=plan.starts_on,
                    due_on=plan.due_on,
                    own=progress[(user.pk, plan.module_id)],
                    members=[
                        MemberProgress(
                            str(member), member.pk == user.pk, progress[(member.pk, plan.module_id)]
                        )
                        for member in members_by_team[team.pk]
                    ],
                )
            )
        result.append(TeamModules(team, rows))
    return result
