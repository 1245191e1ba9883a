"""dbt source freshness on demo data: extracts landed this morning are fresh; extracts a month
old are reported stale for every source."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import run_dbt

from token_outcomes import demo

# Every source table the demo lands whose freshness is checked: the required entities of the sources on by
# default (10; the optional cost reports and reviews are not checked) and of the four the demo switches on
# (Cursor, Bedrock, Copilot's AI-credit report, LiteLLM; not Copilot's optional metrics).
CHECKED_TABLES = 15


def test_fresh_extracts_pass(tmp_path: Path) -> None:
    today = dt.datetime.now(dt.UTC).date()
    landing = tmp_path / "landing"
    demo.main(["--out", str(landing), "--people", "40", "--days", "21", "--end-date", today.isoformat(),
               "--events-per-person-day", "2"])
    result = run_dbt(["source", "freshness"], landing, tmp_path / "db.duckdb", tmp_path, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    results = json.loads((tmp_path / "target" / "sources.json").read_text())["results"]
    assert len(results) == CHECKED_TABLES and {r["status"] for r in results} == {"pass"}


def test_stale_extracts_are_reported(tmp_path: Path) -> None:
    month_ago = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=30)
    landing = tmp_path / "landing"
    demo.main(["--out", str(landing), "--people", "40", "--days", "21", "--end-date",
               month_ago.isoformat(), "--events-per-person-day", "2"])
    result = run_dbt(["source", "freshness"], landing, tmp_path / "db.duckdb", tmp_path, check=False)
    assert result.returncode != 0
    results = json.loads((tmp_path / "target" / "sources.json").read_text())["results"]
    assert len(results) == CHECKED_TABLES and {r["status"] for r in results} == {"error"}
