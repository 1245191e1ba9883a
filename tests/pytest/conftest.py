"""Shared fixtures: run dbt end to end against a landing folder and query the result."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from token_outcomes import demo

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).parent / "dbt")

# The pseudonym key has no default (README, "Pseudonym key"): this session sets its own, random so
# that no test can lean on a value from the repository, and the same for every dbt run of the session
# (the other engines' builds must give the DuckDB build's pseudonyms). Subprocesses inherit it.
PSEUDONYM_SALT = "pytest-" + secrets.token_hex(16)
os.environ["TOKEN_OUTCOMES_PSEUDONYM_SALT"] = PSEUDONYM_SALT

MARTS = [
    "core.dim_people", "core.dim_models", "core.fct_token_usage", "core.fct_outcomes",
    "people_ops.fct_person_period_scores", "people_ops.rpt_flag_board", "engineers.rpt_peer_percentiles",
    "finance.rpt_cost_per_outcome", "finance.rpt_spend_by_model", "finance.rpt_bill_reconciliation",
    "analytics.rpt_returns_curve",
]
STAGING_MODELS = [
    "stg_anthropic__claude_code_usage", "stg_anthropic__messages_usage", "stg_openai__completions_usage",
    "stg_gateway__usage_events", "stg_github__pull_requests", "stg_linear__issues", "stg_jira__issues",
    "stg_pagerduty__incidents", "stg_hris__people", "stg_hris__identities", "stg_anthropic__cost_report",
    "stg_openai__costs", "stg_github__pull_request_reviews",
]


def content_digests(database: Path, relations: list[str], landing: Path | None = None) -> dict[str, tuple[int, str]]:
    """Row count and an order-free digest of each relation's columns, lineage (`_` columns) excluded.
    With `landing`, paths of landing files are compared relative to that folder."""
    out = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for relation in relations:
            columns = [row[0] for row in con.execute(f"describe {relation}").fetchall() if not row[0].startswith("_")]
            row_text = " || '|' || ".join(f"coalesce(cast({column} as varchar), '<null>')" for column in columns)
            if landing is not None:
                row_text = f"replace({row_text}, '{landing}/', '<landing>/')"
            out[relation] = con.execute(
                f"select count(*), md5(coalesce(string_agg({row_text}, chr(10) order by {row_text}), '')) "
                f"from {relation}"
            ).fetchall()[0]
    return out


# The files that take longest (PostgreSQL and Spark builds): collected first, so that with two workers one of
# them starts at once while the other worker takes every other file.
LONGEST_FIRST = ["test_engines.py"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name not in LONGEST_FIRST)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: builds on Apache Spark (slow: its own command, scripts/test_spark.sh)")


# Every dbt (or loader) process the suite ran: (test that ran it, command, seconds). The suite's time
# is mostly these; the summary at the end says which ones, to keep the suite inside CI's budget.
SUBPROCESS_TIMES: list[tuple[str, str, float]] = []


def timed_run(command: list[str], check: bool = False, **kwargs: Any) -> subprocess.CompletedProcess:
    started = time.monotonic()
    try:
        return subprocess.run(command, check=check, **kwargs)
    finally:
        test = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" ", 1)[0]
        words = [Path(word).name if "/" in word else word for word in command[:8] if not word.startswith("{")]
        SUBPROCESS_TIMES.append((test, " ".join(words), time.monotonic() - started))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not SUBPROCESS_TIMES:
        return
    total = sum(seconds for _, _, seconds in SUBPROCESS_TIMES)
    terminalreporter.section(f"dbt and loader processes: {len(SUBPROCESS_TIMES)}, {total:.0f} s")
    for test, command, seconds in sorted(SUBPROCESS_TIMES, key=lambda row: -row[2])[:40]:
        terminalreporter.write_line(f"{seconds:7.1f} s  {command[:70]:70}  {test}")


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


def demo_vars(landing: Path) -> dict[str, Any]:
    """The vars the demo generator writes beside its landing data (its coverage rules), which
    scripts/build.sh passes to dbt: every run on demo data passes them too."""
    path = landing / "_demo_vars.json"
    return json.loads(path.read_text()) if path.exists() else {}


def run_dbt(args: list[str], landing: Path, database: Path, work: Path, check: bool = True,
            extra_vars: dict[str, Any] | None = None, project: Path = REPO_ROOT,
            environment: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """Run dbt as a user would, with the landing path and database of this test. `environment`
    sets variables for this run (None removes one)."""
    env = dict(os.environ, DBT_PROFILES_DIR=str(REPO_ROOT), TOKEN_OUTCOMES_DUCKDB_PATH=str(database))
    for name, value in (environment or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    command = [
        DBT, *args, "--project-dir", str(project),
        "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
        "--vars", json.dumps({**demo_vars(landing), "landing_path": str(landing), **(extra_vars or {})}),
    ]
    result = timed_run(command, cwd=project, env=env, capture_output=True, text=True, timeout=1800)
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


VENDOR_EXAMPLES = demo.VENDOR_EXAMPLES
# The sources a company switches on when it lands them (off by default in dbt_project.yml).
OPT_IN_SOURCES = {"enable_cursor": True, "enable_bedrock": True, "enable_copilot": True, "enable_litellm": True,
                  "enable_otlp": True, "enable_anthropic_analytics": True}


def land_vendor_examples(landing: Path) -> None:
    """The vendors' documented examples as a landing folder, plus two gateway events named after the
    OpenTelemetry GenAI conventions (input includes cache reads and writes, as the conventions say)."""
    import shutil

    shutil.copytree(VENDOR_EXAMPLES, landing, ignore=shutil.ignore_patterns("*.md"))
    # The vars every build of this landing passes (demo_vars): the sources a company opts into are on.
    (landing / "_demo_vars.json").write_text(json.dumps(OPT_IN_SOURCES))
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
        ) to '{str(gateway / "2026-01-01T00-00-00Z.parquet").replace("'", "''")}' (format parquet)
    """)


