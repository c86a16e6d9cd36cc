"""Demo content: COK's packages in Danish, and the demo schools' choices. Idempotent.

`seed_packages()` builds the catalogue from `demo_content` through Wagtail's page API and
publishes a new revision only where the content differs from what is live, so running it again
changes nothing (and keeps the StreamField block ids, which per-person answers refer to).
`seed_choices()` reads each demo school's weak areas in the latest round and records the
package choices, module plans and SMART goals a school leader would have made.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

from django.db import transaction
from django.utils import translation
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page, Site

from lms.models import Institution, RoleAssignment, Team
from modules.models import ModuleAssignmentPage, ModulePage
from profiles_link.generator import INDICATORS
from profiles_link.models import Indicator, MappingRound, UnitScore
from profiles_link.selectors import WeakArea, latest_round, weak_areas_for_school

from . import demo_content as content
from .models import (
    CompetencePackage,
    ModulePlan,
    PackageCatalogue,
    PackageChoice,
    PackageIndicator,
    SmartGoal,
)

# Stable StreamField block ids: uuid5 of the package code, module slug, block type and count.
_BLOCK_NAMESPACE = uuid.UUID("6f1f8f0e-3c1b-4d6e-9a51-6c0b7d1e2a40")


# --------------------------------------------------------------------------- packages


def _indicators() -> dict[str, Indicator]:
    """The instrument's indicators, created when no mapping round has been imported yet."""
    existing = Indicator.objects.in_bulk(field_name="code")
    for spec in INDICATORS:
        if spec.code not in existing:
            existing[spec.code] = Indicator.objects.create(
                code=spec.code, name_da=spec.name_da, name_en=spec.name_en
            )
    return existing


def _block_id(*parts: object) -> str:
    return str(uuid.uuid5(_BLOCK_NAMESPACE, "/".join(str(p) for p in parts)))


def _stream_data(package_code: str, module: content.ModuleSpec, indicators) -> list[dict]:
    """The module body as StreamField raw data, in the shape Wagtail stores it."""
    data = []
    seen: dict[str, int] = {}
    for block_type, value in module.body:
        # Keyed by type and occurrence, so adding a block elsewhere in the module keeps the
        # other blocks' ids (answers saved against a reflection stay with that reflection).
        seen[block_type] = seen.get(block_type, 0) + 1
        block_id = _block_id(package_code, module.slug, block_type, seen[block_type])
        if block_type == "your_data":
            value = {**value, "indicator": indicators[value["indicator"]].pk}
        elif block_type == "check":
            value = {
                **value,
                "options": [
                    {"type": "item", "value": option, "id": _block_id(block_id, position)}
                    for position, option in enumerate(value["options"])
                ],
            }
        data.append({"type": block_type, "value": value, "id": block_id})
    return data


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _upsert_child(parent: Page, model: type[Page], page: Page | None, slug: str, **fields):
    """Create `page` under `parent`, or bring an existing one up to date; publish on change."""
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
        _publish(page)
        return page
    changed = page.slug != slug or not page.live or page.has_unpublished_changes
    for name, value in fields.items():
        current = getattr(page, name)
        if name == "body":
            current = list(current.raw_data)
        if current != value:
            changed = True
            setattr(page, name, value)
    if changed:
        page.slug = slug
        page.save()
        _publish(page)
    return page


