#!/usr/bin/env bash
# Create .venv with the exact pinned dependencies (idempotent: reinstalls
# only when requirements.txt changed since the last successful install).
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python_bin" -m venv .venv
fi
stamp=.venv/.requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
    .venv/bin/python -m pip check
    echo "$wanted" > "$stamp"
fi
