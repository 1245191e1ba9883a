#!/usr/bin/env bash
# Create .venv with the exact pinned dependencies and the project's own package
# (src/token_outcomes, editable, --no-deps: requirements.txt pins everything).
# Idempotent: reinstalls only when requirements.txt or pyproject.toml changed
# since the last successful install (an editable install picks up changes to
# the package's source by itself).
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python_bin" -m venv .venv
fi
stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
    # The build backend (pyproject.toml's [build-system], pinned) is fetched into pip's isolated build environment.
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
    .venv/bin/python -m pip check
    echo "$wanted" > "$stamp"
fi
