"""The landing folder as the generator writes it: extract times and file names, JSON lines, and the
vendors' documented example records (vendor_examples/, beside this file) every demo record is copied
from, so every field the vendor returns is there.

vendor_examples/ is a landing folder of its own (`<source>/<entity>/<extracted-at>.<ext>`): the tests
land and build it as it is (tests/pytest/conftest.py, land_vendor_examples).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

VENDOR_EXAMPLES = Path(__file__).resolve().parent / "vendor_examples"
EXTRACT_EVERY_DAYS = 7


def iso_z(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def extract_name(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H-%M-%SZ")


def write_jsonl(path: Path, records: list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for record in records:
            line = record if isinstance(record, str) else json.dumps(record, separators=(",", ":"))
            handle.write(line + "\n")


def load_example(source: str, entity: str) -> dict[str, Any]:
    """The vendor's documented example record, used as the template of every demo record."""
    path = next((VENDOR_EXAMPLES / source / entity).glob("*.jsonl"))
    return json.loads(path.read_text().splitlines()[0])


def extract_times(start: dt.date, end: dt.date) -> list[dt.datetime]:
    """When the extracts ran: every EXTRACT_EVERY_DAYS days at 06:00 from the start, and on the end date."""
    extracts = []
    moment = dt.datetime.combine(start, dt.time(6)) + dt.timedelta(days=EXTRACT_EVERY_DAYS)
    while moment.date() < end:
        extracts.append(moment)
        moment += dt.timedelta(days=EXTRACT_EVERY_DAYS)
    extracts.append(dt.datetime.combine(end, dt.time(6)))
    return extracts
