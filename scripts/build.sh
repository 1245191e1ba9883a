#!/usr/bin/env bash
# README command 1: set up, generate the demo landing data when none exists,
# and run the main job (dbt build) on DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export DBT_PROFILES_DIR="$PWD"
if [ ! -d data/landing ]; then
    .venv/bin/python scripts/generate_demo_data.py --out data/landing
fi
.venv/bin/dbt build "$@"