# The families of bad-input cases (bad_input_*.py), all landed into one build by `corpus`.
CORPUS_FAMILIES = ["bad_input_original", "bad_input_usage", "bad_input_outcomes", "bad_input_sources"]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build, dict[str, Path]]:
    """The vendor examples built clean, then the same landing with every bad-input case of every
    family added, built once: (clean build, corpus build, {case: landed file})."""
    import importlib
    import shutil

    work = tmp_path_factory.mktemp("corpus")
    clean_landing, landing = work / "clean", work / "landing"
    land_vendor_examples(clean_landing)
    clean = build(clean_landing, work / "clean_build")
    shutil.copytree(clean_landing, landing)
    files: dict[str, Path] = {}
    for family in CORPUS_FAMILIES:
        cases = importlib.import_module(family).land_cases(landing)
        assert not set(cases) & set(files), f"{family} reuses a case name"
        files.update(cases)
    return clean, build(landing, work / "build"), files


@pytest.fixture(scope="session")
def parsed_manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The manifest of `dbt parse` on the repository as it is (no build, no database), parsed once per
    session for the tests that read the project's structure (test_readme, test_architecture)."""
    target = tmp_path_factory.mktemp("parse")
    result = subprocess.run(
        [DBT, "parse", "--quiet", "--target-path", str(target / "target"), "--log-path", str(target / "logs")],
        check=False, cwd=REPO_ROOT, env={**os.environ, "DBT_PROFILES_DIR": str(REPO_ROOT)},
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((target / "target" / "manifest.json").read_text())


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Fresh demo data from the generator, then a full dbt build over it."""
    work = tmp_path_factory.mktemp("demo")
    landing = work / "landing"
    truth = demo.main(["--out", str(landing)])
    return build(landing, work, truth)
