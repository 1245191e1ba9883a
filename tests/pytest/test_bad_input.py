"""The bad-input corpus: one landed fixture per case. Each case is either quarantined with a named
reason while nothing else changes, or stops the build with a message naming the file or folder.
Never a silent drop, never a wrong number. The README's table lists the same cases."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from bad_input import quarantined
from conftest import REPO_ROOT, land_vendor_examples, run_dbt

# The cases of bad_input_original. Other families land records of their own in the same build: the
# checks below read the vendor examples and these cases only.
ORIGINAL_CASES = {"malformed_json", "truncated_file", "empty_file", "missing_key", "duplicate_conflicting",
                  "negative_tokens", "absurd_tokens", "price_missing_for_date", "unknown_model", "timestamps",
                  "hris_overlap"}


def not_from_other_families(files: dict[str, Path]) -> str:
    """A condition on `_source_file`: the row was not landed by another family of cases."""
    others = [f"'{path}'" for case, path in files.items() if case not in ORIGINAL_CASES]
    return f"_source_file not in ({', '.join(others)})" if others else "true"


def test_malformed_line_is_quarantined(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["malformed_json"]) == [(1, "malformed_json")]


def test_truncated_file_keeps_its_whole_lines(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["truncated_file"]) == [(2, "malformed_json")]
    assert result.scalar("select count(*) from stg_linear__issues where issue_id = 'lin-second'") == 1


def test_empty_file_changes_nothing(corpus) -> None:
    clean, result, files = corpus
    # Lineage and load time differ.
    query = "select * exclude (_source_file, _loaded_at) from stg_jira__issues where {} order by 1"
    assert result.query(query.format(not_from_other_families(files))) == clean.query(query.format("true"))


def test_missing_external_key_is_quarantined(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["missing_key"]) == [(1, "missing_external_key")]


def test_conflicting_duplicates_resolve_to_the_latest(corpus) -> None:
    _, result, files = corpus
    scope = not_from_other_families(files)
    assert result.query(f"select title, _line_number from stg_github__pull_requests where {scope}") == \
        [("Second rename", 2)]
    raw, kept, duplicates, bad = result.query("""
        select raw_records, kept_records, duplicate_records, quarantined_records
        from audit.audit_source_reconciliation where source_entity = 'github.pull_requests'
    """)[0]
    assert raw == kept + duplicates + bad
    # This family's share of it, from the records themselves.
    assert result.query(f"""
        select
            count(*),
            count(case when _quarantine_reason is null and _version_rank = 1 then 1 end),
            count(case when _quarantine_reason is null and _version_rank > 1 then 1 end),
            count(_quarantine_reason)
        from base_github__pull_requests where {scope}
    """) == [(4, 1, 2, 1)]


def test_negative_and_absurd_tokens_are_quarantined(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["negative_tokens"]) == [(1, "negative_tokens")]
    assert quarantined(result, files["absurd_tokens"]) == [(1, "implausible_token_count")]


def test_unknown_model_and_missing_price_stay_unpriced(corpus) -> None:
    _, result, _ = corpus
    rows = result.query("""
        select model_id, usage_date, pricing_status, spend_usd from core.fct_token_usage
        where model_id in ('gpt-imaginary', 'claude-opus-4-5-20251101') order by model_id
    """)
    assert [(model, status, spend) for model, _, status, spend in rows] == [
        ("claude-opus-4-5-20251101", "unpriced_model", None), ("gpt-imaginary", "unpriced_model", None)]
    # Unpriced usage is visible to finance as tokens without a price, not as free spend.
    assert result.scalar("select sum(unpriced_tokens) from finance.rpt_cost_per_outcome") >= 2000


def test_timestamps_with_and_without_offsets(corpus) -> None:
    _, result, _ = corpus
    assert result.scalar("select completed_at from stg_linear__issues where issue_id = 'lin-no-offset'") == \
        datetime(2026, 1, 6, 9, 0)
    assert result.scalar("select event_at from stg_gateway__usage_events where event_id = 'evt-2'") == \
        datetime(2025, 8, 1, 10, 30)


def test_person_missing_from_hris_is_spend_without_a_person(corpus) -> None:
    _, result, _ = corpus
    assert result.query("""
        select attribution_status, employee_id from core.fct_token_usage where identity_key = 'user-nobody'
    """) == [("unmapped_person", None)]
    assert result.scalar("select count(*) from finance.rpt_cost_per_outcome where reporting_team = 'unattributed'") >= 1


def test_overlapping_hris_rows_keep_one_version(corpus) -> None:
    _, result, _ = corpus
    assert result.query("""
        select level from stg_hris__people where employee_id = 'E1' and effective_date = date '2025-07-01'
    """) == [("L5",)]


def test_outcome_without_assignee_earns_no_one_credit(corpus) -> None:
    _, result, _ = corpus
    assert result.query("""
        select is_credited, no_credit_reason, employee_id from core.fct_outcomes
        where outcome_id = 'linear:issue:lin-no-offset'
    """) == [(False, "unmapped_person", None)]


def test_nothing_else_changed(corpus) -> None:
    clean, result, files = corpus
    for model in ["stg_pagerduty__incidents", "stg_anthropic__claude_code_usage", "stg_hris__identities"]:
        # Lineage and load time differ.
        query = "select * exclude (_source_file, _loaded_at) from {} where {} order by 1"
        assert result.query(query.format(model, not_from_other_families(files))) == \
            clean.query(query.format(model, "true")), model


def test_missing_landing_folder_stops_with_its_name(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    land_vendor_examples(landing)
    shutil.rmtree(landing / "pagerduty")
    result = run_dbt(["build"], landing, tmp_path / "db.duckdb", tmp_path, check=False)
    assert result.returncode != 0
    assert f"No extract has landed in: {landing}/pagerduty/incidents/*.jsonl" in result.stdout
    assert "enable_" in result.stdout
    # Switched off, the same landing builds; so does it with Cursor and Bedrock off (their folders are then not read),
    # which runs the gateway's own unit test.
    switched_off = run_dbt(["build"], landing, tmp_path / "db2.duckdb", tmp_path,
                           extra_vars={"enable_pagerduty": False, "enable_cursor": False, "enable_bedrock": False,
                                       "enable_copilot": False, "enable_litellm": False,
                                       "enable_otlp": False, "enable_anthropic_analytics": False})
    assert "ERROR=0" in switched_off.stdout
    assert "gateway_requests_sum_to_one_line_per_person_day_tool_model" in switched_off.stdout
    assert "stg_cursor__usage_events" not in switched_off.stdout


def test_value_override_outside_1_to_10_stops_the_build(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO_ROOT, project, ignore=shutil.ignore_patterns(".venv", "target", "logs", "data", ".git", "site",
                                                                     "exports", "__pycache__"))
    (project / "seeds" / "outcome_value_overrides.csv").write_text(
        "external_ref,value_score,decided_by,reason\ngithub:pull_request:MDExOlB1bGxSZXF1ZXN0MQ==,11,someone,typo\n")
    landing = tmp_path / "landing"
    land_vendor_examples(landing)
    import os
    import subprocess
    import sys

    env = dict(os.environ, DBT_PROFILES_DIR=str(project), TOKEN_OUTCOMES_DUCKDB_PATH=str(tmp_path / "db.duckdb"))
    result = subprocess.run([str(Path(sys.executable).parent / "dbt"), "build", "--project-dir", str(project),
                             "--vars", json.dumps({"landing_path": str(landing)})],
                            cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode != 0
    assert "accepted_range_outcome_value_overrides_value_score" in result.stdout
    assert "seeds/_seeds.yml" in result.stdout
    # The bad override never reached a mart: everything downstream of the seed was skipped.
    assert not any("OK created" in line and "core.fct_outcomes" in line for line in result.stdout.splitlines())
    assert any("SKIP relation core.fct_outcomes" in line for line in result.stdout.splitlines())
