"""Fixtures of the staff pages' tests: a small world of Mexico and Peru, one user per role, and
requests taken through the workflow by the services."""

import pytest

from mieux.accounts.models import InstitutionKind, Membership, Role, User
from mieux.accounts.tests.factories import (
    CountryFactory,
    InstitutionFactory,
    RegionFactory,
    UserFactory,
)
from mieux.intake import services
from mieux.intake.draft_plan import DRAFT_PLAN
from mieux.intake.models import AssistanceRequest
from mieux.portfolio.tests.factories import ActivityTypeFactory, PillarFactory

ROLES = {
    "officer": Role.PROJECT_OFFICER,
    "manager": Role.PROGRAMME_MANAGER,
    "admin": Role.ADMIN,
    "steering": Role.STEERING_MEMBER,
    "expert": Role.EXPERT,
    "knowledge": Role.KNOWLEDGE_MANAGER,
}


@pytest.fixture
def world():
    lac = RegionFactory(
        code="LAC",
        name_en="Latin America and the Caribbean",
        name_es="América Latina y el Caribe",
        name_fr="Amérique latine et Caraïbes",
    )
    RegionFactory(code="AFR", name_en="Africa")
    mexico = CountryFactory(
        iso2="MX", name_en="Mexico", name_es="México", name_fr="Mexique", region=lac
    )
    peru = CountryFactory(iso2="PE", name_en="Peru", region=lac)
    # The activity types of the draft plan that formulation writes.
    for code, _title in DRAFT_PLAN:
        ActivityTypeFactory(code=code, name_en=code.replace("_", " ").capitalize())
    return {
        "lac": lac,
        "mexico": mexico,
        "theme": PillarFactory(
            code="IMT",
            name_en="Irregular Migration",
            name_es="Migración irregular",
            name_fr="Migration irrégulière",
        ),
        "mx_ministry": InstitutionFactory(
            name="Secretaría de Gobernación",
            country=mexico,
            kind=InstitutionKind.NATIONAL_AUTHORITY,
        ),
        "pe_ministry": InstitutionFactory(name="Ministerio del Interior", country=peru),
    }


@pytest.fixture
def users(world) -> dict[str, User]:
    users = {}
    for name, role in ROLES.items():
        users[name] = UserFactory(username=f"demo-{name}", first_name=name.capitalize())
        Membership.objects.create(user=users[name], role=role)
    for name, institution in (("partner", "mx_ministry"), ("other_partner", "pe_ministry")):
        users[name] = UserFactory(username=f"demo-{name}")
        Membership.objects.create(
            user=users[name], role=Role.PARTNER_FOCAL_POINT, institution=world[institution]
        )
    return users


@pytest.fixture
def make_request(world, users):
    """A request by the Mexican partner, taken through the given steps by the services."""

    def make(title: str, steps: tuple[str, ...] = ()) -> AssistanceRequest:
        draft = services.request_create(
            actor=users["partner"],
            title=title,
            country=world["mexico"],
            thematic_areas=[world["theme"]],
            languages=["es"],
            context="More unaccompanied children arrive at the southern border.",
            objective="Train first-contact officials in child-sensitive procedures.",
        )
        actors = {
            "submit": "partner",
            "start_assessment": "officer",
            "recommend": "officer",
            "not_recommend": "officer",
            "approve": "steering",
            "defer": "steering",
            "formulate": "officer",
        }
        for step in steps:
            services.request_transition(
                actor=users[actors[step]],
                request_id=draft.pk,
                transition=step,
                reason=f"Reason to {step}." if step not in {"submit", "start_assessment"} else "",
            )
        return AssistanceRequest.objects.get(pk=draft.pk)

    return make


RECOMMENDED = ("submit", "start_assessment", "recommend")


@pytest.fixture
def recommended(make_request):
    return make_request("Protection of migrant children", RECOMMENDED)


def login(client, users, who):
    if who != "anonymous":
        client.force_login(users[who])
    return client
