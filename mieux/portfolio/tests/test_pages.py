"""The public pages: home, portfolio, action, country and region pages."""

import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mieux.portfolio.models import ActionStatus
from mieux.portfolio.tests.conftest import ActionFactory, ActivityFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("portfolio:home", []),
    ("portfolio:action_list", []),
    ("portfolio:action_detail", ["peru-iii"]),
    ("portfolio:country_detail", ["PE"]),
    ("portfolio:region_list", []),
    ("portfolio:region_detail", ["LAC"]),
]


def action_names(response) -> list[str]:
    """The action names of the cards on a page, in page order."""
    return re.findall(r'class="action-card-title"><a href="[^"]+">([^<]+)</a>', response.text)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_page_renders_for_every_visitor(visitor, portfolio, name, args):
    response = visitor.get(reverse(name, args=args))

    assert response.status_code == 200
    assert '<html lang="en"' in response.text
    assert 'href="#main"' in response.text
    assert 'action="/i18n/setlang/"' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert 'href="/api/v1/docs"' in response.text


def test_language_switcher_lists_languages_in_their_own_names(client, portfolio):
    response = client.get("/")

    for code, name in [
        ("en", "English"),
        ("es", "Español"),
        ("pt", "Português"),
        ("fr", "Français"),
    ]:
        assert f'<option value="{code}" lang="{code}"' in response.text
        assert name in response.text


def test_home_shows_figures_from_public_data(client, portfolio):
    response = client.get("/")

    figures = response.context["figures"]
    # The hidden action, its activity and its 999 officials are left out; Peru III counts its
    # latest measurement (250, not 100) and Mexico II its 755.
    assert figures == {
        "actions": 3,
        "activities": 3,
        "countries": 3,
        "outputs_adopted": 1,
        "officials_trained": 1005,
    }
    assert "1,005" in response.text


def test_portfolio_lists_public_actions_newest_first(visitor, portfolio, staff_user):
    response = visitor.get("/actions/")

    is_staff = response.wsgi_request.user.is_staff
    expected = ["Peru III", "Mexico II", "Costa Rica I"]
    if is_staff:
        expected = ["Hidden Action", *expected]  # 2017-03-01, before Peru III's 2017-04-01
    assert sorted(action_names(response)) == sorted(expected)
    assert "2017\u2013ongoing" in response.text
    assert "Strengthen the knowledge of staff" in response.text


def test_portfolio_hides_non_public_action_from_anonymous(client, portfolio):
    response = client.get("/actions/")

    assert "Hidden Action" not in response.text
    assert "Not for the public." not in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=LAC", ["Peru III", "Mexico II", "Costa Rica I"]),
        ("region=AFR", []),
        ("country=MX", ["Mexico II"]),
        ("country=pe", ["Peru III"]),
        ("theme=IMT", ["Peru III"]),
        ("theme=HO-CAP", ["Peru III", "Mexico II"]),
        ("theme=LM", ["Mexico II", "Costa Rica I"]),
        ("status=completed", ["Mexico II", "Costa Rica I"]),
        ("year=2012", ["Costa Rica I"]),
        ("year=2017", ["Peru III", "Mexico II"]),
        ("region=LAC&status=ongoing&year=2018&theme=IMT-SOM&country=PE", ["Peru III"]),
        ("region=&country=&theme=&status=&year=", ["Peru III", "Mexico II", "Costa Rica I"]),
    ],
)
def test_filter_form_shows_exactly_the_matching_actions(client, portfolio, query, expected):
    response = client.get(f"/actions/?{query}")

    assert response.status_code == 200
    assert action_names(response) == expected


def test_filter_form_offers_database_options_and_keeps_selection(client, portfolio):
    response = client.get("/actions/?country=MX&theme=HO-CHI&year=2017")

    assert '<option value="MX" selected>Mexico</option>' in response.text
    assert '<option value="HO-CHI" selected>' in response.text
    assert '<option value="2017" selected>2017</option>' in response.text
    assert '<option value="LAC">Latin America and the Caribbean</option>' in response.text
    # Only countries with visible actions are offered.
    assert 'value="SN"' not in response.text


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("region=XX", "region", "Unknown region “XX”."),
        ("country=ZZ", "country", "Unknown country “ZZ”"),
        ("theme=NOPE", "theme", "Unknown thematic area “NOPE”."),
        ("status=paused", "status", "Unknown status “paused”"),
        ("year=17", "year", "Year must be four digits, such as 2017."),
        ("year=1999", "year", "Year must lie between 2000 and 2100."),
    ],
)
def test_bad_filter_value_shows_error_with_status_400(client, portfolio, query, field, message):
    response = client.get(f"/actions/?{query}")

    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert message in response.text
    assert f'name="{field}" aria-invalid="true"' in response.text
    assert action_names(response) == []


