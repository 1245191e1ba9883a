"""The README stands on its own: its counts of the project are dbt's, and its links stay in the repository.

The counts sit in one marked sentence (COUNTS_MARKER, in "Layout"); each number in it is checked against
the manifest of a fresh `dbt parse` (no build, no database), so adding a model, a test or a source fails
here until the sentence says so. Every link of README.md must be a relative path to a file or folder of
the repository that exists (or an anchor of one of its headings): nothing outside it, no URL.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
README = REPO_ROOT / "README.md"
COUNTS_MARKER = "<!-- project counts: checked by tests/pytest/test_readme.py -->"
# What each number of the marked sentence counts, as the sentence names it.
COUNT_LABELS = [
    "models", "staging", "intermediate", "marts", "time spine", "audit", "seeds", "unit tests", "data tests",
    "source tables", "exposures", "semantic models", "metrics",
]
NUMBER_WITH_LABEL = re.compile(r"\b(\d[\d,]*) (" + "|".join(sorted(COUNT_LABELS, key=len, reverse=True)) + r")\b")


@pytest.fixture(scope="module")
def manifest(parsed_manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest of `dbt parse` on the repository as it is (conftest.parsed_manifest)."""
    return parsed_manifest


def project_counts(manifest: dict[str, Any]) -> dict[str, int]:
    """The manifest's count of each thing the README's marked sentence names."""
    counts: Counter[str] = Counter()
    for node in manifest["nodes"].values():
        # The tests of a model switched off by default (an opt-in source) stay in the manifest, disabled.
        if not node["config"].get("enabled", True):
            continue
        if node["resource_type"] == "model":
            path = node["original_file_path"]
            layer = "time spine" if path.startswith("models/marts/semantic/") else path.split("/")[1]
            counts["models"] += 1
            counts[layer] += 1
        elif node["resource_type"] == "seed":
            counts["seeds"] += 1
        elif node["resource_type"] == "test":
            counts["data tests"] += 1
    counts["unit tests"] = len(manifest["unit_tests"])
    counts["source tables"] = len(manifest["sources"])
    counts["exposures"] = len(manifest["exposures"])
    counts["semantic models"] = len(manifest["semantic_models"])
    counts["metrics"] = len(manifest["metrics"])
    unlabelled = set(counts) - set(COUNT_LABELS)
    assert not unlabelled, f"models in a folder the README's counts do not name: {unlabelled}"
    return {label: counts[label] for label in COUNT_LABELS}


def readme_counts(text: str) -> dict[str, int]:
    """Each number of the paragraph after COUNTS_MARKER, by the label that follows it."""
    assert text.count(COUNTS_MARKER) == 1, f"README.md must hold {COUNTS_MARKER!r} once, before the counts"
    paragraph = text.split(COUNTS_MARKER, 1)[1].lstrip("\n").split("\n\n", 1)[0]
    found = NUMBER_WITH_LABEL.findall(paragraph)
    labels = [label for _, label in found]
    assert len(labels) == len(set(labels)), f"a label counted twice in: {paragraph}"
    stray = re.findall(r"\d[\d,]*", NUMBER_WITH_LABEL.sub("", paragraph))
    assert not stray, f"numbers the test does not know the meaning of: {stray} in: {paragraph}"
    return {label: int(number.replace(",", "")) for number, label in found}


def test_readme_counts_are_the_projects(manifest: dict[str, Any]) -> None:
    stated = readme_counts(README.read_text())
    actual = project_counts(manifest)
    assert stated == actual, (
        "README.md's counts (the sentence after the project counts marker, in 'Layout') differ from dbt's:\n"
        + "\n".join(f"  {label}: README {stated.get(label)}, dbt {actual[label]}"
                    for label in COUNT_LABELS if stated.get(label) != actual[label])
    )


def test_every_mart_is_in_the_readme(manifest: dict[str, Any]) -> None:
    text = README.read_text()
    marts = sorted(
        node["name"] for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["original_file_path"].startswith("models/marts/")
        and not node["original_file_path"].startswith("models/marts/semantic/")
    )
    missing = [name for name in marts if f"`{name}`" not in text]
    assert not missing, f"marts README.md does not name ('What the marts answer'): {missing}"


def without_code(text: str) -> str:
    """The markdown without fenced code blocks and inline code spans (a link in code is no link)."""
    text = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", text, flags=re.DOTALL | re.MULTILINE)
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", text, flags=re.DOTALL)


def heading_anchors(text: str) -> set[str]:
    """GitHub's anchors of the markdown's headings."""
    anchors = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", without_code(text), flags=re.MULTILINE):
        anchors.add(re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-"))
    return anchors


def link_targets(text: str) -> list[str]:
    """Every link target of the markdown: inline and reference links, images, autolinks, HTML, bare URLs."""
    prose = without_code(text)
    targets = re.findall(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", prose)
    targets += re.findall(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", prose, flags=re.MULTILINE)
    targets += re.findall(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>", prose)
    targets += re.findall(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", prose)
    targets += re.findall(r"(?<![(<\"'])\b(?:https?|ftp)://[^\s)>\]]+", prose)
    return targets


def link_problems(text: str, folder: Path, root: Path) -> list[str]:
    """What is wrong with the links of `text`, a markdown file in `folder` of the repository at `root`."""
    anchors = heading_anchors(text)
    problems = []
    for target in link_targets(text):
        path, _, fragment = target.partition("#")
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
            problems.append(f"{target}: a link outside the repository")
        elif not path:
            if fragment not in anchors:
                problems.append(f"{target}: no heading has this anchor")
        elif path.startswith("/"):
            problems.append(f"{target}: an absolute path, not one relative to the repository")
        else:
            resolved = (folder / path).resolve()
            if not resolved.is_relative_to(root):
                problems.append(f"{target}: outside the repository")
            elif not resolved.exists():
                problems.append(f"{target}: no such file in the repository")
    return problems


def test_readme_links_stay_in_the_repository() -> None:
    text = README.read_text()
    assert link_targets(text), "no link found in README.md: the link scanner is broken"
    problems = link_problems(text, README.parent, REPO_ROOT)
    assert not problems, "README.md links:\n" + "\n".join(f"  {problem}" for problem in problems)


def test_link_check_finds_what_is_wrong() -> None:
    text = (
        "# Top\n\n[ok](README.md) [anchor](#top) [up](../shared/STYLE.md) [gone](docs/nope.md) [bad](#nope)\n"
        "[abs](/etc/passwd) <https://example.com> and https://example.org too; `[code](../x.md)`\n"
        "```\n[fenced](../y.md)\n```\n"
    )
    problems = link_problems(text, REPO_ROOT, REPO_ROOT)
    assert [problem.split(":")[0] for problem in problems] == [
        "../shared/STYLE.md", "docs/nope.md", "#nope", "/etc/passwd", "https", "https",
    ], problems
