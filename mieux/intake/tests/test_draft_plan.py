# ruff: noqa: RUF001 - the French catalogue writes typographic apostrophes
"""The draft plan written at formulation: durations by type, a study visit in an EU Member State,
titles in the request's language, and dates spread over the requested period."""

import datetime
import itertools

import pytest
from django.core.management import call_command

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.geo.data.eu_member_states import EU_MEMBER_STATES
from mieux.geo.models import Country
from mieux.intake import draft_plan, services
from mieux.intake.models import AssistanceRequest
from mieux.portfolio.models import Action, Activity
from mieux.taxonomy.models import ThematicArea
from mieux.taxonomy.vocabulary import ACTIVITY_TYPE_DAYS

pytestmark = pytest.mark.django_db
date = datetime.date
STEPS = (
    ("partner", "submit"),
    ("officer", "start_assessment"),
    ("officer", "recommend"),
    ("steering", "approve"),
    ("officer", "formulate"),
)
PLAN_TYPES = [
    "assessment_mission",
    "workshop",
    "training",
    "study_visit",
    "drafting_support",
    "training",
    "seminar",
]
SPANISH_TITLES = [
    "Misión de evaluación y reuniones bilaterales",
    "Taller de intercambio de conocimientos",
    "Capacitación de funcionarios",
    "Visita de estudio a un Estado miembro de la UE (España)",
    "Apoyo a la redacción del producto principal",
    "Capacitación de capacitadores",
    "Evento de cierre con presentación de los resultados",
]


@pytest.fixture
def reference_data(db):
    """The real countries (names in four languages), thematic areas and activity types."""
    call_command("load_reference_data", verbosity=0)


@pytest.fixture
def people(reference_data) -> dict[str, User]:
    people = {}
    for name, role in (
        ("officer", Role.PROJECT_OFFICER),
        ("steering", Role.STEERING_MEMBER),
    ):
        people[name] = User.objects.create(username=f"draft-{name}")
        Membership.objects.create(user=people[name], role=role)
    return people


def formulated(
    people: dict[str, User],
    *,
    country: str,
    language: str,
    start: date | None,
    end: date | None,
    working_languages: list[str] | None = None,
) -> Action:
    """A request of a ministry of `country` whose texts are in `language`, to be worked on in
    `working_languages` (default: the same), formulated through the services."""
    ministry = Institution.objects.create(
        name=f"Ministry of the Interior ({country})",
        kind=InstitutionKind.NATIONAL_AUTHORITY,
        country=Country.objects.get(iso2=country),
    )
    partner = User.objects.create(username=f"draft-partner-{country}-{language}")
    Membership.objects.create(user=partner, role=Role.PARTNER_FOCAL_POINT, institution=ministry)
    actors = {**people, "partner": partner}
    draft = services.request_create(
        actor=partner,
        title="Protection of migrant children",
        thematic_areas=[ThematicArea.objects.get(code="HO-CHI")],
        text_language=language,
        languages=working_languages or [language],
        context="More unaccompanied children arrive at the border.",
        objective="Train first-contact officials in child-sensitive procedures.",
        desired_start=start,
        desired_end=end,
    )
    for who, transition in STEPS:
        services.request_transition(
            actor=actors[who], request_id=draft.pk, transition=transition, reason="Agreed."
        )
    action = AssistanceRequest.objects.get(pk=draft.pk).action
    assert action is not None
    return action


def plan(action: Action) -> list[Activity]:
    return list(action.activities.select_related("activity_type", "country").order_by("start_date"))


def assert_spread_within(activities: list[Activity], first: date, last: date) -> None:
    assert first <= activities[0].start_date
    assert activities[-1].end_date <= last
    for before, after in itertools.pairwise(activities):
        # A free day between any two: none on top of another, none back to back.
        assert (after.start_date - before.end_date).days >= 1 + draft_plan.GAP_DAYS


# Durations -----------------------------------------------------------------------------------


def test_every_type_of_the_plan_has_a_duration_of_several_days_where_it_is_an_event():
    assert ACTIVITY_TYPE_DAYS["expert_mission"] == (3, 5)
    assert ACTIVITY_TYPE_DAYS["workshop"] == (2, 3)
    assert ACTIVITY_TYPE_DAYS["training"] == (3, 5)
    assert ACTIVITY_TYPE_DAYS["study_visit"] == (4, 5)
    assert {code for code, _title in draft_plan.DRAFT_PLAN} <= set(ACTIVITY_TYPE_DAYS)


