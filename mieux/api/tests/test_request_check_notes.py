"""The API gives each eligibility note as a code with parameters and as text in the caller's
language (`?lang=` or Accept-Language)."""

import pytest

from mieux.api.tests.intake_factories import IntakeWorld, build_world
from mieux.intake.models import Assessment


@pytest.fixture
def world(db: None) -> IntakeWorld:
    world = build_world()
    world.mexico.name_fr = "Mexique"
    world.mexico.save()
    world.ho_chi.name_es = "Niñez en la migración"
    world.ho_chi.name_fr = "Enfants dans la migration"
    world.ho_chi.save()
    return world


def checks_of(world: IntakeWorld, request_id: int, **headers: str) -> list[dict]:
    response = world.client("officer").get(f"/api/v1/requests/{request_id}", headers=headers)
    assert response.status_code == 200
    return response.json()["assessment"]["checks"]


@pytest.mark.parametrize(
    ("language", "country", "themes"),
    [
        (
            "es",
            "México es elegible para la cooperación al desarrollo de la UE.",
            "Dentro de las áreas temáticas del mecanismo: Niñez en la migración.",
        ),
        (
            "fr",
            "Mexique est éligible à la coopération au développement de l’UE.",  # noqa: RUF001
            "Dans les domaines thématiques du dispositif : Enfants dans la migration.",
        ),
    ],
)
def test_notes_come_as_codes_and_as_text_in_the_callers_language(
    world: IntakeWorld, language: str, country: str, themes: str
) -> None:
    recommended = world.request("recommended")

    checks = checks_of(world, recommended.pk, **{"accept-language": language})

    assert checks[0] == {
        "code": "country_eligible",
        "passed": True,
        "note": {"code": "country_oda_eligible", "params": {"country": "MX"}},
        "text": country,
        "detail": country,
    }
    assert checks[3]["note"] == {
        "code": "thematic_areas_within",
        "params": {"thematic_areas": ["HO-CHI"]},
    }
    assert checks[3]["text"] == themes


def test_the_lang_parameter_wins_over_accept_language(world: IntakeWorld) -> None:
    recommended = world.request("recommended")

    response = world.client("officer").get(
        f"/api/v1/requests/{recommended.pk}?lang=fr", headers={"accept-language": "es"}
    )

    assert response.json()["assessment"]["checks"][2]["text"] == (
        "Aucune organisation de la société civile ne présente la demande seule."
    )


def test_a_note_stored_as_a_sentence_comes_without_a_code(world: IntakeWorld) -> None:
    recommended = world.request("recommended")
    assessment = Assessment.objects.get(assistance_request=recommended)
    assessment.checks[1] = {
        "code": "requester_type_eligible",
        "passed": True,
        "detail": "Checked by hand.",
    }
    assessment.save()

    checks = checks_of(world, recommended.pk, **{"accept-language": "es"})

    assert checks[1] == {
        "code": "requester_type_eligible",
        "passed": True,
        "note": None,
        "text": "Checked by hand.",
        "detail": "Checked by hand.",
    }
