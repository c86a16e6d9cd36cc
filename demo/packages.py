"""The package catalogue as Wagtail pages: packages, modules and module assignments.

Pages are built through Wagtail's page API, and a new revision is published only where the
content differs from what is live, so seeding again changes nothing. StreamField block ids are
derived from the package, module, block type and occurrence, so they stay the same from run to
run (per-person answers refer to them).
"""

from __future__ import annotations

import uuid

from django.db import transaction
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page, Site

from competence_packages.models import CompetencePackage, PackageCatalogue, PackageIndicator
from modules.models import ModuleAssignmentPage, ModulePage
from profiles_link.models import Indicator

from .catalogue import CatalogueSpec, ModuleSpec, PackageSpec
from .mapping import INDICATORS

# Stable StreamField block ids: uuid5 of the package code, module slug, block type and count.
_BLOCK_NAMESPACE = uuid.UUID("6f1f8f0e-3c1b-4d6e-9a51-6c0b7d1e2a40")


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


def _stream_data(package_code: str, module: ModuleSpec, indicators) -> list[dict]:
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


def _embeds(catalogue: CatalogueSpec) -> None:
    """Static embeds for the demo videos, so no page ever asks YouTube for them."""
    wanted = {get_embed_hash(video.url): video for video in catalogue.videos}
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


def _targets(package: CompetencePackage, spec: PackageSpec, indicators) -> None:
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


def _package(catalogue: PackageCatalogue, spec: PackageSpec, indicators) -> None:
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
def seed_packages(spec: CatalogueSpec) -> None:
    """Create or update the demo packages, modules and module assignments."""
    indicators = _indicators()
    _embeds(spec)
    root = Site.objects.get(is_default_site=True).root_page
    catalogue = _upsert_child(
        root,
        PackageCatalogue,
        _child(root, PackageCatalogue, spec.slug),
        spec.slug,
        title=spec.title,
        intro=spec.intro,
    )
    for package_spec in spec.packages:
        _package(catalogue, package_spec, indicators)
        package = CompetencePackage.objects.get(code=package_spec.code)
        _page_order(package, [module.slug for module in package_spec.modules])
