"""Report how much of the column documentation under models/ is repeated text.

Reads every models/**/*.yml (the columns of models and of source tables) and the doc blocks of
models/**/*.md, and prints:

  - column entries, how many of them use a doc block (`{{ doc('name') }}`), and how many have none;
  - distinct descriptions (a doc block counts once, however many columns use it);
  - the share repeated: entries whose text is a copy of a text written out in another entry
    (entries - distinct texts written out, over entries). A doc block's reference is not a copy;
  - literal texts written out in more than one entry (the repetition a doc block would remove),
    most repeated first;
  - column names described in more than one way (each way with its count and first place).

Read-only. The repository's root is found from this file, or given with --root (e.g. a checkout of
an older commit, for before-and-after figures).

    .venv/bin/python scripts/yaml_descriptions.py [--top 25] [--exclude models/intermediate] [--root DIR]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
DOC_REFERENCE = re.compile(r"""^\{\{\s*doc\(\s*['"]([\w.]+)['"]\s*\)\s*\}\}$""")
DOC_BLOCK = re.compile(r"\{%-?\s*docs\s+(\w+)\s*-?%\}(.*?)\{%-?\s*enddocs\s*-?%\}", re.DOTALL)


@dataclass(frozen=True)
class ColumnEntry:
    """One column of one model or source table, as documented in a YAML file."""

    path: str
    owner: str
    column: str
    description: str

    @property
    def doc_block(self) -> str | None:
        match = DOC_REFERENCE.match(self.description)
        return match.group(1) if match else None


def normalise(text: str | None) -> str:
    return " ".join((text or "").split())


def column_entries(root: Path, exclude: list[str]) -> list[ColumnEntry]:
    """Every column entry of every model and source table in models/**/*.yml."""
    entries = []
    for path in sorted((root / "models").rglob("*.yml")):
        relative = path.relative_to(root).as_posix()
        if any(relative.startswith(prefix.rstrip("/") + "/") for prefix in exclude):
            continue
        document = yaml.safe_load(path.read_text()) or {}
        owners = [(model["name"], model) for model in document.get("models") or []]
        for source in document.get("sources") or []:
            owners += [(f"{source['name']}.{table['name']}", table) for table in source.get("tables") or []]
        for owner, node in owners:
            for column in node.get("columns") or []:
                entries.append(ColumnEntry(relative, owner, column["name"], normalise(column.get("description"))))
    return entries


def doc_blocks(root: Path) -> dict[str, str]:
    """Doc block name -> text, from models/**/*.md."""
    blocks = {}
    for path in sorted((root / "models").rglob("*.md")):
        for name, text in DOC_BLOCK.findall(path.read_text()):
            blocks[name] = normalise(text)
    return blocks


def report(entries: list[ColumnEntry], blocks: dict[str, str], top: int) -> str:
    lines = []
    described = [entry for entry in entries if entry.description]
    by_block = [entry for entry in described if entry.doc_block]
    literal = Counter(entry.description for entry in described if not entry.doc_block)
    blocks_used = {entry.doc_block for entry in by_block}
    distinct = len(literal) + len(blocks_used)
    repeated_literal = {text: count for text, count in literal.items() if count > 1}
    copies = sum(literal.values()) - len(literal)
    lines.append(f"column entries:                 {len(entries)}")
    lines.append(f"  described by a doc block:     {len(by_block)} ({len(blocks_used)} blocks)")
    lines.append(f"  text written out:             {sum(literal.values())} ({len(literal)} distinct texts)")
    lines.append(f"  without a description:        {len(entries) - len(described)}")
    lines.append(f"distinct descriptions:          {distinct}")
    share = copies / len(entries) if entries else 0.0
    lines.append(f"share repeated:                 {share:.1%}  (copies of a text written out elsewhere / entries)")
    overall = 1 - distinct / len(entries) if entries else 0.0
    lines.append(f"1 - distinct / entries:         {overall:.1%}  (a doc block used n times counts n - 1 times)")
    lines.append(
        f"literal texts written out more than once: {len(repeated_literal)}"
        f" ({sum(repeated_literal.values())} entries)"
    )
    unknown = sorted({entry.doc_block for entry in by_block} - blocks.keys())
    if unknown:
        lines.append(f"doc blocks referenced but not defined: {', '.join(unknown)}")

    lines.append("")
    lines.append(f"Most repeated literal texts (top {top}):")
    for text, count in sorted(repeated_literal.items(), key=lambda item: (-item[1], item[0]))[:top]:
        columns = sorted({entry.column for entry in described if entry.description == text})
        lines.append(f"  {count:3d}x [{', '.join(columns)}] {text[:110]}")

    lines.append("")
    lines.append("Columns described in more than one way:")
    ways: dict[str, Counter[str]] = defaultdict(Counter)
    first_place: dict[tuple[str, str], str] = {}
    for entry in described:
        way = f"doc('{entry.doc_block}')" if entry.doc_block else entry.description
        ways[entry.column][way] += 1
        first_place.setdefault((entry.column, way), entry.owner)
    several = {column: counter for column, counter in ways.items() if len(counter) > 1}
    for column, counter in sorted(several.items(), key=lambda item: (-len(item[1]), item[0])):
        lines.append(f"  {column}: {len(counter)} ways")
        for way, count in counter.most_common():
            lines.append(f"    {count:3d}x ({first_place[(column, way)]}) {way[:100]}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the repository (default: this one)")
    parser.add_argument("--top", type=int, default=25, help="how many repeated texts to list")
    parser.add_argument(
        "--exclude", action="append", default=[], help="a folder under the repository to leave out (repeatable)"
    )
    args = parser.parse_args()
    print(report(column_entries(args.root, args.exclude), doc_blocks(args.root), args.top))


if __name__ == "__main__":
    main()
