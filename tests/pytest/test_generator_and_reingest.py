"""The generator is deterministic, and landing the same extracts again changes nothing staged."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import MARTS, STAGING_MODELS, Build, build, content_digests

from token_outcomes import demo

SMALL = ["--people", "40", "--days", "42", "--events-per-person-day", "3"]


def tree_digest(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def test_same_seed_same_files(tmp_path: Path) -> None:
    demo.main(["--out", str(tmp_path / "a"), *SMALL])
    demo.main(["--out", str(tmp_path / "b"), *SMALL])
    first, second = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert first == second
    assert any(name.endswith(".parquet") for name in first)


def test_scale_flags_drive_the_event_volume(tmp_path: Path) -> None:
    small = demo.main(["--out", str(tmp_path / "small"), *SMALL])
    large = demo.main(["--out", str(tmp_path / "large"), "--people", "40", "--days", "42",
                       "--events-per-person-day", "30"])
    ratio = large["sources"]["gateway.usage_events"]["kept"] / small["sources"]["gateway.usage_events"]["kept"]
    assert 7 < ratio < 11
    # Only the event count grows: the usage the events add up to is the same.
    assert large["usage_totals_by_channel"] == small["usage_totals_by_channel"]


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("small_demo")
    truth = demo.main(["--out", str(work / "landing"), *SMALL])
    return build(work / "landing", work, truth)


def test_landing_every_extract_again_changes_nothing(small_demo: Build, tmp_path: Path) -> None:
    """Staging and every mart are identical after each extract lands a second time."""
    before = content_digests(small_demo.database, STAGING_MODELS)
    marts_before = content_digests(small_demo.database, MARTS)
    landing = tmp_path / "landing"
    shutil.copytree(small_demo.landing, landing)
    # Every extract ingested a second time (same extraction time, a second copy of the file).
    for path in list(landing.rglob("*T*Z.*")):
        stem, suffix = path.name.split(".", 1)
        shutil.copy(path, path.with_name(f"{stem}-again.{suffix}"))
    rebuilt = build(landing, tmp_path)
    assert content_digests(rebuilt.database, STAGING_MODELS) == before
    assert content_digests(rebuilt.database, MARTS) == marts_before
    raw_before = small_demo.scalar("select sum(raw_records) from audit.audit_source_reconciliation")
    raw_after = rebuilt.scalar("select sum(raw_records) from audit.audit_source_reconciliation")
    assert raw_after == 2 * raw_before



def test_an_updated_record_changes_exactly_its_rows(small_demo: Build, tmp_path: Path) -> None:
    """A later extract relabels one merged pull request as security work: its outcome, and the value
    points of its author's period, change by exactly the rule's difference; the ledger does not move."""
    node_id, old_value, employee_id, period = small_demo.query("""
        select pr.node_id, o.value_score, o.employee_id, o.period_start
        from stg_github__pull_requests as pr
        inner join core.fct_outcomes as o on o.outcome_id = pr.external_ref
        where o.is_credited and o.value_score < 7 and o.credit_group_size = 1 and o.has_independent_approval
            and o.value_deduction_points = 0
        order by pr.node_id limit 1
    """)[0]
    source_file, line_number = small_demo.query(
        f"select _source_file, _line_number from stg_github__pull_requests where node_id = '{node_id}'")[0]
    record = json.loads(Path(source_file).read_text().splitlines()[line_number - 1])
    record["labels"] = [dict(record["labels"][0], name="security")] if record["labels"] else [{"name": "security"}]
    landing = tmp_path / "landing"
    shutil.copytree(small_demo.landing, landing)
    (landing / "github" / "pull_requests" / "2099-01-01T00-00-00Z.jsonl").write_text(json.dumps(record) + "\n")
    rebuilt = build(landing, tmp_path)

    def outcomes(build_: Build) -> set[tuple]:
        return set(build_.query("select * exclude (label_names, value_rule_id, value_score, gross_value_points, "
                                "credited_value_points) from core.fct_outcomes"))

    # Staging keeps the later version, still one row per pull request.
    assert rebuilt.query(f"select label_names from stg_github__pull_requests where node_id = '{node_id}'") == \
        [("security",)]
    assert rebuilt.scalar("select count(*) from stg_github__pull_requests") == \
        small_demo.scalar("select count(*) from stg_github__pull_requests")
    assert outcomes(rebuilt) == outcomes(small_demo)
    changed = rebuilt.query(f"""
        select label_names, value_rule_id, value_score, gross_value_points, credited_value_points from core.fct_outcomes
        where outcome_id = 'github:pull_request:{node_id}'
    """)
    assert changed == [("security", "gh_security", 7, 7, 7)]
    assert rebuilt.query("select count(*) from core.fct_outcomes") == small_demo.query(
        "select count(*) from core.fct_outcomes")
    value_sql = f"""
        select value_points from people_ops.fct_person_period_scores
        where employee_id = '{employee_id}' and period_start = date '{period}'
    """
    assert rebuilt.scalar(value_sql) - small_demo.scalar(value_sql) == 7 - old_value
    assert content_digests(rebuilt.database, ["core.fct_token_usage"]) == \
        content_digests(small_demo.database, ["core.fct_token_usage"])
    others = f"""
        select employee_id, period_start, value_points from people_ops.fct_person_period_scores
        where not (employee_id = '{employee_id}' and period_start = date '{period}') order by 1, 2
    """
    assert rebuilt.query(others) == small_demo.query(others)
