"""Small fixtures for the roster: an officer, an expert with an account, activities."""

import datetime

import pytest

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.experts import services
from mieux.experts.models import Deployment, Expert, ExpertType
from mieux.geo.models import Country, Region
from mieux.portfolio.models import Action, Activity
from mieux.taxonomy.models import ActivityType, ThematicArea

CONSENTED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def officer(db):
    user = User.objects.create_user("officer", password="correct-horse-battery")
    Membership.objects.create(user=user, role=Role.PROJECT_OFFICER)
    return user


@pytest.fixture
def expert_user(db):
    user = User.objects.create_user("ana", password="correct-horse-battery")
    Membership.objects.create(user=user, role=Role.EXPERT)
    return user


@pytest.fixture
def other_expert_user(db):
    user = User.objects.create_user("bruno", password="correct-horse-battery")
    Membership.objects.create(user=user, role=Role.EXPERT)
    return user


@pytest.fixture
def spain(db):
    return Country.objects.create(iso2="ES", iso3="ESP", numeric="724", name_en="Spain")


@pytest.fixture
def home_institution(spain):
    return Institution.objects.create(
        name="Ministerio del Interior",
        kind=InstitutionKind.EU_MEMBER_STATE_ADMINISTRATION,
        country=spain,
    )


@pytest.fixture
def expert(officer, expert_user, home_institution):
    return services.expert_create(
        actor=officer,
        user=expert_user,
        full_name="Ana Pérez",
        expert_type=ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
        institution=home_institution,
        languages={"es": "native", "en": "C1"},
        consent_given_at=CONSENTED,
        status="active",
    )


@pytest.fixture
def other_expert(officer, other_expert_user):
    return services.expert_create(
        actor=officer,
        user=other_expert_user,
        full_name="Bruno Silva",
        expert_type=ExpertType.ACADEMIA,
        consent_given_at=CONSENTED,
        status="active",
    )


@pytest.fixture
def action(db):
    region = Region.objects.create(code="LAC", name_en="Latin America & the Caribbean")
    pillar = ThematicArea.objects.create(code="LM", name_en="Legal migration")
    return Action.objects.create(
        slug="peru-iii",
        name="Peru III",
        region=region,
        pillar=pillar,
        start_date=datetime.date(2026, 3, 1),
    )


@pytest.fixture
def make_activity(action):
    activity_type = ActivityType.objects.create(code="workshop", name_en="Workshop")

    def make(title: str, start: datetime.date, end: datetime.date) -> Activity:
        return Activity.objects.create(
            action=action,
            activity_type=activity_type,
            title=title,
            start_date=start,
            end_date=end,
        )

    return make


@pytest.fixture
def lima_workshop(make_activity):
    return make_activity("Lima workshop", datetime.date(2026, 5, 4), datetime.date(2026, 5, 8))


@pytest.fixture
def cusco_visit(make_activity):
    return make_activity("Cusco study visit", datetime.date(2026, 5, 7), datetime.date(2026, 5, 9))


@pytest.fixture
def june_training(make_activity):
    return make_activity("June training", datetime.date(2026, 6, 1), datetime.date(2026, 6, 3))


@pytest.fixture
def invite(officer):
    """Propose and invite an expert for an activity, as the officer."""

    def make(expert: Expert, activity: Activity) -> Deployment:
        deployment = services.deployment_propose(
            actor=officer, expert_id=expert.pk, activity_id=activity.pk
        )
        return services.deployment_transition(
            actor=officer, deployment_id=deployment.pk, transition="invite"
        )

    return make
