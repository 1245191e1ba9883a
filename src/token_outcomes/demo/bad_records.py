"""Bad records: a few unusable records of every landing entity (malformed JSON, a missing key, an
unparseable time, negative tokens), landed in their own late extract, each with the quarantine reason
staging must give; and a gateway event with a model nobody prices, which staging keeps. (The HRIS
exports' bad rows are written with the exports: organisation.write_hris.)
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from token_outcomes.demo.landing import VENDOR_EXAMPLES, extract_name, load_example, write_jsonl
from token_outcomes.demo.organisation import COMPANY_DOMAIN

if TYPE_CHECKING:
    from token_outcomes.demo.truth import Truth

UNKNOWN_MODEL = "claude-imaginary-9-20261231"


def plant_bad_records(out: Path, extract: dt.datetime, truth: Truth) -> dict[str, Any]:
    """A few unusable records of every kind, in their own late extract, each with the reason staging must give."""
    name = extract_name(extract)
    cases: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def plant(source: str, entity: str, reason: str, record: Any) -> None:
        """A usage line of a bucket or daily record is the unit: every element of a bad record is quarantined."""
        write_jsonl(out / source / entity / f"{name}.jsonl", [record])
        elements = 1
        if isinstance(record, dict):
            elements = max(1, len(record.get("model_breakdown") or record.get("results") or [None]))
        truth.bad(f"{source}.{entity}", reason, elements)
        cases[f"{source}.{entity}"].append({"reason": reason})

    truncated = '{"date":"2026-06-01T00:00:00Z","actor":{"type":"user_actor","email_addr'
    for source, entity in [("anthropic", "claude_code_usage"), ("anthropic", "messages_usage"), ("openai", "completions_usage"),
                           ("github", "pull_requests"), ("linear", "issues"), ("jira", "issues"), ("pagerduty", "incidents"),
                           ("cursor", "usage_events"), ("aws", "bedrock_invocations"),
                           ("github", "copilot_ai_credit_usage"), ("gateway", "litellm_spend_logs"), ("gateway", "otlp_traces"),
                           ("anthropic", "analytics_cost"), ("anthropic", "analytics_usage"),
                           ("github", "copilot_user_metrics")]:
        plant(source, entity, "malformed_json", truncated)

    claude = load_example("anthropic", "claude_code_usage")
    plant("anthropic", "claude_code_usage", "missing_external_key", dict(claude, actor={"type": "user_actor"}))
    plant("anthropic", "claude_code_usage", "unparseable_timestamp", dict(claude, date="08/08/2025"))
    negative = copy.deepcopy(claude)
    negative["model_breakdown"] = negative["model_breakdown"][:1]
    negative["model_breakdown"][0]["tokens"]["output"] = -12450
    negative["actor"] = {"type": "user_actor", "email_address": "negative.tokens@" + COMPANY_DOMAIN}
    plant("anthropic", "claude_code_usage", "negative_tokens", negative)

    messages = load_example("anthropic", "messages_usage")
    plant("anthropic", "messages_usage", "unparseable_timestamp", dict(messages, starting_at="yesterday"))
    negative = copy.deepcopy(messages)
    negative["starting_at"], negative["ending_at"] = "2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z"
    negative["results"][0]["cache_read_input_tokens"] = -200
    plant("anthropic", "messages_usage", "negative_tokens", negative)

    completions = load_example("openai", "completions_usage")
    plant("openai", "completions_usage", "missing_external_key", {k: v for k, v in completions.items() if k != "start_time"})
    negative = copy.deepcopy(completions)
    negative["results"][0]["output_tokens"] = -500
    plant("openai", "completions_usage", "negative_tokens", negative)

    pull_request = load_example("github", "pull_requests")
    plant("github", "pull_requests", "missing_external_key", {k: v for k, v in pull_request.items() if k != "node_id"})
    plant("github", "pull_requests", "unparseable_timestamp", dict(pull_request, node_id="PR_badTimestamp01", merged_at="2011-13-45T99:01:01Z"))

    linear = load_example("linear", "issues")
    plant("linear", "issues", "missing_external_key", dict(linear, id=None))
    plant("linear", "issues", "unparseable_timestamp", dict(linear, id="bad-time-0001", completedAt="2026-02-30T25:00:00Z"))

    jira = {"expand": "", "id": None, "key": "OPS-0", "self": "https://northwind.atlassian.net/rest/api/3/issue/0", "fields": {}}
    plant("jira", "issues", "missing_external_key", jira)
    plant("jira", "issues", "unparseable_timestamp",
          dict(jira, id="99999", key="OPS-9", fields={"resolutiondate": "01/06/2026 12:00", "status": {"statusCategory": {"key": "done"}}}))

    cursor = load_example("cursor", "usage_events")
    plant("cursor", "usage_events", "missing_external_key", {k: v for k, v in cursor.items() if k != "userEmail"})
    # The Admin API writes epoch milliseconds in a string: an ISO time is not read as a guess, and
    # seconds where milliseconds belong land in January 1970.
    plant("cursor", "usage_events", "unparseable_timestamp", dict(cursor, timestamp="2026-06-01T10:00:00Z"))
    plant("cursor", "usage_events", "implausible_timestamp", dict(cursor, timestamp="1780308000"))
    negative = copy.deepcopy(cursor)
    negative["tokenUsage"]["outputTokens"] = -450
    plant("cursor", "usage_events", "negative_tokens", negative)

    # Bedrock records as the landing contract has them: no prompt or response body.
    invocation = load_example("aws", "bedrock_invocations")
    invocation["input"] = {k: v for k, v in invocation["input"].items() if k != "inputBodyJson"}
    invocation["output"] = {k: v for k, v in invocation["output"].items() if k != "outputBodyJson"}
    plant("aws", "bedrock_invocations", "missing_external_key", {k: v for k, v in invocation.items() if k != "requestId"})
    plant("aws", "bedrock_invocations", "unparseable_timestamp",
          dict(invocation, requestId="bad-time-0001", timestamp="11/03/2025 00:38"))
    negative = copy.deepcopy(invocation)
    negative["requestId"], negative["output"]["outputTokenCount"] = "negative-0001", -38
    plant("aws", "bedrock_invocations", "negative_tokens", negative)

    # Copilot: GitHub's documented example is a year's report for the organisation (partial_bucket); asked per
    # user and day (its second line) it is usable, and these are not.
    copilot = json.loads((VENDOR_EXAMPLES / "github" / "copilot_ai_credit_usage" / "2026-01-01T00-00-00Z.jsonl")
                         .read_text().splitlines()[1])
    plant("github", "copilot_ai_credit_usage", "partial_bucket", dict(copilot, timePeriod={"year": 2026, "month": 6}))
    plant("github", "copilot_ai_credit_usage", "organization_total", {k: v for k, v in copilot.items() if k != "user"})
    plant("github", "copilot_ai_credit_usage", "unparseable_timestamp",
          dict(copilot, timePeriod={"year": 2026, "month": 2, "day": 30}))
    missing = copy.deepcopy(copilot)
    missing["timePeriod"] = {"year": 2026, "month": 6, "day": 3}
    del missing["usageItems"][0]["netAmount"]
    plant("github", "copilot_ai_credit_usage", "missing_amount", missing)

    metrics = load_example("github", "copilot_user_metrics")
    plant("github", "copilot_user_metrics", "missing_external_key", {k: v for k, v in metrics.items() if k != "user_id"})
    plant("github", "copilot_user_metrics", "unreadable_number", dict(metrics, user_id=2, enterprise_id="one"))

    # LiteLLM: its documented row, with the faults real exports have.
    spend_log = load_example("gateway", "litellm_spend_logs")
    plant("gateway", "litellm_spend_logs", "missing_external_key", {k: v for k, v in spend_log.items() if k != "request_id"})
    plant("gateway", "litellm_spend_logs", "unparseable_timestamp",
          dict(spend_log, request_id="chatcmpl-bad-time", startTime="01/08/2024 14:27"))
    plant("gateway", "litellm_spend_logs", "cached_tokens_exceed_input",
          dict(spend_log, request_id="chatcmpl-cache-exceeds",
               metadata='{"usage_object": {"cache_read_input_tokens": 11, "cache_creation_input_tokens": 0}}'))

    # OpenTelemetry: the example's GenAI export request, one fault at a time in its first span.
    def otlp_export(**changes: Any) -> dict[str, Any]:
        export = load_example("gateway", "otlp_traces")
        scope = export["resourceSpans"][0]["scopeSpans"][0]
        span = dict(scope["spans"][0], **{k: v for k, v in changes.items() if k != "attributes"})
        if "attributes" in changes:
            span["attributes"] = changes["attributes"]
        scope["spans"] = [span]
        return export

    chat = load_example("gateway", "otlp_traces")["resourceSpans"][0]["scopeSpans"][0]["spans"][0]
    plant("gateway", "otlp_traces", "missing_external_key", otlp_export(traceId=""))
    plant("gateway", "otlp_traces", "unparseable_timestamp",
          otlp_export(spanId="00f067aa0ba90bad", startTimeUnixNano="2026-01-01T00:00:00Z"))
    plant("gateway", "otlp_traces", "unreadable_number", otlp_export(spanId="00f067aa0ba90bae", attributes=[
        {"key": "gen_ai.usage.input_tokens", "value": {"stringValue": "one hundred"}}, *chat["attributes"][-3:]]))
    plant("gateway", "otlp_traces", "cached_tokens_exceed_input", otlp_export(spanId="00f067aa0ba90baf", attributes=[
        {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "10"}}, *chat["attributes"][-3:]]))

    # Anthropic's analytics API: its rows as the project asks for them, one fault at a time, on a day before the
    # extract that holds them (the example's own day may come after it).
    day = dt.datetime.combine(extract.date() - dt.timedelta(days=2), dt.time())
    bucket = {"starting_at": day.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "ending_at": (day + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
    analytics_cost = dict(load_example("anthropic", "analytics_cost"), **bucket)
    analytics_usage = dict(load_example("anthropic", "analytics_usage"), **bucket)
    plant("anthropic", "analytics_cost", "missing_external_key",
          {k: v for k, v in analytics_cost.items() if k != "starting_at"})
    plant("anthropic", "analytics_cost", "partial_bucket",
          dict(analytics_cost, ending_at=(day + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")))
    plant("anthropic", "analytics_cost", "missing_amount",
          dict(analytics_cost, cost={k: v for k, v in analytics_cost["cost"].items() if k != "amount"}))
    plant("anthropic", "analytics_cost", "unsupported_currency",
          dict(analytics_cost, cost=dict(analytics_cost["cost"], currency="EUR")))
    plant("anthropic", "analytics_cost", "organization_total",
          dict(analytics_cost, group=dict(analytics_cost["group"], actor=None, actor_type=None)))
    plant("anthropic", "analytics_usage", "unparseable_timestamp", dict(analytics_usage, starting_at="3 Sept 2026"))
    plant("anthropic", "analytics_usage", "negative_tokens",
          dict(analytics_usage, usage=dict(analytics_usage["usage"], output_tokens=-5)))

    incident = load_example("pagerduty", "incidents")
    plant("pagerduty", "incidents", "missing_external_key", {k: v for k, v in incident.items() if k != "id"})
    plant("pagerduty", "incidents", "unparseable_timestamp", dict(incident, id="PBADTIME", resolved_at="not a time"))
    return dict(cases)


def plant_bad_gateway_events(con: duckdb.DuckDBPyConnection, out: Path, extract: dt.datetime,
                             truth_counts: dict[str, Any]) -> list[dict[str, str]]:
    """Unusable gateway events, with one good event carrying a model nobody prices."""
    path = out / "gateway" / "usage_events" / f"{extract_name(extract)}.parquet"
    good = {
        "event.id": "'evt-unknown-model'", "event.timestamp": "'2026-06-01T10:00:00.000Z'",
        "gen_ai.request.model": f"'{UNKNOWN_MODEL}'", "gen_ai.usage.output_tokens": "cast(100 as bigint)",
    }
    cases = [
        ("unknown_model (kept)", dict(good)),
        ("missing_external_key", dict(good, **{"event.id": "cast(null as varchar)"})),
        ("unparseable_timestamp", dict(good, **{"event.id": "'evt-bad-time'", "event.timestamp": "'2026-06-01 at noon'"})),
        ("negative_tokens", dict(good, **{"event.id": "'evt-negative'", "gen_ai.usage.output_tokens": "cast(-100 as bigint)"})),
    ]
    columns = con.execute(f"describe select * from read_parquet('{next(path.parent.glob('*.parquet'))}')").fetchall()
    selects = []
    for _, values in cases:
        parts = []
        for column, column_type, *_ in columns:
            parts.append(f"{values.get(column, 'null' if column not in ('gen_ai.usage.input_tokens', 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_creation.input_tokens') else 'cast(0 as bigint)')}::{column_type} as \"{column}\"")
        selects.append("select " + ", ".join(parts))
    con.execute(f"copy ({' union all '.join(selects)}) to '{path}' (format parquet)")
    truth_counts["raw"] += len(cases)
    truth_counts["kept"] += 1
    truth_counts["quarantined_by_reason"] = {"missing_external_key": 1, "negative_tokens": 1, "unparseable_timestamp": 1}
    return [{"reason": reason} for reason, _ in cases]
