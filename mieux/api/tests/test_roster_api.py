"""The roster endpoints: /api/v1/experts, /experts/me, /experts/{id}, /experts/{id}/cv; and the
rule that contact data is for facility staff and the expert themself only (issue 4, item 5)."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.api.tests import factories
from mieux.core.models import AuditEvent
from mieux.experts import services
from mieux.experts.models import Deployment, Expert, ExpertType, UnavailablePeriod
from mieux.geo.models import Country
from mieux.portfolio.models import Activity
from mieux.taxonomy.models import ThematicArea

pytestmark = pytest.mark.django_db

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


# --- the list ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "manager", "admin"])
def test_staff_list_the_roster_by_name(roster: Roster, role: str) -> None:
    response = client_for(roster.users[role]).get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["next"] is None
    assert names(response) == ["Ana Pérez", "Bruno Silva", "Carla Gómez"]
    assert body["items"][0] == {
        "id": roster.ana.pk,
        "name": "Ana Pérez",
        "email": "ana.perez@interior.example.es",
        "institution": {
            "id": roster.ana.institution_id,
            "name": "Ministerio del Interior",
            "country": {"iso2": "ES", "name": "Spain"},
        },
        "expert_type": "eu_member_state_administration",
        "status": "active",
        "thematic_areas": ["IMT-THB"],
        "languages": [{"code": "en", "level": "C1"}, {"code": "es", "level": "native"}],
        "verified_at": None,
    }


@pytest.mark.parametrize(
    "role", ["partner", "other_partner", "steering", "knowledge", "expert", "other_expert"]
)
def test_others_may_not_list_the_roster(roster: Roster, role: str) -> None:
    response = client_for(roster.users[role]).get(LIST)

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "permission_denied"
    assert "ana.perez" not in response.content.decode()


def test_anonymous_may_not_list_the_roster(roster: Roster) -> None:
    response = Client().get(LIST)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # A pillar matches its specific areas too.
        ({"theme": "IMT"}, ["Ana Pérez", "Carla Gómez"]),
        ({"theme": "imt-thb"}, ["Ana Pérez"]),
        ({"theme": "LM"}, ["Bruno Silva"]),
        ({"language": "es"}, ["Ana Pérez", "Bruno Silva", "Carla Gómez"]),
        ({"language": "es", "minimum_level": "B2"}, ["Ana Pérez", "Carla Gómez"]),
        ({"language": "ES", "minimum_level": "native"}, ["Ana Pérez"]),
        ({"language": "pt", "minimum_level": "C1"}, ["Bruno Silva"]),
        ({"language": "fr"}, []),
        ({"country": "es"}, ["Ana Pérez", "Carla Gómez"]),
        ({"country": "PT"}, ["Bruno Silva"]),
        ({"status": "invited"}, ["Carla Gómez"]),
        ({"status": "active"}, ["Ana Pérez", "Bruno Silva"]),
        ({"q": "silva"}, ["Bruno Silva"]),
        ({"q": "Trafficking"}, ["Ana Pérez"]),
        ({"q": "integration"}, ["Bruno Silva"]),
        # Non-ASCII words in keywords (stored escaped in SQLite's JSON text).
        ({"q": "protección"}, ["Carla Gómez"]),
        ({"q": "Gómez"}, ["Carla Gómez"]),
        # Filters combine with AND: Ana is native, Carla C2, both in Spain and under IMT.
        (
            {"theme": "IMT", "language": "es", "minimum_level": "C2", "country": "ES"},
            ["Ana Pérez", "Carla Gómez"],
        ),
        ({"theme": "IMT", "country": "PT"}, []),
    ],
)
def test_filters(roster: Roster, params: dict[str, str], expected: list[str]) -> None:
    response = client_for(roster.users["officer"]).get(LIST, params)

    assert response.status_code == 200
    assert names(response) == expected
    assert response.json()["count"] == len(names(response))


@pytest.mark.parametrize(
    ("params", "field", "status"),
    [
        ({"theme": "NOPE"}, "theme", 400),
        ({"country": "QQ"}, "country", 400),
        ({"status": "retired"}, "status", 400),
        ({"language": "qq"}, "language", 400),
        ({"minimum_level": "B2"}, "minimum_level", 400),
        ({"language": "es", "minimum_level": "B3"}, "minimum_level", 422),
        ({"language": "spanish"}, "language", 422),
        ({"q": "a\x00b"}, "q", 422),
        ({"limit": "0"}, "limit", 422),
        ({"cursor": "bm90LWEtY3Vyc29y"}, "cursor", 400),
    ],
)
def test_bad_filters_are_refused_naming_the_field(
    roster: Roster, params: dict[str, str], field: str, status: int
) -> None:
    response = client_for(roster.users["officer"]).get(LIST, params)

    assert response.status_code == status
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_the_roster_is_walked_page_by_page(roster: Roster) -> None:
    client = client_for(roster.users["officer"])
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params = {"limit": "1"} | ({"cursor": cursor} if cursor else {})
        body = client.get(LIST, params).json()
        assert body["count"] == 3
        seen += [item["name"] for item in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break

    assert seen == ["Ana Pérez", "Bruno Silva", "Carla Gómez"]


def test_list_query_count_does_not_grow_with_experts(
    roster: Roster, django_assert_max_num_queries
) -> None:
    client = client_for(roster.users["officer"])
    params = {"theme": "IMT", "language": "es", "country": "ES", "limit": "200"}
    with django_assert_max_num_queries(100) as few:
        client.get(LIST, params)
    baseline = len(few.captured_queries)
    areas = list(ThematicArea.objects.filter(code__in=["IMT", "IMT-THB"]))
    for number in range(12):
        services.expert_create(
            actor=roster.users["officer"],
            full_name=f"Expert {number:02d}",
            email=f"expert{number}@example.org",
            expert_type=ExpertType.ACADEMIA,
            institution=roster.ana.institution,
            thematic_areas=areas,
            languages={"es": "C1", "en": "B2", "pt": "A2"},
        )

    with django_assert_max_num_queries(baseline):
        response = client.get(LIST, params)

    assert response.json()["count"] == 14


# --- one profile ------------------------------------------------------------------------------


def test_staff_read_a_whole_profile(roster: Roster) -> None:
    response = client_for(roster.users["manager"]).get(f"{LIST}/{roster.ana.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "ana.perez@interior.example.es"
    assert body["languages"] == [{"code": "en", "level": "C1"}, {"code": "es", "level": "native"}]
    assert body["unavailable_periods"] == [
        {"start": "2031-07-01", "end": "2031-07-31", "note": "Parental leave in July"}
    ]
    assert body["keywords"] == ["victim identification", "trafficking"]
    assert body["countries_of_experience"] == [{"iso2": "PE", "name": "Peru"}]
    assert body["regions_of_experience"] == [
        {"code": "LAC", "name": "Latin America & the Caribbean"}
    ]
    assert body["max_days_per_year"] == 40
    assert body["days_held_this_year"] == 0
    assert body["biography"] == "Chief inspector."
    assert body["has_cv"] is True
    assert body["cv_url"] == f"/api/v1/experts/{roster.ana.pk}/cv"
    assert body["consent_given_at"] == "2026-01-05T09:00:00Z"
    assert body["publish_name"] is False
    assert body["status"] == "active"
    assert body["deployments"] == [
        {
            "id": roster.deployment.pk,
            "role": "expert",
            "status": "invited",
            "activity": {
                "id": roster.lima_workshop.pk,
                "title": "Lima workshop",
                "start_date": "2031-05-04",
                "end_date": "2031-05-08",
                "city": "Lima",
                "country": {"iso2": "PE", "name": "Peru"},
                "is_virtual": False,
                "action": {"slug": "peru-iii", "name": "Peru III"},
            },
        }
    ]


def test_days_held_this_year_count_accepted_deployments_starting_this_year(
    roster: Roster,
) -> None:
    this_year = timezone.localdate().year
    activity = factories.ActivityFactory.create(
        action=roster.lima_workshop.action,
        start_date=datetime.date(this_year, 1, 10),
        end_date=datetime.date(this_year, 1, 12),
    )
    officer = roster.users["officer"]
    deployment = services.deployment_propose(
        actor=officer, expert_id=roster.bruno.pk, activity_id=activity.pk
    )
    for transition in ("invite", "accept"):
        services.deployment_transition(
            actor=officer, deployment_id=deployment.pk, transition=transition
        )

    body = client_for(officer).get(f"{LIST}/{roster.bruno.pk}").json()

    assert body["days_held_this_year"] == 3
    assert body["has_cv"] is False
    assert body["cv_url"] is None


def test_the_expert_reads_their_own_profile_by_id_and_as_me(roster: Roster) -> None:
    client = client_for(roster.users["expert"])

    by_id = client.get(f"{LIST}/{roster.ana.pk}")
    me = client.get(f"{LIST}/me")

    assert by_id.status_code == me.status_code == 200
    assert by_id.json() == me.json()
    assert me.json()["id"] == roster.ana.pk
    assert me.json()["email"] == "ana.perez@interior.example.es"


def test_me_is_a_404_for_a_caller_without_a_profile(roster: Roster) -> None:
    response = client_for(roster.users["officer"]).get(f"{LIST}/me")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "role", ["partner", "other_partner", "steering", "knowledge", "other_expert"]
)
def test_others_get_a_404_for_a_profile_as_if_absent(roster: Roster, role: str) -> None:
    client = client_for(roster.users[role])

    existing = client.get(f"{LIST}/{roster.ana.pk}")
    absent = client.get(f"{LIST}/999999")

    assert existing.status_code == absent.status_code == 404
    assert existing.json()["code"] == "not_found"
    assert "Ana" not in existing.content.decode()


def test_anonymous_callers_get_a_401_for_a_profile(roster: Roster) -> None:
    assert Client().get(f"{LIST}/{roster.ana.pk}").status_code == 401
    assert Client().get(f"{LIST}/me").status_code == 401


def test_a_non_numeric_id_is_a_422(roster: Roster) -> None:
    response = client_for(roster.users["officer"]).get(f"{LIST}/ana")

    assert response.status_code == 422


def test_profile_query_count_does_not_grow_with_deployments(
    roster: Roster, django_assert_max_num_queries
) -> None:
    client = client_for(roster.users["officer"])
    with django_assert_max_num_queries(100) as few:
        client.get(f"{LIST}/{roster.ana.pk}")
    baseline = len(few.captured_queries)
    for day in range(1, 6):
        activity = factories.ActivityFactory.create(
            action=roster.lima_workshop.action,
            start_date=datetime.date(2031, 9, day),
            end_date=datetime.date(2031, 9, day),
        )
        services.deployment_propose(
            actor=roster.users["officer"], expert_id=roster.ana.pk, activity_id=activity.pk
        )
        UnavailablePeriod.objects.create(
            expert=roster.ana, start=datetime.date(2032, day, 1), end=datetime.date(2032, day, 2)
        )

    with django_assert_max_num_queries(baseline):
        response = client.get(f"{LIST}/{roster.ana.pk}")

    assert len(response.json()["deployments"]) == 6


# --- the CV -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "admin", "expert"])
def test_staff_and_the_expert_download_the_cv(roster: Roster, role: str) -> None:
    response = client_for(roster.users[role]).get(f"{LIST}/{roster.ana.pk}/cv")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CV_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "ana-perez-cv" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "role", ["partner", "other_partner", "steering", "knowledge", "other_expert"]
)
def test_others_get_a_404_for_the_cv(roster: Roster, role: str) -> None:
    response = client_for(roster.users[role]).get(f"{LIST}/{roster.ana.pk}/cv")

    assert response.status_code == 404
    assert CV_BYTES not in response.content


def test_a_profile_without_a_cv_has_none_to_download(roster: Roster) -> None:
    response = client_for(roster.users["officer"]).get(f"{LIST}/{roster.bruno.pk}/cv")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_anonymous_callers_get_a_401_for_the_cv(roster: Roster) -> None:
    assert Client().get(f"{LIST}/{roster.ana.pk}/cv").status_code == 401


# --- the expert updates their own profile ------------------------------------------------------


def patch_me(client: Client, data: dict) -> Any:
    return client.patch(f"{LIST}/me", data, content_type="application/json")


def test_the_expert_updates_their_own_profile(roster: Roster) -> None:
    response = patch_me(
        client_for(roster.users["expert"]),
        {
            "full_name": "Ana Pérez Gil",
            "keywords": ["border management"],
            "thematic_areas": ["imt", "LM"],
            "languages": [{"code": "es", "level": "native"}, {"code": "pt", "level": "B2"}],
            "countries_of_experience": ["pe", "ES"],
            "regions_of_experience": [],
            "max_days_per_year": None,
            "biography": "Chief inspector, border police.",
            "publish_name": True,
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Ana Pérez Gil"
    assert body["keywords"] == ["border management"]
    assert body["thematic_areas"] == ["IMT", "LM"]
    assert body["languages"] == [{"code": "es", "level": "native"}, {"code": "pt", "level": "B2"}]
    assert [c["iso2"] for c in body["countries_of_experience"]] == ["PE", "ES"]
    assert body["regions_of_experience"] == []
    assert body["max_days_per_year"] is None
    assert body["publish_name"] is True
    # Left out: unchanged.
    assert body["email"] == "ana.perez@interior.example.es"
    assert body["institution"]["name"] == "Ministerio del Interior"
    assert client_for(roster.users["expert"]).get(f"{LIST}/me").json() == body
    verbs = AuditEvent.objects.filter(object_id=str(roster.ana.pk)).values_list("verb", flat=True)
    assert {"expert.updated", "expert.languages_set"} <= set(verbs)


def test_a_patch_with_one_field_changes_only_that_field(roster: Roster) -> None:
    before = client_for(roster.users["officer"]).get(f"{LIST}/{roster.ana.pk}").json()

    response = patch_me(client_for(roster.users["expert"]), {"biography": "Retired."})

    assert response.status_code == 200
    assert response.json() == before | {"biography": "Retired."}


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({"thematic_areas": ["NOPE"]}, 400, "thematic_areas"),
        ({"countries_of_experience": ["QQ"]}, 400, "countries_of_experience"),
        ({"institution": 999999}, 400, "institution"),
        ({"full_name": None}, 400, "full_name"),
        ({"expert_type": "astronaut"}, 400, "expert_type"),
        ({"email": "not-an-address"}, 422, "email"),
        ({"status": "active"}, 422, "status"),
        ({"verified_at": "2026-01-01T00:00:00Z"}, 422, "verified_at"),
        ({"languages": [{"code": "es", "level": "B3"}]}, 422, "level"),
        ({"max_days_per_year": 0}, 422, "max_days_per_year"),
        ({"biography": "a\x00b"}, 422, "biography"),
        # The name is valid, the languages are not: neither changes.
        ({"full_name": "Ana P.", "languages": [{"code": "qq", "level": "C1"}]}, 400, "languages"),
        ({"full_name": "Ana P.", "languages": []}, 400, "languages"),
    ],
)
def test_bad_profile_changes_change_nothing(
    roster: Roster, data: dict, status: int, field: str
) -> None:
    client = client_for(roster.users["expert"])
    before = client.get(f"{LIST}/me").json()
    events = AuditEvent.objects.count()

    response = patch_me(client, data)

    assert response.status_code == status
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert client.get(f"{LIST}/me").json() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", ["officer", "partner", "steering", "knowledge"])
def test_a_caller_without_a_profile_has_none_to_update(roster: Roster, role: str) -> None:
    response = patch_me(client_for(roster.users[role]), {"biography": "Hello."})

    assert response.status_code == 404
    assert Expert.objects.filter(biography="Hello.").count() == 0


def test_anonymous_callers_may_not_update_a_profile(roster: Roster) -> None:
    assert patch_me(Client(), {"biography": "Hello."}).status_code == 401


# --- contact data never leaks (issue 4, item 5) -----------------------------------------------


def _every_endpoint(roster: Roster) -> list[tuple[str, str, dict | None]]:
    """(method, url, JSON body) for every roster and deployment endpoint, aimed at Ana."""
    ana, deployment = roster.ana, roster.deployment
    return [
        ("get", LIST, None),
        ("get", f"{LIST}?q=Ana", None),
        ("get", f"{LIST}/me", None),
        ("patch", f"{LIST}/me", {"biography": "Changed."}),
        ("get", f"{LIST}/{ana.pk}", None),
        ("get", f"{LIST}/{ana.pk}/cv", None),
        ("get", "/api/v1/deployments", None),
        ("get", f"/api/v1/deployments/{deployment.pk}", None),
        ("post", f"/api/v1/deployments/{deployment.pk}/transitions", {"transition": "accept"}),
        ("post", f"/api/v1/deployments/{deployment.pk}/transitions", {"transition": "invite"}),
        (
            "post",
            f"/api/v1/activities/{roster.lima_workshop.pk}/deployments",
            {"expert_id": ana.pk},
        ),
        (
            "post",
            f"/api/v1/activities/{roster.lima_workshop.pk}/deployments",
            {"expert_id": roster.carla.pk},
        ),
    ]


def _secrets(roster: Roster) -> list[str]:
    """Ana's and Carla's contact data, as they would appear in a JSON body."""
    return [
        roster.ana.email,
        "ana.perez",
        f"/api/v1/experts/{roster.ana.pk}/cv",
        "ana-perez-cv",
        "Parental leave",
        "2031-07-01",
        "2031-07-31",
        roster.carla.email,
    ]


@pytest.mark.parametrize(
    "role",
    ["partner", "other_partner", "steering", "knowledge", "other_expert", "anonymous"],
)
def test_partners_other_experts_and_visitors_never_see_an_expert_s_contact_data(
    roster: Roster, role: str
) -> None:
    client = client_for(roster.users.get(role))
    bodies = []
    for method, url, data in _every_endpoint(roster):
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, data, content_type="application/json")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert CV_BYTES not in content, url
        bodies.append((url, response.status_code, content.decode()))

    leaks = [
        (url, status, secret)
        for url, status, body in bodies
        for secret in _secrets(roster)
        if secret in body
    ]
    assert leaks == []
    # Nothing was refused silently into a success: no write went through.
    assert Deployment.objects.get(pk=roster.deployment.pk).status == "invited"
    assert Deployment.objects.filter(expert=roster.carla).count() == 0


def test_the_contact_data_test_can_fail(roster: Roster) -> None:
    """Staff do see it, so the search above looks for strings that really are in the bodies."""
    client = client_for(roster.users["officer"])

    body = client.get(f"{LIST}/{roster.ana.pk}").content.decode()

    shown = [secret for secret in _secrets(roster) if secret in body]
    # All but the CV's file name (only the download carries it) and Carla's address.
    assert shown == [s for s in _secrets(roster) if s not in {"ana-perez-cv", roster.carla.email}]
    assert roster.carla.email in client.get(LIST).content.decode()


@pytest.mark.parametrize("role", ["partner", "other_partner", "anonymous"])
def test_a_partner_listing_activities_sees_no_expert_contact_data(
    roster: Roster, role: str
) -> None:
    """Peru III is the other partner's action, with Ana invited to its Lima workshop."""
    response = client_for(roster.users.get(role)).get("/api/v1/activities")

    assert response.status_code == 200
    assert "Lima workshop" in [item["title"] for item in response.json()["items"]]
    body = response.content.decode()
    assert [secret for secret in _secrets(roster) if secret in body] == []
