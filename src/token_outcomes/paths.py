"""Where the dbt project is: the checkout this package is installed from.

scripts/setup.sh installs the package editable (src/ on the path), so this file sits at
<checkout>/src/token_outcomes/paths.py and the project's files (dbt_project.yml, seeds/,
profiles.yml, target/, data/) are read from that checkout.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
