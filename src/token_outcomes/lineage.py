"""What a mart's number is made of: every model, seed, source and project macro upstream of a model, from
dbt's manifest (run `dbt parse` first). A newcomer's reading list, and the figures of a refactor.

    python -m token_outcomes.lineage rpt_cost_per_outcome [--manifest target/manifest.json]
    python -m token_outcomes.lineage --macros          # every project macro: count, files and lines
"""

from __future__ import annotations

import argparse
import json
from collections import deque
from pathlib import Path

from token_outcomes.paths import REPO_ROOT


def load_manifest(path: Path) -> dict:
    return json.loads(path.read_text())


def upstream(manifest: dict, model_name: str) -> tuple[list[dict], list[dict]]:
    """The nodes (models, seeds, sources) upstream of `model_name`, itself included, and the project macros
    they render, macros called by macros included. Tests are not followed."""
    nodes = {**manifest["nodes"], **manifest["sources"]}
    project = manifest["metadata"].get("project_name", "token_outcomes")
    start = [unique_id for unique_id, node in manifest["nodes"].items()
             if node["resource_type"] == "model" and node["name"] == model_name]
    if not start:
        raise SystemExit(f"no model named {model_name} in the manifest")
    seen_nodes, seen_macros = set(), set()
    queue = deque(start)
    while queue:
        unique_id = queue.popleft()
        if unique_id in seen_nodes:
            continue
        seen_nodes.add(unique_id)
        depends_on = nodes[unique_id].get("depends_on", {})
        queue.extend(depends_on.get("nodes", []))
        seen_macros.update(depends_on.get("macros", []))
    macro_queue = deque(seen_macros)
    project_macros = set()
    while macro_queue:
        unique_id = macro_queue.popleft()
        macro = manifest["macros"].get(unique_id)
        if macro is None or macro["package_name"] != project or unique_id in project_macros:
            continue
        project_macros.add(unique_id)
        macro_queue.extend(macro.get("depends_on", {}).get("macros", []))
    return [nodes[unique_id] for unique_id in sorted(seen_nodes)], \
        [manifest["macros"][unique_id] for unique_id in sorted(project_macros)]


def macro_lines(macro: dict) -> int:
    return macro["macro_sql"].count("\n") + 1


def project_macros(manifest: dict) -> list[dict]:
    project = manifest["metadata"].get("project_name", "token_outcomes")
    return [macro for macro in manifest["macros"].values() if macro["package_name"] == project]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m token_outcomes.lineage", description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", help="a model's name, e.g. rpt_cost_per_outcome")
    parser.add_argument("--manifest", type=Path, default=REPO_ROOT / "target" / "manifest.json")
    parser.add_argument("--macros", action="store_true", help="summarise every project macro instead")
    args = parser.parse_args(argv)
    manifest = load_manifest(args.manifest)
    if args.macros:
        macros = project_macros(manifest)
        files = sorted({macro["original_file_path"] for macro in macros})
        print(f"{len(macros)} macros, {sum(macro_lines(m) for m in macros)} lines, in {len(files)} files")
        for file in files:
            in_file = [m for m in macros if m["original_file_path"] == file]
            print(f"  {file}: {len(in_file)} macros, {sum(macro_lines(m) for m in in_file)} lines")
        return 0
    if not args.model:
        parser.error("name a model, or pass --macros")
    nodes, macros = upstream(manifest, args.model)
    by_type: dict[str, list[str]] = {}
    for node in nodes:
        name = f"{node['source_name']}.{node['name']}" if node["resource_type"] == "source" else node["name"]
        by_type.setdefault(node["resource_type"], []).append(name)
    for resource_type in ("model", "seed", "source"):
        names = sorted(by_type.get(resource_type, []))
        print(f"{len(names)} {resource_type}s: {', '.join(names)}")
    files = sorted({macro["original_file_path"] for macro in macros})
    print(f"{len(macros)} project macros in {len(files)} files:")
    for file in files:
        print(f"  {file}: {', '.join(sorted(m['name'] for m in macros if m['original_file_path'] == file))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
