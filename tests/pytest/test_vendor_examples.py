"""Each staging model on the vendor's own documented example response, landed as-is.

Expected values are read off the vendors' API references (see
vendor_examples/README.md), not off the models.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import Build, build, content_digests, land_vendor_examples
from pytest_httpserver import HTTPServer
from vendor_api import SECRETS, environment, run_extract, serve_vendor_examples


@pytest.fixture(scope="module")
def examples_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("vendor_examples")
    land_vendor_examples(work / "landing")
    return build(work / "landing", work)


def test_build_is_green_on_vendor_examples(examples_build: Build) -> None:
    assert "ERROR=0" in examples_build.output
    # The records quarantined are the vendors' own examples of totals: GitHub's Copilot AI-credit report of a
    # whole year, and the Anthropic analytics guide's usage row asked per model only.
    assert examples_build.query("""
        select source_name, entity_name, quarantine_reason, line_number from audit.audit_quarantined_records
        order by source_name
    """) == [("anthropic", "analytics_usage", "organization_total", 3),
               ("github", "copilot_ai_credit_usage", "partial_bucket", 1)]


def test_claude_code_example(examples_build: Build) -> None:
    rows = examples_build.query("""
        select model_id, usage_date, actor_type, actor_email, subscription_type, terminal_type,
               uncached_input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, vendor_cost_usd,
               session_count, lines_added, commit_count
        from stg_anthropic__claude_code_usage order by model_id desc
    """)
    assert rows == [
        ("claude-sonnet-4-20250514", date(2025, 8, 8), "user_actor", "user@emaildomain.com", "enterprise", "iTerm.app",
         45230, 12450, 8790, 2340, Decimal("1.86"), 15, 342, 8),
        ("claude-3-5-haiku-20241022", date(2025, 8, 8), "user_actor", "user@emaildomain.com", "enterprise", "iTerm.app",
         23100, 5680, 3420, 890, Decimal("0.42"), None, None, None),
    ]


def test_anthropic_messages_example(examples_build: Build) -> None:
    assert examples_build.query("""
        select bucket_start_at, bucket_end_at, model_id, api_key_id, workspace_id, account_id, service_tier,
               context_window, uncached_input_tokens, cache_read_tokens, cache_creation_5m_tokens,
               cache_creation_1h_tokens, output_tokens, web_search_requests
        from stg_anthropic__messages_usage
    """) == [(
        datetime(2025, 8, 1), datetime(2025, 8, 2), "claude-opus-4-6", "apikey_01Rj2N8SVvo6BePZj99NhmiT",
        "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", "user_01WCz1FkmYMm4gnmykNKUu3Q", "standard", "0-200k",
        1500, 200, 500, 1000, 500, 10,
    )]


def test_openai_completions_example(examples_build: Build) -> None:
    # 1730419200 is 2024-11-01T00:00:00Z; input_tokens 1000 include the 800 cached.
    assert examples_build.query("""
        select bucket_start_at, bucket_end_at, model_id, user_id, uncached_input_tokens, cache_read_tokens,
               output_tokens, model_request_count
        from stg_openai__completions_usage
    """) == [(datetime(2024, 11, 1), datetime(2024, 11, 2), None, None, 200, 800, 500, 5)]


def test_anthropic_cost_report_example(examples_build: Build) -> None:
    # "123.78912" is cents of USD (the reference: "123.45" in "USD" represents $1.23): $1.2378912,
    # to the micro-dollar. The example has no `speed` (beta header only): null.
    assert examples_build.query("""
        select external_ref, bucket_start_at, bucket_end_at, cost_date, workspace_id, description, cost_type,
               model_id, token_type, context_window, service_tier, inference_geo, speed, currency, amount_usd
        from stg_anthropic__cost_report
    """) == [(
        ("anthropic:cost:2025-08-01 00:00:00:wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ:Claude Opus 5 Usage - Input Tokens:tokens"
         ":0-200k:claude-opus-5:standard:uncached_input_tokens:global:"),
        datetime(2025, 8, 1), datetime(2025, 8, 2), date(2025, 8, 1), "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ",
        "Claude Opus 5 Usage - Input Tokens", "tokens", "claude-opus-5", "uncached_input_tokens", "0-200k", "standard",
        "global", None, "USD", Decimal("1.237891"),
    )]


def test_openai_costs_example(examples_build: Build) -> None:
    # 1730419200 is 2024-11-01T00:00:00Z; the amount is in dollars ({"value": 0.06, "currency": "usd"}), and
    # the example is grouped by nothing: project and line item are null.
    assert examples_build.query("""
        select external_ref, bucket_start_at, bucket_end_at, cost_date, project_id, line_item, api_key_id, quantity,
               quantity_unit, currency, amount_usd
        from stg_openai__costs
    """) == [(
        "openai:cost:1730419200:::", datetime(2024, 11, 1), datetime(2024, 11, 2), date(2024, 11, 1), None, None,
        None, None, None, "USD", Decimal("0.06"),
    )]


def test_github_pull_request_example(examples_build: Build) -> None:
    # The documented example says state "open" while merged_at is set: merged wins. It is a listed pull
    # request (pull-request-simple): no additions, deletions, changed_files or commits, so no size.
    assert examples_build.query("""
        select external_ref, pull_request_id, pull_request_number, repository_full_name, author_login, state,
               is_merged, merged_at, label_names, head_ref, head_sha, base_ref, additions, deletions,
               changed_files, commit_count
        from stg_github__pull_requests
    """) == [(
        "github:pull_request:MDExOlB1bGxSZXF1ZXN0MQ==", 1, 1347, "octocat/Hello-World", "octocat", "open",
        True, datetime(2011, 1, 26, 19, 1, 12), "bug", "new-topic", "6dcb09b5b57875f334f61aebed695e2e4193db5e",
        "master", None, None, None, None,
    )]


def test_github_pull_request_review_example(examples_build: Build) -> None:
    # The review names its pull request only by pull_request_url:
    # https://api.github.com/repos/octocat/Hello-World/pulls/12.
    assert examples_build.query("""
        select external_ref, review_id, node_id, repository_full_name, pull_request_number, reviewer_login,
               reviewer_user_id, reviewer_type, is_bot_reviewer, state, submitted_at, commit_id, author_association
        from stg_github__pull_request_reviews
    """) == [(
        "github:pull_request_review:MDE3OlB1bGxSZXF1ZXN0UmV2aWV3ODA=", 80, "MDE3OlB1bGxSZXF1ZXN0UmV2aWV3ODA=",
        "octocat/Hello-World", 12, "octocat", 1, "User", False, "APPROVED", datetime(2019, 11, 17, 17, 43, 43),
        "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091", "COLLABORATOR",
    )]


def test_linear_issue_nodes(examples_build: Build) -> None:
    # The nodes select no `creator`: no creator id.
    assert examples_build.query("""
        select issue_identifier, is_completed, is_canceled, estimate, priority, assignee_email, label_names,
               team_key, completed_at, canceled_at, creator_user_id
        from stg_linear__issues order by issue_identifier
    """) == [
        ("ENG-123", True, False, Decimal(3), 2, "ada@example.com", "backend,bug", "ENG",
         datetime(2026, 1, 5, 17, 42, 10, 512000), None, None),
        ("ENG-124", False, True, None, 0, None, "", "ENG", None, datetime(2026, 1, 4, 8, 30, 45, 250000), None),
    ]


def test_jira_search_example(examples_build: Build) -> None:
    # Atlassian's example carries no status, resolution, assignee, creator or reporter: it is an unresolved
    # issue with no one named.
    assert examples_build.query("""
        select external_ref, issue_key, is_resolved, resolved_at, assignee_account_id, story_points,
               creator_account_id, reporter_account_id
        from stg_jira__issues
    """) == [("jira:issue:10002", "ED-1", False, None, None, None, None, None)]


def test_pagerduty_incident_example(examples_build: Build) -> None:
    # Its first_trigger_log_entry is a trigger_log_entry_reference (listed without
    # include[]=first_trigger_log_entries): a summary, no agent.
    assert examples_build.query("""
        select incident_id, incident_number, status, is_resolved, urgency, priority_name, service_name,
               resolved_by_user_id, first_assignee_user_id, created_at, resolved_at, trigger_summary,
               trigger_agent_id, trigger_agent_type
        from stg_pagerduty__incidents
    """) == [(
        "PT4KHLK", 1234, "resolved", True, "high", "P2", "My Mail Service", "PXPGF42", None,
        datetime(2015, 10, 6, 21, 30, 42), datetime(2015, 10, 6, 21, 38, 23), "Triggered through the API",
        None, None,
    )]


def test_pagerduty_change_event_examples(examples_build: Build) -> None:
    # PagerDuty's documented change event is a build (its link a build page, no pull request); the related
    # change event, as the endpoint returns it with the incident the extractor adds, links a pull request.
    assert examples_build.query("""
        select change_event_id, changed_at, service_id, change_source, pull_request_repository, pull_request_number
        from stg_pagerduty__change_events
    """) == [("01BBYA6PEVW6A852BUO6QYUE7O", datetime(2020, 7, 17, 8, 42, 58), "PEYSGRV",
              "acme-build-pipeline-tool-default-i-9999", None, None)]
    assert examples_build.query("""
        select incident_id, change_event_id, correlation_reason, pull_request_repository, pull_request_number
        from stg_pagerduty__related_change_events
    """) == [("PT4KHLK", "01BBYA6PEVW6A852BUO6QYUE7O", "related_service", "acme/snapshots", 2)]


def test_cursor_ai_code_commit_examples(examples_build: Build) -> None:
    # The documented fields; repository, branch and time may be null (Cursor could not tell).
    assert examples_build.query("""
        select commit_hash, user_email, repository_name, branch_name, ai_lines_added, non_ai_lines_added, committed_at
        from stg_cursor__ai_code_commits order by commit_hash
    """) == [
        ("0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6", "other.developer@company.com", None, None, 0, 8, None),
        ("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "developer@company.com", "company/repo",
         "feature/retry-webhooks", 100, 20, datetime(2026, 1, 2, 15, 4, 5)),
    ]


def test_gateway_events_follow_the_conventions(examples_build: Build) -> None:
    assert examples_build.query("""
        select event_id, event_at, user_email, provider_name, model_id, uncached_input_tokens, cache_read_tokens,
               cache_creation_tokens, output_tokens, vendor_cost_usd
        from stg_gateway__usage_events order by event_id
    """) == [
        ("evt-1", datetime(2025, 8, 1, 10), "user@emaildomain.com", "anthropic", "claude-sonnet-4-20250514",
         300, 600, 100, 50, Decimal("0.0123")),
        # +02:00 converted to UTC; no response model, so the requested one.
        ("evt-2", datetime(2025, 8, 1, 10, 30), "user@emaildomain.com", "openai", "gpt-5", 100, 200, 0, 20, None),
    ]


def test_cursor_usage_events_example(examples_build: Build) -> None:
    # Cursor's documented example: `timestamp` 1750979225854 ms is 2025-06-26T23:07:05.854Z; money in cents.
    assert examples_build.query("""
        select event_at, user_email, model_id, event_kind, is_max_mode, is_token_based_call, is_chargeable,
               request_units, uncached_input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,
               charged_usd, list_usd, token_fee_usd, discount_percent_off
        from stg_cursor__usage_events order by event_at desc
    """) == [
        (datetime(2025, 6, 26, 23, 7, 5, 854000), "developer@company.com", "claude-4.5-sonnet", "Usage-based", True,
         True, True, Decimal(5), 126, 450, 6112, 11964, Decimal("0.2136232"), Decimal("0.2018232"),
         Decimal("0.0118"), None),
        (datetime(2025, 6, 26, 23, 6, 13, 824000), "developer@company.com", "claude-4.5-sonnet", "Usage-based", True,
         True, True, Decimal(10), 5805, 311, 11964, 0, Decimal("0.3733"), Decimal("0.40167"), Decimal("0.0118"),
         Decimal(10)),
        # Included in the plan and not token-based: no tokenUsage, still charged 8 cents.
        (datetime(2025, 6, 26, 22, 52, 19, 901000), "admin@company.com", "claude-4-sonnet-thinking",
         "Included in Business", True, False, False, Decimal("1.4"), 0, 0, 0, 0, Decimal("0.08"), None, None, None),
    ]
    # In the ledger: one line per person, day and model, at what Cursor billed (not the list value).
    assert examples_build.query("""
        select identity_key, model_id, tool_name, provider, request_count, uncached_input_tokens, output_tokens,
               cache_write_5m_tokens, cache_read_tokens, spend_usd, pricing_status
        from core.fct_token_usage where usage_source = 'cursor' order by identity_key
    """) == [
        ("admin@company.com", "claude-4-sonnet-thinking", "cursor", "cursor", 1, 0, 0, 0, 0, Decimal("0.080000"),
         "vendor_reported"),
        ("developer@company.com", "claude-4.5-sonnet", "cursor", "cursor", 2, 5931, 761, 18076, 11964,
         Decimal("0.586923"), "vendor_reported"),
    ]


def test_bedrock_invocation_example(examples_build: Build) -> None:
    # A real invocation log record (vendor_examples/README.md): an IAM user, Amazon's own model (not in the price
    # book: kept, unpriced), cache counts present and zero.
    assert examples_build.query("""
        select request_id, invoked_at, account_id, region, api_operation, bedrock_model_id, model_id, identity_system,
               identity_key, uncached_input_tokens, cache_read_tokens, cache_write_tokens, output_tokens
        from stg_aws__bedrock_invocations
    """) == [("ff4b6c63-5561-4431-93b8-06a817275900", datetime(2025, 3, 11, 0, 38, 2), "XXXXXXXXXXXXX", "us-east-1",
              "ConverseStream", "amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0", "aws_iam", "dheeraj", 4, 0, 0, 38)]
    assert examples_build.query("""
        select tool_name, provider, request_count, pricing_status, spend_usd, attribution_status
        from core.fct_token_usage where usage_source = 'aws_bedrock'
    """) == [("bedrock", "aws", 1, "unpriced_model", None, "unmapped_person")]
    # The record holds its prompt and response, as a careless loader lands them: no model keeps either.
    with duckdb.connect(str(examples_build.database), read_only=True) as con:
        tables = con.execute("""
            select table_schema, table_name from information_schema.tables where table_schema <> 'main'
               or table_name like '%bedrock%'""").fetchall()
        for schema, table in tables:
            text = con.execute(f'select count(*) from "{schema}"."{table}" as t '
                               f"where cast(t as varchar) like '%how are you%' or cast(t as varchar) like '%Hello!%'"
                               ).fetchall()[0][0]
            assert text == 0, f"{schema}.{table}"


def test_copilot_ai_credit_usage_example(examples_build: Build) -> None:
    # GitHub's example item, asked per user and day: 100 credits at 0.01 USD, 1.0 USD gross and net.
    assert examples_build.query("""
        select usage_date, scope_type, scope_name, user_login, product, sku, model_id, unit_type, price_per_unit_usd,
               gross_credits, discount_credits, net_credits, gross_amount_usd, discount_amount_usd, net_amount_usd
        from stg_github__copilot_ai_credit_usage
    """) == [(date(2025, 6, 2), "organization", "GitHub", "monalisa", "Copilot", "Copilot AI Credits", "GPT-5",
              "credits", Decimal("0.01"), Decimal(100), Decimal(0), Decimal(100), Decimal(1), Decimal(0), Decimal(1))]
    assert examples_build.query("""
        select tool_name, provider, identity_system, identity_key, total_tokens, spend_usd, pricing_status
        from core.fct_token_usage where usage_source = 'github_copilot'
    """) == [("copilot", "github", "github", "monalisa", 0, Decimal("1.000000"), "vendor_reported")]


def test_copilot_user_metrics_example(examples_build: Build) -> None:
    # GitHub's documented users-1-day record: enterprise_id "1" read as a number, CLI tokens 3800 in and 5000 out,
    # no ai_credits_used (the field came later).
    assert examples_build.query("""
        select activity_date, enterprise_id, organization_id, github_user_id, user_login, interaction_count,
               code_generation_count, code_acceptance_count, lines_suggested_to_add, lines_added, used_cli, used_chat,
               ai_credits_used, cli_request_count, cli_prompt_tokens, cli_output_tokens
        from stg_github__copilot_user_metrics
    """) == [(date(2025, 10, 1), 1, None, 1, "login1", 0, 1, 1, 10, 8, True, False, None, 2, 3800, 5000)]


def test_litellm_spend_log_example(examples_build: Build) -> None:
    # LiteLLM's documented row: no offset on startTime (UTC), '' for an absent user (the end user is the person),
    # metadata a string holding "{}" (no cache counts), spend 0.000054999999999999995 dollars.
    assert examples_build.query("""
        select request_id, started_at, call_type, identity_system, identity_key, provider_name, model_id,
               is_cache_hit, uncached_input_tokens, cache_read_tokens, cache_creation_tokens, output_tokens, spend_usd
        from stg_gateway__litellm_spend_logs
    """) == [("chatcmpl-3946ddc2-bcfe-43f6-9b8e-2427951de85c", datetime(2024, 8, 1, 14, 27, 12, 563246), "acompletion",
              "litellm_end_user", "ishaan-2", None, "gpt-3.5-turbo", False, 10, 0, 0, 20, Decimal("0.000055"))]
    assert examples_build.query("""
        select tool_name, request_count, spend_usd, pricing_status from core.fct_token_usage
        where usage_source = 'litellm'
    """) == [("litellm", 1, Decimal("0.000055"), "vendor_reported")]


def test_otlp_trace_example(examples_build: Build) -> None:
    # Three export requests: our GenAI line (a chat span with every usage attribute, its HTTP child span, a span of
    # an older library), then the specification's file-exporter example and opentelemetry-proto's trace.json, which
    # hold no GenAI span. Ids lower-cased; input_tokens 100 includes 50 cache reads and 25 cache writes; the older
    # span's prompt_tokens 1200 (a JSON number) and completion_tokens "300" stand in for the current names. The price
    # book names dated model ids: the alias claude-sonnet-4-5, and gpt-4-0613, are unpriced (never free).
    assert examples_build.query("""
        select trace_id, span_id, started_at, service_name, provider_name, model_id, identity_system, identity_key,
               uncached_input_tokens, cache_read_tokens, cache_creation_tokens, output_tokens
        from stg_gateway__otlp_traces order by started_at
    """) == [
        ("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", datetime(2025, 12, 6, 5, 46, 40, 123456),
         "support-assistant", "openai", "gpt-4-0613", "email", "dev.lead@example.com", 25, 50, 25, 180),
        ("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", datetime(2025, 12, 6, 6, 46, 40),
         "support-assistant", "anthropic", "claude-sonnet-4-5", "otel_user", "u-4471", 1200, 0, 0, 300),
    ]
    assert examples_build.query("""
        select raw_records, kept_records, duplicate_records, quarantined_records
        from audit.audit_source_reconciliation where source_entity = 'gateway.otlp_traces'
    """) == [(2, 2, 0, 0)]
    assert examples_build.query("""
        select tool_name, provider, model_id, request_count, pricing_status from core.fct_token_usage
        where usage_source = 'otlp' order by model_id
    """) == [("support-assistant", "anthropic", "claude-sonnet-4-5", 1, "unpriced_model"),
               ("support-assistant", "openai", "gpt-4-0613", 1, "unpriced_model")]


def test_anthropic_analytics_examples(examples_build: Build) -> None:
    # Per day and slice, the usage row's tokens beside the cost row's billed amount (fractional cents: "1234.5678" is
    # $12.345678); the person by e-mail, an API key or a service account through the identity map; the product as
    # the tool. The service account's cost has no usage row: 0 tokens, its cost kept.
    assert examples_build.query("""
        select identity_system, identity_key, tool_name, api_key_id, workspace_id, uncached_input_tokens,
               cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, request_count,
               spend_usd, pricing_status
        from intermediate.int_token_usage_priced where usage_source = 'anthropic_analytics' order by identity_system
    """) == [
        ("anthropic_api_key", "apikey_01Hq8f4LmN2bVc6xZ9rT3yWs", "anthropic_api", "apikey_01Hq8f4LmN2bVc6xZ9rT3yWs",
         "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", 900, 0, 0, 0, 300, 3, Decimal("0.555"), "vendor_reported"),
        ("anthropic_service_account", "svac_01Pp3Kd7QxWz5mB8nV2cR6tY", "anthropic_api", None, None,
         0, 0, 0, 0, 0, 1, Decimal(1), "vendor_reported"),
        ("email", "user@emaildomain.com", "claude_code", "apikey_01Rj2N8SDvo4nX7kQ3pL9wEt",
         "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", 12000, 480000, 20000, 5000, 30000, 42, Decimal("12.345678"),
         "vendor_reported"),
    ]
    assert examples_build.scalar(
        "select list_cost_usd from stg_anthropic__analytics_cost where actor_type = 'user_actor'") == Decimal("13.71742")
    # The guide's example row, asked per model only, is a total over people.
    assert examples_build.query("""
        select source_entity, raw_records, kept_records, duplicate_records, quarantined_records
        from audit.audit_source_reconciliation where source_entity like 'anthropic.analytics%' order by 1
    """) == [("anthropic.analytics_cost", 3, 3, 0, 0), ("anthropic.analytics_usage", 3, 2, 0, 1)]
    assert examples_build.query("""
        select line_number, quarantine_reason from audit.audit_quarantined_records
        where entity_name = 'analytics_usage'
    """) == [(3, "organization_total")]


def test_hris_rows(examples_build: Build) -> None:
    assert examples_build.query("""
        select employee_id, work_email, level, effective_date from stg_hris__people order by effective_date
    """) == [
        ("E1", "user@emaildomain.com", "L4", date(2024, 3, 1)),
        ("E1", "user@emaildomain.com", "L5", date(2025, 7, 1)),
    ]


def test_no_reviews_landed_reads_as_no_reviews(tmp_path: Path) -> None:
    # Reviews are optional: an organisation that extracts none (no folder) builds green, with no review.
    landing = tmp_path / "landing"
    land_vendor_examples(landing)
    shutil.rmtree(landing / "github" / "pull_request_reviews")
    result = build(landing, tmp_path)
    assert "ERROR=0" in result.output
    assert result.scalar("select count(*) from stg_github__pull_request_reviews") == 0
    assert result.query("""
        select raw_records, kept_records, duplicate_records, quarantined_records
        from audit.audit_source_reconciliation where source_entity = 'github.pull_request_reviews'
    """) == [(0, 0, 0, 0)]


# Every landing entity an extractor writes (README, "Extract"), with its staging model.
EXTRACTED = {
    "anthropic/claude_code_usage": "stg_anthropic__claude_code_usage",
    "anthropic/messages_usage": "stg_anthropic__messages_usage",
    "anthropic/cost_report": "stg_anthropic__cost_report",
    "anthropic/analytics_cost": "stg_anthropic__analytics_cost",
    "anthropic/analytics_usage": "stg_anthropic__analytics_usage",
    "openai/completions_usage": "stg_openai__completions_usage",
    "openai/costs": "stg_openai__costs",
    "github/pull_requests": "stg_github__pull_requests",
    "github/pull_request_reviews": "stg_github__pull_request_reviews",
    "github/copilot_ai_credit_usage": "stg_github__copilot_ai_credit_usage",
    "github/copilot_user_metrics": "stg_github__copilot_user_metrics",
    "cursor/usage_events": "stg_cursor__usage_events",
    "cursor/ai_code_commits": "stg_cursor__ai_code_commits",
    "aws/bedrock_invocations": "stg_aws__bedrock_invocations",
    "linear/issues": "stg_linear__issues",
    "jira/issues": "stg_jira__issues",
    "pagerduty/incidents": "stg_pagerduty__incidents",
    "pagerduty/change_events": "stg_pagerduty__change_events",
    "pagerduty/related_change_events": "stg_pagerduty__related_change_events",
    "gateway/litellm_spend_logs": "stg_gateway__litellm_spend_logs",
    "gateway/otlp_traces": "stg_gateway__otlp_traces",
}


def test_extracted_examples_stage_as_landed(examples_build: Build, httpserver: HTTPServer, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             caplog: pytest.LogCaptureFixture) -> None:
    """Every extractor against a local server that answers with the vendor examples: dbt builds from what they
    land the same staging rows as from the examples landed by hand, and no secret is printed or logged (with
    every logger at INFO, as a scheduler's logging may set it: httpx logs each URL at INFO)."""
    caplog.set_level(logging.INFO)
    work = tmp_path / "extracted"
    landing = work / "landing"
    land_vendor_examples(landing)
    for name in EXTRACTED:
        shutil.rmtree(landing / name)
    logs = tmp_path / "bedrock_logs" / "AWSLogs" / "123456789012" / "BedrockModelInvocationLogs"
    logs.mkdir(parents=True)
    example = (examples_build.landing / "aws" / "bedrock_invocations").glob("*.jsonl")
    (logs / "20260101T000000Z_delivery.json.gz").write_bytes(gzip.compress(next(example).read_bytes()))
    # The collector's file exporter: a rotated file and the active one.
    exports = tmp_path / "otel"
    exports.mkdir()
    otlp_lines = (examples_build.landing / "gateway" / "otlp_traces" / "2026-01-01T00-00-00Z.jsonl").read_text()
    (exports / "traces-2026-11-28T10-00-00.000.json").write_text("\n".join(otlp_lines.splitlines()[:2]) + "\n")
    (exports / "traces.json").write_text(otlp_lines.splitlines()[2] + "\n")
    day = date(2026, 11, 29)
    serve_vendor_examples(httpserver, day)
    env = environment(httpserver, BEDROCK_LOG_LOCATION=str(tmp_path / "bedrock_logs"), OTLP_EXPORT_LOCATION=str(exports))
    now = datetime(2026, 11, 30, 6, 0, 0, tzinfo=dt.UTC)
    # Pull requests are listed back to the documented example's update time (2011).
    assert run_extract(["github/pull_requests", "github/pull_request_reviews", "--since", "2011-01-01"],
                       landing, env, now) == 0
    assert run_extract(["anthropic", "anthropic/analytics_cost", "anthropic/analytics_usage", "openai",
                        "github/copilot_ai_credit_usage", "github/copilot_user_metrics", "cursor", "aws", "linear",
                        "jira", "pagerduty", "gateway", "--since", day.isoformat()], landing, env, now) == 0
    printed = capsys.readouterr()
    # The test server's own request log (werkzeug) is not the extractor's: it shows the URLs it was sent.
    logged = "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("werkzeug"))
    shown = printed.out + printed.err + logged
    assert not [secret for secret in SECRETS if secret in shown]
    assert "secret-signature" not in shown
    assert sorted(str(path.parent.relative_to(landing)) for path in landing.glob("*/*/2026-11-30T06-00-00Z.jsonl")
                  ) == sorted(EXTRACTED)

    extracted = build(landing, work)

    assert "ERROR=0" in extracted.output
    models = list(EXTRACTED.values())
    expected = content_digests(examples_build.database, models)
    assert all(count > 0 for count, _ in expected.values())
    assert content_digests(extracted.database, models) == expected
