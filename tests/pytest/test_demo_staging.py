"""The demo build against what the generator planted: counts, keys and values per staging model."""

from __future__ import annotations

import pytest
from conftest import Build

from token_outcomes import demo

ENTITIES = [
    "anthropic.claude_code_usage", "anthropic.messages_usage", "openai.completions_usage", "gateway.usage_events",
    "github.pull_requests", "linear.issues", "jira.issues", "pagerduty.incidents", "hris.people", "hris.identities",
    "anthropic.cost_report", "openai.costs", "cursor.usage_events", "aws.bedrock_invocations",
    "github.copilot_ai_credit_usage", "gateway.litellm_spend_logs", "github.copilot_user_metrics",
    "gateway.otlp_traces", "anthropic.analytics_cost", "anthropic.analytics_usage", "pagerduty.change_events",
    "pagerduty.related_change_events", "cursor.ai_code_commits",
]
STAGING = {
    "anthropic.claude_code_usage": "stg_anthropic__claude_code_usage",
    "anthropic.messages_usage": "stg_anthropic__messages_usage",
    "openai.completions_usage": "stg_openai__completions_usage",
    "gateway.usage_events": "stg_gateway__usage_events",
    "github.pull_requests": "stg_github__pull_requests",
    "linear.issues": "stg_linear__issues",
    "jira.issues": "stg_jira__issues",
    "pagerduty.incidents": "stg_pagerduty__incidents",
    "hris.people": "stg_hris__people",
    "hris.identities": "stg_hris__identities",
    "anthropic.cost_report": "stg_anthropic__cost_report",
    "openai.costs": "stg_openai__costs",
    "cursor.usage_events": "stg_cursor__usage_events",
    "aws.bedrock_invocations": "stg_aws__bedrock_invocations",
    "github.copilot_ai_credit_usage": "stg_github__copilot_ai_credit_usage",
    "gateway.litellm_spend_logs": "stg_gateway__litellm_spend_logs",
    "github.copilot_user_metrics": "stg_github__copilot_user_metrics",
    "gateway.otlp_traces": "stg_gateway__otlp_traces",
    "anthropic.analytics_cost": "stg_anthropic__analytics_cost",
    "anthropic.analytics_usage": "stg_anthropic__analytics_usage",
    "pagerduty.change_events": "stg_pagerduty__change_events",
    "pagerduty.related_change_events": "stg_pagerduty__related_change_events",
    "cursor.ai_code_commits": "stg_cursor__ai_code_commits",
}


def test_dbt_build_passes_every_data_test(demo_build: Build) -> None:
    assert "ERROR=0" in demo_build.output and "FAIL" not in demo_build.output.split("Done.")[-1]
    passed = int(demo_build.output.split("PASS=")[-1].split()[0])
    assert passed > 150


@pytest.mark.parametrize("entity", ENTITIES)
def test_reconciliation_matches_what_was_landed(demo_build: Build, entity: str) -> None:
    expected = demo_build.truth["sources"][entity]
    raw, kept, duplicates, quarantined = demo_build.query(f"""
        select raw_records, kept_records, duplicate_records, quarantined_records
        from audit.audit_source_reconciliation where source_entity = '{entity}'
    """)[0]
    assert (raw, kept, duplicates, quarantined) == (
        expected["raw"], expected["kept"], expected["duplicates"], expected["quarantined"])
    assert raw == kept + duplicates + quarantined
    assert demo_build.scalar(f"select count(*) from {STAGING[entity]}") == expected["kept"]


@pytest.mark.parametrize("entity", ENTITIES)
def test_quarantine_names_reason_file_and_line(demo_build: Build, entity: str) -> None:
    source, name = entity.split(".")
    rows = demo_build.query(f"""
        select quarantine_reason, count(*) from audit.audit_quarantined_records
        where source_name = '{source}' and entity_name = '{name}' group by 1
    """)
    assert dict(rows) == demo_build.truth["sources"][entity]["quarantined_by_reason"]
    unnamed = demo_build.scalar(f"""
        select count(*) from audit.audit_quarantined_records
        where source_name = '{source}' and entity_name = '{name}'
          and (source_file not like '%/{source}/{name}/%' or line_number < 1)
    """)
    assert unnamed == 0


