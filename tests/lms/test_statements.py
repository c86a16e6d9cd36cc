"""Statements built once (lms.statements): the same rows and objects as the ORM's own query,
for any values, from SQL compiled once."""

from datetime import datetime

from wagtail.models import Page

from lms.factories import TeamFactory
from lms.models import Team, User
from lms.statements import BuiltOnce


def test_each_value_is_put_where_its_stand_in_stood(programme):
    both = BuiltOnce(
        lambda team, school: Team.objects.filter(pk=team, institution=school).values_list("pk")
    )
    team, other_team = programme.team, programme.other_team
    assert both.rows(team.pk, programme.school.pk) == [(team.pk,)]
    assert both.rows(team.pk, programme.other_school.pk) == []  # the second value counts
    school_of_other = other_team.institution_id
    assert both.rows(other_team.pk, school_of_other) == [(other_team.pk,)]


def test_the_statement_is_built_once_and_run_with_new_values(programme):
    built = []

    def build(pk):
        built.append(pk)
        return Team.objects.filter(pk=pk)

    statement = BuiltOnce(build)
    assert statement.first(programme.team.pk).name == programme.team.name
    assert statement.first(programme.other_team.pk).name == programme.other_team.name
    assert statement.first(-1) is None
    assert len(built) == 1


def test_objects_come_with_what_the_statement_selects_related(programme, django_assert_num_queries):
    statement = BuiltOnce(
        lambda pk: Team.objects.select_related("institution__municipality").filter(pk=pk)
    )
    statement.first(programme.team.pk)  # compiled outside the count
    with django_assert_num_queries(1):
        team = statement.first(programme.team.pk)
        assert team.institution.municipality.code == "820"
    assert team == Team.objects.get(pk=programme.team.pk)
    assert not team._state.adding
    team.name = "Storskoleteamet"
    team.save(update_fields=["name"])  # a proper object: it saves as one read by the ORM
    assert Team.objects.get(pk=team.pk).name == "Storskoleteamet"


def test_several_objects_in_the_statements_order(programme):
    extra = TeamFactory(institution=programme.school, name="Aaa")
    statement = BuiltOnce(
        lambda school: Team.objects.filter(institution=school).order_by("name", "pk")
    )
    expected = list(Team.objects.filter(institution=programme.school).order_by("name", "pk"))
    assert statement.objects(programme.school.pk) == expected
    assert statement.objects(programme.school.pk)[0] == extra


def test_values_are_converted_as_the_orm_converts_them(programme):
    person = programme.people["teacher"]
    statement = BuiltOnce(lambda pk: User.objects.filter(pk=pk).values_list("date_joined"))
    (joined,) = statement.converted_rows(person.pk)[0]
    assert isinstance(joined, datetime)  # on SQLite the database answers with text
    assert joined == User.objects.get(pk=person.pk).date_joined


def test_a_wagtail_page_by_its_32_bit_id(db):
    root = Page.objects.get(depth=1)
    statement = BuiltOnce(lambda pk: Page.objects.filter(pk=pk))
    assert statement.first(root.pk) == root
    assert statement.first(root.pk + 10_000) is None
