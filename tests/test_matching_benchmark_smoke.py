"""`benchmarks/matching.py` runs end to end at a tiny scale and prints valid JSON lines.

The figures are measured by hand at 10,000 experts and 1,000 activities (docs/benchmarks.md),
never in tests: this only proves the script still works, in a subprocess against its own
temporary SQLite file, with 200 experts and 30 activities.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_matching_benchmark_prints_one_json_line_per_measurement(tmp_path):
    database = tmp_path / "benchmark.sqlite3"
    environment = {**os.environ, "MIEUX_VAR_DIR": str(tmp_path / "var")}
    environment.pop("DATABASE_URL", None)

    completed = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [
            sys.executable,
            str(PROJECT_DIR / "benchmarks" / "matching.py"),
            "--experts",
            "200",
            "--activities",
            "30",
            "--rank-activities",
            "3",
            "--repeat",
            "1",
            "--warmup",
            "0",
            "--time-limit",
            "10",
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
    lines = {line["name"]: line for line in map(json.loads, completed.stdout.splitlines())}
    assert set(lines) == {"ranking", "planning"}
    ranking, planning = lines["ranking"], lines["planning"]
    for line in (ranking, planning):
        assert line["database"] == "sqlite"
        assert line["experts"] == 200
    assert ranking["runs"] == 3
    assert 0 < ranking["p50_ms"] <= ranking["p95_ms"] <= ranking["max_ms"]
    assert ranking["queries"] > 0
    assert planning["activities"] == 30
    assert planning["cp_sat_total"] <= planning["cp_sat_bound"] + 0.05
    assert planning["greedy_total"] <= planning["cp_sat_total"] <= planning["upper_bound"]
    assert 0 <= planning["cp_sat_gap_percent"] <= planning["greedy_gap_percent"]
