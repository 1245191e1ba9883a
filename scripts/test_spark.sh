#!/usr/bin/env bash
# README command: the same project on Apache Spark (dbt-spark in session
# mode, pyspark, a local warehouse of Parquet tables): load the demo data,
# dbt build, and compare every mart with the DuckDB build. scripts/test.sh
# runs this too, with everything else; this command runs it alone.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
    # pyspark 4 needs Java 17 or later (Debian's JRE; root here and in CI).
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
export DBT_PROFILES_DIR="$PWD"
.venv/bin/python -m pytest tests/pytest -m spark "$@"
