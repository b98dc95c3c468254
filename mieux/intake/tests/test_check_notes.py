# ruff: noqa: RUF001 - the French catalogue writes typographic apostrophes
"""Eligibility notes stored as codes with parameters, worded in the reader's language, and the
migration that turned the sentences stored before into codes."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from mieux.accounts.models import InstitutionKind
from mieux.accounts.tests.factories import InstitutionFactory
from mieux.intake import check_notes, eligibility
from mieux.intake.models import Assessment
from mieux.intake.tests.conftest import RECOMMENDED
from mieux.portfolio.models import ActionStatus
from mieux.portfolio.tests.factories import ActionFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("mieux.intake.migrations.0002_eligibility_notes_as_codes")


def worded(checks, language):
    with translation.override(language):
        return [check["text"] for check in check_notes.worded_lists(checks)[0]]


def test_checks_store_codes_and_parameters_not_sentences(world, make_request):
    recommended = make_request("Protection of migrant children", RECOMMENDED)

    assert recommended.assessment.checks == [
        {
            "code": "country_eligible",
            "passed": True,
            "note": {"code": "country_oda_eligible", "params": {"country": "MX"}},
        },
        {
            "code": "requester_type_eligible",
            "passed": True,
            "note": {"code": "requesters_eligible", "params": {}},
        },
        {
            "code": "civil_society_jointly",
            "passed": True,
            "note": {"code": "no_civil_society_alone", "params": {}},
        },
        {
            "code": "thematic_fit",
            "passed": True,
            "note": {"code": "thematic_areas_within", "params": {"thematic_areas": ["IMT"]}},
        },
        {
            "code": "possible_duplication",
            "passed": True,
            "note": {"code": "no_overlap", "params": {}},
        },
    ]


def test_failed_checks_render_in_spanish_and_french(world, users, make_request):
    world["mexico"].is_oda_eligible = False
    world["mexico"].save()
    mexico_ii = ActionFactory(name="Mexico II", status=ActionStatus.ONGOING)
    mexico_ii.countries.add(world["mexico"])
    earlier = make_request("Earlier request", ("submit",))
    later = make_request("Later request", ("submit",))
    checks = eligibility.compute_checks(later)

    assert worded(checks, "es") == [
        "México no figura en la lista de receptores de AOD.",
        "Todas las instituciones solicitantes pueden pedir asistencia.",
        "Ninguna organización de la sociedad civil presenta la solicitud sola.",
        "Dentro de las áreas temáticas del mecanismo: Migración irregular.",
        f"Posible superposición con: acción Mexico II; solicitud n.º {earlier.pk} "
        "«Earlier request».",
    ]
    assert worded(checks, "fr") == [
        "Mexique ne figure pas sur la liste des bénéficiaires de l’APD.",
        "Toutes les institutions demandeuses peuvent solliciter une assistance.",
        "Aucune organisation de la société civile ne présente la demande seule.",
        "Dans les domaines thématiques du dispositif : Migration irrégulière.",
        f"Chevauchement possible avec : action Mexico II; demande n° {earlier.pk} "
        "« Earlier request ».",
    ]


def test_ineligible_requesters_are_named_in_the_note(world, users, make_request):
    draft = make_request("From a company", ())
    draft.requesting_institutions.add(
        InstitutionFactory(name="Acme Consulting", kind=InstitutionKind.PRIVATE_SECTOR)
    )

    checks = eligibility.compute_checks(draft)

    assert checks[1]["note"] == {
        "code": "requesters_not_eligible",
        "params": {"institutions": ["Acme Consulting"]},
    }
    assert worded(checks, "es")[1] == "No elegibles para presentar solicitudes: Acme Consulting."


def test_words_need_no_query_for_names_already_at_hand(world, django_assert_num_queries):
    checks = [
        {
            "code": "country_eligible",
            "passed": True,
            "note": check_notes.note("country_oda_eligible", country="MX"),
        },
    ]

    with django_assert_num_queries(0):
        check_notes.worded_lists(checks, countries=[world["mexico"]])
    with django_assert_num_queries(1):
        check_notes.worded_lists(checks)


def test_an_unknown_note_code_is_refused():
    with pytest.raises(ValueError, match="Unknown eligibility note 'country_fine'"):
        check_notes.note("country_fine")


def test_a_code_no_longer_known_shows_as_it_is(world):
    checks = [
        {
            "code": "thematic_fit",
            "passed": True,
            "note": check_notes.note("thematic_areas_within", thematic_areas=["IMT", "XX-OLD"]),
        }
    ]

    assert worded(checks, "fr") == [
        "Dans les domaines thématiques du dispositif : Migration irrégulière, XX-OLD."
    ]


# The migration -------------------------------------------------------------------------------


def stored(assessment, details):
    assessment.checks = [
        {"code": code, "passed": passed, "detail": detail} for code, passed, detail in details
    ]
    assessment.save()


def test_the_migration_turns_sentences_in_every_language_into_codes(world, make_request):
    ThematicAreaFactory(code="HO-CHI", name_en="Children in migration")
    earlier = make_request("Earlier request", ("submit",))
    assessment = make_request("Assessed", ("submit", "start_assessment")).assessment
    stored(
        assessment,
        [
            ("country_eligible", True, "Mexico is eligible for EU development cooperation."),
            (
                "requester_type_eligible",
                True,
                "Todas las instituciones solicitantes pueden pedir asistencia.",
            ),
            (
                "civil_society_jointly",
                True,
                "Aucune organisation de la société civile ne présente la demande seule.",
            ),
            ("thematic_fit", True, "Dentro das áreas temáticas do mecanismo: IMT, HO-CHI."),
            (
                "possible_duplication",
                False,
                f"Posible superposición con: acción Mexico II; solicitud n.º {earlier.pk} "
                "«Earlier request».",
            ),
        ],
    )

    migration.notes_from_sentences(apps, None)

    assessment.refresh_from_db()
    assert [check["note"] for check in assessment.checks] == [
        {"code": "country_oda_eligible", "params": {"country": "MX"}},
        {"code": "requesters_eligible", "params": {}},
        {"code": "no_civil_society_alone", "params": {}},
        {"code": "thematic_areas_within", "params": {"thematic_areas": ["IMT", "HO-CHI"]}},
        {
            "code": "possible_overlap",
            "params": {
                "overlaps": [
                    {"action": "Mexico II"},
                    {"request": earlier.pk, "title": "Earlier request"},
                ]
            },
        },
    ]
    assert not any("detail" in check for check in assessment.checks)
    assert [check["passed"] for check in assessment.checks] == [True, True, True, True, False]


def test_the_migration_leaves_sentences_it_cannot_read(world, make_request):
    assessment = make_request("Assessed", ("submit", "start_assessment")).assessment
    unreadable = [
        ("country_eligible", True, "Atlantis is eligible for EU development cooperation."),
        ("requester_type_eligible", True, "Checked by hand in 2019."),
        ("thematic_fit", True, "Within the facility's thematic areas: NOPE."),
        ("possible_duplication", False, "Possibly overlapping: something else."),
    ]
    stored(assessment, unreadable)

    migration.notes_from_sentences(apps, None)

    assessment.refresh_from_db()
    assert assessment.checks == [
        {"code": code, "passed": passed, "detail": detail} for code, passed, detail in unreadable
    ]
    assert worded(assessment.checks, "es") == [detail for _code, _passed, detail in unreadable]


def test_the_migration_keeps_institution_names_with_commas_whole(world, make_request):
    assessment = make_request("Assessed", ("submit", "start_assessment")).assessment
    InstitutionFactory(name="Acme", kind=InstitutionKind.PRIVATE_SECTOR)
    InstitutionFactory(name="Bolt", kind=InstitutionKind.PRIVATE_SECTOR)
    stored(
        assessment,
        [
            ("requester_type_eligible", False, "Not eligible to request: Acme, Bolt."),
            ("requester_type_eligible", False, "Not eligible to request: Smith, Jones and Co."),
        ],
    )

    migration.notes_from_sentences(apps, None)

    assessment.refresh_from_db()
    assert [check["note"]["params"] for check in assessment.checks] == [
        {"institutions": ["Acme", "Bolt"]},
        {"institutions": ["Smith, Jones and Co"]},
    ]
    assert worded(assessment.checks, "en") == [
        "Not eligible to request: Acme, Bolt.",
        "Not eligible to request: Smith, Jones and Co.",
    ]


def test_the_migration_back_writes_english_sentences(world, make_request):
    assessment = make_request("Assessed", RECOMMENDED).assessment
    with translation.override("en"):
        english = worded(assessment.checks, "en")
    english[3] = "Within the facility's thematic areas: IMT."  # Sentences named codes then.

    migration.sentences_from_notes(apps, None)

    assessment = Assessment.objects.get(pk=assessment.pk)
    assert [check["detail"] for check in assessment.checks] == english
    assert not any("note" in check for check in assessment.checks)
