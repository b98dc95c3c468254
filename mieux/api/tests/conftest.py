"""A small portfolio: three public actions and one non-public, in two regions."""

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client

from mieux.accounts.models import ApiToken, User
from mieux.accounts.tokens import api_token_create
from mieux.api.tests import factories

# The roster tests' fixture (test_roster_api.py, test_roster_me_api.py).
from mieux.api.tests.roster_world import roster  # noqa: F401
from mieux.geo.models import Country, Grouping, Region
from mieux.portfolio.models import Action, ActionStatus, OutputStatus
from mieux.taxonomy.models import ThematicArea


@dataclass
class World:
    lac: Region
    africa: Region
    peru: Country
    mexico: Country
    costa_rica: Country
    senegal: Country
    andean: Grouping
    imt: ThematicArea
    imt_thb: ThematicArea
    lm: ThematicArea
    lm_int: ThematicArea
    peru_iii: Action
    mexico_ii: Action
    costa_rica_v: Action
    senegal_i: Action


@pytest.fixture
def world(db: None) -> World:
    lac = factories.RegionFactory.create(
        code="LAC", name_en="Latin America & the Caribbean", name_es="América Latina y el Caribe"
    )
    africa = factories.RegionFactory.create(
        code="AFR", name_en="Africa", name_es="África", sort_order=1
    )
    peru = factories.CountryFactory.create(
        iso2="PE", iso3="PER", numeric="604", name_en="Peru", name_es="Perú", region=lac
    )
    mexico = factories.CountryFactory.create(
        iso2="MX", iso3="MEX", numeric="484", name_en="Mexico", name_es="México", region=lac
    )
    costa_rica = factories.CountryFactory.create(
        iso2="CR", iso3="CRI", numeric="188", name_en="Costa Rica", region=lac
    )
    senegal = factories.CountryFactory.create(
        iso2="SN", iso3="SEN", numeric="686", name_en="Senegal", name_fr="Sénégal", region=africa
    )
    andean = factories.GroupingFactory.create(
        code="CAN", acronym="CAN", name_en="Andean Community", region=lac
    )
    andean.members.set([peru])
    imt = factories.ThematicAreaFactory.create(
        code="IMT",
        name_en="Irregular Migration and Trafficking in Human Beings",
        name_es="Migración irregular y trata de personas",
        sort_order=1,
    )
    imt_thb = factories.ThematicAreaFactory.create(
        code="IMT-THB",
        name_en="Trafficking in Human Beings",
        name_es="Trata de personas",
        parent=imt,
        sort_order=2,
    )
    lm = factories.ThematicAreaFactory.create(
        code="LM", name_en="Legal Migration and Mobility", sort_order=3
    )
    lm_int = factories.ThematicAreaFactory.create(
        code="LM-INT", name_en="Integration", parent=lm, sort_order=4
    )

    peru_iii = factories.ActionFactory.create(
        slug="peru-iii",
        name="Peru III",
        title="Fighting trafficking in persons",
        region=lac,
        pillar=imt,
        status=ActionStatus.ONGOING,
        start_date=datetime.date(2016, 4, 1),
        language="en",
        context="Peru is a country of origin, transit and destination.",
        objective="To strengthen the fight against trafficking.",
        result="Training for 755 government officials.",
        translations={
            "es": {"title": "Lucha contra la trata de personas", "objective": "Fortalecer."},
            "xx": {"objective": "ignored"},
        },
        countries=[peru],
        thematic_areas=[imt_thb],
    )
    mininter = factories.InstitutionFactory.create(
        name="Ministerio del Interior", acronym="MININTER", country=peru
    )
    peru_iii.partner_institutions.set([mininter])
    peru_iii.gcm_objectives.set(
        [factories.GCMObjectiveFactory.create(number=10, title="Eradicate trafficking")]
    )
    peru_iii.sectors.set([factories.SectorFactory.create()])
    factories.ActivityFactory.create(
        action=peru_iii,
        title="Workshop in Lima",
        start_date=datetime.date(2017, 3, 1),
        city="Lima",
        country=peru,
        participants_total=30,
        participants_female=18,
        participants_male=12,
    )
    factories.ActivityFactory.create(
        action=peru_iii, title="Study visit", start_date=datetime.date(2018, 6, 10)
    )
    factories.OutputFactory.create(
        action=peru_iii,
        title="Handbook on victim identification",
        status=OutputStatus.ADOPTED,
        delivered_on=datetime.date(2018, 1, 15),
        adopted_on=datetime.date(2018, 3, 1),
        adopted_by=mininter,
    )
    indicator = factories.ResultIndicatorFactory.create(action=peru_iii, target=800)
    factories.MeasurementFactory.create(
        indicator=indicator, measured_on=datetime.date(2019, 12, 31), value=755
    )
    factories.MeasurementFactory.create(
        indicator=indicator, measured_on=datetime.date(2018, 12, 31), value=300
    )

    mexico_ii = factories.ActionFactory.create(
        slug="mexico-ii",
        name="Mexico II",
        region=lac,
        pillar=lm,
        status=ActionStatus.COMPLETED,
        start_date=datetime.date(2012, 1, 1),
        end_date=datetime.date(2014, 6, 30),
        countries=[mexico],
        thematic_areas=[lm_int],
    )
    factories.ActivityFactory.create(
        action=mexico_ii, title="Mexico seminar", start_date=datetime.date(2013, 5, 1)
    )
    factories.OutputFactory.create(action=mexico_ii, title="Integration guidelines")

    costa_rica_v = factories.ActionFactory.create(
        slug="costa-rica-v",
        name="Costa Rica V",
        region=lac,
        pillar=imt,
        status=ActionStatus.PLANNED,
        start_date=datetime.date(2020, 2, 1),
        is_public=False,
        countries=[costa_rica],
        thematic_areas=[imt_thb],
    )
    factories.ActivityFactory.create(
        action=costa_rica_v, title="Hidden mission", start_date=datetime.date(2020, 3, 1)
    )
    factories.OutputFactory.create(action=costa_rica_v, title="Hidden protocol")

    senegal_i = factories.ActionFactory.create(
        slug="senegal-i",
        name="Senegal I",
        region=africa,
        pillar=lm,
        status=ActionStatus.ONGOING,
        start_date=datetime.date(2019, 1, 1),
        countries=[senegal],
        thematic_areas=[lm_int],
    )
    factories.ActivityFactory.create(
        action=senegal_i, title="Dakar training", start_date=datetime.date(2019, 2, 1)
    )

    return World(
        lac=lac,
        africa=africa,
        peru=peru,
        mexico=mexico,
        costa_rica=costa_rica,
        senegal=senegal,
        andean=andean,
        imt=imt,
        imt_thb=imt_thb,
        lm=lm,
        lm_int=lm_int,
        peru_iii=peru_iii,
        mexico_ii=mexico_ii,
        costa_rica_v=costa_rica_v,
        senegal_i=senegal_i,
    )


@pytest.fixture
def partner(db: None) -> User:
    return factories.PartnerUserFactory.create(username="partner")


@pytest.fixture
def staff(db: None) -> User:
    return factories.StaffUserFactory.create(username="officer")


@pytest.fixture
def partner_client(partner: User) -> Client:
    client = Client()
    client.force_login(partner)
    return client


@pytest.fixture
def staff_client(staff: User) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def staff_token(staff: User) -> tuple[ApiToken, str]:
    return api_token_create(user=staff, name="tests")


@pytest.fixture
def token_client(staff_token: tuple[ApiToken, str]) -> Client:
    """A client that sends a staff user's bearer token and no session."""
    return Client(headers={"authorization": f"Bearer {staff_token[1]}"})


@pytest.fixture(params=["anonymous", "partner"])
def public_client(request: pytest.FixtureRequest) -> Client:
    """Callers who see public actions only."""
    if request.param == "anonymous":
        return Client()
    return request.getfixturevalue("partner_client")


@pytest.fixture(params=["staff_session", "staff_token"])
def staff_caller(request: pytest.FixtureRequest) -> Client:
    """Callers who see every action."""
    return request.getfixturevalue(
        "staff_client" if request.param == "staff_session" else "token_client"
    )
