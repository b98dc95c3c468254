"""Countries, regions, groupings and vocabularies: public to every caller."""

import pytest
from django.test import Client

from mieux.api.tests import factories
from mieux.api.tests.conftest import World

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "partner", "staff_session", "staff_token"]


@pytest.fixture(params=CALLERS)
def any_caller(request: pytest.FixtureRequest) -> Client:
    if request.param == "anonymous":
        return Client()
    return request.getfixturevalue(
        {
            "partner": "partner_client",
            "staff_session": "staff_client",
            "staff_token": "token_client",
        }[request.param]
    )


def test_region_list_with_countries_count(world: World, any_caller: Client) -> None:
    response = any_caller.get("/api/v1/regions")

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "items": [
            {
                "code": "LAC",
                "name": "Latin America & the Caribbean",
                "names": {
                    "en": "Latin America & the Caribbean",
                    "es": "América Latina y el Caribe",
                    "pt": "Latin America & the Caribbean",
                    "fr": "Latin America & the Caribbean",
                },
                "countries_count": 3,
            },
            {
                "code": "AFR",
                "name": "Africa",
                "names": {"en": "Africa", "es": "África", "pt": "Africa", "fr": "Africa"},
                "countries_count": 1,
            },
        ],
    }


def test_region_names_follow_lang(world: World) -> None:
    response = Client().get("/api/v1/regions", query_params={"lang": "es"})

    assert [item["name"] for item in response.json()["items"]] == [
        "América Latina y el Caribe",
        "África",
    ]


def test_country_list(world: World, any_caller: Client) -> None:
    response = any_caller.get("/api/v1/countries")

    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert [item["iso2"] for item in response.json()["items"]] == ["CR", "MX", "PE", "SN"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "LAC"}, ["CR", "MX", "PE"]),
        ({"region": "afr"}, ["SN"]),
        ({"grouping": "CAN"}, ["PE"]),
        ({"grouping": "can", "region": "AFR"}, []),
    ],
)
def test_country_list_filters(world: World, params: dict[str, str], expected: list[str]) -> None:
    response = Client().get("/api/v1/countries", query_params=params)

    assert [item["iso2"] for item in response.json()["items"]] == expected


@pytest.mark.parametrize(
    ("field", "value", "detail"),
    [("region", "XYZ", "Unknown region “XYZ”."), ("grouping", "NOPE", "Unknown grouping “NOPE”.")],
)
def test_country_list_unknown_filter_is_invalid_input(
    world: World, field: str, value: str, detail: str
) -> None:
    response = Client().get("/api/v1/countries", query_params={field: value})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["detail"] == detail
    assert response.json()["errors"][0]["field"] == field


def test_country_detail(world: World, any_caller: Client) -> None:
    response = any_caller.get("/api/v1/countries/pe")

    assert response.status_code == 200
    assert response.json() == {
        "iso2": "PE",
        "iso3": "PER",
        "numeric": "604",
        "name": "Peru",
        "names": {"en": "Peru", "es": "Perú", "pt": "Peru", "fr": "Peru"},
        "region": {"code": "LAC", "name": "Latin America & the Caribbean"},
        "is_oda_eligible": True,
        "groupings": [{"code": "CAN", "acronym": "CAN", "name": "Andean Community"}],
    }


def test_country_detail_unknown_code_is_not_found(world: World) -> None:
    response = Client().get("/api/v1/countries/ZZ")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["detail"] == "No country with the code “ZZ”."


def test_country_detail_malformed_code_is_a_validation_error(world: World) -> None:
    response = Client().get("/api/v1/countries/PER")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "iso2"


def test_grouping_list(world: World) -> None:
    response = Client().get("/api/v1/groupings")

    assert response.json() == {
        "count": 1,
        "next": None,
        "items": [
            {
                "code": "CAN",
                "acronym": "CAN",
                "name": "Andean Community",
                "names": {
                    "en": "Andean Community",
                    "es": "Andean Community",
                    "pt": "Andean Community",
                    "fr": "Andean Community",
                },
                "region": {"code": "LAC", "name": "Latin America & the Caribbean"},
                "members": ["PE"],
            }
        ],
    }


def test_thematic_area_list_with_pillars_and_children(world: World, any_caller: Client) -> None:
    response = any_caller.get("/api/v1/thematic-areas")

    assert response.status_code == 200
    items = response.json()["items"]
    assert response.json()["count"] == 4
    assert [
        (item["code"], item["is_pillar"], item["pillar"], item["children"]) for item in items
    ] == [
        ("IMT", True, None, ["IMT-THB"]),
        ("IMT-THB", False, "IMT", []),
        ("LM", True, None, ["LM-INT"]),
        ("LM-INT", False, "LM", []),
    ]


def test_thematic_area_detail(world: World) -> None:
    response = Client().get("/api/v1/thematic-areas/imt-thb", query_params={"lang": "es"})

    assert response.status_code == 200
    assert response.json() == {
        "code": "IMT-THB",
        "name": "Trata de personas",
        "names": {
            "en": "Trafficking in Human Beings",
            "es": "Trata de personas",
            "pt": "Trafficking in Human Beings",
            "fr": "Trafficking in Human Beings",
        },
        "is_pillar": False,
        "pillar": "IMT",
        "children": [],
    }


def test_thematic_area_detail_unknown_code_is_not_found(world: World) -> None:
    response = Client().get("/api/v1/thematic-areas/NOPE")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_gcm_objective_list(world: World) -> None:
    factories.GCMObjectiveFactory.create(number=1, title="Collect and utilize accurate data")

    response = Client().get("/api/v1/gcm-objectives")

    assert response.json() == {
        "count": 2,
        "next": None,
        "items": [
            {"number": 1, "title": "Collect and utilize accurate data"},
            {"number": 10, "title": "Eradicate trafficking"},
        ],
    }


def test_sector_list(world: World) -> None:
    response = Client().get("/api/v1/sectors")

    assert response.json() == {
        "count": 1,
        "next": None,
        "items": [
            {
                "code": "15190",
                "name": "Facilitation of orderly, safe, regular and responsible migration and "
                "mobility",
                "category": "151",
                "is_active": True,
            }
        ],
    }


def test_activity_and_output_type_lists(world: World) -> None:
    activity_types = Client().get("/api/v1/activity-types", query_params={"lang": "es"}).json()
    output_types = Client().get("/api/v1/output-types").json()

    assert [(item["code"], item["name"]) for item in activity_types["items"]] == [
        ("workshop", "Taller")
    ]
    assert [(item["code"], item["name"]) for item in output_types["items"]] == [
        ("handbook", "Handbook")
    ]
