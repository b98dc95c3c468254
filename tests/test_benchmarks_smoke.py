"""`benchmarks/portfolio.py` runs end to end at a tiny scale and prints valid JSON lines.

The figures themselves are measured by hand at a million activities (docs/benchmarks.md), never
in tests: this only proves the script still works. It runs in a subprocess against its own
temporary SQLite file, at 200 activities and two repetitions, so it takes seconds.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
EXPECTED_NAMES = {
    "actions_first_page",
    "actions_deep_page",
    "activities_first_page",
    "activities_deep_page",
    "aggregation_per_year_by_theme",
    "aggregation_region",
}


def test_portfolio_benchmark_prints_one_json_line_per_measurement(tmp_path):
    database = tmp_path / "benchmark.sqlite3"
    environment = {**os.environ, "MIEUX_VAR_DIR": str(tmp_path / "var")}
    environment.pop("DATABASE_URL", None)

    completed = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [
            sys.executable,
            str(PROJECT_DIR / "benchmarks" / "portfolio.py"),
            "--activities",
            "200",
            "--repeat",
            "2",
            "--warmup",
            "1",
            "--database-url",
            f"sqlite:///{database}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
        cwd=tmp_path,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr[-2000:]
    lines = [json.loads(line) for line in completed.stdout.splitlines()]
    assert {line["name"] for line in lines} == EXPECTED_NAMES
    for line in lines:
        assert line["database"] == "sqlite"
        assert line["rows"] == 200
        assert 0 < line["p50_ms"] <= line["p95_ms"]
        assert line["raw_p95_ms"] > 0
        # The times are printed rounded to 0.01 ms and the ratio to 0.01, from unrounded
        # values: on a 200-activity portfolio a raw time of 0.1 ms is 5 % off by rounding alone.
        half = 0.005
        low = (line["p95_ms"] - half) / (line["raw_p95_ms"] + half)
        high = (line["p95_ms"] + half) / max(line["raw_p95_ms"] - half, 1e-9)
        assert low - half <= line["ratio"] <= high + half
