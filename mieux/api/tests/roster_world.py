"""The roster the roster endpoints' tests share: three experts, an activity and a user of
every role (mieux/api/tests/test_roster_api.py and test_roster_me_api.py)."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.api.tests import factories
from mieux.experts import services
from mieux.experts.models import Deployment, Expert, ExpertType, UnavailablePeriod
from mieux.geo.models import Country
from mieux.portfolio.models import Activity

CONSENTED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
LIST = "/api/v1/experts"
CV_BYTES = b"%PDF-1.4 Ana Perez curriculum vitae"


def user_with(username: str, role: str, institution: Institution | None = None) -> User:
    user = User.objects.create_user(username, email=f"{username}@users.example.org")
    Membership.objects.create(user=user, role=role, institution=institution)
    return user


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class Roster:
    users: dict[str, User]
    spain: Country
    peru: Country
    ana: Expert
    bruno: Expert
    carla: Expert
    lima_workshop: Activity
    deployment: Deployment


@pytest.fixture
def roster(settings, tmp_path) -> Roster:
    """Ana (Spain, trafficking, with an account, a CV, an unavailable period and an invited
    deployment), Bruno (Portugal, integration, with an account) and Carla (Spain, no account,
    invited to the roster); a user of every role."""
    settings.MEDIA_ROOT = str(tmp_path)
    lac = factories.RegionFactory.create(code="LAC", name_en="Latin America & the Caribbean")
    spain = factories.CountryFactory.create(iso2="ES", iso3="ESP", numeric="724", name_en="Spain")
    portugal = factories.CountryFactory.create(
        iso2="PT", iso3="PRT", numeric="620", name_en="Portugal"
    )
    peru = factories.CountryFactory.create(
        iso2="PE", iso3="PER", numeric="604", name_en="Peru", region=lac
    )
    imt = factories.ThematicAreaFactory.create(code="IMT", name_en="Irregular migration")
    imt_thb = factories.ThematicAreaFactory.create(
        code="IMT-THB", name_en="Trafficking in human beings", parent=imt
    )
    lm = factories.ThematicAreaFactory.create(code="LM", name_en="Legal migration")
    mininter_es = Institution.objects.create(
        name="Ministerio del Interior",
        kind=InstitutionKind.EU_MEMBER_STATE_ADMINISTRATION,
        country=spain,
    )
    sef = Institution.objects.create(
        name="Agência para a Integração",
        kind=InstitutionKind.EU_MEMBER_STATE_ADMINISTRATION,
        country=portugal,
    )
    inm = Institution.objects.create(
        name="Instituto Nacional de Migración", kind=InstitutionKind.NATIONAL_AUTHORITY
    )
    mininter_pe = Institution.objects.create(
        name="Ministerio del Interior del Perú",
        kind=InstitutionKind.NATIONAL_AUTHORITY,
        country=peru,
    )
    users = {
        "officer": user_with("officer", Role.PROJECT_OFFICER),
        "manager": user_with("manager", Role.PROGRAMME_MANAGER),
        "admin": user_with("admin", Role.ADMIN),
        "partner": user_with("partner", Role.PARTNER_FOCAL_POINT, inm),
        "other_partner": user_with("other-partner", Role.PARTNER_FOCAL_POINT, mininter_pe),
        "steering": user_with("steering", Role.STEERING_MEMBER),
        "knowledge": user_with("knowledge", Role.KNOWLEDGE_MANAGER),
        "expert": user_with("ana", Role.EXPERT),
        "other_expert": user_with("bruno", Role.EXPERT),
    }
    officer = users["officer"]
    ana = services.expert_create(
        actor=officer,
        user=users["expert"],
        full_name="Ana Pérez",
        email="ana.perez@interior.example.es",
        expert_type=ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
        institution=mininter_es,
        thematic_areas=[imt_thb],
        keywords=["victim identification", "trafficking"],
        languages={"es": "native", "en": "C1"},
        countries_of_experience=[peru],
        regions_of_experience=[lac],
        max_days_per_year=40,
        biography="Chief inspector.",
        consent_given_at=CONSENTED,
        status="active",
    )
    ana.cv.save("ana-perez-cv.pdf", ContentFile(CV_BYTES))
    UnavailablePeriod.objects.create(
        expert=ana,
        start=datetime.date(2031, 7, 1),
        end=datetime.date(2031, 7, 31),
        note="Parental leave in July",
    )
    bruno = services.expert_create(
        actor=officer,
        user=users["other_expert"],
        full_name="Bruno Silva",
        email="bruno.silva@integracao.example.pt",
        expert_type=ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
        institution=sef,
        thematic_areas=[lm],
        keywords=["integration"],
        languages={"pt": "native", "es": "B1"},
        consent_given_at=CONSENTED,
        status="active",
    )
    carla = services.expert_create(
        actor=officer,
        full_name="Carla Gómez",
        email="carla.gomez@example.es",
        expert_type=ExpertType.ACADEMIA,
        institution=mininter_es,
        thematic_areas=[imt],
        keywords=["protección internacional"],
        languages={"es": "C2"},
    )
    action = factories.ActionFactory.create(
        slug="peru-iii", name="Peru III", region=lac, pillar=imt, countries=[peru]
    )
    action.partner_institutions.set([mininter_pe])
    lima_workshop = factories.ActivityFactory.create(
        action=action,
        title="Lima workshop",
        start_date=datetime.date(2031, 5, 4),
        end_date=datetime.date(2031, 5, 8),
        city="Lima",
        country=peru,
    )
    deployment = services.deployment_propose(
        actor=officer, expert_id=ana.pk, activity_id=lima_workshop.pk
    )
    deployment = services.deployment_transition(
        actor=officer, deployment_id=deployment.pk, transition="invite"
    )
    return Roster(users, spain, peru, ana, bruno, carla, lima_workshop, deployment)


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]
