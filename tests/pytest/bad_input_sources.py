"""Bad-input cases of the sources an organisation opts into (Cursor, AWS Bedrock, GitHub Copilot, LiteLLM,
OpenTelemetry exports): the
spellings real exports use that the vendors' examples do not show (a time as a number, an amount as a string, an
e-mail in capitals, an inference profile's ARN, a role session without a name, metadata as an object), events
that are truly identical, and records that must be refused. Each case lands a file of its own, named for it."""

from __future__ import annotations

import copy
from pathlib import Path

from bad_input import example, land

# 2025-09-20 onwards: no vendor example or other family uses these days.
SEPT_20_MS = 1758326400000  # 2025-09-20T00:00:00Z


def cursor_event(timestamp: object, email: str = "cursor.case@emaildomain.com", **fields: object) -> dict:
    record = copy.deepcopy(example("cursor", "usage_events"))
    record.update(timestamp=timestamp, userEmail=email, **fields)
    return record


def bedrock_record(request_id: str, **fields: object) -> dict:
    record = copy.deepcopy(example("aws", "bedrock_invocations"))
    for body in ("input", "output"):
        record[body] = {k: v for k, v in record[body].items() if not k.endswith("BodyJson")}
    record.update(requestId=request_id, **{"timestamp": "2025-09-20T10:00:00Z", **fields})
    return record


def spend_log(request_id: str, **fields: object) -> dict:
    record = copy.deepcopy(example("gateway", "litellm_spend_logs"))
    record.update(request_id=request_id, **fields)
    return record


def copilot_report(day: int, user: str) -> dict:
    record = copy.deepcopy(example("github", "copilot_ai_credit_usage", line=1))
    record.update(timePeriod={"year": 2025, "month": 9, "day": day}, user=user)
    return record


def otlp_span(span_id: str, start_ns: object, operation: str = "chat", **tokens: int) -> dict:
    """A GenAI span of the example's export, with its own id, time, operation and token counts."""
    span = copy.deepcopy(example("gateway", "otlp_traces")["resourceSpans"][0]["scopeSpans"][0]["spans"][0])
    attributes = [{"key": "gen_ai.operation.name", "value": {"stringValue": operation}},
                  {"key": "gen_ai.request.model", "value": {"stringValue": "claude-sonnet-4-5-20250929"}},
                  {"key": "user.email", "value": {"stringValue": "otel.case@emaildomain.com"}}]
    attributes += [{"key": f"gen_ai.usage.{name}", "value": {"intValue": str(count)}} for name, count in tokens.items()]
    span.update(traceId="5ca1ab1e" * 4, spanId=span_id, startTimeUnixNano=start_ns, attributes=attributes)
    return span


def otlp_export(*spans: dict) -> dict:
    export = copy.deepcopy(example("gateway", "otlp_traces"))
    export["resourceSpans"][0]["scopeSpans"][0]["spans"] = list(spans)
    return export


def analytics_cost(starting_at: str, ending_at: str, model: str, amount: object) -> dict:
    record = copy.deepcopy(example("anthropic", "analytics_cost"))
    record.update(starting_at=starting_at, ending_at=ending_at)
    record["group"]["model"] = model
    record["cost"]["amount"] = amount
    return record


