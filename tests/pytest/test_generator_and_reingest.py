"""The generator is deterministic, and landing the same extracts again changes nothing staged."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

import generate_demo_data
from conftest import Build, build

SMALL = ["--people", "40", "--days", "42", "--events-per-person-day", "3"]
MARTS = [
    "core.dim_people", "core.dim_models", "core.fct_token_usage", "core.fct_outcomes",
    "people_ops.fct_person_period_scores", "people_ops.rpt_flag_board", "engineers.rpt_peer_percentiles",
    "finance.rpt_cost_per_outcome", "finance.rpt_spend_by_model", "analytics.rpt_returns_curve",
]
STAGING_MODELS = [
    "stg_anthropic__claude_code_usage", "stg_anthropic__messages_usage", "stg_openai__completions_usage",
    "stg_gateway__usage_events", "stg_github__pull_requests", "stg_linear__issues", "stg_jira__issues",
    "stg_pagerduty__incidents", "stg_hris__people", "stg_hris__identities",
]


def tree_digest(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def content_digests(database: Path, relations: list[str]) -> dict[str, tuple[int, str]]:
    """Row count and an order-free digest of each relation's columns, lineage (`_` columns) excluded."""
    out = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for relation in relations:
            columns = [row[0] for row in con.execute(f"describe {relation}").fetchall() if not row[0].startswith("_")]
            row_text = " || '|' || ".join(f"coalesce(cast({column} as varchar), '<null>')" for column in columns)
            out[relation] = con.execute(
                f"select count(*), md5(coalesce(string_agg({row_text}, chr(10) order by {row_text}), '')) "
                f"from {relation}"
            ).fetchall()[0]
    return out


def test_same_seed_same_files(tmp_path: Path) -> None:
    generate_demo_data.main(["--out", str(tmp_path / "a"), *SMALL])
    generate_demo_data.main(["--out", str(tmp_path / "b"), *SMALL])
    first, second = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert first == second
    assert any(name.endswith(".parquet") for name in first)


def test_scale_flags_drive_the_event_volume(tmp_path: Path) -> None:
    small = generate_demo_data.main(["--out", str(tmp_path / "small"), *SMALL])
    large = generate_demo_data.main(["--out", str(tmp_path / "large"), "--people", "40", "--days", "42",
                                     "--events-per-person-day", "30"])
    ratio = large["sources"]["gateway.usage_events"]["kept"] / small["sources"]["gateway.usage_events"]["kept"]
    assert 7 < ratio < 11
    # Only the event count grows: the usage the events add up to is the same.
    assert large["usage_totals_by_channel"] == small["usage_totals_by_channel"]


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("small_demo")
    truth = generate_demo_data.main(["--out", str(work / "landing"), *SMALL])
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
        where o.is_credited and o.value_score < 7 and o.merge_burst_size = 1
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
        return set(build_.query("select * exclude (label_names, value_rule_id, value_score, credited_value_points) "
                                "from core.fct_outcomes"))

    # Staging keeps the later version, still one row per pull request.
    assert rebuilt.query(f"select label_names from stg_github__pull_requests where node_id = '{node_id}'") == \
        [("security",)]
    assert rebuilt.scalar("select count(*) from stg_github__pull_requests") == \
        small_demo.scalar("select count(*) from stg_github__pull_requests")
    assert outcomes(rebuilt) == outcomes(small_demo)
    changed = rebuilt.query(f"""
        select label_names, value_rule_id, value_score, credited_value_points from core.fct_outcomes
        where outcome_id = 'github:pull_request:{node_id}'
    """)
    assert changed == [("security", "gh_security", 7, 7)]
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
