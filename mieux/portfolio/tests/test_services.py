"""The portfolio's write services: one audit event per change, and every rule refused cleanly."""

import datetime
from decimal import Decimal

import pytest

from mieux.accounts.tests.factories import CountryFactory, RegionFactory, StaffUserFactory
from mieux.core.errors import Conflict, DomainError
from mieux.core.models import AuditEvent
from mieux.portfolio import services
from mieux.portfolio.models import Action, Activity, Measurement, Output, ResultIndicator
from mieux.portfolio.tests.factories import (
    ActionFactory,
    ActivityFactory,
    ActivityTypeFactory,
    MeasurementFactory,
    OutputTypeFactory,
    PillarFactory,
    ResultIndicatorFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db


def table_sizes() -> dict[str, int]:
    """Row counts of everything a portfolio service may write."""
    return {
        "actions": Action.objects.count(),
        "activities": Activity.objects.count(),
        "outputs": Output.objects.count(),
        "indicators": ResultIndicator.objects.count(),
        "measurements": Measurement.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def new_action_fields() -> dict:
    return {
        "slug": "peru-iii",
        "name": "Peru III",
        "region": RegionFactory(),
        "pillar": PillarFactory(),
        "status": "ongoing",
        "start_date": datetime.date(2017, 1, 1),
        "start_precision": "year",
        "objective": "To strengthen the knowledge of staff working at the provincial desks.",
        "translations": {"es": {"title": "Lucha contra el tráfico ilícito de migrantes"}},
        "countries": [CountryFactory(iso2="PE")],
        "thematic_areas": [ThematicAreaFactory()],
    }


# --- action_create -------------------------------------------------------------------------------


def test_action_create_saves_the_action_and_writes_one_audit_event():
    officer = StaffUserFactory()
    fields = new_action_fields()

    action = services.action_create(actor=officer, **fields)

    assert Action.objects.get().slug == "peru-iii"
    assert [country.iso2 for country in action.countries.all()] == ["PE"]
    event = AuditEvent.objects.get()
    assert event.verb == "action.created"
    assert event.actor == officer
    assert event.object_type == "portfolio.action"
    assert event.object_id == str(action.pk)
    assert event.before is None
    assert event.after["name"] == "Peru III"
    assert event.after["start_date"] == "2017-01-01"
    assert event.after["countries"] == [fields["countries"][0].pk]
    assert event.after["thematic_areas"] == [fields["thematic_areas"][0].pk]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"end_date": datetime.date(2016, 12, 31)}, "end_date", "is before the start date"),
        ({"status": "completed"}, "end_date", "A completed action needs an end date."),
        ({"name": "  "}, "name", "Name must not be empty."),
        ({"status": "paused"}, "status", "is not a valid choice"),
        ({"translations": {"de": {"title": "x"}}}, "translations", "Unknown translation"),
        ({"translations": {"es": {"slug": "x"}}}, "translations", "cannot be translated"),
        ({"source_url": "not an address"}, "source_url", "Enter a valid URL."),
    ],
)
def test_action_create_rejects_invalid_input_and_changes_nothing(change, field, message):
    fields = new_action_fields() | change
    before = table_sizes()

    with pytest.raises(DomainError) as error:
        services.action_create(actor=None, **fields)

    assert error.value.field == field
    assert message in error.value.message
    assert table_sizes() == before


def test_action_create_rejects_a_specific_area_as_pillar():
    fields = new_action_fields() | {"pillar": ThematicAreaFactory()}
    before = table_sizes()

    with pytest.raises(DomainError) as error:
        services.action_create(actor=None, **fields)

    assert error.value.field == "pillar"
    assert table_sizes() == before


def test_action_create_rejects_a_slug_in_use():
    ActionFactory(slug="peru-iii")
    before = table_sizes()

    with pytest.raises(Conflict) as error:
        services.action_create(actor=None, **new_action_fields())

    assert error.value.field == "slug"
    assert error.value.message == "An action with the slug “peru-iii” already exists."
    assert table_sizes() == before


# --- action_update -------------------------------------------------------------------------------


def test_action_update_saves_only_changed_fields_and_audits_before_and_after():
    officer = StaffUserFactory()
    action = ActionFactory(name="Peru III", status="ongoing", objective="Old objective.")

    updated = services.action_update(
        actor=officer, action=action, name="Peru III", status="completed", objective="New."
    )

    assert Action.objects.get().status == "completed"
    assert updated.objective == "New."
    event = AuditEvent.objects.get()
    assert event.verb == "action.updated"
    assert event.actor == officer
    assert event.before == {"status": "ongoing", "objective": "Old objective."}
    assert event.after == {"status": "completed", "objective": "New."}