def test_a_long_period_gives_each_activity_the_longest_usual_duration(people):
    action = formulated(
        people, country="MX", language="es", start=date(2027, 3, 1), end=date(2028, 2, 29)
    )

    activities = plan(action)
    assert [a.activity_type.code for a in activities] == PLAN_TYPES
    assert [a.days for a in activities] == [5, 3, 5, 5, 5, 5, 2]
    assert all(a.days == a.activity_type.typical_days[1] for a in activities)


# Study visit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "language", "host"), [("MX", "es", "ES"), ("SN", "fr", "FR"), ("BR", "pt", "PT")]
)
def test_the_study_visit_goes_to_a_member_state_working_in_the_request_language(
    people, country, language, host
):
    action = formulated(
        people, country=country, language=language, start=date(2027, 3, 1), end=date(2028, 2, 29)
    )

    visit = action.activities.get(activity_type__code="study_visit")
    assert visit.country.iso2 == host
    assert host in EU_MEMBER_STATES
    others = action.activities.exclude(activity_type__code="study_visit")
    assert set(others.values_list("country__iso2", flat=True)) == {country}


def test_without_a_member_state_for_the_language_the_visit_goes_to_the_first_in_name_order(
    reference_data,
):
    assert draft_plan.study_visit_host("de").iso2 == "AT"  # Austria, first of the 27 by name


def test_without_member_states_loaded_the_visit_keeps_a_placeless_title(db):
    Country.objects.filter(iso2__in=EU_MEMBER_STATES).delete()

    assert draft_plan.study_visit_host("es") is None


# Titles ----------------------------------------------------------------------------------------


def test_titles_are_in_spanish_for_a_spanish_request(people, settings):
    settings.LANGUAGE_CODE = "en"  # The officer formulates in English; the plan is in Spanish.

    action = formulated(
        people, country="MX", language="es", start=date(2027, 3, 1), end=date(2028, 2, 29)
    )

    assert [a.title for a in plan(action)] == SPANISH_TITLES
    assert {a.language for a in plan(action)} == {"es"}


def test_titles_follow_the_language_of_the_texts_not_the_preferred_working_languages(people):
    # Mexico's request written in English, to be worked on in Spanish (issue 9: its Action was
    # labelled "original text in Spanish" and drafted in Spanish).
    action = formulated(
        people,
        country="MX",
        language="en",
        working_languages=["es"],
        start=date(2027, 3, 1),
        end=date(2028, 2, 29),
    )

    activities = plan(action)
    assert action.language == "en"
    assert activities[0].title == "Assessment mission and bilateral meetings"
    assert activities[3].title == "Study visit to an EU Member State (Spain)"
    # The working language and the study visit's host still follow the preferred languages.
    assert {a.language for a in activities} == {"es"}
    assert activities[3].country.iso2 == "ES"


def test_a_working_language_the_site_does_not_have_leaves_the_texts_language(people):
    action = formulated(
        people,
        country="PE",
        language="es",
        working_languages=["qu"],
        start=date(2027, 3, 1),
        end=date(2028, 2, 29),
    )

    assert action.language == "es"
    assert {a.language for a in plan(action)} == {"es"}


def test_titles_are_in_french_for_a_french_request(people):
    action = formulated(
        people, country="SN", language="fr", start=date(2027, 3, 1), end=date(2028, 2, 29)
    )

    assert [a.title for a in plan(action)] == [
        "Mission d’évaluation et réunions bilatérales",
        "Atelier d’échange de connaissances",
        "Formation de fonctionnaires",
        "Visite d’étude dans un État membre de l’UE (France)",
        "Appui à la rédaction du produit principal",
        "Formation de formateurs",
        "Événement de clôture présentant les résultats",
    ]


# Dates -----------------------------------------------------------------------------------------


def test_a_spanish_request_over_a_year_spreads_its_activities_from_start_to_end(people):
    first, last = date(2027, 3, 1), date(2028, 2, 29)

    activities = plan(formulated(people, country="MX", language="es", start=first, end=last))

    assert_spread_within(activities, first, last)
    assert activities[0].start_date == first  # A Monday: the plan starts with the period.
    assert {a.start_date.weekday() for a in activities} == {0}
    # Evenly apart: about seven weeks between starts, and the last well before the end.
    starts = [a.start_date for a in activities]
    gaps = [(b - a).days for a, b in itertools.pairwise(starts)]
    assert gaps == [56, 49, 56, 49, 56, 56]
    assert activities[-1].end_date == date(2028, 1, 18)


