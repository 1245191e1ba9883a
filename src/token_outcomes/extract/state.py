"""Where each source and slice got to: a small JSON file beside the landing folder.

`data/landing` keeps its state in `data/landing.extract-state.json`:

    {"version": 1, "entities": {"anthropic/messages_usage": {"": {"complete_through": "2026-11-30"}},
                                "github/pull_requests": {"acme/api": {"updated_since": "2026-11-30T09:12:44Z"}}}}

A slice is what an entity is asked for apart (a repository, a Copilot organisation; "" for an entity
asked as one). The state moves only after the extract that read it has landed, so a crash makes the
next run read the same data again (which staging deduplicates), never skip it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

VERSION = 1


def state_path(landing: Path) -> Path:
    return landing.parent / f"{landing.name}.extract-state.json"


class State:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entities: dict[str, dict[str, dict[str, Any]]] = {}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                raise SystemExit(f"{path} is not an extract state (not JSON): move it away to extract everything "
                                 "again from --since.") from None
            if data.get("version") != VERSION:
                raise SystemExit(f"{path} is an extract state of version {data.get('version')!r}, not {VERSION}: "
                                 "move it away to extract everything again from --since.")
            self.entities = data["entities"]

    def get(self, entity: str, slice_name: str = "") -> dict[str, Any]:
        return dict(self.entities.get(entity, {}).get(slice_name, {}))

    def put(self, entity: str, slices: dict[str, dict[str, Any]]) -> None:
        """Record where each slice of an entity got to, and save at once (the entity's file has landed)."""
        self.entities.setdefault(entity, {}).update(slices)
        temporary = self.path.with_name(self.path.name + ".partial")
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(json.dumps({"version": VERSION, "entities": self.entities}, indent=2, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
