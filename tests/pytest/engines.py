"""Run the project on another engine as a user would (loader, then dbt build) and read it back for comparison."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from conftest import DBT, PSEUDONYM_SALT, REPO_ROOT, Build, demo_vars, timed_run

from token_outcomes.engines import compare_engines

LOADER = ["-m", "token_outcomes.engines.load_landing"]


@dataclass
class EngineRun:
    engine: str
    load_seconds: float
    build_seconds: float
    # A second dbt build over the same raw tables: incremental models run incrementally (none on Spark).
    rebuild_seconds: float | None
    first_load: dict[str, Any]
    second_load: dict[str, Any]
    comparisons: list[compare_engines.MartComparison]
    # (schema.table) -> every (_source_file, _line_number) in the raw table, and the null count of either.
    raw_lines: dict[str, list[tuple[str, int]]]
    raw_lines_without_position: dict[str, int]
    build_output: str


def run(command: list[str], environment: dict[str, str], timeout: int = 3600) -> subprocess.CompletedProcess:
    result = timed_run(command, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command[:3])} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
    return result


def load(engine: str, landing: Path, environment: dict[str, str], report: Path) -> dict[str, Any]:
    run([sys.executable, *LOADER, "--target", engine, "--landing", str(landing), "--report", str(report)], environment)
    return json.loads(report.read_text())


def run_on_engine(engine: str, demo_build: Build, work: Path, environment: dict[str, str],
                  engine_reader: Callable[[], Callable[[str], list[tuple]]], rebuild: bool = False,
                  data_tests: bool = True) -> EngineRun:
    """Load the demo landing folder twice, dbt build (twice with `rebuild`; without the data and unit
    tests unless `data_tests`), then read every mart and raw table back."""
    environment = dict(environment, DBT_PROFILES_DIR=str(REPO_ROOT), TOKEN_OUTCOMES_TARGET=engine,
                       **pseudonym_key_settings(PSEUDONYM_SALT))
    first = load(engine, demo_build.landing, environment, work / "load_1.json")
    second = load(engine, demo_build.landing, environment, work / "load_2.json")
    dbt_vars = {**demo_vars(demo_build.landing), "landing_path": str(demo_build.landing)}
    command = [DBT, "build", "--project-dir", str(REPO_ROOT), "--target-path", str(work / "target"),
               "--log-path", str(work / "logs"), "--vars", json.dumps(dbt_vars)]
    if not data_tests:
        command += ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
    started = time.monotonic()
    build = run(command, environment)
    build_seconds = time.monotonic() - started
    rebuild_seconds = None
    if rebuild:
        started = time.monotonic()
        build = run(command, environment)
        rebuild_seconds = time.monotonic() - started
    # Only now, with no dbt process left, may this process open the engine (Spark's metastore has one user).
    read = engine_reader()
    marts = compare_engines.marts_from_manifest(work / "target" / "manifest.json")
    with duckdb.connect(str(demo_build.database), read_only=True) as local:
        comparisons = compare_engines.compare(marts, lambda sql: local.execute(sql).fetchall(), read, engine)
    raw_lines, without_position = {}, {}
    for table in first["tables"]:
        name = table["table"]
        raw_lines[name] = read(f"select _source_file, _line_number from {name}")
        without_position[name] = read(
            f"select count(*) from {name} where _source_file is null or _line_number is null")[0][0]
    return EngineRun(engine, first["seconds"], build_seconds, rebuild_seconds, first, second, comparisons, raw_lines,
                     without_position, build.stdout)


def pseudonym_key_settings(key: str) -> dict[str, str]:
    """The pseudonym key as each engine's session reads it (macros/cross_db/pseudonym.sql): Spark from
    the environment, PostgreSQL as the setting token_outcomes.pseudonym_salt, which libpq passes from
    PGOPTIONS (a space or backslash in the value is escaped with a backslash)."""
    escaped = key.replace("\\", "\\\\").replace(" ", "\\ ")
    return {"TOKEN_OUTCOMES_PSEUDONYM_SALT": key, "PGOPTIONS": f"-c token_outcomes.pseudonym_salt={escaped}"}


def duckdb_landed_lines(demo_build: Build) -> dict[str, list[tuple[str, int]]]:
    """(file, line) of every record the DuckDB build's sources read, by raw table name, through the
    source definitions dbt rendered (not through the loader), in the build's database, which holds the
    landing readers they call."""
    manifest = json.loads((demo_build.target / "manifest.json").read_text())
    lines = {}
    with duckdb.connect(str(demo_build.database), read_only=True) as local:
        for source in manifest["sources"].values():
            reader = source["config"]["external_location"].replace("%(name)s", source["name"]).replace("%%", "%")
            lines[f"{source['schema']}.{source['name']}"] = local.execute(
                f"select _source_file, _line_number from {reader}").fetchall()
    return lines


def write_report(run_result: EngineRun, demo_build: Build) -> str:
    """target/engine_report_<engine>.md: build times and the mart-by-mart comparison."""
    lines = [
        f"# DuckDB vs {run_result.engine}",
        "",
        f"Demo data: {sum(len(rows) for rows in run_result.raw_lines.values())} landed records.",
        "",
        "| step | DuckDB | " + run_result.engine + " |",
        "|---|---|---|",
        f"| load landing files | (read in place) | {run_result.load_seconds:.0f} s |",
        f"| dbt build | {demo_build.seconds:.0f} s | {run_result.build_seconds:.0f} s |",
        *([f"| dbt build again, nothing new (incremental) | | {run_result.rebuild_seconds:.0f} s |"]
          if run_result.rebuild_seconds is not None else []),
        "",
        compare_engines.report(run_result.comparisons, run_result.engine),
    ]
    text = "\n".join(lines)
    (REPO_ROOT / "target").mkdir(exist_ok=True)
    (REPO_ROOT / "target" / f"engine_report_{run_result.engine}.md").write_text(text)
    return text


def environment_without_target() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("TOKEN_OUTCOMES_")}


MARTS_EXPECTED = {
    "core.dim_people", "core.dim_models", "core.fct_token_usage", "core.fct_outcomes", "core.time_spine_daily",
    "people_ops.fct_person_period_scores", "people_ops.rpt_flag_board", "engineers.rpt_peer_percentiles",
    "finance.rpt_cost_per_outcome", "finance.rpt_spend_by_model", "finance.rpt_bill_reconciliation",
    "analytics.rpt_returns_curve", "analytics.rpt_change_quality", "analytics.rpt_capacity_uplift",
    "audit.audit_quarantined_records", "audit.audit_source_reconciliation",
    "audit.audit_usage_overlaps",
}


def assert_landed_once_and_idempotent(run_result: EngineRun, demo_build: Build) -> None:
    """Every record DuckDB's sources read is in the engine's raw table once, with its file and line,
    and loading the same files a second time added nothing."""
    first = {table["table"]: table for table in run_result.first_load["tables"]}
    second = {table["table"]: table for table in run_result.second_load["tables"]}
    landed = duckdb_landed_lines(demo_build)
    assert set(first) == set(landed) and len(landed) == 24
    for name, lines in landed.items():
        assert sorted(run_result.raw_lines[name]) == sorted(lines), name
        assert run_result.raw_lines_without_position[name] == 0, name
        assert first[name]["rows_in_table"] == len(lines) > 0, name
        assert second[name]["files_loaded"] == 0 and second[name]["rows_loaded"] == 0, name
        assert second[name]["files_skipped"] == first[name]["files_loaded"] > 0, name
        assert second[name]["rows_in_table"] == first[name]["rows_in_table"], name


def assert_every_mart_matches(run_result: EngineRun) -> None:
    compared = {comparison.mart.relation for comparison in run_result.comparisons}
    assert MARTS_EXPECTED <= compared
    for comparison in run_result.comparisons:
        assert comparison.rows["duckdb"] > 0, comparison.mart.relation
        assert comparison.matches, "\n".join(comparison.differences[:20])