def land_cases(landing: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}

    def case(name: str, source: str, entity: str, lines: list, stamp: str = "2026-02-03T00-00-00Z") -> None:
        files[name] = land(landing, source, entity, f"{stamp}-{name}.jsonl", lines)

    # Cursor: the time as a JSON number (not the documented string) is the same milliseconds; an amount in a
    # string is that amount; seconds where milliseconds belong land in 1970.
    case("cursor_time_number", "cursor", "usage_events", [cursor_event(SEPT_20_MS, chargedCents="12.5")])
    case("cursor_seconds", "cursor", "usage_events", [cursor_event(str(SEPT_20_MS // 1000))])
    # Two identical events in one extract are two requests; the same extract landed again adds none.
    twins = [cursor_event(str(SEPT_20_MS + 60_000), "twins@emaildomain.com")] * 2
    case("cursor_identical_events", "cursor", "usage_events", twins)
    case("cursor_identical_events_again", "cursor", "usage_events", twins, stamp="2026-02-04T00-00-00Z")
    # The same event spelled with a capitalised, padded e-mail in a later extract: one request, restated.
    case("cursor_email_spelling", "cursor", "usage_events",
         [cursor_event(str(SEPT_20_MS + 120_000), "spelling@emaildomain.com", chargedCents=1)])
    case("cursor_email_spelling_later", "cursor", "usage_events",
         [cursor_event(str(SEPT_20_MS + 120_000), " Spelling@EmailDomain.COM ", chargedCents=2)],
         stamp="2026-02-04T00-00-00Z")

    # Bedrock: the model named by an inference profile's ARN is Anthropic's model; an application inference
    # profile names none (kept, unpriced); an IAM Identity Center session is its e-mail; a role session without
    # a name finds nobody (kept); a line cut short keeps no text (it may hold a prompt).
    # (October: the price book prices claude-sonnet-4-5 from its release, 2025-09-29.)
    case("bedrock_profile_arn", "aws", "bedrock_invocations", [bedrock_record(
        "case-profile-arn", timestamp="2025-10-20T10:00:00Z", modelId="arn:aws:bedrock:eu-west-1:123456789012:inference-profile/"
                                    "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        identity={"arn": "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_0123456789abcdef/"
                         "Bedrock.Case@EmailDomain.com"})])
    case("bedrock_application_profile", "aws", "bedrock_invocations", [bedrock_record(
        "case-application-profile",
        modelId="arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
        identity={"arn": "arn:aws:sts::123456789012:assumed-role/checkout-api"})])
    case("bedrock_cut_short", "aws", "bedrock_invocations",
         [('{"schemaType":"ModelInvocationLog","requestId":"cut","input":{"inputBodyJson":{"messages":'
           '[{"content":[{"text":"a secret prompt')])

    # LiteLLM: metadata as the database's object, with the cache counts; a time with a Z and microseconds.
    case("litellm_metadata_object", "gateway", "litellm_spend_logs", [spend_log(
        "chatcmpl-case-object", startTime="2025-09-20T12:37:44.874000Z", user="LiteLLM.Case@EmailDomain.com",
        model="anthropic/claude-sonnet-4-5-20250929", custom_llm_provider="anthropic", prompt_tokens=98805,
        completion_tokens=5120, total_tokens=103925, spend=0.00033,
        metadata={"usage_object": {"prompt_tokens": 98805, "cache_read_input_tokens": 66360,
                                   "cache_creation_input_tokens": 32435}})])

    # OpenTelemetry: an agent's span sums the calls under it (quarantined, the calls counted once); a line of HTTP
    # spans only holds no request (no row, nothing quarantined); seconds where nanoseconds belong land in 1970; a
    # logs export landed among the traces holds no resourceSpans; a span sent again later is restated.
    sept_20_ns = SEPT_20_MS * 1_000_000
    case("otlp_agent_and_calls", "gateway", "otlp_traces", [otlp_export(
        otlp_span("a9e17000000000a1", str(sept_20_ns), "invoke_agent", input_tokens=300, output_tokens=60),
        otlp_span("a9e17000000000c1", str(sept_20_ns + 1_000), input_tokens=100, output_tokens=30),
        otlp_span("a9e17000000000c2", sept_20_ns + 2_000, input_tokens=200, output_tokens=30,
                  **{"cache_read.input_tokens": 150}))])
    http_only = otlp_export(dict(example("gateway", "otlp_traces")["resourceSpans"][0]["scopeSpans"][0]["spans"][1]))
    case("otlp_http_only", "gateway", "otlp_traces", [http_only])
    case("otlp_seconds", "gateway", "otlp_traces",
         [otlp_export(otlp_span("5ec0dd5000000001", str(SEPT_20_MS // 1000), input_tokens=1, output_tokens=1))])
    case("otlp_logs_export", "gateway", "otlp_traces", [{"resourceLogs": [{"resource": {}, "scopeLogs": [
        {"logRecords": [{"timeUnixNano": str(sept_20_ns), "attributes": [
            {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "5"}}]}]}]}]}])
    case("otlp_sent_again", "gateway", "otlp_traces",
         [otlp_export(otlp_span("5e7a9a1000000001", str(sept_20_ns + 3_000), input_tokens=10, output_tokens=1))])
    case("otlp_sent_again_later", "gateway", "otlp_traces",
         [otlp_export(otlp_span("5e7a9a1000000001", str(sept_20_ns + 3_000), input_tokens=10, output_tokens=2))],
         stamp="2026-02-04T00-00-00Z")

    # Anthropic analytics: the same day of the same slice with its times spelled with an offset, then restated with
    # a Z, is one row (the later); an amount written as a JSON number, not the documented string, is that amount.
    case("analytics_offset_spelling", "anthropic", "analytics_cost", [analytics_cost(
        "2025-09-22T00:00:00+00:00", "2025-09-23T00:00:00+00:00", "claude-sonnet-4-5-20250929", "100")])
    case("analytics_offset_spelling_later", "anthropic", "analytics_cost", [analytics_cost(
        "2025-09-22T00:00:00Z", "2025-09-23T00:00:00Z", "claude-sonnet-4-5-20250929", "250")],
         stamp="2026-02-04T00-00-00Z")
    case("analytics_amount_number", "anthropic", "analytics_cost", [analytics_cost(
        "2025-09-22T00:00:00Z", "2025-09-23T00:00:00Z", "claude-haiku-4-5-20251001", 12.5)])

    # Copilot: a login written in capitals is the same user's report of the day, restated.
    case("copilot_login_spelling", "github", "copilot_ai_credit_usage", [copilot_report(20, "octocat")])
    case("copilot_login_spelling_later", "github", "copilot_ai_credit_usage", [copilot_report(20, "OctoCat")],
         stamp="2026-02-04T00-00-00Z")
    # Copilot: a day without usage is a report with no item: no record, nothing quarantined.
    case("copilot_day_without_usage", "github", "copilot_ai_credit_usage",
         [dict(copilot_report(21, "octocat"), usageItems=[])])
    # Copilot metrics: the user id in a string is that number.
    case("copilot_metrics_id_string", "github", "copilot_user_metrics",
         [dict(example("github", "copilot_user_metrics"), user_id="7", day="2025-09-20")])
    return files
