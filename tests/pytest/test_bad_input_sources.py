"""The opt-in sources' bad-input cases (bad_input_sources.py), asserted against the one corpus build: each is
quarantined with its reason at its file and line, or staged with the value a person reads off the landed line."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from bad_input import quarantined


def test_a_cursor_time_written_as_a_number_is_those_milliseconds(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["cursor_time_number"]) == []
    assert result.query(f"""
        select event_at, charged_usd from stg_cursor__usage_events where _source_file = '{files["cursor_time_number"]}'
    """) == [(datetime(2025, 9, 20), Decimal("0.125"))]


def test_cursor_seconds_where_milliseconds_belong_are_implausible(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["cursor_seconds"]) == [(1, "implausible_timestamp")]


def test_identical_cursor_events_are_two_requests_landed_twice_still_two(corpus) -> None:
    _, result, files = corpus
    assert result.query("""
        select external_ref, _source_file from stg_cursor__usage_events where user_email = 'twins@emaildomain.com'
        order by external_ref
    """) == [
        (f"cursor:usage_event:twins@emaildomain.com:{1758326460000}:claude-4.5-sonnet:1",
         str(files["cursor_identical_events_again"])),
        (f"cursor:usage_event:twins@emaildomain.com:{1758326460000}:claude-4.5-sonnet:2",
         str(files["cursor_identical_events_again"])),
    ]


def test_a_cursor_email_spelled_two_ways_is_one_request_restated(corpus) -> None:
    _, result, _ = corpus
    assert result.query("""
        select user_email, charged_usd from stg_cursor__usage_events where user_email = 'spelling@emaildomain.com'
    """) == [("spelling@emaildomain.com", Decimal("0.02"))]


def test_a_bedrock_profile_arn_names_anthropics_model_and_an_sso_session_its_email(corpus) -> None:
    _, result, _ = corpus
    assert result.query("""
        select model_id, identity_system, identity_key from stg_aws__bedrock_invocations
        where request_id = 'case-profile-arn'
    """) == [("claude-sonnet-4-5-20250929", "email", "bedrock.case@emaildomain.com")]
    assert result.query("""
        select pricing_status, spend_usd > 0 from core.fct_token_usage
        where usage_source = 'aws_bedrock' and model_id = 'claude-sonnet-4-5-20250929'
    """) == [("price_book", True)]


def test_an_application_profile_and_a_nameless_session_are_kept_unpriced_and_unattributed(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["bedrock_application_profile"]) == []
    assert result.query("""
        select model_id, identity_system, identity_key from stg_aws__bedrock_invocations
        where request_id = 'case-application-profile'
    """) == [("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6", None, None)]
    assert result.query("""
        select pricing_status, attribution_status from core.fct_token_usage
        where model_id like '%application-inference-profile%'
    """) == [("unpriced_model", "unmapped_person")]


def test_a_bedrock_line_cut_short_is_quarantined_without_its_text(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["bedrock_cut_short"]) == [(1, "malformed_json")]
    assert result.query("""
        select count(*) from audit.audit_quarantined_records where cast(audit_quarantined_records as varchar)
        like '%secret prompt%'
    """) == [(0,)]


def test_litellm_metadata_as_an_object_gives_the_cache_counts(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["litellm_metadata_object"]) == []
    # 98805 prompt tokens = 66360 read from the cache + 32435 written to it + 10 not cached.
    assert result.query("""
        select started_at, identity_system, identity_key, provider_name, model_id, uncached_input_tokens,
               cache_read_tokens, cache_creation_tokens, output_tokens, spend_usd
        from stg_gateway__litellm_spend_logs where request_id = 'chatcmpl-case-object'
    """) == [(datetime(2025, 9, 20, 12, 37, 44, 874000), "email", "litellm.case@emaildomain.com", "anthropic",
              "claude-sonnet-4-5-20250929", 10, 66360, 32435, 5120, Decimal("0.00033"))]


def test_a_copilot_login_in_capitals_is_the_same_report_restated(corpus) -> None:
    _, result, files = corpus
    assert result.query("""
        select user_login, _source_file from stg_github__copilot_ai_credit_usage where usage_date = date '2025-09-20'
    """) == [("octocat", str(files["copilot_login_spelling_later"]))]


def test_a_copilot_day_without_usage_is_no_record(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["copilot_day_without_usage"]) == []
    assert result.query("""
        select count(*) from base_github__copilot_ai_credit_usage where usage_date = date '2025-09-21'
    """) == [(0,)]


def test_a_copilot_metrics_user_id_in_a_string_is_that_number(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["copilot_metrics_id_string"]) == []
    assert result.query("""
        select github_user_id, activity_date from stg_github__copilot_user_metrics where github_user_id = 7
    """) == [(7, date(2025, 9, 20))]


def test_an_otel_agent_span_is_quarantined_and_its_calls_counted_once(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["otlp_agent_and_calls"]) == [(1, "agent_operation_total")]
    # The second call's 200 input tokens include its 150 cache reads; the calls' ids are lower-case hex.
    assert result.query(f"""
        select span_id, identity_key, uncached_input_tokens, cache_read_tokens, output_tokens
        from stg_gateway__otlp_traces where _source_file = '{files["otlp_agent_and_calls"]}' order by span_id
    """) == [("a9e17000000000c1", "otel.case@emaildomain.com", 100, 0, 30),
             ("a9e17000000000c2", "otel.case@emaildomain.com", 50, 150, 30)]


def test_an_otel_line_of_http_spans_holds_no_request(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["otlp_http_only"]) == []
    assert result.scalar(f"""
        select count(*) from base_gateway__otlp_traces where _source_file = '{files["otlp_http_only"]}'
    """) == 0


def test_otel_seconds_where_nanoseconds_belong_are_implausible(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["otlp_seconds"]) == [(1, "implausible_timestamp")]


def test_an_otel_logs_export_among_the_traces_is_quarantined(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["otlp_logs_export"]) == [(1, "missing_usage_array")]


def test_an_otel_span_sent_again_is_one_request_restated(corpus) -> None:
    _, result, files = corpus
    assert result.query("""
        select output_tokens, _source_file from stg_gateway__otlp_traces where span_id = '5e7a9a1000000001'
    """) == [(2, str(files["otlp_sent_again_later"]))]


def test_an_analytics_day_spelled_with_an_offset_then_a_z_is_one_row_restated(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["analytics_offset_spelling"]) == []
    assert result.query("""
        select usage_date, cost_usd, _source_file from stg_anthropic__analytics_cost
        where model_id = 'claude-sonnet-4-5-20250929' and usage_date = date '2025-09-22'
    """) == [(date(2025, 9, 22), Decimal("2.5"), str(files["analytics_offset_spelling_later"]))]


def test_an_analytics_amount_written_as_a_number_is_that_many_cents(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["analytics_amount_number"]) == []
    assert result.query("""
        select cost_usd from stg_anthropic__analytics_cost where model_id = 'claude-haiku-4-5-20251001'
    """) == [(Decimal("0.125"),)]
