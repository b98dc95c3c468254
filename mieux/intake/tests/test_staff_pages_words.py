# ruff: noqa: RUF001 - the French catalogue writes typographic apostrophes
"""The steering agenda and the assessment page speak the reader's language: thematic areas,
languages and countries by name, one date format per page, eligibility notes worded in the
reader's language."""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from mieux.intake.tests.conftest import RECOMMENDED, login

pytestmark = pytest.mark.django_db

AGENDA_ROLES = ["officer", "manager", "admin", "steering"]
ASSESSMENT_ROLES = ["officer", "manager", "admin"]
OTHERS = ["partner", "other_partner", "expert", "knowledge"]
# What each language calls what the fixture's request is about.
WORDS = {
    "es": {
        "theme": "Migración irregular",
        "language": "Español",
        "country": "México",
        "region": "América Latina y el Caribe",
        "not_eligible": "México no figura en la lista de receptores de AOD.",
        "eligible": "México es elegible para la cooperación al desarrollo de la UE.",
        "themes_within": "Dentro de las áreas temáticas del mecanismo: Migración irregular.",
    },
    "fr": {
        "theme": "Migration irrégulière",
        "language": "Espagnol",
        "country": "Mexique",
        "region": "Amérique latine et Caraïbes",
        "not_eligible": "Mexique ne figure pas sur la liste des bénéficiaires de l’APD.",
        "eligible": "Mexique est éligible à la coopération au développement de l’UE.",
        "themes_within": "Dans les domaines thématiques du dispositif : Migration irrégulière.",
    },
}
TIME = re.compile(r'<time datetime="([^"]+)">([^<]+)</time>')


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def text_of(response) -> str:
    """The page's text as a reader sees it: tags out, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def assert_one_date_format(response, language: str) -> int:
    """Every date on the page is in the language's DATE_FORMAT; returns how many there are."""
    dates = TIME.findall(response.content.decode())
    with translation.override(language):
        for moment, shown in dates:
            expected = formats.date_format(datetime.datetime.fromisoformat(moment), "DATE_FORMAT")
            assert html.unescape(shown) == expected
    return len(dates)


def assert_names_not_codes(response, language: str) -> str:
    """The theme, the request's language and its country are named in `language`, and no code
    shows; returns the page's text."""
    assert response.status_code == 200
    text = text_of(response)
    words = WORDS[language]
    assert words["theme"] in text
    assert "IMT" not in text
    assert f"<dd>{words['language']}</dd>" in response.text
    assert "<dd>es</dd>" not in response.text
    assert f"{words['country']} ({words['region']})" in text
    return text


@pytest.fixture
def ineligible(world, make_request):
    """A recommended request from Mexico, struck off the ODA list: the agenda shows its note."""
    world["mexico"].is_oda_eligible = False
    world["mexico"].save()
    return make_request("Protection of migrant children", RECOMMENDED)


# Steering agenda -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "fr"])
@pytest.mark.parametrize("who", AGENDA_ROLES)
def test_agenda_names_themes_languages_and_countries(client, users, ineligible, who, language):
    response = in_language(login(client, users, who), language).get(
        reverse("intake:steering_agenda")
    )

    text = assert_names_not_codes(response, language)
    assert WORDS[language]["not_eligible"] in text


@pytest.mark.parametrize("language", ["es", "fr"])
def test_agenda_dates_are_in_one_format(client, users, ineligible, language):
    response = in_language(login(client, users, "steering"), language).get(
        reverse("intake:steering_agenda")
    )

    # The submission and the officer's assessment.
    assert assert_one_date_format(response, language) == 2


@pytest.mark.parametrize("who", OTHERS)
def test_agenda_stays_closed_to_other_roles_in_any_language(client, users, ineligible, who):
    response = in_language(login(client, users, who), "fr").get(reverse("intake:steering_agenda"))

    assert response.status_code == 403
    assert WORDS["fr"]["not_eligible"] not in text_of(response)


def test_agenda_sends_anonymous_visitors_to_sign_in(client, ineligible):
    response = in_language(client, "es").get(reverse("intake:steering_agenda"))

    assert response.status_code == 302


# Assessment ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "fr"])
@pytest.mark.parametrize("who", ASSESSMENT_ROLES)
def test_assessment_names_themes_languages_and_countries(client, users, recommended, who, language):
    response = in_language(login(client, users, who), language).get(
        reverse("intake:assessment", args=[recommended.pk])
    )

    text = assert_names_not_codes(response, language)
    # The notes, computed now and stored, in the reader's language.
    assert text.count(WORDS[language]["eligible"]) == 2
    assert text.count(WORDS[language]["themes_within"]) == 2


@pytest.mark.parametrize("language", ["es", "fr"])
def test_assessment_dates_are_in_one_format(client, users, recommended, language):
    response = in_language(login(client, users, "officer"), language).get(
        reverse("intake:assessment", args=[recommended.pk])
    )

    # The submission, the assessment, and the three steps so far.
    assert assert_one_date_format(response, language) == 5
    with translation.override(language):
        checked = formats.date_format(recommended.assessment.checked_at, "DATE_FORMAT")
    assert checked in text_of(response)


@pytest.mark.parametrize("who", [*OTHERS, "steering"])
def test_assessment_stays_closed_to_other_roles_in_any_language(client, users, recommended, who):
    response = in_language(login(client, users, who), "es").get(
        reverse("intake:assessment", args=[recommended.pk])
    )

    assert response.status_code == 403
    assert WORDS["es"]["eligible"] not in text_of(response)


def test_a_note_stored_as_a_sentence_is_shown_as_it_was(client, users, recommended):
    assessment = recommended.assessment
    assessment.checks = [
        {**check, "detail": "Checked by hand in 2019."} if index == 0 else check
        for index, check in enumerate(assessment.checks)
    ]
    del assessment.checks[0]["note"]
    assessment.save()

    response = in_language(login(client, users, "officer"), "fr").get(
        reverse("intake:assessment", args=[recommended.pk])
    )

    text = text_of(response)
    assert "Checked by hand in 2019." in text
    # Computed now, the same check reads in French.
    assert text.count(WORDS["fr"]["eligible"]) == 1