def test_action_update_audits_changed_relations():
    action = ActionFactory()
    country = CountryFactory(iso2="MX")

    services.action_update(actor=None, action=action, countries=[country])

    assert list(action.countries.all()) == [country]
    event = AuditEvent.objects.get()
    assert event.before == {"countries": []}
    assert event.after == {"countries": [country.pk]}


def test_action_update_without_changes_saves_nothing_and_writes_no_event():
    action = ActionFactory(name="Peru III")
    saved_at = action.updated_at

    services.action_update(actor=None, action=action, name="Peru III")

    assert Action.objects.get().updated_at == saved_at
    assert AuditEvent.objects.count() == 0


def test_action_update_rejects_an_end_before_the_start_and_changes_nothing():
    action = ActionFactory(end_date=datetime.date(2020, 12, 31))
    before = table_sizes()

    with pytest.raises(DomainError) as error:
        services.action_update(actor=None, action=action, end_date=datetime.date(2016, 1, 31))

    assert error.value.field == "end_date"
    assert Action.objects.get().end_date == datetime.date(2020, 12, 31)
    assert action.end_date == datetime.date(2020, 12, 31)
    assert table_sizes() == before


def test_action_update_rejects_dates_that_leave_an_activity_outside():
    activity = ActivityFactory(start_date=datetime.date(2017, 7, 17))
    before = table_sizes()

    with pytest.raises(DomainError) as error:
        services.action_update(
            actor=None, action=activity.action, start_date=datetime.date(2018, 1, 1)
        )

    assert error.value.field == "start_date"
    assert activity.title in error.value.message
    assert Action.objects.get().start_date == datetime.date(2017, 1, 1)
    assert table_sizes() == before


# --- activity_create -----------------------------------------------------------------------------


def activity_fields(**change) -> dict:
    return {
        "action": ActionFactory(),
        "activity_type": ActivityTypeFactory(),
        "title": "Training on migrant smuggling",
        "start_date": datetime.date(2017, 7, 17),
        "end_date": datetime.date(2017, 7, 20),
        "participants_total": 42,
        "participants_female": 17,
        "participants_male": 25,
        "city": "Tacna",
    } | change


def test_activity_create_saves_the_activity_and_writes_one_audit_event():
    officer = StaffUserFactory()

    activity = services.activity_create(actor=officer, **activity_fields())

    assert Activity.objects.get().participants_female == 17
    event = AuditEvent.objects.get()
    assert event.verb == "activity.created"
    assert event.actor == officer
    assert event.object_id == str(activity.pk)
    assert event.before is None
    assert event.after["title"] == "Training on migrant smuggling"
    assert event.after["participants_total"] == 42


def test_activity_create_defaults_the_end_to_the_start():
    activity = services.activity_create(actor=None, **activity_fields(end_date=None))

    assert activity.end_date == datetime.date(2017, 7, 17)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"participants_female": 30, "participants_male": 25},
            "participants_total",
            "Women and men (55) exceed the total number of participants (42).",
        ),
        ({"participants_total": -1}, "participants_total", "must be a whole number, not negative"),
        ({"participants_male": -3}, "participants_male", "must be a whole number, not negative"),
        ({"end_date": datetime.date(2017, 7, 1)}, "end_date", "is before the start date"),
        ({"start_date": datetime.date(2016, 12, 30)}, "start_date", "outside the action's period"),
        ({"end_date": datetime.date(2021, 1, 2)}, "start_date", "outside the action's period"),
        ({"title": ""}, "title", "Title must not be empty."),
        ({"language": "de"}, "language", "is not a valid choice"),
    ],
)
def test_activity_create_rejects_invalid_input_and_changes_nothing(change, field, message):
    fields = activity_fields(**change)
    before = table_sizes()

    with pytest.raises(DomainError) as error:
        services.activity_create(actor=None, **fields)

    assert error.value.field == field
    assert message in error.value.message
    assert table_sizes() == before


# --- output_create -------------------------------------------------------------------------------


def output_fields(**change) -> dict:
    return {
        "action": ActionFactory(),
        "output_type": OutputTypeFactory(),
        "title": "Inter-sectoral guidelines on fighting migrant smuggling",
        "status": "adopted",
        "delivered_on": datetime.date(2019, 11, 19),
        "adopted_on": datetime.date(2020, 2, 3),
    } | change