def test_claude_code_tokens_and_cost_match_the_generator(demo_build: Build) -> None:
    totals = demo_build.truth["usage_totals_by_channel"]["claude_code"]
    row = demo_build.query("""
        select sum(uncached_input_tokens), sum(cache_read_tokens), sum(cache_creation_tokens), sum(output_tokens),
               sum(vendor_cost_usd)
        from stg_anthropic__claude_code_usage
        where actor_email not like 'negative.tokens@%'
    """)[0]
    assert row[:4] == (totals["input_tokens"], totals["cache_read_tokens"], totals["cache_write_tokens"],
                       totals["output_tokens"])
    # Vendor cost comes in whole cents per usage line: within half a cent per line.
    lines = demo_build.scalar("select count(*) from stg_anthropic__claude_code_usage")
    assert abs(float(row[4]) - totals["cost_usd"]) <= 0.005 * lines


def test_anthropic_messages_cache_writes_split_but_complete(demo_build: Build) -> None:
    totals = demo_build.truth["usage_totals_by_channel"]["anthropic_api"]
    row = demo_build.query(f"""
        select sum(uncached_input_tokens), sum(cache_read_tokens),
               sum(cache_creation_5m_tokens + cache_creation_1h_tokens), sum(output_tokens)
        from stg_anthropic__messages_usage
        -- The data scientists' own keys; Claude Code's and the gateway's usage is in the report too.
        where workspace_id = '{demo.DATA_SCIENCE_WORKSPACE}'
    """)[0]
    assert row == (totals["input_tokens"], totals["cache_read_tokens"], totals["cache_write_tokens"],
                   totals["output_tokens"])


def test_openai_cached_tokens_are_not_counted_twice(demo_build: Build) -> None:
    totals = demo_build.truth["usage_totals_by_channel"]["openai"]
    uncached, cached, output = demo_build.query(f"""
        select sum(uncached_input_tokens), sum(cache_read_tokens), sum(output_tokens) from stg_openai__completions_usage
        where project_id = '{demo.RESEARCH_PROJECT}'
    """)[0]
    # The generator bills OpenAI cache writes as plain input (OpenAI has no cache-write price).
    assert uncached == totals["input_tokens"] + totals["cache_write_tokens"]
    assert cached == totals["cache_read_tokens"]
    assert output == totals["output_tokens"]


def test_usage_after_the_partial_first_extract_is_final(demo_build: Build) -> None:
    """Each extract saw its last day only partly; the later extract's full day must win."""
    stale = demo_build.scalar("""
        select count(*) from stg_anthropic__claude_code_usage
        where _extracted_at < (select max(_extracted_at) from stg_anthropic__claude_code_usage)
          and usage_date = cast(_extracted_at as date) - 1
    """)
    assert stale == 0


def test_both_claude_code_date_forms_parse(demo_build: Build) -> None:
    bare_dates = demo_build.scalar(f"""
        select count(*) from read_text('{demo_build.landing}/anthropic/claude_code_usage/*.jsonl'),
            unnest(string_split(content, chr(10))) as lines(line)
        where line like '%"date":"____-__-__"%'
    """)
    assert bare_dates > 0
    assert demo_build.scalar("select count(*) from stg_anthropic__claude_code_usage where usage_date is null") == 0


def test_emails_are_lowercased_for_case_insensitive_matching(demo_build: Build) -> None:
    assert demo_build.scalar("""
        select count(*) from stg_anthropic__claude_code_usage where actor_email <> lower(actor_email)
    """) == 0
    mixed_case_in_landing = demo_build.scalar(f"""
        select count(*) from read_text('{demo_build.landing}/anthropic/claude_code_usage/*.jsonl')
        where regexp_matches(content, '"email_address":"[A-Z]')
    """)
    assert mixed_case_in_landing > 0


def test_person_missing_from_hris_keeps_their_usage(demo_build: Build) -> None:
    email = demo_build.truth["missing_from_hris"]["email"]
    assert demo_build.scalar(f"select count(*) from stg_hris__people where work_email = '{email}'") == 0
    assert demo_build.scalar(f"select count(*) from stg_anthropic__claude_code_usage where actor_email = '{email}'") > 0
    assert demo_build.scalar(f"select count(*) from stg_gateway__usage_events where user_email = '{email}'") > 0


def test_promotion_is_two_effective_dated_rows(demo_build: Build) -> None:
    promotion = demo_build.truth["promotion"]
    rows = demo_build.query(f"""
        select level, cast(effective_date as varchar) from stg_hris__people
        where employee_id = '{promotion['employee_id']}' order by effective_date
    """)
    assert len(rows) == 2
    assert rows[0][0] == promotion["from_level"]
    assert rows[1] == (promotion["to_level"], promotion["effective_date"])


