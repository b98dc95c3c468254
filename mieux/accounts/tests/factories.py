"""Factories for accounts (and the geography institutions point to)."""

import factory

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.geo.models import Country, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "LAC"
    name_en = "Latin America & the Caribbean"


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    iso2 = "PE"
    iso3 = factory.LazyAttribute(lambda country: f"{country.iso2}X")
    numeric = factory.Sequence(lambda n: f"{900 + n % 100:03d}")
    name_en = factory.LazyAttribute(lambda country: f"Country {country.iso2}")
    region = factory.SubFactory(RegionFactory)
    is_oda_eligible = True


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Ministry {n}")
    kind = InstitutionKind.NATIONAL_AUTHORITY
    country = factory.SubFactory(CountryFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")


class StaffUserFactory(UserFactory):
    """A project officer of the facility."""

    class Meta:
        skip_postgeneration_save = True

    is_staff = True
    membership = factory.RelatedFactory(
        "mieux.accounts.tests.factories.MembershipFactory",
        factory_related_name="user",
        role=Role.PROJECT_OFFICER,
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.PROJECT_OFFICER
    institution = None