def test_portfolio_paginates(client, lac, themes):
    for number in range(25):
        ActionFactory(
            name=f"Paged {number:02d}", region=lac, start_date=datetime.date(2000 + number, 1, 1)
        )

    first = client.get("/actions/")
    second = client.get("/actions/?page=2")
    out_of_range = client.get("/actions/?page=99")

    assert len(action_names(first)) == 20
    assert action_names(first)[0] == "Paged 24"
    assert action_names(second) == [f"Paged {number:02d}" for number in range(4, -1, -1)]
    assert 'href="?page=2"' in first.text
    assert action_names(out_of_range) == action_names(second)


def test_action_page_shows_card_facts_timeline_outputs_results(client, portfolio):
    response = client.get("/actions/peru-iii/")

    text = response.text
    assert "<h1>Peru III" in text
    assert '<dd lang="en">Certain provinces of Peru' in text
    for fact in [
        "Ministry of the Interior (MININTER)",
        "Migrant Smuggling",
        "Capacity Development and Training",
        "9. Strengthen the transnational response to smuggling of migrants",
        "Spain (public administration), Argentina",
        'href="https://example.org/mieux-lac.pdf"',
    ]:
        assert fact in text
    assert text.index("Assessment mission to Lima") < text.index("Online follow-up session")
    assert "Lima, Peru" in text
    assert "40 participants (22 women, 18 men)" in text
    assert "Online" in text
    assert "Adopted on Sept. 1, 2018 by Ministry of the Interior (MININTER)." in text
    assert "<strong>250</strong>" in text
    assert "300" in text


@pytest.mark.parametrize("slug", ["no-such-action", "hidden-action"])
def test_action_page_404_for_unknown_or_hidden_action(client, portfolio, slug):
    response = client.get(f"/actions/{slug}/")

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_hidden_action_page_404_for_partner_but_visible_to_staff(
    client, portfolio, partner_user, staff_user
):
    client.force_login(partner_user)
    assert client.get("/actions/hidden-action/").status_code == 404

    client.force_login(staff_user)
    response = client.get("/actions/hidden-action/")
    assert response.status_code == 200
    assert "Not public" in response.text


def test_spanish_visitor_by_accept_language_sees_spanish(client, portfolio):
    response = client.get("/actions/peru-iii/", headers={"accept-language": "es"})

    text = response.text
    assert '<html lang="es"' in text
    assert "Objetivo" in text
    assert "Actividades" in text
    assert '<dd lang="es">Fortalecer los conocimientos del personal' in text
    # The untranslated context stays in English, marked as such.
    assert '<dd lang="en">Certain provinces of Peru' in text
    assert "texto original en inglés" in text
    assert "Perú" in text


