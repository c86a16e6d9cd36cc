"""Progress: answered interactive blocks and "read", per person and per team member."""

from django.urls import reverse

from lms.overview import links_for
from lms.selectors import Place
from modules.models import CheckAnswer, ModuleCompletion, ReflectionAnswer
from modules.selectors import my_modules


def test_progress_counts_the_persons_answers_and_read_mark(programme, content, block_ids):
    teacher, coordinator = programme.people["teacher"], programme.people["coordinator"]
    reflection_id = block_ids(content.module, "reflection")[0]
    check_id = block_ids(content.module, "check")[0]
    ReflectionAnswer.objects.create(
        user=teacher, page=content.module, block_id=reflection_id, text="a"
    )
    CheckAnswer.objects.create(
        user=coordinator, page=content.module, block_id=check_id, option=0, correct=True
    )
    ReflectionAnswer.objects.create(
        user=coordinator, page=content.module, block_id=reflection_id, text="b"
    )
    ModuleCompletion.objects.create(user=coordinator, module=content.module)
    # an answer to a block the author has since removed does not count
    ReflectionAnswer.objects.create(user=teacher, page=content.module, block_id="gone", text="c")

    (entry,) = my_modules(user=teacher)
    assert entry.team == programme.team
    (row,) = entry.modules
    assert row.module.pk == content.module.pk
    assert (row.own.answered, row.own.total, row.own.is_read) == (1, 2, False)
    by_name = {member.name: member.progress for member in row.members}
    assert (by_name[str(coordinator)].answered, by_name[str(coordinator)].is_read) == (2, True)
    assert by_name[str(coordinator)].is_done
    assert not by_name[str(teacher)].is_done


def test_my_modules_page_shows_plans_and_team_table(client_for, programme, content, block_ids):
    teacher = programme.people["teacher"]
    ReflectionAnswer.objects.create(
        user=teacher,
        page=content.module,
        block_id=block_ids(content.module, "reflection")[0],
        text="a",
    )
    html = client_for(teacher).get(reverse("modules:my_modules")).content.decode()
    assert "<h1>" in html and html.count("<h1") == 1
    assert "Modul 1: Feedback" in html and "Modul 2: Klasseledelse" not in html
    assert "Mellemtrinnet" in html and "Feedback" in html
    assert '<th scope="col">' in html and "<caption>" in html
    assert str(programme.people["coordinator"]) in html
    assert "1 of 2" in html or "1 af 2" in html  # label text; the lead translates it
    assert content.module.url in html


def test_my_modules_for_someone_without_a_team(client_for, programme, content):
    response = client_for(programme.people["leader"]).get(reverse("modules:my_modules"))
    assert response.status_code == 200
    assert "Modul 1: Feedback" not in response.content.decode()


def test_other_teams_modules_are_not_listed(client_for, programme, content):
    html = client_for(programme.people["other_teacher"]).get(reverse("modules:my_modules"))
    html = html.content.decode()
    assert "Udskolingen" in html
    assert "Modul 1: Feedback" not in html


def test_the_module_page_shows_the_members_progress_and_assignments(
    client_for, programme, content, block_ids
):
    teacher = programme.people["teacher"]
    CheckAnswer.objects.create(
        user=teacher, page=content.module, block_id=block_ids(content.module, "check")[0],
        option=1, correct=False,
    )  # fmt: skip
    html = client_for(teacher).get(content.module.url).content.decode()
    assert 'id="progress"' in html
    assert "1 of 2" in html or "1 af 2" in html  # label text; the lead translates it
    assert f'href="{content.assignment.url}"' in html


def test_mit_overblik_links_team_members_to_their_modules(programme, content):
    url = reverse("modules:my_modules")
    place = Place(kind="team", obj=programme.team)
    assert url in [link.url for link in links_for(programme.people["teacher"], place)]
    assert url not in [link.url for link in links_for(programme.people["leader"], place)]
    school = Place(kind="institution", obj=programme.school)
    assert url not in [link.url for link in links_for(programme.people["teacher"], school)]