def test_a_french_request_over_three_weeks_keeps_what_fits_at_the_shortest_durations(people):
    first, last = date(2027, 6, 7), date(2027, 6, 27)

    action = formulated(people, country="SN", language="fr", start=first, end=last)

    activities = plan(action)
    # The training of trainers, second to last, is left out.
    assert [a.activity_type.code for a in activities] == PLAN_TYPES[:5] + PLAN_TYPES[6:]
    assert [a.days for a in activities] == [3, 2, 3, 4, 3, 1]
    assert_spread_within(activities, first, last)
    # No room to spare: one free day between activities, the closing event on the last day.
    assert [a.start_date.day for a in activities] == [7, 11, 14, 18, 23, 27]
    assert activities[-1].title == "Événement de clôture présentant les résultats"
    assert (action.start_precision, action.end_precision) == ("day", "day")


def test_a_period_given_as_a_year_has_year_precision_and_no_activity_on_new_year(people):
    first, last = date(2027, 1, 1), date(2027, 12, 31)

    action = formulated(people, country="SN", language="fr", start=first, end=last)

    assert (action.start_precision, action.end_precision) == ("year", "year")
    assert action.period_label == "2027"
    activities = plan(action)
    assert len(activities) == 7
    assert_spread_within(activities, first, last)
    assert activities[0].start_date == date(2027, 1, 4)  # The first Monday of the year.
    assert {a.start_date.weekday() for a in activities} == {0}
    assert activities[-1].end_date == date(2027, 11, 16)


def test_a_period_given_in_months_has_month_precision(people):
    action = formulated(
        people, country="MX", language="es", start=date(2027, 3, 1), end=date(2027, 8, 31)
    )

    assert (action.start_precision, action.end_precision) == ("month", "month")
    assert_spread_within(plan(action), date(2027, 3, 1), date(2027, 8, 31))


def test_a_request_without_dates_is_planned_over_the_year_from_today(people):
    today = datetime.date.today()  # noqa: DTZ011 - formulation uses the local date too

    action = formulated(people, country="MX", language="es", start=None, end=None)

    assert action.start_date == today
    assert action.end_date == today + datetime.timedelta(days=365)
    assert len(plan(action)) == 7
    assert_spread_within(plan(action), action.start_date, action.end_date)


# The fitting rule on its own -------------------------------------------------------------------

TYPICAL = [ACTIVITY_TYPE_DAYS[code] for code, _title in draft_plan.DRAFT_PLAN]


@pytest.mark.parametrize(
    ("days", "kept", "lengths"),
    [
        (365, [0, 1, 2, 3, 4, 5, 6], [5, 3, 5, 5, 5, 5, 2]),
        (36, [0, 1, 2, 3, 4, 5, 6], [5, 3, 5, 5, 5, 5, 2]),
        (35, [0, 1, 2, 3, 4, 5, 6], [3, 2, 3, 4, 3, 3, 1]),
        (21, [0, 1, 2, 3, 4, 6], [3, 2, 3, 4, 3, 1]),
        (5, [0, 6], [3, 1]),
        (3, [0], [3]),
        (1, [0], [1]),
    ],
)
def test_fit_plan_shortens_then_leaves_out_middle_activities(days, kept, lengths):
    assert draft_plan.fit_plan(days, TYPICAL) == (kept, lengths)


def test_spread_dates_never_overlaps_nor_leaves_the_period():
    first = date(2027, 6, 2)  # A Wednesday
    for days in range(1, 120):
        last = first + datetime.timedelta(days=days - 1)
        _kept, lengths = draft_plan.fit_plan(days, TYPICAL)
        dates = draft_plan.spread_dates(first, last, lengths)
        assert dates[0][0] >= first
        assert dates[-1][1] <= last
        for (_start, end), (next_start, _end) in itertools.pairwise(dates):
            assert (next_start - end).days >= 1 + draft_plan.GAP_DAYS
        assert [(end - start).days + 1 for start, end in dates] == lengths


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        (date(2027, 1, 1), date(2027, 12, 31), "year"),
        (date(2027, 1, 1), date(2028, 12, 31), "year"),
        (date(2027, 2, 1), date(2027, 2, 28), "month"),
        (date(2028, 2, 1), date(2028, 2, 29), "month"),
        (date(2027, 1, 1), date(2027, 6, 30), "month"),
        (date(2027, 1, 2), date(2027, 12, 31), "day"),
        (date(2027, 3, 1), date(2027, 3, 30), "day"),
    ],
)
def test_period_precision_is_read_from_the_dates(start, end, precision):
    assert draft_plan.period_precision(start, end) == precision
