"""Helpers for the bad-input corpus: land a vendor example, changed, as a file of its own.

Each `bad_input_*.py` module holds one family of cases as `land_cases(landing) -> {case: path}`; the
session fixture `corpus` (conftest.py) lands every family into one copy of the vendor examples and
builds it once, so the whole corpus costs one dbt build (cases that stop a build have their own)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from token_outcomes.demo import VENDOR_EXAMPLES

if TYPE_CHECKING:
    from conftest import Build

EXAMPLES = VENDOR_EXAMPLES


def example(source: str, entity: str, line: int = 0) -> dict:
    return json.loads(next((EXAMPLES / source / entity).glob("*.jsonl")).read_text().splitlines()[line])


def land(landing: Path, source: str, entity: str, name: str, lines: list) -> Path:
    path = landing / source / entity / name
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


def quarantined(result: Build, path: Path) -> list[tuple]:
    """(line, reason) of every record of a landed file in the quarantine audit."""
    return result.query(f"""
        select line_number, quarantine_reason from audit.audit_quarantined_records
        where source_file = '{path}' order by line_number
    """)