def test_output_create_saves_the_output_and_writes_one_audit_event():
    officer = StaffUserFactory()

    output = services.output_create(actor=officer, **output_fields())

    assert Output.objects.get().adopted_on == datetime.date(2020, 2, 3)
    event = AuditEvent.objects.get()
    assert event.verb == "output.created"
    assert event.actor == officer
    assert event.object_id == str(output.pk)
    assert event.before is None
    assert event.after["status"] == "adopted"
    assert event.after["adopted_on"] == "2020-02-03"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"adopted_on": None}, "adopted_on", "An adopted output needs its adoption date."),
        (
            {"status": "delivered"},
            "status",
            "Only an adopted output has an adoption date or adopting institution.",
        ),
        ({"adopted_on": datetime.date(2019, 1, 1)}, "adopted_on", "is before the delivery date"),
        ({"title": " "}, "title", "Title must not be empty."),
        ({"status": "lost", "adopted_on": None}, "status", "is not a valid choice"),
    ],
)
def test_output_create_rejects_invalid_input_and_changes_nothing(change, field, message):
    fields = output_fields(**change)
    before = table_sizes()

    with pytest.raises(DomainError) as error:
        services.output_create(actor=None, **fields)

    assert error.value.field == field
    assert message in error.value.message
    assert table_sizes() == before


# --- indicator_create and measurement_record -----------------------------------------------------


def test_indicator_create_saves_the_indicator_and_writes_one_audit_event():
    officer = StaffUserFactory()
    action = ActionFactory()

    indicator = services.indicator_create(
        actor=officer, action=action, kind="officials_trained", name="Officials trained", target=800
    )

    assert ResultIndicator.objects.get().target == Decimal("800.00")
    event = AuditEvent.objects.get()
    assert event.verb == "indicator.created"
    assert event.actor == officer
    assert event.object_id == str(indicator.pk)
    assert event.after["kind"] == "officials_trained"
    assert event.after["target"] == "800"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"target": -5}, "target", "Target must not be negative (got -5)."),
        ({"baseline": "-0.5"}, "baseline", "Baseline must not be negative (got -0.5)."),
        ({"baseline": "many"}, "baseline", "Baseline must be a number, not “many”."),
        ({"kind": "smiles"}, "kind", "Unknown indicator kind “smiles”"),
        ({"name": ""}, "name", "Name must not be empty."),
    ],
)
def test_indicator_create_rejects_invalid_input_and_changes_nothing(change, field, message):
    fields = {"action": ActionFactory(), "kind": "officials_trained", "name": "Trained"} | change
    before = table_sizes()

    with pytest.raises(DomainError) as error:
        services.indicator_create(actor=None, **fields)

    assert error.value.field == field
    assert message in error.value.message
    assert table_sizes() == before


def test_measurement_record_saves_the_value_and_writes_one_audit_event():
    officer = StaffUserFactory()
    indicator = ResultIndicatorFactory()

    measurement = services.measurement_record(
        actor=officer, indicator=indicator, measured_on=datetime.date(2018, 12, 31), value=755
    )

    assert indicator.latest_value == Decimal("755.00")
    event = AuditEvent.objects.get()
    assert event.verb == "measurement.recorded"
    assert event.actor == officer
    assert event.object_id == str(measurement.pk)
    assert event.after["value"] == "755"
    assert event.after["measured_on"] == "2018-12-31"


def test_measurement_record_rejects_a_negative_value_and_changes_nothing():
    indicator = ResultIndicatorFactory()
    before = table_sizes()

    with pytest.raises(DomainError) as error:
        services.measurement_record(
            actor=None, indicator=indicator, measured_on=datetime.date(2018, 12, 31), value=-755
        )

    assert error.value.field == "value"
    assert error.value.message == "Value must not be negative (got -755)."
    assert table_sizes() == before


def test_measurement_record_rejects_a_second_value_on_the_same_date():
    measurement = MeasurementFactory(measured_on=datetime.date(2018, 12, 31), value=700)
    before = table_sizes()

    with pytest.raises(Conflict) as error:
        services.measurement_record(
            actor=None,
            indicator=measurement.indicator,
            measured_on=datetime.date(2018, 12, 31),
            value=755,
        )

    assert error.value.field == "measured_on"
    assert Measurement.objects.get().value == Decimal("700.00")
    assert table_sizes() == before
