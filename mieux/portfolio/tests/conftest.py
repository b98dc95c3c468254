"""Factories and page fixtures for the public pages' tests.

The data imitates the brochure's Latin America & Caribbean cards (Peru III, Mexico II, Costa Rica I)
but is built here, so these tests never depend on the reference or demo loaders.
"""

import datetime

import factory
import pytest
from django.test import Client

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.geo.models import Country, Grouping, Region
from mieux.portfolio.models import (
    Action,
    ActionStatus,
    Activity,
    ActivityStatus,
    IndicatorKind,
    Measurement,
    Output,
    OutputStatus,
    ResultIndicator,
)
from mieux.taxonomy.models import ActivityType, GCMObjective, OutputType, ThematicArea


def _letters(n: int) -> str:
    """Two-letter codes that no real fixture below uses: QA…QZ, WA…WZ, XA…, ZA…"""
    return "QWXZ"[n // 26 % 4] + chr(65 + n % 26)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:02d}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    iso2 = factory.Sequence(_letters)
    iso3 = factory.LazyAttribute(lambda country: f"{country.iso2}X")
    numeric = factory.Sequence(lambda n: f"{n % 1000:03d}")
    name_en = factory.Sequence(lambda n: f"Country {n}")
    region = factory.SubFactory(RegionFactory)
    is_oda_eligible = True


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ("code",)

    code = "workshop"
    name_en = "Workshop"
    name_es = "Taller"


class OutputTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutputType
        django_get_or_create = ("code",)

    code = "handbook"
    name_en = "Handbook or manual"
    name_es = "Manual"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institution {n}")
    kind = InstitutionKind.NATIONAL_AUTHORITY
    country = factory.SubFactory(CountryFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    slug = factory.Sequence(lambda n: f"action-{n}")
    name = factory.Sequence(lambda n: f"Action {n}")
    region = factory.SubFactory(RegionFactory)
    pillar = factory.SubFactory(ThematicAreaFactory, code="IMT", name_en="Irregular Migration")
    status = ActionStatus.ONGOING
    start_date = datetime.date(2017, 3, 1)
    context = "A context."
    objective = "An objective."
    result = "A result."


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    action = factory.SubFactory(ActionFactory)
    activity_type = factory.SubFactory(ActivityTypeFactory)
    title = factory.Sequence(lambda n: f"Activity {n}")
    status = ActivityStatus.DELIVERED
    start_date = datetime.date(2017, 5, 10)
    end_date = datetime.date(2017, 5, 12)


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    action = factory.SubFactory(ActionFactory)
    output_type = factory.SubFactory(OutputTypeFactory)
    title = factory.Sequence(lambda n: f"Output {n}")
    status = OutputStatus.DELIVERED
    delivered_on = datetime.date(2018, 1, 15)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultIndicator

    action = factory.SubFactory(ActionFactory)
    kind = IndicatorKind.OFFICIALS_TRAINED
    name = "Government officials trained"
    unit = "officials"


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = datetime.date(2018, 6, 30)
    value = 10


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")


@pytest.fixture
def lac(db) -> Region:
    return RegionFactory(
        code="LAC",
        name_en="Latin America and the Caribbean",
        name_es="América Latina y el Caribe",
        sort_order=4,
    )


@pytest.fixture
def africa(db) -> Region:
    return RegionFactory(code="AFR", name_en="Africa", name_es="África", sort_order=1)


@pytest.fixture
def themes(db) -> dict[str, ThematicArea]:
    imt = ThematicAreaFactory(
        code="IMT",
        name_en="Irregular Migration and Trafficking in Human Beings",
        name_es="Migración irregular y trata de seres humanos",
        sort_order=1,
    )
    lm = ThematicAreaFactory(
        code="LM", name_en="Legal Migration and Mobility", name_es="Migración legal", sort_order=2
    )
    ho = ThematicAreaFactory(
        code="HO",
        name_en="Horizontal Interventions",
        name_es="Intervenciones horizontales",
        sort_order=5,
    )
    return {
        "IMT": imt,
        "IMT-THB": ThematicAreaFactory(
            code="IMT-THB", name_en="Trafficking in Human Beings", parent=imt, sort_order=11
        ),
        "IMT-SOM": ThematicAreaFactory(
            code="IMT-SOM", name_en="Migrant Smuggling", parent=imt, sort_order=12
        ),
        "LM": lm,
        "LM-INT": ThematicAreaFactory(
            code="LM-INT", name_en="Integration", parent=lm, sort_order=21
        ),
        "HO": ho,
        "HO-CHI": ThematicAreaFactory(
            code="HO-CHI",
            name_en="Children in Migration / Unaccompanied Minors",
            name_es="Niñez migrante / menores no acompañados",
            parent=ho,
            sort_order=51,
        ),
        "HO-CAP": ThematicAreaFactory(
            code="HO-CAP", name_en="Capacity Development and Training", parent=ho, sort_order=52
        ),
    }


@pytest.fixture
def countries(lac, africa) -> dict[str, Country]:
    peru = CountryFactory(
        iso2="PE", iso3="PER", numeric="604", name_en="Peru", name_es="Perú", region=lac
    )
    mexico = CountryFactory(
        iso2="MX", iso3="MEX", numeric="484", name_en="Mexico", name_es="México", region=lac
    )
    costa_rica = CountryFactory(
        iso2="CR", iso3="CRI", numeric="188", name_en="Costa Rica", region=lac
    )
    senegal = CountryFactory(iso2="SN", iso3="SEN", numeric="686", name_en="Senegal", region=africa)
    france = CountryFactory(
        iso2="FR", iso3="FRA", numeric="250", name_en="France", region=None, is_oda_eligible=False
    )
    andean = Grouping.objects.create(
        code="CAN",
        acronym="CAN",
        name_en="Andean Community",
        name_es="Comunidad Andina",
        region=lac,
    )
    andean.members.add(peru)
    return {"PE": peru, "MX": mexico, "CR": costa_rica, "SN": senegal, "FR": france}


@pytest.fixture
def partner_institution(countries) -> Institution:
    return InstitutionFactory(
        name="Ministry of the Interior", acronym="MININTER", country=countries["PE"]
    )


@pytest.fixture
def portfolio(lac, africa, themes, countries, partner_institution) -> dict[str, Action]:
    """Four actions like the brochure's, one of them not public."""
    gcm = GCMObjective.objects.create(
        number=9, title="Strengthen the transnational response to smuggling of migrants"
    )
    peru = ActionFactory(
        slug="peru-iii",
        name="Peru III",
        region=lac,
        pillar=themes["IMT"],
        status=ActionStatus.ONGOING,
        start_date=datetime.date(2017, 4, 1),
        language="en",
        context="Certain provinces of Peru are major transit routes for the smuggling of migrants.",
        objective="Strengthen the knowledge of staff working at the provincial desks.",
        result="Inter-sectoral guidelines on fighting migrant smuggling.",
        translations={
            "es": {
                "objective": "Fortalecer los conocimientos del personal de las mesas provinciales."
            }
        },
        experts_involved="Spain (public administration), Argentina",
        source_url="https://example.org/mieux-lac.pdf",
    )
    peru.countries.add(countries["PE"])
    peru.thematic_areas.add(themes["IMT-SOM"], themes["HO-CAP"])
    peru.partner_institutions.add(partner_institution)
    peru.gcm_objectives.add(gcm)
    ActivityFactory(
        action=peru,
        title="Assessment mission to Lima",
        start_date=datetime.date(2017, 6, 5),
        end_date=datetime.date(2017, 6, 9),
        city="Lima",
        country=countries["PE"],
        language="es",
        participants_total=40,
        participants_female=22,
        participants_male=18,
    )
    ActivityFactory(
        action=peru,
        title="Online follow-up session",
        start_date=datetime.date(2018, 2, 1),
        end_date=datetime.date(2018, 2, 1),
        is_virtual=True,
    )
    OutputFactory(
        action=peru,
        title="Inter-sectoral guidelines on fighting migrant smuggling",
        status=OutputStatus.ADOPTED,
        delivered_on=datetime.date(2018, 3, 1),
        adopted_on=datetime.date(2018, 9, 1),
        adopted_by=partner_institution,
    )
    indicator = IndicatorFactory(action=peru, target=300)
    MeasurementFactory(indicator=indicator, measured_on=datetime.date(2017, 12, 31), value=100)
    MeasurementFactory(indicator=indicator, measured_on=datetime.date(2018, 12, 31), value=250)

    mexico = ActionFactory(
        slug="mexico-ii",
        name="Mexico II",
        region=lac,
        pillar=themes["LM"],
        status=ActionStatus.COMPLETED,
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2018, 12, 31),
        objective="Strengthen capacities of Mexican authorities in the protection of refugees.",
    )
    mexico.countries.add(countries["MX"])
    mexico.thematic_areas.add(themes["LM-INT"], themes["HO-CHI"], themes["HO-CAP"])
    ActivityFactory(
        action=mexico, start_date=datetime.date(2016, 9, 1), end_date=datetime.date(2016, 9, 2)
    )
    MeasurementFactory(
        indicator=IndicatorFactory(action=mexico), measured_on=datetime.date(2018, 1, 1), value=755
    )

    costa_rica = ActionFactory(
        slug="costa-rica-i",
        name="Costa Rica I",
        region=lac,
        pillar=themes["LM"],
        status=ActionStatus.COMPLETED,
        start_date=datetime.date(2011, 1, 1),
        end_date=datetime.date(2013, 12, 31),
        objective="Support policy development in the area of integration.",
    )
    costa_rica.countries.add(countries["CR"])
    costa_rica.thematic_areas.add(themes["LM-INT"])

    hidden = ActionFactory(
        slug="hidden-action",
        name="Hidden Action",
        region=lac,
        pillar=themes["IMT"],
        is_public=False,
        objective="Not for the public.",
    )
    hidden.countries.add(countries["PE"])
    ActivityFactory(action=hidden, title="Confidential meeting")
    MeasurementFactory(indicator=IndicatorFactory(action=hidden), value=999)
    return {"peru": peru, "mexico": mexico, "costa_rica": costa_rica, "hidden": hidden}


@pytest.fixture
def partner_user(partner_institution) -> User:
    user = UserFactory(username="focal")
    Membership.objects.create(
        user=user, role=Role.PARTNER_FOCAL_POINT, institution=partner_institution
    )
    return user


@pytest.fixture
def staff_user(db) -> User:
    user = UserFactory(username="officer", is_staff=True)
    Membership.objects.create(user=user, role=Role.PROJECT_OFFICER)
    return user


@pytest.fixture
def officer_client(staff_user) -> Client:
    """A project officer signed in, for the workspace's pages."""
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def second_officer_client(db) -> Client:
    """Another project officer, editing at the same time as `officer_client`."""
    user = UserFactory(username="officer-two", is_staff=True)
    Membership.objects.create(user=user, role=Role.PROJECT_OFFICER)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(params=["anonymous", "partner", "staff"])
def visitor(request, client):
    """A client for each kind of visitor the public pages serve."""
    if request.param == "partner":
        client.force_login(request.getfixturevalue("partner_user"))
    elif request.param == "staff":
        client.force_login(request.getfixturevalue("staff_user"))
    return client
