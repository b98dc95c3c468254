"""The real files, copied into tests/fixtures/migration/ (provenance in the README there)."""

from pathlib import Path

import pytest

from mieux.geo.reference import load_geography

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "migration"
DESA_2019 = FIXTURES / "undesa_pd_2019_migrant_stock_total_dataset.xlsx"
DESA_2020 = FIXTURES / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
UNHCR = FIXTURES / "unhcr_refugees_pkg_population_latam_2019_2020.csv"


@pytest.fixture
def geography(db: None) -> None:
    load_geography()
