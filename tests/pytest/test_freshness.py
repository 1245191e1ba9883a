"""dbt source freshness on demo data: extracts landed this morning are fresh; six-month-old
demo extracts are reported stale for every source."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import generate_demo_data
from conftest import Build, run_dbt


def test_fresh_extracts_pass(tmp_path: Path) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()
    landing = tmp_path / "landing"
    generate_demo_data.main(["--out", str(landing), "--people", "40", "--days", "21", "--end-date", today.isoformat(),
                             "--events-per-person-day", "2"])
    result = run_dbt(["source", "freshness"], landing, tmp_path / "db.duckdb", tmp_path, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    results = json.loads((tmp_path / "target" / "sources.json").read_text())["results"]
    assert len(results) == 10 and {r["status"] for r in results} == {"pass"}


def test_stale_demo_extracts_are_reported(demo_build: Build, tmp_path: Path) -> None:
    end = demo_build.truth["generator"]["end_date"]
    if (dt.datetime.now(dt.timezone.utc).date() - dt.date.fromisoformat(end)).days < 9:
        # The fixed demo history ends on 2026-11-01: only stale from 2026-11-10 on.
        return
    result = run_dbt(["source", "freshness"], demo_build.landing, tmp_path / "db.duckdb", tmp_path, check=False)
    assert result.returncode != 0
    results = json.loads((tmp_path / "target" / "sources.json").read_text())["results"]
    assert len(results) == 10 and {r["status"] for r in results} == {"error"}
