"""`mieux load_reference_data`: one idempotent command for all the reference data."""

from io import StringIO

import pytest
from django.core.management import call_command

from mieux.geo.models import Country
from mieux.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


def run_command(**options) -> str:
    out = StringIO()
    call_command("load_reference_data", stdout=out, **options)
    return out.getvalue()


def test_command_prints_one_line_per_vocabulary():
    # when
    output = run_command()

    # then
    assert output.splitlines() == [
        "regions: 4 (4 created, 0 updated, 0 unchanged)",
        "countries: 249 (249 created, 0 updated, 0 unchanged)",
        "groupings: 6 (6 created, 0 updated, 0 unchanged)",
        "thematic areas: 27 (27 created, 0 updated, 0 unchanged)",
        "GCM objectives: 23 (23 created, 0 updated, 0 unchanged)",
        "DAC sectors: 325 (325 created, 0 updated, 0 unchanged)",
        "activity types: 9 (9 created, 0 updated, 0 unchanged)",
        "output types: 11 (11 created, 0 updated, 0 unchanged)",
    ]


def test_command_run_twice_reports_everything_unchanged():
    # given
    run_command()

    # when
    output = run_command()

    # then
    assert output.splitlines()[1] == "countries: 249 (0 created, 0 updated, 249 unchanged)"
    assert all("(0 created, 0 updated," in line for line in output.splitlines())
    assert (Country.objects.count(), Sector.objects.count()) == (249, 325)


def test_command_is_silent_at_verbosity_zero():
    # when
    output = run_command(verbosity=0)

    # then
    assert output == ""
    assert Country.objects.count() == 249
