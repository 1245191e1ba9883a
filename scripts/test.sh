#!/usr/bin/env bash
# README command 2: set up and run every test: SQL lint, then the pytest
# suite, which generates fresh demo data, runs dbt build (every dbt data
# test included) and checks real values against what the generator planted,
# and builds the same data on PostgreSQL and compares every mart.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export DBT_PROFILES_DIR="$PWD"
.venv/bin/dbt parse --quiet
# Lint renders every model as a first (full) build would, whatever a local
# database holds: the templater compiles against a throwaway one.
lint_database=$(mktemp -d)/lint.duckdb
TOKEN_OUTCOMES_DUCKDB_PATH="$lint_database" .venv/bin/sqlfluff lint models analyses
if ! command -v chromium >/dev/null 2>&1; then
    # The dashboard test drives a real browser: Debian's chromium (root here and in CI).
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# PostgreSQL is part of every run (tests/pytest/test_engines.py starts
# a throwaway server, installing Debian's postgresql first when missing).
# Spark is its own command: bash scripts/test_spark.sh.
.venv/bin/python -m pytest tests/pytest -m "not spark" "$@"
