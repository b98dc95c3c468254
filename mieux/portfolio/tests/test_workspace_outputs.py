"""The outputs tab of the workspace (issue 9): officers add and edit an action's outputs through
`output_create` / `output_update`, audited, with the version rule of actions. Who sees which
page for every demo role is in the permission matrix (tests/matrix_workspace_pages.py)."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mieux.core.errors import Conflict
from mieux.core.models import AuditEvent
from mieux.portfolio import services
from mieux.portfolio.models import Action, Output, OutputStatus
from mieux.portfolio.tests.factories import OutputFactory

pytestmark = pytest.mark.django_db


def _guidelines(portfolio: Any) -> Output:
    return portfolio["peru"].outputs.get()


def _form_data(output: Output, **changes: Any) -> dict[str, Any]:
    """The edit form as the page fills it for `output`, with `changes` typed over it."""
    data: dict[str, Any] = {
        "version": output.version,
        "output_type": output.output_type_id,
        "title": output.title,
        "status": output.status,
        "delivered_on": output.delivered_on,
        "adopted_on": output.adopted_on,
        "adopted_by": output.adopted_by_id,
        "language": output.language,
        "url": output.url,
        "description": output.description,
    }
    data.update(changes)
    return {key: "" if value is None else str(value) for key, value in data.items()}


def _edit_url(output: Output) -> str:
    return reverse("portfolio:workspace_output_edit", args=[output.action.slug, output.pk])


def _create_url(action: Action) -> str:
    return reverse("portfolio:workspace_output_create", args=[action.slug])


def _new_output_data(portfolio: Any, **changes: Any) -> dict[str, Any]:
    typed = {
        "title": "Handbook for provincial desks",
        "status": OutputStatus.DELIVERED,
        "delivered_on": "2019-05-02",
        "adopted_on": None,
        "adopted_by": None,
    }
    data = _form_data(_guidelines(portfolio), **{**typed, **changes})
    del data["version"]
    return data


def test_the_outputs_tab_lists_the_actions_outputs(officer_client: Client, portfolio: Any) -> None:
    peru = portfolio["peru"]

    response = officer_client.get(reverse("portfolio:workspace_output_list", args=[peru.slug]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Inter-sectoral guidelines on fighting migrant smuggling" in content
    assert "Ministry of the Interior (MININTER)" in content
    assert _edit_url(_guidelines(portfolio)) in content
    assert 'aria-current="page">Outputs<' in content


def test_an_officer_adds_an_output_audited_and_public_at_once(
    officer_client: Client, portfolio: Any
) -> None:
    peru = portfolio["peru"]

    response = officer_client.post(_create_url(peru), _new_output_data(portfolio))

    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:workspace_output_list", args=[peru.slug])
    created = peru.outputs.get(title="Handbook for provincial desks")
    assert (created.version, created.status) == (1, OutputStatus.DELIVERED)
    assert created.delivered_on == datetime.date(2019, 5, 2)
    assert AuditEvent.objects.filter(verb="output.created", object_id=str(created.pk)).exists()
    page = Client().get(reverse("portfolio:action_detail", args=[peru.slug]))
    assert "Handbook for provincial desks" in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"status": OutputStatus.ADOPTED},
            "adopted_on",
            "An adopted output needs its adoption date.",
        ),
        (
            {"adopted_on": "2019-06-01"},
            "status",
            "Only an adopted output has an adoption date or adopting institution.",
        ),
        (
            {"status": OutputStatus.ADOPTED, "adopted_on": "2019-01-01"},
            "adopted_on",
            "The adoption date (2019-01-01) is before the delivery date (2019-05-02).",
        ),
        ({"url": "not an address"}, "url", "Enter a valid URL."),
    ],
)
def test_a_bad_output_is_refused_on_its_field_and_nothing_is_created(
    officer_client: Client, portfolio: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    peru = portfolio["peru"]
    before = Output.objects.count()

    response = officer_client.post(_create_url(peru), _new_output_data(portfolio, **changes))

    assert response.status_code == 400
    assert Output.objects.count() == before
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in " ".join(form.errors[field])
    assert 'value="Handbook for provincial desks"' in response.content.decode()


def test_an_edit_saves_bumps_the_version_and_shows_on_the_public_page(
    officer_client: Client, portfolio: Any
) -> None:
    guidelines = _guidelines(portfolio)

    response = officer_client.post(
        _edit_url(guidelines), _form_data(guidelines, title="Inter-sectoral guidelines, 2nd ed.")
    )

    assert response.status_code == 302
    guidelines.refresh_from_db()
    assert (guidelines.title, guidelines.version) == ("Inter-sectoral guidelines, 2nd ed.", 2)
    event = AuditEvent.objects.get(verb="output.updated", object_id=str(guidelines.pk))
    assert event.after == {"title": "Inter-sectoral guidelines, 2nd ed."}
    page = Client().get(reverse("portfolio:action_detail", args=[guidelines.action.slug]))
    assert "Inter-sectoral guidelines, 2nd ed." in page.content.decode()


def test_un_adopting_without_clearing_the_adoption_is_refused_and_changes_nothing(
    officer_client: Client, portfolio: Any
) -> None:
    guidelines = _guidelines(portfolio)

    response = officer_client.post(
        _edit_url(guidelines), _form_data(guidelines, status=OutputStatus.DELIVERED)
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["status"]
    guidelines.refresh_from_db()
    assert (guidelines.status, guidelines.version) == (OutputStatus.ADOPTED, 1)
    assert not AuditEvent.objects.filter(verb="output.updated").exists()


def test_two_officers_at_once_the_second_gets_the_merge_page_and_loses_nothing(
    officer_client: Client, second_officer_client: Client, portfolio: Any
) -> None:
    guidelines = _guidelines(portfolio)
    mine = _form_data(guidelines, title="Title typed by the first officer")
    theirs = _form_data(guidelines, adopted_on="2018-10-15")

    assert officer_client.post(_edit_url(guidelines), mine).status_code == 302
    response = second_officer_client.post(_edit_url(guidelines), theirs)

    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else saved this output" in content
    assert "Title typed by the first officer" in content
    assert 'value="2018-10-15"' in content
    assert 'name="version" value="2"' in content
    labels = [difference.label for difference in response.context["differences"]]
    assert labels == ["Title", "Adopted on"]
    guidelines.refresh_from_db()
    assert (guidelines.adopted_on, guidelines.version) == (datetime.date(2018, 9, 1), 2)

    theirs["version"] = "2"
    assert second_officer_client.post(_edit_url(guidelines), theirs).status_code == 302
    guidelines.refresh_from_db()
    assert (guidelines.title, guidelines.adopted_on, guidelines.version) == (
        "Inter-sectoral guidelines on fighting migrant smuggling",
        datetime.date(2018, 10, 15),
        3,
    )


def test_an_output_of_another_action_is_not_found(officer_client: Client, portfolio: Any) -> None:
    output = OutputFactory(action=portfolio["mexico"])
    url = reverse("portfolio:workspace_output_edit", args=[portfolio["peru"].slug, output.pk])

    assert officer_client.get(url).status_code == 404
    assert officer_client.post(url, _form_data(output, title="x")).status_code == 404
    output.refresh_from_db()
    assert output.title != "x"


def test_the_outputs_tab_takes_a_fixed_number_of_queries(
    officer_client: Client,
    portfolio: Any,
    partner_institution: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    peru = portfolio["peru"]
    url = reverse("portfolio:workspace_output_list", args=[peru.slug])
    officer_client.get(url)
    with django_assert_max_num_queries(30) as first:
        assert officer_client.get(url).status_code == 200
    for number in range(15):
        OutputFactory(
            action=peru,
            title=f"More {number}",
            status=OutputStatus.ADOPTED,
            adopted_on=datetime.date(2020, 1, 1),
            adopted_by=partner_institution,
        )

    with django_assert_num_queries(len(first.captured_queries)):
        response = officer_client.get(url)

    assert response.content.decode().count("More ") == 15


def test_output_update_refuses_a_stale_version_and_changes_nothing(portfolio: Any) -> None:
    guidelines = _guidelines(portfolio)
    Output.objects.filter(pk=guidelines.pk).update(version=3)

    with pytest.raises(Conflict) as refused:
        services.output_update(actor=None, output=guidelines, expected_version=2, title="Late")

    assert refused.value.field == "version"
    assert refused.value.message == "The output changed since you read it (version 3, not 2)."
    guidelines.refresh_from_db()
    assert (guidelines.title, guidelines.version) == (
        "Inter-sectoral guidelines on fighting migrant smuggling",
        3,
    )


def test_output_update_takes_only_output_fields(portfolio: Any) -> None:
    with pytest.raises(TypeError, match="action"):
        services.output_update(
            actor=None, output=_guidelines(portfolio), action=portfolio["mexico"]
        )
