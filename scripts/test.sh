#!/usr/bin/env bash
# README command 2: set up and run every test: SQL and Python lint, then the pytest
# suite, which generates fresh demo data, runs dbt build (every dbt data
# test included) and checks real values against what the generator planted,
# and builds the same data on PostgreSQL and on Apache Spark and compares
# every mart with the DuckDB build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export DBT_PROFILES_DIR="$PWD"
.venv/bin/dbt parse --quiet
# Lint renders every model as a first (full) build would, whatever a local
# database holds: the templater compiles against a throwaway one.
lint_database=$(mktemp -d)/lint.duckdb
TOKEN_OUTCOMES_DUCKDB_PATH="$lint_database" .venv/bin/sqlfluff lint models analyses
# Python lint: ruff's default rules (pyproject.toml).
.venv/bin/ruff check .
if ! command -v chromium >/dev/null 2>&1; then
    # The dashboard test drives a real browser: Debian's chromium (root here and in CI).
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
    # pyspark 4 needs Java 17 or later (Debian's JRE; root here and in CI).
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
# PostgreSQL and Spark are part of every run: tests/pytest/test_engines.py
# starts a throwaway PostgreSQL server (installing Debian's postgresql first
# when missing) and a local Spark session. scripts/test_spark.sh runs the
# Spark comparison alone.
# Two workers (CI has two cores), each given whole test files (--dist loadfile: a
# file's module fixtures, its dbt builds, are built once); conftest puts the
# longest file, the other engines', first. TEST_WORKERS=0 runs in one process
# and prints each dbt process's time at the end. --durations lists the slowest.
.venv/bin/python -m pytest tests/pytest -n "${TEST_WORKERS:-2}" --dist loadfile --durations=25 "$@"
