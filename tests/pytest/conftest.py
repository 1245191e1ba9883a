"""Shared fixtures: run dbt end to end against a landing folder and query the result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).parent / "dbt")
sys.path.insert(0, str(REPO_ROOT / "scripts"))

import generate_demo_data  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: builds on Apache Spark (slow: its own command, scripts/test_spark.sh)")


@dataclass
class Build:
    """A finished dbt build: its DuckDB file and, for demo data, the generator's sidecar."""

    database: Path
    landing: Path
    truth: dict[str, Any]
    output: str
    # Wall-clock time of the dbt build.
    seconds: float = 0.0
    # The build's target folder (manifest.json).
    target: Path | None = None

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql).fetchall()

    def scalar(self, sql: str) -> Any:
        return self.query(sql)[0][0]


def run_dbt(args: list[str], landing: Path, database: Path, work: Path, check: bool = True,
            extra_vars: dict[str, Any] | None = None) -> subprocess.CompletedProcess:
    """Run dbt as a user would, with the landing path and database of this test."""
    env = dict(os.environ, DBT_PROFILES_DIR=str(REPO_ROOT), TOKEN_OUTCOMES_DUCKDB_PATH=str(database))
    command = [
        DBT, *args, "--project-dir", str(REPO_ROOT),
        "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
        "--vars", json.dumps({"landing_path": str(landing), **(extra_vars or {})}),
    ]
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=1800)
    if check and result.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}")
    return result


def build(landing: Path, work: Path, truth: dict[str, Any] | None = None,
          extra_vars: dict[str, Any] | None = None) -> Build:
    database = work / "token_outcomes.duckdb"
    started = time.monotonic()
    result = run_dbt(["build"], landing, database, work, extra_vars=extra_vars)
    return Build(database=database, landing=landing, truth=truth or {}, output=result.stdout,
                 seconds=time.monotonic() - started, target=work / "target")


VENDOR_EXAMPLES = Path(__file__).parent / "vendor_examples"


def land_vendor_examples(landing: Path) -> None:
    """The vendors' documented examples as a landing folder, plus two gateway events named after the
    OpenTelemetry GenAI conventions (input includes cache reads and writes, as the conventions say)."""
    import shutil

    shutil.copytree(VENDOR_EXAMPLES, landing, ignore=shutil.ignore_patterns("*.md"))
    gateway = landing / "gateway" / "usage_events"
    gateway.mkdir(parents=True)
    duckdb.sql(f"""
        copy (
            select * from (values
                ('evt-1', '2025-08-01T10:00:00.000Z', 'gen_ai.client.inference.operation.details', 'User@EmailDomain.com',
                 'sess-1', 'cursor', 'chat', 'anthropic', 'claude-sonnet-4-20250514', 'claude-sonnet-4-20250514',
                 1000, 50, 600, 100, 0.0123),
                ('evt-2', '2025-08-01T12:30:00+02:00', 'gen_ai.client.inference.operation.details', 'user@emaildomain.com',
                 'sess-1', 'cursor', 'chat', 'openai', 'gpt-5', null, 300, 20, 200, 0, null)
            ) as events("event.id", "event.timestamp", "event.name", "user.email", "session.id", "service.name",
                        "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model", "gen_ai.response.model",
                        "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
                        "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_creation.input_tokens", cost_usd)
        ) to '{gateway / "2026-01-01T00-00-00Z.parquet"}' (format parquet)
    """)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Fresh demo data from the generator, then a full dbt build over it."""
    work = tmp_path_factory.mktemp("demo")
    landing = work / "landing"
    truth = generate_demo_data.main(["--out", str(landing)])
    return build(landing, work, truth)
