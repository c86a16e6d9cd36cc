"""factory_boy factories for organisations and people; used by tests and seed_demo."""

import factory

from .models import (
    Institution,
    Invitation,
    Municipality,
    RoleAssignment,
    SchoolClass,
    Team,
    TeamMembership,
    User,
)

DEFAULT_PASSWORD = "demo1234"  # noqa: S105 - test and demo accounts only


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.dk")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{100 + n % 900:03d}")
    name = factory.Sequence(lambda n: f"Kommune {n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("number",)

    municipality = factory.SubFactory(MunicipalityFactory)
    number = factory.Sequence(lambda n: f"{100000 + n:06d}")
    name = factory.Sequence(lambda n: f"Skole {n}")
    kind = Institution.Kind.SCHOOL


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass
        django_get_or_create = ("institution", "code")

    institution = factory.SubFactory(InstitutionFactory)
    grade = factory.Sequence(lambda n: n % 10)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.grade}{'ABCDEFGH'[n % 8]}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("institution", "name")

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership
        django_get_or_create = ("team", "user")

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    is_coordinator = False


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    """Prefer lms.services.role_assign in code; this factory skips the admin-access sync."""

    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = RoleAssignment.Role.TEACHER
    institution = factory.SubFactory(InstitutionFactory)
    municipality = factory.LazyAttribute(
        lambda o: o.institution.municipality if o.institution else None
    )


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    user = factory.SubFactory(UserFactory)