def test_spanish_visitor_by_language_cookie_sees_spanish(client, portfolio, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    response = client.get("/actions/")

    assert '<html lang="es"' in response.text
    assert "Cartera de acciones" in response.text
    assert "Fortalecer los conocimientos del personal" in response.text
    assert "América Latina y el Caribe" in response.text


def test_language_switcher_sets_cookie(client, portfolio, settings):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/actions/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert '<html lang="fr"' in client.get("/actions/").text


def test_spanish_filter_error_is_translated(client, portfolio):
    response = client.get("/actions/?status=paused", headers={"accept-language": "es"})

    assert response.status_code == 400
    assert "No se pudo aplicar el filtro" in response.text


def test_country_page(client, portfolio):
    response = client.get("/countries/PE/")

    assert response.context["actions"] == [portfolio["peru"]]
    assert "<h1>Peru</h1>" in response.text
    assert "Andean Community" in response.text
    assert "Eligible" in response.text
    assert [(bar.label, bar.count) for bar in response.context["activities_per_year"]] == [
        ("2017", 1),
        ("2018", 1),
    ]


def test_country_page_for_country_without_region_or_actions(client, portfolio):
    response = client.get("/countries/FR/")

    assert response.status_code == 200
    assert "Not eligible" in response.text
    assert response.context["actions"] == []


def test_country_and_region_pages_redirect_lowercase_codes(client, portfolio):
    assert client.get("/countries/pe/").url == "/countries/PE/"
    assert client.get("/regions/lac/").url == "/regions/LAC/"


@pytest.mark.parametrize("url", ["/countries/ZZ/", "/countries/PER/", "/regions/XYZ/", "/nowhere/"])
def test_unknown_places_404(client, portfolio, url):
    assert client.get(url).status_code == 404


def test_region_page_breakdowns(client, portfolio):
    response = client.get("/regions/LAC/")

    context = response.context
    assert [action.name for action in context["actions"]] == [
        "Peru III",
        "Mexico II",
        "Costa Rica I",
    ]
    assert [(country.iso2, count) for country, count in context["countries"]] == [
        ("CR", 1),
        ("MX", 1),
        ("PE", 1),
    ]
    assert [(bar.label, bar.count, bar.percent) for bar in context["pillar_bars"]] == [
        ("Legal Migration and Mobility", 2, 100),
        ("Irregular Migration and Trafficking in Human Beings", 1, 50),
    ]
    assert [(bar.label, bar.count) for bar in context["horizontal_bars"]] == [
        ("Capacity Development and Training", 2),
        ("Children in Migration / Unaccompanied Minors", 1),
    ]
    assert [(bar.label, bar.count) for bar in context["activities_per_year"]] == [
        ("2016", 1),
        ("2017", 1),
        ("2018", 1),
    ]
    assert '<span class="bar-fill bar-w-50"></span>' in response.text


def test_region_page_in_spanish_names_areas_in_spanish(client, portfolio):
    response = client.get("/regions/LAC/", headers={"accept-language": "es"})

    assert "<h1>América Latina y el Caribe</h1>" in response.text
    assert "Niñez migrante / menores no acompañados" in response.text


def _grow_portfolio(lac, themes, countries, count: int) -> None:
    for number in range(count):
        action = ActionFactory(
            region=lac,
            pillar=themes["HO"],
            status=ActionStatus.ONGOING,
            start_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=number),
        )
        action.countries.add(countries["PE"], countries["MX"])
        action.thematic_areas.add(themes["HO-CHI"], themes["HO-CAP"])
        ActivityFactory(
            action=action,
            start_date=datetime.date(2015 + number % 4, 2, 1),
            end_date=datetime.date(2015 + number % 4, 2, 2),
        )
        MeasurementFactory(indicator__action=action)


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        ("/", 8),
        ("/actions/", 12),
        ("/actions/?region=LAC&theme=HO&country=PE&year=2016", 16),
        ("/countries/PE/", 6),
        ("/regions/LAC/", 6),
        ("/regions/", 3),
    ],
)
def test_query_count_does_not_grow_with_the_portfolio(
    client, portfolio, lac, themes, countries, django_assert_max_num_queries, url, max_queries
):
    _grow_portfolio(lac, themes, countries, 3)
    small = count_queries(client, url)

    _grow_portfolio(lac, themes, countries, 27)
    with django_assert_max_num_queries(max_queries):
        large = count_queries(client, url)

    assert large == small


def test_action_page_query_count_does_not_grow_with_its_activities(
    client, portfolio, django_assert_max_num_queries
):
    peru = portfolio["peru"]
    small = count_queries(client, "/actions/peru-iii/")
    for _ in range(30):
        ActivityFactory(action=peru)
        MeasurementFactory(indicator__action=peru)

    # The action, its region and pillar in one query, then one query per prefetched relation,
    # and one for the experts who may be named (mieux.experts.templatetags.expert_public).
    with django_assert_max_num_queries(17):
        large = count_queries(client, "/actions/peru-iii/")

    assert large == small


def test_query_count_is_the_same_for_a_logged_in_visitor(client, portfolio, staff_user):
    anonymous = count_queries(client, "/actions/")
    client.force_login(staff_user)

    # Loading the session and the user adds two queries, the user's roles for the header one.
    assert count_queries(client, "/actions/") == anonymous + 3


def test_server_error_page_renders_without_a_request_context():
    html = render_to_string("500.html")

    assert '<html lang="en">' in html
    assert "Server error" in html
