"""Shared fixtures: run dbt end to end against a landing folder and query the result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).parent / "dbt")
sys.path.insert(0, str(REPO_ROOT / "scripts"))

import generate_demo_data  # noqa: E402


@dataclass
class Build:
    """A finished dbt build: its DuckDB file and, for demo data, the generator's sidecar."""

    database: Path
    landing: Path
    truth: dict[str, Any]
    output: str

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
    result = run_dbt(["build"], landing, database, work, extra_vars=extra_vars)
    return Build(database=database, landing=landing, truth=truth or {}, output=result.stdout)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Fresh demo data from the generator, then a full dbt build over it."""
    work = tmp_path_factory.mktemp("demo")
    landing = work / "landing"
    truth = generate_demo_data.main(["--out", str(landing)])
    return build(landing, work, truth)
