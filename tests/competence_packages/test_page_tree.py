import pytest
from wagtail.models import Page, Site

from competence_packages.models import CompetencePackage, PackageCatalogue, PackageIndicator
from modules.models import ModuleAssignmentPage, ModulePage
from profiles_link.factories import IndicatorFactory


@pytest.mark.parametrize(
    ("child", "parent", "allowed"),
    [
        (PackageCatalogue, Page, True),
        (CompetencePackage, PackageCatalogue, True),
        (ModulePage, CompetencePackage, True),
        (ModuleAssignmentPage, ModulePage, True),
        (CompetencePackage, Page, False),
        (ModulePage, PackageCatalogue, False),
        (ModuleAssignmentPage, CompetencePackage, False),
        (ModulePage, ModulePage, False),
    ],
)
def test_the_tree_has_the_programmes_shape(db, child, parent, allowed):
    assert child.can_create_at(parent()) is allowed


@pytest.fixture
def package_tree(db):
    root = Site.objects.get(is_default_site=True).root_page
    catalogue = root.add_child(instance=PackageCatalogue(title="Kompetencepakker", slug="pakker"))
    package = catalogue.add_child(
        instance=CompetencePackage(
            title="Feedback og klasseledelse", slug="feedback", code="FK",
            summary="Feedback der flytter elevernes læring.",
        )
    )  # fmt: skip
    PackageIndicator.objects.create(
        package=package, indicator=IndicatorFactory(code="KLA"), weight=3
    )
    module = package.add_child(instance=ModulePage(title="Modul 1: Feedback", slug="modul-1"))
    assignment = module.add_child(
        instance=ModuleAssignmentPage(
            title="Modulopgave 1", slug="opgave-1", task="<p>Giv feedback</p>",
            hand_in="<p>En refleksion</p>",
        )
    )  # fmt: skip
    return catalogue, package, module, assignment


def test_pages_render_for_a_content_author(client_for, programme, package_tree):
    # Teachers read modules only once their team is enrolled (tests/modules/test_access.py).
    client = client_for(programme.people["author"])
    for page in package_tree:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()


def test_indicator_weights_stay_between_one_and_three(package_tree):
    from django.core.exceptions import ValidationError

    indicator = PackageIndicator.objects.get()
    indicator.weight = 4
    with pytest.raises(ValidationError):
        indicator.full_clean()
