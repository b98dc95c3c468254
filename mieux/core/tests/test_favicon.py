"""The site's icon: an SVG among the static files, named by every page, and /favicon.ico."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_every_page_names_the_svg_icon(client) -> None:
    response = client.get("/")

    assert '<link rel="icon" href="/static/mieux/favicon.svg" type="image/svg+xml">' in (
        response.text
    )


def test_favicon_ico_redirects_to_the_svg_icon(client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/mieux/favicon.svg"


def test_the_icon_is_a_local_svg_file() -> None:
    path = finders.find("mieux/favicon.svg")

    assert path is not None
    with open(path, encoding="utf-8") as icon:
        content = icon.read()
    assert content.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    # Nothing fetched from elsewhere: no external reference inside the icon.
    assert "href" not in content