def test_reverted_pull_request_lands_with_its_revert(demo_build: Build) -> None:
    planted = demo_build.truth["reverted_pull_request"]
    original = demo_build.query(f"""
        select is_merged, repository_full_name, pull_request_number from stg_github__pull_requests
        where node_id = '{planted['reverted_node_id']}'
    """)
    assert original == [(True, planted["repository"], planted["number"])]
    title, body, head_ref = demo_build.query(f"""
        select title, body, head_ref from stg_github__pull_requests where node_id = '{planted['revert_node_id']}'
    """)[0]
    assert title.startswith('Revert "')
    assert body == f"Reverts {planted['repository']}#{planted['number']}"
    assert head_ref.startswith(f"revert-{planted['number']}-")


def test_github_ids_are_64_bit_and_merge_comes_from_merged_at(demo_build: Build) -> None:
    assert demo_build.scalar("select min(pull_request_id) from stg_github__pull_requests") > 2**31
    assert demo_build.scalar("""
        select count(*) from stg_github__pull_requests where is_merged <> (merged_at is not null)
    """) == 0
    # Open versions from earlier extracts were superseded by their merged version.
    assert demo_build.scalar("select count(*) from stg_github__pull_requests where is_merged") > 0.9 * \
        demo_build.scalar("select count(*) from stg_github__pull_requests")


def test_jira_offset_without_colon_is_parsed_to_utc(demo_build: Build) -> None:
    landed, parsed = demo_build.query(f"""
        with landed as (
            select line::json ->> '$.id' as issue_id, line::json ->> '$.fields.resolutiondate' as resolution_text
            from read_text('{demo_build.landing}/jira/issues/*.jsonl'),
                unnest(string_split(content, chr(10))) as lines(line)
            where json_valid(line) and line like '%"resolutiondate":"2%'
        )
        select any_value(resolution_text), any_value(cast(stg.resolved_at as varchar))
        from landed inner join stg_jira__issues as stg using (issue_id)
        where landed.resolution_text like '%+0000'
        group by issue_id limit 1
    """)[0]
    # '2026-06-03T14:05:06.000+0000' -> 2026-06-03 14:05:06
    assert landed[:10] + " " + landed[11:19] == parsed[:19]


def test_pagerduty_resolver_survives_emptied_assignments(demo_build: Build) -> None:
    total, with_resolver = demo_build.query("""
        select count(*), count(resolved_by_user_id) from stg_pagerduty__incidents where is_resolved
    """)[0]
    assert total > 0 and with_resolver == total
    assert demo_build.scalar("""
        select count(*) from stg_pagerduty__incidents where is_resolved and first_assignee_user_id is not null
    """) == 0


def test_unknown_model_is_kept_not_quarantined(demo_build: Build) -> None:
    model = demo_build.truth["unknown_model"]
    assert demo_build.scalar(f"select count(*) from stg_gateway__usage_events where model_id = '{model}'") == 1


def test_every_planted_archetype_has_people(demo_build: Build) -> None:
    archetypes = demo_build.truth["archetypes"]
    for name in ["power_user", "tokenmaxxer", "efficient", "light", "no_ai", "typical"]:
        assert len(archetypes[name]) >= 2, name
    gamers = len(demo_build.truth["gamers"])
    assert gamers == 16
    assert sum(len(members) for members in archetypes.values()) == demo_build.truth["generator"]["people"] + gamers
    no_ai_emails = demo_build.query(f"""
        select work_email from stg_hris__people where employee_id in ({", ".join(f"'{e}'" for e in archetypes['no_ai'])})
    """)
    for (email,) in no_ai_emails:
        assert demo_build.scalar(f"select count(*) from stg_anthropic__claude_code_usage where actor_email = '{email}'") == 0


def test_tokenmaxxers_use_ai_around_the_clock(demo_build: Build) -> None:
    ids = ", ".join(f"'{e}'" for e in demo_build.truth["archetypes"]["tokenmaxxer"])
    night_share = demo_build.scalar(f"""
        select avg(case when hour(event_at) < 6 or hour(event_at) >= 22 then 1.0 else 0.0 end)
        from stg_gateway__usage_events
        where user_email in (select work_email from stg_hris__people where employee_id in ({ids}))
    """)
    others = demo_build.scalar(f"""
        select avg(case when hour(event_at) < 6 or hour(event_at) >= 22 then 1.0 else 0.0 end)
        from stg_gateway__usage_events
        where user_email in (select work_email from stg_hris__people where employee_id not in ({ids}))
    """)
    assert night_share > 0.25 and others < 0.01
