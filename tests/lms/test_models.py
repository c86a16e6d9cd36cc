import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from lms import services
from lms.errors import ServiceError
from lms.factories import InstitutionFactory, MunicipalityFactory, SchoolClassFactory, UserFactory
from lms.models import Institution, Municipality, RoleAssignment
from lms.roles import Role


@pytest.mark.django_db
def test_codes_are_validated_as_text_with_leading_zeros():
    municipality = Municipality(code="061", name="Test")
    municipality.full_clean()  # leading zero kept and valid
    with pytest.raises(ValidationError) as excinfo:
        Municipality(code="61", name="Test").full_clean()
    assert "code" in excinfo.value.message_dict
    municipality.save()
    with pytest.raises(ValidationError) as excinfo:
        Institution(municipality=municipality, number="12345", name="X").full_clean()
    assert "number" in excinfo.value.message_dict


@pytest.mark.django_db
def test_class_code_is_unique_within_its_school_only():
    school_class = SchoolClassFactory(code="5A", grade=5)
    SchoolClassFactory(code="5A", grade=5, institution=InstitutionFactory())
    with pytest.raises(IntegrityError):
        type(school_class).objects.create(institution=school_class.institution, code="5A")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "place", "error_field"),
    [
        (Role.TEACHER, None, "institution"),
        (Role.SCHOOL_LEADER, "municipality", "institution"),
        (Role.MUNICIPAL_COORDINATOR, "institution", "municipality"),
        (Role.MUNICIPAL_COORDINATOR, None, "municipality"),
        (Role.CONTENT_AUTHOR, "institution", "__all__"),
        (Role.PROGRAMME_ADMIN, "municipality", "__all__"),
    ],
)
def test_each_role_is_held_in_the_right_kind_of_place(role, place, error_field):
    school = InstitutionFactory()
    places = {
        None: {},
        "institution": {"institution": school},
        "municipality": {"municipality": school.municipality},
    }
    with pytest.raises(ServiceError) as excinfo:
        services.role_assign(user=UserFactory(), role=role, **places[place])
    fields = {problem.field or "__all__" for problem in excinfo.value.problems}  # None: the form
    assert error_field in fields


@pytest.mark.django_db
def test_one_person_holds_several_roles_in_several_places():
    person = UserFactory()
    school, other = InstitutionFactory(), InstitutionFactory()
    services.role_assign(user=person, role=Role.SCHOOL_LEADER, institution=school)
    services.role_assign(user=person, role=Role.LOCAL_RESOURCE_PERSON, institution=other)
    services.role_assign(user=person, role=Role.CONTENT_AUTHOR)
    again = services.role_assign(user=person, role=Role.SCHOOL_LEADER, institution=school)
    assert RoleAssignment.objects.filter(user=person).count() == 3
    assert again.municipality == school.municipality


@pytest.mark.django_db
def test_role_assignment_in_programme_is_unique_in_the_database():
    person = UserFactory()
    RoleAssignment.objects.create(user=person, role=Role.CONTENT_AUTHOR)
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=person, role=Role.CONTENT_AUTHOR)


@pytest.mark.django_db
def test_a_leader_joining_a_team_does_not_become_a_teacher():
    school = InstitutionFactory(municipality=MunicipalityFactory())
    leader = UserFactory()
    services.role_assign(user=leader, role=Role.SCHOOL_LEADER, institution=school)
    team = services.team_create(institution=school, name="Indskolingen")
    services.team_member_add(team=team, user=leader, is_coordinator=True)
    roles = set(RoleAssignment.objects.filter(user=leader).values_list("role", flat=True))
    assert roles == {Role.SCHOOL_LEADER}


@pytest.mark.django_db
def test_users_log_in_by_lowercased_email():
    user = services.user_create(email="  Lene.M@Demo.DK ", password="x-long-password")
    assert user.email == "lene.m@demo.dk"
    assert user.uniid is None
