#!/usr/bin/env bash
# README command 3: set up, build the marts on the demo data if they are not
# built yet, write the dashboard to site/ and serve it on 127.0.0.1:8000
# (Ctrl-C stops it). PORT=... picks another port.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
if [ ! -f target/token_outcomes.duckdb ]; then
    bash scripts/build.sh
fi
.venv/bin/python -m token_outcomes.exposures.build_dashboard --out site
port="${PORT:-8000}"
echo "token_outcomes dashboard: http://127.0.0.1:${port}/index.html"
exec .venv/bin/python -m http.server "$port" --bind 127.0.0.1 --directory site
