"""The results tab of the workspace (issue 9): officers add and edit an action's result
indicators (`indicator_create` / `indicator_update`, versioned like actions) and record their
measurements (`measurement_record`), audited. Who sees which page for every demo role is in the
permission matrix (tests/matrix_workspace_pages.py)."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mieux.core.errors import Conflict
from mieux.core.models import AuditEvent
from mieux.portfolio import services
from mieux.portfolio.models import IndicatorKind, Measurement, ResultIndicator
from mieux.portfolio.tests.factories import MeasurementFactory, ResultIndicatorFactory

pytestmark = pytest.mark.django_db


def _trained(portfolio: Any) -> ResultIndicator:
    return portfolio["peru"].indicators.get()


def _form_data(indicator: ResultIndicator, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": indicator.version,
        "kind": indicator.kind,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "target": indicator.target,
        "source_note": indicator.source_note,
    }
    data.update(changes)
    return {key: "" if value is None else str(value) for key, value in data.items()}


def _edit_url(indicator: ResultIndicator) -> str:
    return reverse("portfolio:workspace_indicator_edit", args=[indicator.action.slug, indicator.pk])


def _record_url(indicator: ResultIndicator) -> str:
    return reverse(
        "portfolio:workspace_measurement_record", args=[indicator.action.slug, indicator.pk]
    )


def test_the_results_tab_lists_indicators_with_their_measurements(
    officer_client: Client, portfolio: Any
) -> None:
    indicator = _trained(portfolio)

    response = officer_client.get(
        reverse("portfolio:workspace_indicator_list", args=[portfolio["peru"].slug])
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert indicator.name in content
    assert ": 100.00" in content
    assert ": 250.00" in content
    assert _record_url(indicator) in content
    assert 'aria-current="page">Results<' in content


def test_an_officer_adds_an_indicator_audited(officer_client: Client, portfolio: Any) -> None:
    peru = portfolio["peru"]
    data = {"kind": IndicatorKind.CUSTOM, "name": "Desks applying the guidelines", "target": "12"}

    response = officer_client.post(
        reverse("portfolio:workspace_indicator_create", args=[peru.slug]), data
    )

    assert response.status_code == 302
    created = peru.indicators.get(name="Desks applying the guidelines")
    assert (created.target, created.baseline, created.version) == (Decimal("12.00"), None, 1)
    assert AuditEvent.objects.filter(verb="indicator.created", object_id=str(created.pk)).exists()


def test_a_negative_target_is_refused_on_its_field_and_nothing_is_created(
    officer_client: Client, portfolio: Any
) -> None:
    peru = portfolio["peru"]
    data = {"kind": IndicatorKind.CUSTOM, "name": "Desks", "target": "-3"}

    response = officer_client.post(
        reverse("portfolio:workspace_indicator_create", args=[peru.slug]), data
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"target": ["Target must not be negative (got -3)."]}
    assert peru.indicators.count() == 1


def test_an_indicator_edit_bumps_the_version_and_shows_on_the_public_page(
    officer_client: Client, portfolio: Any
) -> None:
    indicator = _trained(portfolio)
    public_url = reverse("portfolio:action_detail", args=[indicator.action.slug])
    assert ">400<" not in Client().get(public_url).content.decode()

    response = officer_client.post(_edit_url(indicator), _form_data(indicator, target="400"))

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.target, indicator.version) == (Decimal("400.00"), 2)
    event = AuditEvent.objects.get(verb="indicator.updated", object_id=str(indicator.pk))
    assert event.after == {"target": "400"}
    assert ">400<" in Client().get(public_url).content.decode()


def test_saving_the_same_numbers_writes_nothing(officer_client: Client, portfolio: Any) -> None:
    indicator = _trained(portfolio)

    assert officer_client.post(_edit_url(indicator), _form_data(indicator)).status_code == 302

    indicator.refresh_from_db()
    assert indicator.version == 1
    assert not AuditEvent.objects.filter(verb="indicator.updated").exists()


def test_two_officers_at_once_on_an_indicator_the_second_gets_the_merge_page(
    officer_client: Client, second_officer_client: Client, portfolio: Any
) -> None:
    indicator = _trained(portfolio)
    mine = _form_data(indicator, target="350")
    theirs = _form_data(indicator, unit="officials and staff")

    assert officer_client.post(_edit_url(indicator), mine).status_code == 302
    response = second_officer_client.post(_edit_url(indicator), theirs)

    assert response.status_code == 409
    assert "Someone else saved this indicator" in response.content.decode()
    assert 'value="officials and staff"' in response.content.decode()
    assert [d.label for d in response.context["differences"]] == ["Unit", "Target"]
    indicator.refresh_from_db()
    assert (indicator.unit, indicator.target, indicator.version) == (
        "officials",
        Decimal("350.00"),
        2,
    )


def test_an_officer_records_a_measurement_shown_on_the_public_page(
    officer_client: Client, portfolio: Any
) -> None:
    indicator = _trained(portfolio)
    public_url = reverse("portfolio:action_detail", args=[indicator.action.slug])
    assert ">280<" not in Client().get(public_url).content.decode()

    response = officer_client.post(
        _record_url(indicator), {"measured_on": "2019-12-31", "value": "280", "note": ""}
    )

    assert response.status_code == 302
    measurement = indicator.measurements.get(measured_on=datetime.date(2019, 12, 31))
    assert measurement.value == Decimal("280.00")
    assert AuditEvent.objects.filter(
        verb="measurement.recorded", object_id=str(measurement.pk)
    ).exists()
    # The latest value, on the public page at once.
    assert ">280<" in Client().get(public_url).content.decode()


@pytest.mark.parametrize(
    ("data", "status", "errors"),
    [
        (
            {"measured_on": "2018-12-31", "value": "300"},
            409,
            {"measured_on": ["“Officials trained” already has a measurement on 2018-12-31."]},
        ),
        (
            {"measured_on": "2019-12-31", "value": "-1"},
            400,
            {"value": ["Value must not be negative (got -1)."]},
        ),
        ({"measured_on": "", "value": "1"}, 400, {"measured_on": ["This field is required."]}),
    ],
)
def test_a_bad_measurement_is_refused_on_its_field_and_nothing_is_recorded(
    officer_client: Client,
    portfolio: Any,
    data: dict[str, str],
    status: int,
    errors: dict[str, list[str]],
) -> None:
    indicator = _trained(portfolio)
    ResultIndicator.objects.filter(pk=indicator.pk).update(name="Officials trained")
    before = Measurement.objects.count()

    response = officer_client.post(_record_url(indicator), data)

    assert response.status_code == status
    assert response.context["form"].errors == errors
    assert Measurement.objects.count() == before


def test_a_measurement_of_another_actions_indicator_is_not_found(
    officer_client: Client, portfolio: Any
) -> None:
    other = portfolio["mexico"].indicators.get()
    url = reverse("portfolio:workspace_measurement_record", args=[portfolio["peru"].slug, other.pk])
    before = Measurement.objects.count()

    assert officer_client.post(url, {"measured_on": "2019-01-01", "value": "1"}).status_code == 404
    assert Measurement.objects.count() == before


def test_the_results_tab_takes_a_fixed_number_of_queries(
    officer_client: Client,
    portfolio: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    peru = portfolio["peru"]
    url = reverse("portfolio:workspace_indicator_list", args=[peru.slug])
    officer_client.get(url)
    with django_assert_max_num_queries(30) as first:
        assert officer_client.get(url).status_code == 200
    for number in range(10):
        indicator = ResultIndicatorFactory(action=peru, name=f"More {number}")
        for year in (2018, 2019):
            MeasurementFactory(indicator=indicator, measured_on=datetime.date(year, 6, 30))

    with django_assert_num_queries(len(first.captured_queries)):
        response = officer_client.get(url)

    assert response.content.decode().count("More ") == 10


def test_indicator_update_refuses_a_stale_version_and_changes_nothing(portfolio: Any) -> None:
    indicator = _trained(portfolio)
    ResultIndicator.objects.filter(pk=indicator.pk).update(version=2)

    with pytest.raises(Conflict) as refused:
        services.indicator_update(actor=None, indicator=indicator, expected_version=1, unit="x")

    assert refused.value.message == ("The indicator changed since you read it (version 2, not 1).")
    indicator.refresh_from_db()
    assert (indicator.unit, indicator.version) == ("officials", 2)
