"""Actions, activities and outputs: visibility per caller, filters, detail, languages."""

import pytest
from django.test import Client

from mieux.api.tests.conftest import World

pytestmark = pytest.mark.django_db

PUBLIC_ACTIONS = ["senegal-i", "peru-iii", "mexico-ii"]
ALL_ACTIONS = ["costa-rica-v", "senegal-i", "peru-iii", "mexico-ii"]


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


def test_action_list_shows_public_actions_newest_first_to_anonymous_and_partner(
    world: World, public_client: Client
) -> None:
    response = public_client.get("/api/v1/actions")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["count"] == 3
    assert response.json()["next"] is None
    assert slugs(response) == PUBLIC_ACTIONS


def test_action_list_shows_non_public_actions_to_staff(world: World, staff_caller: Client) -> None:
    response = staff_caller.get("/api/v1/actions")

    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert slugs(response) == ALL_ACTIONS


def test_action_list_item_shape(world: World) -> None:
    response = Client().get("/api/v1/actions", query_params={"country": "pe"})

    assert response.json() == {
        "count": 1,
        "next": None,
        "items": [
            {
                "slug": "peru-iii",
                "name": "Peru III",
                "title": "Fighting trafficking in persons",
                "region": {"code": "LAC", "name": "Latin America & the Caribbean"},
                "countries": [{"iso2": "PE", "name": "Peru"}],
                "pillar": {
                    "code": "IMT",
                    "name": "Irregular Migration and Trafficking in Human Beings",
                },
                "thematic_areas": [{"code": "IMT-THB", "name": "Trafficking in Human Beings"}],
                "status": "ongoing",
                "start_date": "2016-04-01",
                "start_precision": "month",
                "end_date": None,
                "end_precision": "month",
                "period_label": "2016–ongoing",  # noqa: RUF001 - the model's en dash
                "is_public": True,
            }
        ],
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "LAC"}, ["peru-iii", "mexico-ii"]),
        ({"region": "afr"}, ["senegal-i"]),
        ({"country": "MX"}, ["mexico-ii"]),
        ({"theme": "IMT-THB"}, ["peru-iii"]),
        ({"theme": "LM"}, ["senegal-i", "mexico-ii"]),
        ({"status": "completed"}, ["mexico-ii"]),
        ({"year": "2013"}, ["mexico-ii"]),
        ({"year": "2019"}, ["senegal-i", "peru-iii"]),
        ({"region": "LAC", "status": "ongoing", "theme": "IMT"}, ["peru-iii"]),
        ({"country": "SN", "theme": "IMT"}, []),
    ],
)
def test_action_list_filters(world: World, params: dict[str, str], expected: list[str]) -> None:
    response = Client().get("/api/v1/actions", query_params=params)

    assert response.status_code == 200
    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


def test_filter_by_country_of_non_public_action_is_empty_for_anonymous(world: World) -> None:
    response = Client().get("/api/v1/actions", query_params={"country": "CR"})

    assert response.json() == {"count": 0, "next": None, "items": []}


def test_action_detail_for_anonymous(world: World) -> None:
    response = Client().get("/api/v1/actions/peru-iii")

    assert response.status_code == 200
    body = response.json()
    assert response["Content-Language"] == "en"
    assert set(response["Vary"].split(", ")) >= {"Accept-Language", "Authorization"}
    assert body["slug"] == "peru-iii"
    assert body["title"] == "Fighting trafficking in persons"
    assert body["language"] == "en"
    assert body["context"] == "Peru is a country of origin, transit and destination."
    assert body["objective"] == "To strengthen the fight against trafficking."
    assert body["result"] == "Training for 755 government officials."
    assert body["text_languages"] == {
        "title": "en",
        "context": "en",
        "objective": "en",
        "result": "en",
    }
    assert body["translations"] == {
        "es": {"title": "Lucha contra la trata de personas", "objective": "Fortalecer."}
    }
    assert body["thematic_areas"] == [
        {"code": "IMT-THB", "name": "Trafficking in Human Beings", "pillar": "IMT"}
    ]
    assert body["partner_institutions"] == [
        {
            "name": "Ministerio del Interior",
            "acronym": "MININTER",
            "kind": "national_authority",
            "country": "PE",
        }
    ]
    assert body["gcm_objectives"] == [{"number": 10, "title": "Eradicate trafficking"}]
    assert [sector["code"] for sector in body["sectors"]] == ["15190"]
    assert [activity["title"] for activity in body["activities"]] == [
        "Workshop in Lima",
        "Study visit",
    ]
    assert body["activities"][0] == {
        "id": body["activities"][0]["id"],
        "title": "Workshop in Lima",
        "description": "",
        "activity_type": {"code": "workshop", "name": "Workshop"},
        "status": "planned",
        "start_date": "2017-03-01",
        "end_date": "2017-03-01",
        "city": "Lima",
        "country": {"iso2": "PE", "name": "Peru"},
        "is_virtual": False,
        "language": "en",
        "participants_total": 30,
        "participants_female": 18,
        "participants_male": 12,
    }
    assert [output["title"] for output in body["outputs"]] == ["Handbook on victim identification"]
    assert body["outputs"][0]["status"] == "adopted"
    assert body["outputs"][0]["adopted_on"] == "2018-03-01"
    assert body["outputs"][0]["adopted_by"] == {
        "name": "Ministerio del Interior",
        "acronym": "MININTER",
    }
    assert body["indicators"] == [
        {
            "id": body["indicators"][0]["id"],
            "kind": "officials_trained",
            "name": "Government officials trained",
            "unit": "people",
            "baseline": None,
            "target": 800.0,
            "latest_value": 755.0,
            "measurements": [
                {"measured_on": "2018-12-31", "value": 300.0, "note": ""},
                {"measured_on": "2019-12-31", "value": 755.0, "note": ""},
            ],
        }
    ]


