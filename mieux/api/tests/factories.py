"""Small factories for the API tests; they do not depend on the reference-data loaders."""

import datetime

import factory

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.geo.models import Country, Grouping, Region
from mieux.portfolio.models import (
    Action,
    ActionStatus,
    Activity,
    Measurement,
    Output,
    ResultIndicator,
)
from mieux.taxonomy.models import ActivityType, GCMObjective, OutputType, Sector, ThematicArea


def _iso2(n: int) -> str:
    # "QA".."ZZ" is mostly unassigned or user-assigned ISO space: no clash with explicit codes.
    return chr(ord("Q") + (n // 26) % 10) + chr(ord("A") + n % 26)


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n}")
    name_en = factory.LazyAttribute(lambda o: f"Region {o.code}")


class CountryFactory(factory.django.DjangoModelFactory[Country]):
    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    iso2 = factory.Sequence(_iso2)
    iso3 = factory.LazyAttribute(lambda o: f"{o.iso2}X")
    # Letters, not digits: never the numeric code of a country a test creates explicitly.
    numeric = factory.Sequence(
        lambda n: "Z" + chr(ord("A") + (n // 26) % 26) + chr(ord("A") + n % 26)
    )
    name_en = factory.LazyAttribute(lambda o: f"Country {o.iso2}")
    region = factory.SubFactory(RegionFactory)
    is_oda_eligible = True


class GroupingFactory(factory.django.DjangoModelFactory[Grouping]):
    class Meta:
        model = Grouping

    code = factory.Sequence(lambda n: f"G{n}")
    acronym = factory.LazyAttribute(lambda o: o.code)
    name_en = factory.LazyAttribute(lambda o: f"Grouping {o.code}")
    region = factory.SubFactory(RegionFactory)


class ThematicAreaFactory(factory.django.DjangoModelFactory[ThematicArea]):
    class Meta:
        model = ThematicArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n}")
    name_en = factory.LazyAttribute(lambda o: f"Theme {o.code}")
    parent = None


class ActivityTypeFactory(factory.django.DjangoModelFactory[ActivityType]):
    class Meta:
        model = ActivityType
        django_get_or_create = ("code",)

    code = "workshop"
    name_en = "Workshop"
    name_es = "Taller"


class OutputTypeFactory(factory.django.DjangoModelFactory[OutputType]):
    class Meta:
        model = OutputType
        django_get_or_create = ("code",)

    code = "handbook"
    name_en = "Handbook"
    name_es = "Manual"


class GCMObjectiveFactory(factory.django.DjangoModelFactory[GCMObjective]):
    class Meta:
        model = GCMObjective
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n % 23 + 1)
    title = factory.LazyAttribute(lambda o: f"Objective {o.number}")


class SectorFactory(factory.django.DjangoModelFactory[Sector]):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = "15190"
    name = "Facilitation of orderly, safe, regular and responsible migration and mobility"
    category = "151"


class InstitutionFactory(factory.django.DjangoModelFactory[Institution]):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institution {n}")
    acronym = factory.Sequence(lambda n: f"I{n}")
    kind = InstitutionKind.NATIONAL_AUTHORITY
    country = None


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = "!"  # unusable: tests log in with force_login


class StaffUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def membership(user: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            Membership.objects.create(user=user, role=Role.PROJECT_OFFICER)


class PartnerUserFactory(UserFactory):
    @factory.post_generation
    def membership(
        user: User,
        create: bool,
        extracted: Institution | None,
        **kwargs: object,
    ) -> None:
        if create:
            Membership.objects.create(
                user=user,
                role=Role.PARTNER_FOCAL_POINT,
                institution=extracted or InstitutionFactory.create(),
            )


class ActionFactory(factory.django.DjangoModelFactory[Action]):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"action-{n}")
    name = factory.Sequence(lambda n: f"Action {n}")
    title = factory.LazyAttribute(lambda o: f"Title of {o.name}")
    region = factory.SubFactory(RegionFactory)
    pillar = factory.SubFactory(ThematicAreaFactory)
    status = ActionStatus.ONGOING
    start_date = datetime.date(2016, 4, 1)
    end_date = None
    language = "en"
    objective = "To strengthen capacities."
    is_public = True

    @factory.post_generation
    def countries(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def thematic_areas(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.thematic_areas.set(extracted)


class ActivityFactory(factory.django.DjangoModelFactory[Activity]):
    class Meta:
        model = Activity

    action = factory.SubFactory(ActionFactory)
    activity_type = factory.SubFactory(ActivityTypeFactory)
    title = factory.Sequence(lambda n: f"Activity {n}")
    start_date = datetime.date(2017, 3, 1)
    end_date = factory.LazyAttribute(lambda o: o.start_date)


class OutputFactory(factory.django.DjangoModelFactory[Output]):
    class Meta:
        model = Output

    action = factory.SubFactory(ActionFactory)
    output_type = factory.SubFactory(OutputTypeFactory)
    title = factory.Sequence(lambda n: f"Output {n}")


class ResultIndicatorFactory(factory.django.DjangoModelFactory[ResultIndicator]):
    class Meta:
        model = ResultIndicator

    action = factory.SubFactory(ActionFactory)
    kind = "officials_trained"
    name = "Government officials trained"
    unit = "people"


class MeasurementFactory(factory.django.DjangoModelFactory[Measurement]):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(ResultIndicatorFactory)
    measured_on = datetime.date(2018, 12, 31)
    value = 755