def _child(parent: Page, model: type[Page], slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _embeds() -> None:
    """Static embeds for the demo videos, so no page ever asks YouTube for them."""
    wanted = {get_embed_hash(video.url): video for video in content.VIDEOS}
    existing = set(Embed.objects.filter(hash__in=list(wanted)).values_list("hash", flat=True))
    Embed.objects.bulk_create(
        [
            Embed(
                hash=embed_hash,
                url=video.url,
                type="video",
                html=(
                    f'<iframe width="560" height="315" title="{video.title}" '
                    f'src="https://www.youtube-nocookie.com/embed/{video.youtube_id}" '
                    'allow="encrypted-media; picture-in-picture; fullscreen" '
                    'loading="lazy" allowfullscreen></iframe>'
                ),
                title=video.title,
                provider_name="YouTube",
                thumbnail_url=f"https://i.ytimg.com/vi/{video.youtube_id}/hqdefault.jpg",
                width=560,
                height=315,
            )
            for embed_hash, video in wanted.items()
            if embed_hash not in existing
        ]
    )


def _targets(package: CompetencePackage, spec: content.PackageSpec, indicators) -> None:
    wanted = {indicators[code].pk: weight for code, weight in spec.targets}
    current = {t.indicator_id: t for t in package.target_indicators.all()}
    for indicator_id, target in current.items():
        if indicator_id not in wanted:
            target.delete()
    for order, (indicator_id, weight) in enumerate(wanted.items()):
        target = current.get(indicator_id)
        if target is None:
            PackageIndicator.objects.create(
                package=package, indicator_id=indicator_id, weight=weight, sort_order=order
            )
        elif (target.weight, target.sort_order) != (weight, order):
            target.weight, target.sort_order = weight, order
            target.save(update_fields=["weight", "sort_order"])


def _package(catalogue: PackageCatalogue, spec: content.PackageSpec, indicators) -> None:
    package = _upsert_child(
        catalogue,
        CompetencePackage,
        CompetencePackage.objects.filter(code=spec.code).first()
        or _child(catalogue, CompetencePackage, spec.slug),
        spec.slug,
        title=spec.title,
        code=spec.code,
        summary=spec.summary,
        audience=spec.audience,
        estimated_weeks=spec.estimated_weeks,
        intro=spec.intro,
    )
    _targets(package, spec, indicators)
    for module_spec in spec.modules:
        module = _upsert_child(
            package,
            ModulePage,
            _child(package, ModulePage, module_spec.slug),
            module_spec.slug,
            title=module_spec.title,
            kind=module_spec.kind,
            body=_stream_data(spec.code, module_spec, indicators),
        )
        for assignment in module_spec.assignments:
            _upsert_child(
                module,
                ModuleAssignmentPage,
                _child(module, ModuleAssignmentPage, assignment.slug),
                assignment.slug,
                title=assignment.title,
                task=assignment.task,
                hand_in=assignment.hand_in,
                suggested_duration_weeks=assignment.weeks,
                file_expected=assignment.file_expected,
            )


def _page_order(parent: Page, slugs: list[str]) -> None:
    """Keep the children in the content's order (modules are taken in tree order)."""
    children = list(parent.get_children().specific())
    by_slug = {child.slug: child for child in children}
    ordered = [by_slug[slug] for slug in slugs if slug in by_slug]
    current = [child for child in children if child.slug in slugs]
    if [c.pk for c in current] == [c.pk for c in ordered]:
        return
    for child in ordered:
        child.move(parent, pos="last-child")


@transaction.atomic
def seed_packages() -> None:
    """Create or update the demo packages, modules and module assignments."""
    indicators = _indicators()
    _embeds()
    root = Site.objects.get(is_default_site=True).root_page
    catalogue = _upsert_child(
        root,
        PackageCatalogue,
        _child(root, PackageCatalogue, content.CATALOGUE_SLUG),
        content.CATALOGUE_SLUG,
        title=content.CATALOGUE_TITLE,
        intro=content.CATALOGUE_INTRO,
    )
    for spec in content.PACKAGES:
        _package(catalogue, spec, indicators)
        package = CompetencePackage.objects.get(code=spec.code)
        _page_order(package, [module.slug for module in spec.modules])


# --------------------------------------------------------------------------- choices

# Aars Skole's choice is the programme's own story: the boys' faglig trivsel.
AARS = "773001"
AARS_PACKAGE = "FK-01"
AARS_TEAMS = ["Mellemtrinnet", "Udskolingen"]
AARS_STARTS_ON = date(2026, 9, 28)  # two weeks after the T2 mapping
# The other demo schools choose from their own top weak area, for these teams.
OTHER_SCHOOL_TEAMS = {
    "615001": ["Mellemtrinnet", "Indskolingen"],
    "615002": ["Mellemtrinnet", "Udskolingen"],
    "773002": ["Indskolingen", "Mellemtrinnet"],
}
OTHER_STARTS_ON = date(2026, 10, 19)  # after the autumn holiday
GOAL_RISE = 17  # points on the 500-scale to the next round: the programme's 492 → 510 scale


# School holidays of the demo year (autumn, Christmas, winter): no module starts or falls due
# in them, and a module that spans one gets the holiday weeks added.
SCHOOL_HOLIDAYS = (
    (date(2026, 10, 12), date(2026, 10, 18)),
    (date(2026, 12, 21), date(2027, 1, 3)),
    (date(2027, 2, 15), date(2027, 2, 21)),
)


def _working_window(start: date, weeks: int) -> tuple[date, date]:
    """(first day, the Monday after) for `weeks` school weeks from `start`."""
    for first, last in SCHOOL_HOLIDAYS:
        if first <= start <= last:
            start = last + timedelta(days=1)
    end = start + timedelta(weeks=weeks)
    for first, last in SCHOOL_HOLIDAYS:
        if start < first < end:
            end += last - first + timedelta(days=1)
    return start, end


def _module_schedule(
    package: CompetencePackage, starts_on: date
) -> list[tuple[ModulePage, date, date]]:
    """Modules one after another from a Monday: 2 weeks for introduction and closing, the
    longest suggested assignment duration (3–4 weeks) for a content module; due on a Friday."""
    modules = list(ModulePage.objects.child_of(package).live().order_by("path"))
    weeks_by_module: dict[int, int] = {}
    for assignment in ModuleAssignmentPage.objects.descendant_of(package).live():
        module_id = next(m.pk for m in modules if assignment.path.startswith(m.path))
        weeks = assignment.suggested_duration_weeks
        weeks_by_module[module_id] = max(weeks_by_module.get(module_id, 0), weeks)
    schedule = []
    next_start = starts_on
    for module in modules:
        if module.kind == ModulePage.Kind.CONTENT:
            weeks = min(max(weeks_by_module.get(module.pk, 3), 3), 4)
        else:
            weeks = 2
        start, next_start = _working_window(next_start, weeks)
        schedule.append((module, start, next_start - timedelta(days=3)))
    return schedule


def _next_round_label(label: str) -> str:
    match = re.fullmatch(r"(\D*)(\d+)", label)
    if match is None:
        return f"{label}+1"
    return f"{match.group(1)}{int(match.group(2)) + 1}"


def _snapshot(areas: list[WeakArea]) -> list[dict]:
    return [
        {
            "indicator": area.indicator.code,
            "respondent_group": area.respondent_group,
            "subgroup": area.subgroup,
            "kind": area.kind,
            "score": round(area.score, 1),
            "benchmark": round(area.benchmark, 1),
            "gap": round(area.gap, 1),
        }
        for area in areas
    ]


def _school_score(institution, mapping_round, indicator, respondent_group, subgroup):
    return (
        UnitScore.objects.filter(
            round=mapping_round,
            level="school",
            institution=institution,
            indicator=indicator,
            respondent_group=respondent_group,
            subgroup=subgroup,
            suppressed=False,
        )
        .values_list("score", flat=True)
        .first()
    )


def _leader(institution):
    assignment = (
        RoleAssignment.objects.filter(
            institution=institution, role=RoleAssignment.Role.SCHOOL_LEADER
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _choose(
    *,
    institution: Institution,
    package: CompetencePackage,
    team_names: list[str],
    starts_on: date,
    areas: list[WeakArea],
    goal_area: WeakArea | None,
    mapping_round: MappingRound,
    note: str,
) -> PackageChoice:
    schedule = _module_schedule(package, starts_on)
    ends_on = schedule[-1][2] if schedule else starts_on
    values = {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "weak_areas": _snapshot(areas),
        "note": note,
        "chosen_by": _leader(institution),
    }
    # The first choice of the package at the school is the demo's (a leader may add more).
    choice = (
        PackageChoice.objects.filter(institution=institution, package=package)
        .order_by("pk")
        .first()
    )
    if choice is None:
        choice = PackageChoice.objects.create(institution=institution, package=package, **values)
    else:
        for name, value in values.items():
            setattr(choice, name, value)
        choice.save()
    choice.teams.set(Team.objects.filter(institution=institution, name__in=team_names))
    for module, module_starts_on, due_on in schedule:
        ModulePlan.objects.update_or_create(
            choice=choice,
            module=module,
            defaults={"starts_on": module_starts_on, "due_on": due_on},
        )
    ModulePlan.objects.filter(choice=choice).exclude(
        module__in=[module for module, *_dates in schedule]
    ).delete()
    if goal_area is not None:
        baseline = _school_score(
            institution,
            mapping_round,
            goal_area.indicator,
            goal_area.respondent_group,
            goal_area.subgroup,
        )
        baseline = round(goal_area.score if baseline is None else baseline, 1)
        SmartGoal.objects.update_or_create(
            choice=choice,
            indicator=goal_area.indicator,
            respondent_group=goal_area.respondent_group,
            subgroup=goal_area.subgroup,
            defaults={
                "baseline_round": mapping_round,
                "baseline_score": baseline,
                "target_score": float(round(baseline) + GOAL_RISE),
                "target_round_label": _next_round_label(mapping_round.label),
            },
        )
    return choice


def _targeted(package: CompetencePackage) -> dict[str, int]:
    return {
        t.indicator.code: t.weight for t in package.target_indicators.select_related("indicator")
    }


def _best_package(
    packages: list[CompetencePackage], areas: list[WeakArea]
) -> CompetencePackage | None:
    """The school-team package that weighs the school's top weak area most (ties: the one that
    answers more of its other weak areas, then the shorter title)."""
    targets = {package.pk: _targeted(package) for package in packages}
    for area in areas:
        code = area.indicator.code
        candidates = [p for p in packages if code in targets[p.pk]]
        if candidates:
            return max(
                candidates,
                key=lambda p: (
                    targets[p.pk][code],
                    sum(a.gap * targets[p.pk].get(a.indicator.code, 0) for a in areas),
                    -len(p.title),
                ),
            )
    return None


@transaction.atomic
def seed_choices() -> None:
    """The demo schools' package choices, linked to their weak areas, with SMART goals."""
    mapping_round = latest_round()
    if mapping_round is None:
        return
    packages = list(
        CompetencePackage.objects.live().filter(audience=CompetencePackage.Audience.SCHOOL_TEAMS)
    )
    by_code = {package.code: package for package in packages}
    schools = Institution.objects.filter(number__in=[AARS, *OTHER_SCHOOL_TEAMS]).order_by("number")
    for institution in schools:
        areas = weak_areas_for_school(institution=institution, mapping_round=mapping_round)
        if not areas:
            continue
        if institution.number == AARS:
            package = by_code.get(AARS_PACKAGE)
            if package is None:
                continue
            targeted = _targeted(package)
            answered = [a for a in areas if a.indicator.code in targeted]
            goal_area = next(
                (a for a in answered if a.indicator.code == "FAG" and a.subgroup == "boy"),
                answered[0] if answered else None,
            )
            _choose(
                institution=institution,
                package=package,
                team_names=AARS_TEAMS,
                starts_on=AARS_STARTS_ON,
                areas=answered,
                goal_area=goal_area,
                mapping_round=mapping_round,
                note=(
                    f"Valgt på baggrund af {mapping_round.label}: drengenes faglige trivsel "
                    "ligger under pigernes. Mellemtrinnet og udskolingen arbejder med feedback "
                    "og klasseledelse med særligt blik for drengene."
                ),
            )
            continue
        package = _best_package(packages, areas)
        if package is None:
            continue
        targeted = _targeted(package)
        answered = [a for a in areas if a.indicator.code in targeted]
        with translation.override("da"):
            explanation = answered[0].explanation
        _choose(
            institution=institution,
            package=package,
            team_names=OTHER_SCHOOL_TEAMS[institution.number],
            starts_on=OTHER_STARTS_ON,
            areas=answered,
            goal_area=answered[0],
            mapping_round=mapping_round,
            note=f"Valgt på baggrund af {mapping_round.label}: {explanation}",
        )
