"""A small world for the request workflow API tests: one user per role, two partner institutions
in two countries, the vocabularies formulation needs, and requests brought to any status through
the services (so every request has the transitions and audit events a real one has).

Built without the reference-data loaders, so a test costs milliseconds rather than seconds.
"""

from dataclasses import dataclass
from typing import Any

from django.test import Client

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.accounts.tokens import api_token_create
from mieux.api.tests import factories
from mieux.geo.models import Country, Region
from mieux.intake import services
from mieux.intake.models import AssistanceRequest
from mieux.taxonomy.models import ActivityType, ThematicArea

ROLES = {
    "partner-mx": Role.PARTNER_FOCAL_POINT,
    "partner-pe": Role.PARTNER_FOCAL_POINT,
    "officer": Role.PROJECT_OFFICER,
    "manager": Role.PROGRAMME_MANAGER,
    "steering": Role.STEERING_MEMBER,
    "expert": Role.EXPERT,
    "knowledge": Role.KNOWLEDGE_MANAGER,
    "admin": Role.ADMIN,
}
DRAFT_PLAN_TYPES = (
    "assessment_mission",
    "workshop",
    "training",
    "study_visit",
    "drafting_support",
    "seminar",
)
# The transitions (actor, name, reason) that bring a new draft to each status.
PATHS: dict[str, list[tuple[str, str, str]]] = {
    "draft": [],
    "submitted": [("partner-mx", "submit", "")],
    "under_assessment": [("partner-mx", "submit", ""), ("officer", "start_assessment", "")],
}
PATHS["information_requested"] = [
    *PATHS["under_assessment"],
    ("officer", "request_information", "Which border posts?"),
]
PATHS["recommended"] = [*PATHS["under_assessment"], ("officer", "recommend", "Fits the mandate.")]
PATHS["not_recommended"] = [
    *PATHS["under_assessment"],
    ("officer", "not_recommend", "Already covered."),
]
PATHS["approved"] = [*PATHS["recommended"], ("steering", "approve", "Approved in session.")]
PATHS["rejected"] = [*PATHS["recommended"], ("steering", "reject", "Out of scope.")]
PATHS["deferred"] = [*PATHS["recommended"], ("steering", "defer", "Next session.")]
PATHS["formulated"] = [*PATHS["approved"], ("officer", "formulate", "")]
PATHS["withdrawn"] = [*PATHS["submitted"], ("partner-mx", "withdraw", "")]


@dataclass
class IntakeWorld:
    lac: Region
    mexico: Country
    peru: Country
    imt: ThematicArea
    ho: ThematicArea
    ho_chi: ThematicArea
    inm: Institution
    mininter: Institution
    users: dict[str, User]

    def client(self, who: str) -> Client:
        """A client logged in by session as `who`, or anonymous for "anonymous"."""
        client = Client()
        if who != "anonymous":
            client.force_login(self.users[who])
        return client

    def token_client(self, who: str) -> Client:
        """A client that sends `who`'s bearer token and no session."""
        _token, raw = api_token_create(user=self.users[who], name="tests")
        return Client(headers={"authorization": f"Bearer {raw}"})

    def request(self, status: str = "draft", **fields: Any) -> AssistanceRequest:
        """A request by partner-mx, brought to `status` through the services."""
        values: dict[str, Any] = {
            "title": "Protection of migrant children",
            "country": self.mexico,
            "thematic_areas": [self.ho_chi],
            "languages": ["es"],
            "context": "More unaccompanied children arrive in Tapachula.",
            "objective": "Train first-contact officials.",
            **fields,
        }
        assistance_request = services.request_create(actor=self.users["partner-mx"], **values)
        for who, transition, reason in PATHS[status]:
            services.request_transition(
                actor=self.users[who],
                request_id=assistance_request.pk,
                transition=transition,
                reason=reason,
            )
        assistance_request.refresh_from_db()
        return assistance_request


def build_world() -> IntakeWorld:
    lac = factories.RegionFactory.create(code="LAC", name_en="Latin America & the Caribbean")
    factories.RegionFactory.create(code="AFR", name_en="Africa", sort_order=1)
    mexico = factories.CountryFactory.create(
        iso2="MX", iso3="MEX", numeric="484", name_en="Mexico", name_es="México", region=lac
    )
    peru = factories.CountryFactory.create(
        iso2="PE", iso3="PER", numeric="604", name_en="Peru", name_es="Perú", region=lac
    )
    imt = factories.ThematicAreaFactory.create(
        code="IMT", name_en="Irregular Migration and Trafficking in Human Beings", sort_order=1
    )
    ho = factories.ThematicAreaFactory.create(
        code="HO", name_en="Horizontal Interventions", sort_order=2
    )
    ho_chi = factories.ThematicAreaFactory.create(
        code="HO-CHI", name_en="Children in migration", parent=ho, sort_order=3
    )
    for code in DRAFT_PLAN_TYPES:
        ActivityType.objects.get_or_create(code=code, defaults={"name_en": code})
    factories.SectorFactory.create()
    inm = factories.InstitutionFactory.create(
        name="National Institute of Migration",
        acronym="INM",
        kind=InstitutionKind.NATIONAL_AUTHORITY,
        country=mexico,
    )
    mininter = factories.InstitutionFactory.create(
        name="Ministry of the Interior of Peru",
        acronym="MININTER",
        kind=InstitutionKind.NATIONAL_AUTHORITY,
        country=peru,
    )
    users = {}
    for username, role in ROLES.items():
        user = factories.UserFactory.create(username=username)
        institution = {"partner-mx": inm, "partner-pe": mininter}.get(username)
        Membership.objects.create(user=user, role=role, institution=institution)
        users[username] = user
    return IntakeWorld(
        lac=lac,
        mexico=mexico,
        peru=peru,
        imt=imt,
        ho=ho,
        ho_chi=ho_chi,
        inm=inm,
        mininter=mininter,
        users=users,
    )
