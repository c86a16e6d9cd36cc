"""Issue #4's first "done when", in one story: authored in /cms/, approved by a second author,
chosen by one school, and then seen by that school's teams and by no one else's."""

from datetime import date

import pytest
from django.urls import reverse
from test_authoring_workflow import approve_url, submit_tree

from competence_packages.models import ModulePlan, PackageChoice
from lms import services
from lms.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_an_approved_package_reaches_the_teams_of_the_school_that_chose_it(
    programme, catalogue, second_author, client
):
    client.force_login(programme.people["author"])
    package, module, assignment = submit_tree(client, catalogue)

    # Waiting for approval: not even an enrolled team could read it, because it is not live.
    for page in (package, module, assignment):
        page.refresh_from_db()
        assert not page.live

    client.force_login(second_author)
    for page in (package, module, assignment):
        assert client.post(approve_url(page), {"comment": "Godkendt"}).status_code == 302
        page.refresh_from_db()
        assert page.live

    # Aars Skole chooses the package for one of its teams.
    choice = PackageChoice.objects.create(
        institution=programme.school,
        package=package,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 18),
        chosen_by=programme.people["leader"],
    )
    choice.teams.add(programme.team)
    ModulePlan.objects.create(
        choice=choice, module=module, starts_on=date(2026, 9, 1), due_on=date(2026, 10, 1)
    )

    # A team at a school that did not choose it, in another municipality.
    far_team = TeamFactory(institution=programme.far_school, name="Fjernteamet")
    services.team_member_add(team=far_team, user=programme.people["far_teacher"])

    client.force_login(programme.people["teacher"])
    for page in (module, assignment):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
    assert module.title in client.get(reverse("modules:my_modules")).content.decode()

    for person in ("far_teacher", "other_teacher"):  # other school; same school, other team
        client.force_login(programme.people[person])
        for page in (module, assignment):
            assert client.get(page.url).status_code == 403, (person, page.url)
        assert module.title not in client.get(reverse("modules:my_modules")).content.decode()
