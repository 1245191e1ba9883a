"""What an extract is doing: one status line per entity on a terminal, plain log lines otherwise, and the
summary at the end."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class EntityResult:
    """One entity's outcome in a run. status: landed, nothing_new, skipped or failed."""

    name: str
    status: str = "running"
    pages: int = 0
    records: int = 0
    waits: int = 0
    waited_s: float = 0.0
    files: list[str] = field(default_factory=list)
    note: str = ""


class Progress:
    def __init__(self, stream: TextIO | None = None, terminal: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.results: list[EntityResult] = []

    def start(self, name: str) -> EntityResult:
        result = EntityResult(name)
        self.results.append(result)
        self._show(result, "started")
        return result

    def page(self, result: EntityResult, records: int) -> None:
        result.pages += 1
        result.records += records
        self._show(result, f"page {result.pages}: {records} records")

    def wait(self, result: EntityResult, seconds: float, why: str) -> None:
        result.waits += 1
        result.waited_s += seconds
        self._show(result, f"waiting {seconds:.1f} s ({why})", always_log=True)

    def finish(self, result: EntityResult, status: str, note: str = "") -> None:
        result.status, result.note = status, note or result.note
        if self.terminal:
            self.stream.write("\r\033[K")
        self.stream.write(f"{result.name}: {status}, {result.records} records in {len(result.files)} file(s)"
                          + (f"; {result.note}" if result.note else "") + "\n")
        self.stream.flush()

    def _show(self, result: EntityResult, event: str, always_log: bool = False) -> None:
        if self.terminal:
            self.stream.write(f"\r\033[K{result.name}: {result.pages} pages, {result.records} records, "
                              f"{result.waits} rate-limit waits ({result.waited_s:.0f} s); {event}")
        else:
            self.stream.write(f"{result.name}: {event}\n")
        self.stream.flush()

    def summary(self) -> str:
        rows = [("entity", "status", "records", "files", "note")]
        rows += [(r.name, r.status, str(r.records), str(len(r.files)), r.note) for r in self.results]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths)) + "  " + row[4]
                         for row in rows).rstrip() + "\n"
