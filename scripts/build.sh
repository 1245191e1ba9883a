#!/usr/bin/env bash
# README command 1: set up, generate the demo landing data when none exists,
# and run the main job (dbt build) on DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export DBT_PROFILES_DIR="$PWD"
if [ -z "${TOKEN_OUTCOMES_PSEUDONYM_SALT:-}" ]; then
    # The pseudonym key has no default (README, "Pseudonym key"). A demo build
    # uses a random key of its own, kept nowhere: pseudonyms change with each build.
    echo "TOKEN_OUTCOMES_PSEUDONYM_SALT is not set: this demo build uses a random pseudonym key" \
        "(set your own to keep pseudonyms from one build to the next)." >&2
    TOKEN_OUTCOMES_PSEUDONYM_SALT="$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')"
    export TOKEN_OUTCOMES_PSEUDONYM_SALT
fi
if [ ! -d data/landing ]; then
    .venv/bin/python -m token_outcomes.demo --out data/landing
fi
# The demo's organisation reports some spend twice (README, "Every dollar
# once"): the generator writes the coverage rules that say where, and every
# dbt command on the demo passes them. Your own data needs rules of its own
# (var usage_coverage_rules), or none.
demo_vars=()
if [ -f data/landing/_demo_vars.json ]; then
    demo_vars=(--vars "$(cat data/landing/_demo_vars.json)")
fi
.venv/bin/dbt build "${demo_vars[@]}" "$@"
