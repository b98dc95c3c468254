"""Factories for the portfolio. Reference rows use get-or-create on their stable codes, so they
live alongside the real reference data."""

import datetime

import factory

from mieux.accounts.tests.factories import RegionFactory
from mieux.portfolio.models import (
    Action,
    ActionStatus,
    Activity,
    ActivityStatus,
    IndicatorKind,
    Measurement,
    Output,
    OutputStatus,
    ResultIndicator,
)
from mieux.taxonomy.models import ActivityType, OutputType, ThematicArea


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea
        django_get_or_create = ("code",)

    code = "IMT"
    name_en = "Irregular Migration and Trafficking in Human Beings"


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea
        django_get_or_create = ("code",)

    code = "IMT-SOM"
    name_en = "Migrant Smuggling"
    parent = factory.SubFactory(PillarFactory)


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ("code",)

    code = "workshop"
    name_en = "Workshop"


class OutputTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutputType
        django_get_or_create = ("code",)

    code = "guidelines"
    name_en = "Guidelines"


class ActionFactory(factory.django.DjangoModelFactory):
    """An action running 2017-2020, like Peru III."""

    class Meta:
        model = Action

    slug = factory.Sequence(lambda n: f"action-{n}")
    name = factory.Sequence(lambda n: f"Action {n}")
    region = factory.SubFactory(RegionFactory)
    pillar = factory.SubFactory(PillarFactory)
    status = ActionStatus.ONGOING
    start_date = datetime.date(2017, 1, 1)
    end_date = datetime.date(2020, 12, 31)
    objective = "Strengthen the knowledge of staff working at the provincial desks."


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    action = factory.SubFactory(ActionFactory)
    activity_type = factory.SubFactory(ActivityTypeFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    status = ActivityStatus.DELIVERED
    start_date = datetime.date(2017, 7, 17)
    end_date = datetime.date(2017, 7, 20)


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    action = factory.SubFactory(ActionFactory)
    output_type = factory.SubFactory(OutputTypeFactory)
    title = factory.Sequence(lambda n: f"Guidelines {n}")
    status = OutputStatus.DELIVERED
    delivered_on = datetime.date(2019, 11, 19)


class ResultIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultIndicator

    action = factory.SubFactory(ActionFactory)
    kind = IndicatorKind.OFFICIALS_TRAINED
    name = "Officials trained"
    unit = "officials"


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(ResultIndicatorFactory)
    measured_on = datetime.date(2018, 12, 31)
    value = 100