def test_action_detail_in_requested_language_falls_back_to_original(world: World) -> None:
    response = Client().get("/api/v1/actions/peru-iii", query_params={"lang": "es"})

    body = response.json()
    assert response["Content-Language"] == "es"
    assert body["title"] == "Lucha contra la trata de personas"
    assert body["objective"] == "Fortalecer."
    assert body["context"] == "Peru is a country of origin, transit and destination."
    assert body["text_languages"] == {
        "title": "es",
        "context": "en",
        "objective": "es",
        "result": "en",
    }
    assert body["region"] == {"code": "LAC", "name": "América Latina y el Caribe"}
    assert body["countries"] == [{"iso2": "PE", "name": "Perú"}]
    assert body["activities"][0]["activity_type"] == {"code": "workshop", "name": "Taller"}


def test_action_detail_follows_accept_language(world: World) -> None:
    response = Client().get(
        "/api/v1/actions/peru-iii", headers={"accept-language": "es-PE,es;q=0.9"}
    )

    assert response["Content-Language"] == "es"
    assert response.json()["objective"] == "Fortalecer."


def test_lang_parameter_wins_over_accept_language(world: World) -> None:
    response = Client().get(
        "/api/v1/actions/peru-iii", query_params={"lang": "en"}, headers={"accept-language": "es"}
    )

    assert response.json()["objective"] == "To strengthen the fight against trafficking."


def test_non_public_action_detail_is_not_found_for_anonymous_and_partner(
    world: World, public_client: Client
) -> None:
    response = public_client.get("/api/v1/actions/costa-rica-v")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_non_public_action_detail_is_visible_to_staff(world: World, staff_caller: Client) -> None:
    response = staff_caller.get("/api/v1/actions/costa-rica-v")

    assert response.status_code == 200
    assert response.json()["is_public"] is False
    assert [activity["title"] for activity in response.json()["activities"]] == ["Hidden mission"]


def test_activity_list_for_anonymous_and_partner(world: World, public_client: Client) -> None:
    response = public_client.get("/api/v1/activities")

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == [
        "Mexico seminar",
        "Workshop in Lima",
        "Study visit",
        "Dakar training",
    ]
    assert response.json()["count"] == 4
    assert response.json()["items"][1]["action"] == {"slug": "peru-iii", "name": "Peru III"}


def test_activity_list_for_staff_includes_non_public_actions(
    world: World, staff_caller: Client
) -> None:
    response = staff_caller.get("/api/v1/activities")

    assert [item["title"] for item in response.json()["items"]] == [
        "Mexico seminar",
        "Workshop in Lima",
        "Study visit",
        "Dakar training",
        "Hidden mission",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "LAC"}, ["Mexico seminar", "Workshop in Lima", "Study visit"]),
        ({"country": "PE"}, ["Workshop in Lima", "Study visit"]),
        ({"theme": "LM"}, ["Mexico seminar", "Dakar training"]),
        ({"status": "completed"}, ["Mexico seminar"]),
        ({"year": "2018"}, ["Study visit"]),
    ],
)
def test_activity_list_filters(world: World, params: dict[str, str], expected: list[str]) -> None:
    response = Client().get("/api/v1/activities", query_params=params)

    assert [item["title"] for item in response.json()["items"]] == expected


def test_output_list_for_anonymous_and_partner(world: World, public_client: Client) -> None:
    response = public_client.get("/api/v1/outputs")

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [item["title"] for item in response.json()["items"]] == [
        "Handbook on victim identification",
        "Integration guidelines",
    ]
    assert response.json()["items"][0]["action"] == {"slug": "peru-iii", "name": "Peru III"}
    assert response.json()["items"][0]["output_type"] == {"code": "handbook", "name": "Handbook"}


def test_output_list_for_staff_includes_non_public_actions(
    world: World, staff_caller: Client
) -> None:
    response = staff_caller.get("/api/v1/outputs")

    assert [item["title"] for item in response.json()["items"]] == [
        "Handbook on victim identification",
        "Integration guidelines",
        "Hidden protocol",
    ]


def test_output_list_filters(world: World) -> None:
    response = Client().get("/api/v1/outputs", query_params={"country": "MX"})

    assert [item["title"] for item in response.json()["items"]] == ["Integration guidelines"]
