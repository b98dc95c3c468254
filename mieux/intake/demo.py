"""Demo requests for assistance: a few partners' requests in every stage of the workflow.

Each request is created and moved along ONLY through `mieux.intake.services` (`request_create`,
`request_transition`), as the demo users who would really act: the partner focal points of
Mexico's National Institute of Migration (demo-partner-mx) and Peru's Ministry of the Interior
(demo-partner-pe), the project officer and the steering committee member. Among them is one
request of demo-partner-mx awaiting the steering committee's decision.

The services stamp every step "now". So that lead times mean something, a demo-only step then
backdates the story over the past months (see `_backdate`); the audit events stay as written.
Loading is idempotent: a request is keyed by its title and lead institution, and an existing one
is left as it is. Notifications are paused while loading: the demo replays history, nobody is
e-mailed about it.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mieux.accounts.models import Institution, User
from mieux.core.errors import DomainError
from mieux.geo.models import Country
from mieux.intake import notifications, services
from mieux.intake.models import Assessment, AssistanceRequest, RequestTransition
from mieux.portfolio.demo.people import INSTITUTIONS
from mieux.taxonomy.models import ThematicArea

# One request per dict: title, lead (a key of people.INSTITUTIONS), requester (the demo user
# acting for the lead institution), partners (further requesting institutions), country, themes,
# text_language (the language the title, context and objective are written in: always stated,
# as formulation makes it the Action's source language), languages (the preferred working
# languages), texts and details, `created` (days ago) and `steps`: (transition, username, reason,
# days ago), oldest first. `starts_in`/`lasts` (days from today) give the desired period.
DEMO_REQUESTS: list[dict[str, Any]] = [
    {
        "title": "Guía para identificar a víctimas de trata en la frontera norte (Tumbes)",
        "lead": "pe-interior",
        "requester": "demo-partner-pe",
        "country": "PE",
        "themes": ["IMT-THB"],
        "text_language": "es",
        "languages": ["es"],
        "context": (
            "En el paso fronterizo de Tumbes, el personal de migraciones y de la policía "
            "entrevista a cientos de personas al día sin una guía común para detectar indicios "
            "de trata."
        ),
        "contact_name": "Unidad de trata de personas, MININTER",
        "created": 6,
        "steps": [],
    },
    {
        "title": "Consular assistance to Peruvian nationals in vulnerable situations abroad",
        "lead": "pe-interior",
        "requester": "demo-partner-pe",
        "partners": ["pe-foreign"],
        "country": "PE",
        "themes": ["HO-CON", "IMT-THB"],
        "text_language": "en",
        "languages": ["es"],
        "context": (
            "Peruvian consulates in Chile, Argentina and Spain receive a growing number of "
            "nationals who were exploited abroad, but referral to protection services depends "
            "on each consul's own contacts."
        ),
        "objective": (
            "A consular protocol for identifying and referring Peruvian nationals in vulnerable "
            "situations, and the training of consular staff to apply it."
        ),
        "timing_note": "Second half of the year, before the consular staff rotation.",
        "expected_participants": 60,
        "contact_name": "Directorate of Consular Protection",
        "created": 20,
        "steps": [("submit", "demo-partner-pe", "", 12)],
    },
    {
        "title": "Temporary worker permits at the southern border: registration and labour rights",
        "lead": "mx-inm",
        "requester": "demo-partner-mx",
        "partners": ["mx-upm"],
        "country": "MX",
        "themes": ["LM-LAB", "HO-DATA"],
        "text_language": "en",
        "languages": ["es"],
        "context": (
            "Guatemalan and Honduran seasonal workers in Chiapas receive cross-border worker "
            "cards, but registration is on paper and workers rarely learn about their labour "
            "rights."
        ),
        "objective": (
            "A registration procedure and data model for temporary worker permits, with "
            "information material on labour rights, drawn from EU Member States' seasonal "
            "worker schemes."
        ),
        "expected_participants": 45,
        "contact_name": "Dirección de Regulación Migratoria, INM",
        "created": 48,
        "steps": [
            ("submit", "demo-partner-mx", "", 40),
            ("start_assessment", "demo-officer", "", 33),
        ],
    },
    {
        "title": "Access to justice for migrants in the tri-border area of Peru, Brazil and "
        "Colombia",
        "lead": "pe-interior",
        "requester": "demo-partner-pe",
        "partners": ["br-defender"],
        "country": "PE",
        "themes": ["HO-HR", "IP-ASY"],
        "text_language": "en",
        "languages": ["es", "pt"],
        "context": (
            "Migrants and asylum seekers crossing the Amazon tri-border area between Santa Rosa, "
            "Tabatinga and Leticia find no legal counselling and no coordination between the "
            "authorities on either side of the border."
        ),
        "objective": (
            "Joint guidelines for Peruvian authorities and Brazil's Federal Public Defender's "
            "Office on legal orientation and referral of migrants and asylum seekers."
        ),
        "contact_name": "Dirección General de Migraciones",
        "created": 60,
        "steps": [
            ("submit", "demo-partner-pe", "", 55),
            ("start_assessment", "demo-officer", "", 47),
            (
                "request_information",
                "demo-officer",
                "Please confirm that Brazil's Federal Public Defender's Office co-signs the "
                "request, and give the expected number of participants on each side of the "
                "border.",
                30,
            ),
        ],
    },
    {
        "title": "Protocol for the care of unaccompanied migrant children at the southern border",
        "lead": "mx-inm",
        "requester": "demo-partner-mx",
        "partners": ["mx-upm"],
        "country": "MX",
        "themes": ["HO-CHI", "IMT-BMS"],
        "text_language": "en",
        "languages": ["es"],
        "context": (
            "More unaccompanied and separated children arrive in Tapachula every month. Border "
            "officials are the first to meet them but have no common protocol for "
            "child-sensitive interviews, age assessment and referral to the child protection "
            "system."
        ),
        "objective": (
            "An inter-institutional protocol for the first contact with unaccompanied migrant "
            "children, and training of trainers among INM's child protection officers."
        ),
        "timing_note": "Within the next twelve months.",
        "expected_participants": 80,
        "contact_name": "Coordinación de Protección a la Infancia, INM",
        "created": 95,
        "steps": [
            ("submit", "demo-partner-mx", "", 90),
            ("start_assessment", "demo-officer", "", 84),
            (
                "recommend",
                "demo-officer",
                "Eligible national authority, jointly with the Migration Policy Unit. Fits the "
                "Children in Migration area and builds on the handbook of Mexico I without "
                "duplicating it. Peer experts available from Spain and Italy.",
                52,
            ),
        ],
    },
    {
        "title": "Provincial desks against migrant smuggling in Puno and Tacna",
        "lead": "pe-interior",
        "requester": "demo-partner-pe",
        "country": "PE",
        "themes": ["IMT-SOM"],
        "text_language": "en",
        "languages": ["es"],
        "context": (
            "The provincial desks set up with Peru III cover the northern provinces; Puno and "
            "Tacna ask for the same support on the routes from Bolivia and Chile."
        ),
        "objective": "Extend the inter-sectoral guidelines on migrant smuggling to Puno and Tacna.",
        "expected_participants": 50,
        "contact_name": "Comisión Multisectorial Permanente contra la Trata y el Tráfico Ilícito",
        "created": 120,
        "steps": [
            ("submit", "demo-partner-pe", "", 115),
            ("start_assessment", "demo-officer", "", 108),
            (
                "recommend",
                "demo-officer",
                "Follows up Peru III and Peru IV; strong ownership by the Commission.",
                90,
            ),
            (
                "defer",
                "demo-steering",
                "Deferred until the final evaluation of Peru IV is available, expected next "
                "quarter.",
                70,
            ),
        ],
    },
    {
        "title": "Local one-stop services for returning Peruvian migrants",
        "lead": "pe-interior",
        "requester": "demo-partner-pe",
        "partners": ["pe-foreign"],
        "country": "PE",
        "themes": ["IMT-RR", "MD-DIA"],
        "text_language": "en",
        "languages": ["es"],
        "context": (
            "Returning Peruvians, many from Chile and Argentina, find the services they need "
            "(documents, employment, health) scattered across institutions."
        ),
        "objective": (
            "A model for municipal one-stop services for returnees, tested in Lima and Arequipa."
        ),
        "expected_participants": 70,
        "contact_name": "Mesa de Trabajo Intersectorial para la Gestión Migratoria",
        "created": 150,
        "steps": [
            ("submit", "demo-partner-pe", "", 144),
            ("start_assessment", "demo-officer", "", 137),
            (
                "recommend",
                "demo-officer",
                "Clear demand from two ministries; EU Member States' reintegration services "
                "offer relevant peer experience.",
                118,
            ),
            (
                "approve",
                "demo-steering",
                "Approved at the steering committee meeting; coordinate with the EU Delegation "
                "in Lima.",
                96,
            ),
        ],
    },
    {
        "title": "Document verification equipment for Jorge Chávez International Airport",
        "lead": "pe-interior",
        "requester": "demo-partner-pe",
        "country": "PE",
        "themes": ["IMT-DOC"],
        "text_language": "en",
        "languages": ["es"],
        "context": "Forged travel documents are detected too late at Lima's international airport.",
        "objective": "Purchase of document readers and ultraviolet lamps for the border posts.",
        "expected_participants": 20,
        "created": 210,
        "steps": [
            ("submit", "demo-partner-pe", "", 205),
            ("start_assessment", "demo-officer", "", 199),
            (
                "not_recommend",
                "demo-officer",
                "The facility provides peer-to-peer expertise, not equipment. The need could be "
                "met by training document examiners.",
                185,
            ),
            (
                "reject",
                "demo-steering",
                "Equipment is outside the facility's mandate; the committee invites a new "
                "request on the training of document examiners.",
                170,
            ),
        ],
    },
    {
        "title": "Municipal integration offices for refugees and migrants in Mexican cities",
        "lead": "mx-inm",
        "requester": "demo-partner-mx",
        "partners": ["mx-upm"],
        "country": "MX",
        "themes": ["LM-INT", "HO-POL"],
        "text_language": "en",
        "languages": ["es"],
        "context": (
            "Refugees relocated from the southern border to cities in central and northern "
            "Mexico depend on municipalities that have no integration services."
        ),
        "objective": (
            "A model of municipal integration offices and a training programme for municipal "
            "staff, inspired by European cities' one-stop shops."
        ),
        "timing_note": "Start as soon as possible; the municipalities' budgets are set in March.",
        "expected_participants": 150,
        "contact_name": "Unidad de Política Migratoria",
        "starts_in": 14,
        "lasts": 365,
        "created": 200,
        "steps": [
            ("submit", "demo-partner-mx", "", 190),
            ("start_assessment", "demo-officer", "", 183),
            (
                "recommend",
                "demo-officer",
                "Builds on the integration work of Mexico II; six cities have committed staff.",
                160,
            ),
            (
                "approve",
                "demo-steering",
                "Approved; the committee asks for a gender-balanced pool of trainers.",
                135,
            ),
            ("formulate", "demo-officer", "", 110),
        ],
    },
    {
        "title": "Awareness campaign on safe and regular migration routes",
        "lead": "mx-inm",
        "requester": "demo-partner-mx",
        "country": "MX",
        "themes": ["HO-COM"],
        "text_language": "en",
        "languages": ["es"],
        "context": (
            "Young people in southern Mexico and Central America hear about migration routes "
            "mostly from smugglers."
        ),
        "objective": "A communication strategy on regular pathways, with materials in Spanish.",
        "created": 130,
        "steps": [
            ("submit", "demo-partner-mx", "", 125),
            (
                "withdraw",
                "demo-partner-mx",
                "The campaign is now funded by another programme.",
                118,
            ),
        ],
    },
]

TEXT_FIELDS = (
    "context",
    "objective",
    "timing_note",
    "expected_participants",
    "contact_name",
)
# The hour of the day each step is backdated to, so the demo's history does not all happen
# at midnight.
STEP_HOUR = 9


def _institution(key: str) -> Institution:
    data = INSTITUTIONS[key]
    institution = Institution.objects.filter(
        name=data["name"], country__iso2=data.get("country")
    ).first()
    if institution is None:
        raise DomainError(
            _("The demo institution “%s” is missing: load the demo portfolio first.") % data["name"]
        )
    return institution


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise DomainError(
            _("The demo user “%s” is missing: load the demo portfolio first.") % username
        )
    return user


def _days_ago(now: datetime.datetime, days: int) -> datetime.datetime:
    return (now - datetime.timedelta(days=days)).replace(
        hour=STEP_HOUR, minute=30, second=0, microsecond=0
    )


def _create(data: dict[str, Any], today: datetime.date) -> AssistanceRequest:
    fields = {name: data[name] for name in TEXT_FIELDS if name in data}
    if "starts_in" in data:
        fields["desired_start"] = today + datetime.timedelta(days=data["starts_in"])
        fields["desired_end"] = fields["desired_start"] + datetime.timedelta(days=data["lasts"])
    requester = _user(data["requester"])
    return services.request_create(
        actor=requester,
        title=data["title"],
        lead_institution=_institution(data["lead"]),
        requesting_institutions=[_institution(key) for key in data.get("partners", [])],
        country=Country.objects.get(iso2=data["country"]),
        thematic_areas=list(ThematicArea.objects.filter(code__in=data["themes"])),
        text_language=data["text_language"],
        languages=list(data["languages"]),
        contact_email=f"{data['requester']}@example.org",
        **fields,
    )


def _backdate(
    assistance_request: AssistanceRequest, data: dict[str, Any], now: datetime.datetime
) -> None:
    """DEMO ONLY: move the request's story into the past so that lead times mean something.

    The services stamped every step "now"; this rewrites the timestamps they set (the request's
    dates, each RequestTransition.occurred_at, the assessment's dates) to the days of the demo
    data. Audit events are append-only and stay as written. Never do this outside demo data.
    """
    stamps: dict[str, datetime.datetime] = {}
    steps = list(assistance_request.transitions.order_by("id"))
    for step, (transition, _username, _reason, days) in zip(steps, data["steps"], strict=True):
        occurred_at = _days_ago(now, days)
        RequestTransition.objects.filter(pk=step.pk).update(occurred_at=occurred_at)
        stamps[transition] = occurred_at
    created_at = _days_ago(now, data["created"])
    decision = next(
        (stamps[name] for name in ("approve", "reject", "defer") if name in stamps), None
    )
    AssistanceRequest.objects.filter(pk=assistance_request.pk).update(
        created_at=created_at,
        updated_at=max(stamps.values(), default=created_at),
        submitted_at=stamps.get("submit"),
        decided_at=decision,
        formulated_at=stamps.get("formulate"),
    )
    assessed_at = stamps.get("recommend") or stamps.get("not_recommend")
    checked_at = assessed_at or stamps.get("start_assessment")
    if checked_at is not None:
        Assessment.objects.filter(assistance_request=assistance_request).update(
            checked_at=checked_at, assessed_at=assessed_at
        )


def _load_one(data: dict[str, Any], now: datetime.datetime) -> AssistanceRequest:
    assistance_request = _create(data, now.date())
    for transition, username, reason, _days in data["steps"]:
        assistance_request = services.request_transition(
            actor=_user(username),
            request_id=assistance_request.pk,
            transition=transition,
            reason=reason,
        )
    _backdate(assistance_request, data, now)
    return assistance_request


def load_demo_requests() -> int:
    """Create the demo requests that are not there yet; returns how many were created.

    Needs the demo portfolio and users (`mieux.portfolio.demo.load_demo`). All or nothing.
    """
    now = timezone.now()
    created = 0
    with notifications.paused(), transaction.atomic():
        for data in DEMO_REQUESTS:
            lead = _institution(data["lead"])
            if AssistanceRequest.objects.filter(
                title=data["title"], lead_institution=lead
            ).exists():
                continue
            _load_one(data, now)
            created += 1
    return created
