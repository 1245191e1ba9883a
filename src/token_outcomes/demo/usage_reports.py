"""Usage as each vendor reports it, written by DuckDB from the tables usage.py builds: Claude Code
Analytics, the Anthropic Messages usage report, OpenAI completions usage, both vendors' cost reports
(JSON lines, one file per extract, each seeing a window of days with its last day partial), and the
gateway's request-grain events (Parquet, named after the OpenTelemetry GenAI conventions).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from token_outcomes.demo.landing import extract_name, iso_z, load_example, write_jsonl
from token_outcomes.demo.organisation import ORGANIZATION_ID

if TYPE_CHECKING:
    from token_outcomes.demo.truth import Truth

USAGE_WINDOW_DAYS = 14
PARTIAL_DAY_SHARE = 0.6  # how much of its last day an extract has seen


def write_usage_reports(con: duckdb.DuckDBPyConnection, out: Path, extracts: list[dt.datetime],
                        truth: Truth) -> None:
    """Claude Code, Anthropic messages and OpenAI completions reports and both vendors' cost reports,
    as each extract saw them."""
    final_extract = extracts[-1]
    for extracted_at in extracts:
        window_end = extracted_at.date()
        window_start = window_end - dt.timedelta(days=USAGE_WINDOW_DAYS)
        partial_day = window_end - dt.timedelta(days=1) if extracted_at != final_extract else None
        scale = f"case when usage_date = date '{partial_day}' then {PARTIAL_DAY_SHARE} else 1 end" if partial_day else "1"
        window = f"usage_date >= date '{window_start}' and usage_date < date '{window_end}'"
        name = extract_name(extracted_at)
        write_claude_code(con, out / "anthropic" / "claude_code_usage" / f"{name}.jsonl", window, scale, truth)
        write_anthropic_messages(con, out / "anthropic" / "messages_usage" / f"{name}.jsonl", window, scale, truth)
        write_openai_completions(con, out / "openai" / "completions_usage" / f"{name}.jsonl", window, scale, truth)
        write_anthropic_cost_report(con, out / "anthropic" / "cost_report" / f"{name}.jsonl", window, scale, truth)
        write_openai_costs(con, out / "openai" / "costs" / f"{name}.jsonl", window, scale, truth)
        write_anthropic_analytics(con, out, name, f"{window} and usage_date >= date '{ANALYTICS_FROM}'", scale, truth)


def scaled(column: str, scale: str) -> str:
    return f"cast(round({column} * {scale}) as bigint)"


def request_time(seed: int, salt: str) -> str:
    """SQL for a request's instant on its usage_date: in working hours (08:00 to 18:00 UTC), unless the person's
    agents run around the clock; drawn per person, day and event (`salt` keeps each source's draws apart)."""
    draw = f"hash({seed}, employee_id, usage_date, event_number, '{salt}')"
    return (f"usage_date + to_microseconds(cast(case when around_the_clock then ({draw} % 86400000000) "
            f"else 8 * 3600e6 + ({draw} % cast(10 * 3600e6 as bigint)) end as bigint))")


def copy_json(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"copy ({query}) to '{path}' (format json)")


def write_claude_code(con: duckdb.DuckDBPyConnection, path: Path, window: str, scale: str,
                      truth: Truth) -> None:
    example = load_example("anthropic", "claude_code_usage")
    con.execute(f"""
        create or replace temp table cc as
        select
            usage_date, claude_code_email, employee_id,
            list(struct_pack(
                estimated_cost := struct_pack(
                    amount := cast(round(cost_usd * {scale} * 100) as bigint), currency := 'USD'),
                model := model,
                tokens := struct_pack(
                    cache_creation := {scaled('cache_write_tokens', scale)},
                    cache_read := {scaled('cache_read_tokens', scale)},
                    input := {scaled('input_tokens', scale)},
                    output := {scaled('output_tokens', scale)})
            ) order by model) as model_breakdown,
            sum(cost_usd) as cost_usd
        from usage_costed
        where channel = 'claude_code' and {window}
        group by all
    """)
    keys = con.execute("select usage_date, claude_code_email, unnest(model_breakdown).model from cc").fetchall()
    for usage_date, email, model in keys:
        truth.record("anthropic.claude_code_usage", f"{usage_date}:{email.lower()}:{model}")
    # Claude Code's date comes as a midnight timestamp or as a bare date: both appear.
    copy_json(con, f"""
        select
            struct_pack(email_address := claude_code_email, type := 'user_actor') as actor,
            struct_pack(
                commits_by_claude_code := cast(cost_usd / 6 as integer),
                lines_of_code := struct_pack(added := cast(cost_usd * 40 as integer), removed := cast(cost_usd * 12 as integer)),
                num_sessions := 1 + cast(cost_usd / 4 as integer),
                pull_requests_by_claude_code := cast(cost_usd / 25 as integer)) as core_metrics,
            '{example['customer_type']}' as customer_type,
            case when hash(employee_id) % 5 = 0 then strftime(usage_date, '%Y-%m-%d')
                 else strftime(usage_date, '%Y-%m-%dT00:00:00Z') end as date,
            model_breakdown,
            '{ORGANIZATION_ID}' as organization_id,
            ['vscode', 'iTerm.app', 'ghostty', 'cursor'][cast(1 + hash(employee_id) % 4 as bigint)] as terminal_type,
            struct_pack(
                edit_tool := struct_pack(accepted := cast(cost_usd as integer), rejected := cast(cost_usd / 8 as integer)),
                multi_edit_tool := struct_pack(accepted := cast(cost_usd / 3 as integer), rejected := 0),
                notebook_edit_tool := struct_pack(accepted := 0, rejected := 0),
                write_tool := struct_pack(accepted := cast(cost_usd / 5 as integer), rejected := 0)) as tool_actions,
            '{example['subscription_type']}' as subscription_type
        from cc order by usage_date, claude_code_email
    """, path)


def write_anthropic_messages(con: duckdb.DuckDBPyConnection, path: Path, window: str, scale: str,
                             truth: Truth) -> None:
    con.execute(f"""
        create or replace temp table am as
        select usage_date, api_key_id, account_id, scope_id as workspace_id, model,
            {scaled('uncached_input_tokens', scale)} as uncached_input_tokens,
            {scaled('cache_write_5m_tokens', scale)} as cache_write_5m_tokens,
            {scaled('cache_write_1h_tokens', scale)} as cache_write_1h_tokens,
            {scaled('cache_read_tokens', scale)} as cache_read_input_tokens,
            {scaled('output_tokens', scale)} as output_tokens
        from vendor_lines where provider = 'anthropic' and {window}
    """)
    for usage_date, key, model in con.execute("select usage_date, api_key_id, model from am").fetchall():
        truth.record("anthropic.messages_usage", f"{usage_date}:{key}:{model}")
    copy_json(con, """
        select
            strftime(usage_date + interval 1 day, '%Y-%m-%dT%H:%M:%SZ') as ending_at,
            list(struct_pack(
                account_id := account_id,
                api_key_id := api_key_id,
                cache_creation := struct_pack(
                    ephemeral_1h_input_tokens := cache_write_1h_tokens,
                    ephemeral_5m_input_tokens := cache_write_5m_tokens),
                cache_read_input_tokens := cache_read_input_tokens,
                context_window := '0-200k',
                inference_geo := 'global',
                model := model,
                output_tokens := output_tokens,
                server_tool_use := struct_pack(web_search_requests := 0),
                service_account_id := null,
                service_tier := 'standard',
                uncached_input_tokens := uncached_input_tokens,
                workspace_id := workspace_id
            ) order by api_key_id, model) as results,
            strftime(usage_date, '%Y-%m-%dT%H:%M:%SZ') as starting_at
        from am group by usage_date order by usage_date
    """, path)


def write_openai_completions(con: duckdb.DuckDBPyConnection, path: Path, window: str, scale: str,
                             truth: Truth) -> None:
    con.execute(f"""
        create or replace temp table oc as
        select usage_date, user_id as openai_user_id, api_key_id, scope_id as project_id, model,
            {scaled('uncached_input_tokens + cache_read_tokens + cache_write_5m_tokens', scale)} as input_tokens,
            {scaled('cache_read_tokens', scale)} as input_cached_tokens,
            {scaled('output_tokens', scale)} as output_tokens,
            greatest(1, {scaled('requests', scale)}) as num_model_requests
        from vendor_lines where provider = 'openai' and {window}
    """)
    for usage_date, user_id, key, model in con.execute("select usage_date, openai_user_id, api_key_id, model from oc").fetchall():
        truth.record("openai.completions_usage", f"{usage_date}:{user_id or key}:{model}")
    # OpenAI's input_tokens include the cached ones; OpenAI bills no cache writes,
    # so the demo's cache-write share is plain input here.
    copy_json(con, """
        select
            'bucket' as object,
            cast(epoch(usage_date) as bigint) as start_time,
            cast(epoch(usage_date + interval 1 day) as bigint) as end_time,
            list(struct_pack(
                object := 'organization.usage.completions.result',
                input_tokens := input_tokens,
                output_tokens := output_tokens,
                input_cached_tokens := input_cached_tokens,
                input_audio_tokens := 0,
                output_audio_tokens := 0,
                num_model_requests := num_model_requests,
                project_id := project_id,
                user_id := openai_user_id,
                api_key_id := api_key_id,
                model := model,
                batch := null,
                service_tier := null
            ) order by project_id, openai_user_id, model) as results
        from oc group by usage_date order by usage_date
    """, path)


def model_display_name(model: str) -> str:
    """The name Anthropic's cost report descriptions use: claude-sonnet-4-5-20250929 is Claude Sonnet 4.5."""
    parts = [part for part in model.removeprefix("claude-").split("-") if not (part.isdigit() and len(part) == 8)]
    family = next(part for part in parts if not part.isdigit())
    version = ".".join(part for part in parts if part.isdigit())
    return f"Claude {family.title()} {version}".strip()


ANTHROPIC_TOKEN_TYPES = [
    ("uncached_input_tokens", "uncached_input_tokens", "input", "Input Tokens"),
    ("cache_read_tokens", "cache_read_input_tokens", "cache_read", "Input Tokens, Cache Hit"),
    ("cache_write_5m_tokens", "cache_creation.ephemeral_5m_input_tokens", "cache_write", "Input Tokens, Cache Write"),
    ("cache_write_1h_tokens", "cache_creation.ephemeral_1h_input_tokens", "cache_write_1h", "Input Tokens, Cache Write"),
    ("output_tokens", "output_tokens", "output", "Output Tokens"),
]


def write_anthropic_cost_report(con: duckdb.DuckDBPyConnection, path: Path, window: str, scale: str,
                                truth: Truth) -> None:
    """Admin API cost report grouped by workspace and description: cents as a decimal string."""
    selects = " union all ".join(f"""
        select usage_date, scope_id, model, '{token_type}' as token_type,
            sum({scaled(column, scale)} * model_prices.{price}) * 100 as amount_cents
        from vendor_lines inner join model_prices using (model)
        where provider = 'anthropic' and {window}
        group by all having sum({scaled(column, scale)}) > 0""" for column, token_type, price, _ in ANTHROPIC_TOKEN_TYPES)
    rows = con.execute(f"select * from ({selects}) order by usage_date, scope_id, model, token_type").fetchall()
    descriptions = {token_type: text for _, token_type, _, text in ANTHROPIC_TOKEN_TYPES}
    buckets: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
    for usage_date, workspace_id, model, token_type, amount_cents in rows:
        truth.record("anthropic.cost_report", f"{usage_date}:{workspace_id}:{model}:{token_type}")
        buckets[usage_date].append({
            "currency": "USD",
            # Decimal places vary in real reports ("151452.0374", "100").
            "amount": f"{amount_cents:.6f}".rstrip("0").rstrip("."),
            "workspace_id": workspace_id,
            "description": f"{model_display_name(model)} Usage - {descriptions[token_type]}",
            "cost_type": "tokens",
            "context_window": "0-200k",
            "model": model,
            "service_tier": "standard",
            "token_type": token_type,
            "inference_geo": None,
        })
    write_jsonl(path, [
        {"starting_at": iso_z(dt.datetime.combine(day, dt.time())),
         "ending_at": iso_z(dt.datetime.combine(day + dt.timedelta(days=1), dt.time())),
         "results": results}
        for day, results in sorted(buckets.items())
    ])


# The organisation lands Anthropic's Usage and Cost Analytics API (beta) from October: on those days it covers the
# Messages usage report and Claude Code's API-billed records; before, they count.
ANALYTICS_FROM = dt.date(2026, 10, 1)
# The dimensions of the API's group, each null unless grouped by (the project asks for actor, model, product,
# workspace_id and api_key_id).
ANALYTICS_DIMENSIONS = [
    "actor", "actor_type", "agent_id", "api_key_id", "claude_tag_category", "claude_tag_user_id", "context_window",
    "deployment_id", "environment_id", "inference_geo", "model", "product", "rbac_group_id", "service_tier",
    "session_id", "slack_channel_id", "speed", "user_profile_id", "workspace_id",
]


def write_anthropic_analytics(con: duckdb.DuckDBPyConnection, out: Path, name: str, window: str, scale: str,
                              truth: Truth) -> None:
    """Usage and Cost Analytics API rows per UTC day and actor, model, product, workspace and API key, as the
    cost (fractional cents in decimal strings) and usage reports return them: one `data` row per line. A person's
    own API use and Claude Code are user actors (with their e-mail); a gateway's key is an API actor."""
    amount = " + ".join(f"{scaled(column, scale)} * model_prices.{price}"
                        for column, _, price, _ in ANTHROPIC_TOKEN_TYPES)
    rows = con.execute(f"""
        with lines as (
            select vendor_lines.*, usage_people.employee_id, usage_people.claude_code_email, usage_people.email,
                usage_people.anthropic_account_id
            from vendor_lines
            left join usage_people on
                (vendor_lines.channel = 'anthropic_api' and vendor_lines.api_key_id = usage_people.anthropic_api_key_id)
                or (vendor_lines.channel = 'claude_code'
                    and vendor_lines.api_key_id = 'apikey_01ClaudeCode' || substr(md5(usage_people.employee_id), 1, 14))
            where vendor_lines.provider = 'anthropic' and {window}
        )
        select usage_date, channel, api_key_id, scope_id, model,
            case channel when 'claude_code' then claude_code_email when 'anthropic_api' then lower(email) end,
            coalesce(anthropic_account_id, 'user_01' || substr(md5(employee_id || ':anthropic-user'), 1, 22)),
            {scaled('uncached_input_tokens', scale)}, {scaled('cache_read_tokens', scale)},
            {scaled('cache_write_5m_tokens', scale)}, {scaled('cache_write_1h_tokens', scale)},
            {scaled('output_tokens', scale)}, requests,
            ({amount}) * 100 as amount_cents
        from lines inner join model_prices using (model)
        order by usage_date, channel, api_key_id, model
    """).fetchall()
    cost_rows, usage_rows = [], []
    for (usage_date, channel, api_key_id, workspace_id, model, email, user_id, uncached, cache_read, write_5m,
         write_1h, output, requests, amount_cents) in rows:
        if channel in ("anthropic_api", "claude_code"):
            actor = {"type": "user_actor", "user_id": user_id, "email_address": email, "name": None, "deleted": False}
        else:
            actor = {"type": "api_actor", "api_key_id": api_key_id}
        group = dict.fromkeys(ANALYTICS_DIMENSIONS)
        group.update(actor=actor, actor_type=actor["type"], api_key_id=api_key_id, model=model,
                     product="claude_code" if channel == "claude_code" else None, workspace_id=workspace_id)
        bucket = {"starting_at": iso_z(dt.datetime.combine(usage_date, dt.time())),
                  "ending_at": iso_z(dt.datetime.combine(usage_date + dt.timedelta(days=1), dt.time()))}
        key = f"{usage_date}:{actor['type']}:{email or api_key_id}:{model}:{api_key_id}"
        truth.record("anthropic.analytics_cost", key)
        truth.record("anthropic.analytics_usage", key)
        text = f"{amount_cents:.6f}".rstrip("0").rstrip(".")
        cost_rows.append({**bucket, "group": group,
                          "cost": {"amount": text, "currency": "USD", "list_amount": text, "requests": requests}})
        usage_rows.append({**bucket, "group": group, "usage": {
            "cache_creation": {"ephemeral_1h_input_tokens": write_1h, "ephemeral_5m_input_tokens": write_5m},
            "cache_read_input_tokens": cache_read, "output_tokens": output, "requests": requests,
            "server_tool_use": {"web_search_requests": 0},
            "total_tokens": uncached + cache_read + write_5m + write_1h + output,
            "uncached_input_tokens": uncached}})
    if rows:
        write_jsonl(out / "anthropic" / "analytics_cost" / f"{name}.jsonl", cost_rows)
        write_jsonl(out / "anthropic" / "analytics_usage" / f"{name}.jsonl", usage_rows)


def write_openai_costs(con: duckdb.DuckDBPyConnection, path: Path, window: str, scale: str,
                       truth: Truth) -> None:
    """Costs API grouped by project and line item: dollars as a JSON number (now and then a string, as seen live)."""
    rows = con.execute(f"""
        select usage_date, scope_id, model, line_item, sum(tokens) as tokens, sum(tokens * price) as amount_usd
        from (
            select usage_date, scope_id, model, unnest([
                struct_pack(line_item := 'input', tokens := {scaled('uncached_input_tokens + cache_write_5m_tokens', scale)},
                            price := model_prices.input),
                struct_pack(line_item := 'cached input', tokens := {scaled('cache_read_tokens', scale)},
                            price := model_prices.cache_read),
                struct_pack(line_item := 'output', tokens := {scaled('output_tokens', scale)}, price := model_prices.output)
            ], recursive := true)
            from vendor_lines inner join model_prices using (model)
            where provider = 'openai' and {window}
        ) as items
        group by all having sum(tokens) > 0
        order by usage_date, scope_id, model, line_item
    """).fetchall()
    buckets: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
    for number, (usage_date, project_id, model, line_item, tokens, amount_usd) in enumerate(rows):
        truth.record("openai.costs", f"{usage_date}:{project_id}:{model}, {line_item}")
        value: Any = round(amount_usd, 10)
        buckets[usage_date].append({
            "object": "organization.costs.result",
            "amount": {"value": f"{value:.10f}".rstrip("0") if number % 17 == 0 else value, "currency": "usd"},
            "line_item": f"{model}, {line_item}",
            "project_id": project_id,
            "quantity": float(tokens),
            "quantity_unit": "tokens",
        })
    write_jsonl(path, [
        {"object": "bucket", "start_time": int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()),
         "end_time": int(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC).timestamp()),
         "results": results}
        for day, results in sorted(buckets.items())
    ])


def write_gateway_events(con: duckdb.DuckDBPyConnection, out: Path, seed: int, start: dt.date,
                         events_per_person_day: float, extracts: list[dt.datetime], truth_counts: dict[str, Any]) -> None:
    """Request-grain events named after the OpenTelemetry GenAI conventions, one Parquet file per extract.

    Each extract re-sends the last two hours before its window (overlap), so the
    same event lands twice: staging must keep one.
    """
    previous = dt.datetime.combine(start, dt.time())
    total_unique = 0
    total_rows = 0
    for extracted_at in extracts:
        window_end = dt.datetime.combine(extracted_at.date(), dt.time())
        overlap_start = previous - dt.timedelta(hours=2)
        path = out / "gateway" / "usage_events" / f"{extract_name(extracted_at)}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        query = f"""
            with days as (
                select * from gateway_days
                where channel = 'gateway'
                  and usage_date >= cast(timestamp '{overlap_start}' as date) and usage_date < date '{window_end.date()}'
            ),
            events as (
                select days.*, event_number,
                    {request_time(seed, 't')} as event_at
                from days cross join lateral range(n_events) as e(event_number)
            )
            select
                md5(concat_ws(':', {seed}, employee_id, usage_date, model, event_number)) as "event.id",
                strftime(event_at, '%Y-%m-%dT%H:%M:%S.%gZ') as "event.timestamp",
                'gen_ai.client.inference.operation.details' as "event.name",
                lower(email) as "user.email",
                md5(concat_ws(':', employee_id, usage_date, event_number // 20)) as "session.id",
                case when hash(usage_seed_id) % 2 = 0 then 'cursor' else 'internal-agent' end as "service.name",
                'chat' as "gen_ai.operation.name",
                case when model like 'claude%' then 'anthropic' else 'openai' end as "gen_ai.provider.name",
                model as "gen_ai.request.model",
                model as "gen_ai.response.model",
                cast((input_tokens + cache_read_tokens + cache_write_tokens) // n_events as bigint) as "gen_ai.usage.input_tokens",
                cast(output_tokens // n_events as bigint) as "gen_ai.usage.output_tokens",
                cast(cache_read_tokens // n_events as bigint) as "gen_ai.usage.cache_read.input_tokens",
                cast(cache_write_tokens // n_events as bigint) as "gen_ai.usage.cache_creation.input_tokens",
                -- Half the tools report a cost; a gamer uses their twin's tools.
                case when hash(usage_seed_id) % 2 = 0 then round(cost_usd / n_events, 6) end as cost_usd
            from events
            where event_at >= timestamp '{overlap_start}' and event_at < timestamp '{window_end}'
            order by event_at
        """
        con.execute(f"copy ({query}) to '{path}' (format parquet)")
        rows = con.execute(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
        unique = con.execute(f"select count(*) from read_parquet('{path}') where \"event.timestamp\" >= '{previous.isoformat()}'").fetchall()[0][0]
        total_rows += rows
        total_unique += unique
        previous = window_end
    truth_counts["raw"] = total_rows
    truth_counts["kept"] = total_unique


# Cursor names models its own way (its Admin API's `model`), not by the vendors' ids.
CURSOR_MODEL_NAMES = [
    ("claude-opus-4-5%", "claude-4.5-opus"), ("claude-opus-4-1%", "claude-4.1-opus"), ("claude-opus-4-%", "claude-4-opus"),
    ("claude-sonnet-4-5%", "claude-4.5-sonnet"), ("claude-sonnet-4-%", "claude-4-sonnet"),
    ("claude-haiku-4-5%", "claude-4.5-haiku"),
]


def write_cursor_events(con: duckdb.DuckDBPyConnection, out: Path, seed: int, start: dt.date,
                        events_per_person_day: float, extracts: list[dt.datetime], truth: Truth) -> None:
    """Cursor Admin API usage events (`filtered-usage-events`), one JSON line per event, one file per extract.

    Each extract re-reads the last two hours before its window, as an hourly poller would, so the same
    event lands twice: staging must keep one. Every field of the documented example is present.
    """
    example = load_example("cursor", "usage_events")
    model_name = "case " + " ".join(f"when model like '{pattern}' then '{name}'" for pattern, name in CURSOR_MODEL_NAMES)
    model_name += " else model end"
    con.execute(f"""
        create or replace temp table cursor_events as
        with days as (
            select usage_costed.*,
                greatest(1, cast(round({events_per_person_day} * spend_usd / 14.0) as integer)) as n_events
            from usage_costed where channel = 'cursor'
        ),
        events as (
            select days.*, event_number,
                {request_time(seed, 'cursor')} as event_at
            from days cross join lateral range(n_events) as e(event_number)
        )
        select
            event_at,
            cast(epoch_ms(event_at) as varchar) as "timestamp",
            email as "userEmail",
            {model_name} as model,
            'Usage-based' as kind,
            hash(employee_id, usage_date, event_number) % 7 = 0 as "maxMode",
            round(cost_usd / n_events * 20) / 4 as "requestsCosts",
            true as "isTokenBasedCall",
            true as "isChargeable",
            false as "isHeadless",
            struct_pack(
                "inputTokens" := input_tokens // n_events,
                "outputTokens" := output_tokens // n_events,
                "cacheWriteTokens" := cache_write_tokens // n_events,
                "cacheReadTokens" := cache_read_tokens // n_events,
                "totalCents" := round(cost_usd * 100 / n_events, 5)) as "tokenUsage",
            round(cost_usd * 100 / n_events, 5) as "chargedCents",
            false as "isFreeBugbot"
        from events
    """)
    # The demo team pays no Cursor token fee: `cursorTokenFee` comes only to teams that do.
    assert set(example) - {"cursorTokenFee"} <= {column for (column, *_) in con.execute("describe cursor_events").fetchall()}
    previous = dt.datetime.combine(start, dt.time())
    for extracted_at in extracts:
        window_end = dt.datetime.combine(extracted_at.date(), dt.time())
        overlap_start = previous - dt.timedelta(hours=2)
        window = f"event_at >= timestamp '{overlap_start}' and event_at < timestamp '{window_end}'"
        rows = con.execute(f"""
            select lower("userEmail"), "timestamp", model from cursor_events where {window}
        """).fetchall()
        for email, timestamp, model in rows:
            truth.record("cursor.usage_events", f"{email}:{timestamp}:{model}:1")
        copy_json(con, f"select * exclude (event_at) from cursor_events where {window} order by event_at desc",
                  out / "cursor" / "usage_events" / f"{extract_name(extracted_at)}.jsonl")
        previous = window_end


BEDROCK_ACCOUNT_ID = "123456789012"
BEDROCK_REGION = "us-east-1"


def write_bedrock_invocations(con: duckdb.DuckDBPyConnection, out: Path, seed: int, start: dt.date,
                              events_per_person_day: float, extracts: list[dt.datetime], truth: Truth) -> None:
    """AWS Bedrock model invocation logs, one ModelInvocationLog record per line, gzipped, one file per delivery.

    The caller is an IAM Identity Center session (role AWSReservedSSO_..., session the e-mail) or an IAM user;
    the model is named by every form callers use (base id, inference profile, the profile's ARN). Each delivery
    repeats the last day of the one before (as when S3 and CloudWatch deliver the same record twice). No prompt
    or response body: the landing contract forbids them.
    """
    profile = "arn:aws:bedrock:us-east-1:" + BEDROCK_ACCOUNT_ID + ":inference-profile/"
    con.execute(f"""
        create or replace temp table bedrock_records as
        with days as (
            select usage_costed.*,
                greatest(1, cast(round({events_per_person_day} * spend_usd / 14.0) as integer)) as n_events
            from usage_costed where channel = 'bedrock'
        ),
        events as (
            select days.*, event_number,
                usage_date + to_microseconds(cast(
                    8 * 3600e6 + (hash({seed}, employee_id, usage_date, event_number, 'bedrock')
                                  % cast(10 * 3600e6 as bigint)) as bigint)) as event_at,
                'anthropic.' || model || '-v1:0' as base_model_id,
                hash({seed}, employee_id, usage_date, event_number, 'model form') % 4 as model_form
            from days cross join lateral range(n_events) as e(event_number)
        )
        select
            event_at,
            'ModelInvocationLog' as "schemaType",
            '1.0' as "schemaVersion",
            strftime(date_trunc('second', event_at), '%Y-%m-%dT%H:%M:%SZ') as "timestamp",
            '{BEDROCK_ACCOUNT_ID}' as "accountId",
            struct_pack(arn := case
                when bedrock_principal_kind = 'sso'
                    then 'arn:aws:sts::{BEDROCK_ACCOUNT_ID}:assumed-role/AWSReservedSSO_BedrockUsers_1a2b3c4d5e6f7a8b/'
                        || bedrock_principal
                else 'arn:aws:iam::{BEDROCK_ACCOUNT_ID}:user/' || bedrock_principal end) as identity,
            '{BEDROCK_REGION}' as region,
            substr(md5(concat_ws(':', {seed}, employee_id, usage_date, event_number)), 1, 8) || '-'
                || substr(md5(concat_ws(':', {seed}, employee_id, usage_date, event_number)), 9, 4) || '-4'
                || substr(md5(concat_ws(':', {seed}, employee_id, usage_date, event_number)), 14, 3) || '-8'
                || substr(md5(concat_ws(':', {seed}, employee_id, usage_date, event_number)), 18, 3) || '-'
                || substr(md5(concat_ws(':', {seed}, employee_id, usage_date, event_number)), 21, 12) as "requestId",
            case when event_number % 3 = 0 then 'InvokeModel' else 'Converse' end as operation,
            case model_form
                when 0 then base_model_id
                when 1 then 'us.' || base_model_id
                when 2 then 'global.' || base_model_id
                else '{profile}us.' || base_model_id end as "modelId",
            struct_pack(
                "inputContentType" := 'application/json',
                "inputTokenCount" := input_tokens // n_events,
                "cacheReadInputTokenCount" := cache_read_tokens // n_events,
                "cacheWriteInputTokenCount" := cache_write_tokens // n_events) as input,
            struct_pack(
                "outputContentType" := 'application/json',
                "outputTokenCount" := output_tokens // n_events) as output,
            struct_pack(team := 'data-platform') as "requestMetadata"
        from events
    """)
    previous = dt.datetime.combine(start, dt.time())
    for extracted_at in extracts:
        window_end = dt.datetime.combine(extracted_at.date(), dt.time())
        overlap_start = previous - dt.timedelta(days=1)
        window = f"event_at >= timestamp '{overlap_start}' and event_at < timestamp '{window_end}'"
        for account, region, request_id in con.execute(f"""
            select "accountId", region, "requestId" from bedrock_records where {window}
        """).fetchall():
            truth.record("aws.bedrock_invocations", f"{account}:{region}:{request_id}")
        path = out / "aws" / "bedrock_invocations" / f"{extract_name(extracted_at)}.jsonl.gz"
        path.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"""copy (select * exclude (event_at) from bedrock_records where {window} order by event_at)
                        to '{path}' (format json, compression gzip)""")
        previous = window_end


COPILOT_ORGANIZATION = "northwind"


def write_copilot_ai_credits(con: duckdb.DuckDBPyConnection, out: Path, extracts: list[dt.datetime],
                             truth: Truth) -> None:
    """GitHub Copilot AI-credit usage reports, asked per user and UTC day, one whole response per line.

    Each extract asks for the whole days of its window (USAGE_WINDOW_DAYS), so days are reported again by the
    next extracts: staging keeps the latest. Every credit is billed (no included credits left in the demo): the
    net amount is the cost.
    """
    models = [model for (model,) in con.execute("select distinct model from usage_costed where channel = 'copilot'")
              .fetchall()]
    display = "case model " + " ".join(f"when '{m}' then '{model_display_name(m)}'" for m in models) + " end"
    for extracted_at in extracts:
        window_end = extracted_at.date()
        window = (f"usage_date >= date '{window_end - dt.timedelta(days=USAGE_WINDOW_DAYS)}' "
                  f"and usage_date < date '{window_end}'")
        con.execute(f"""
            create or replace temp table copilot_reports as
            select
                usage_date, github_login,
                list(struct_pack(
                    product := 'Copilot', sku := 'Copilot AI Credits', model := {display},
                    "unitType" := 'ai-credits', "pricePerUnit" := 0.01,
                    "grossQuantity" := round(cost_usd * 100, 7), "grossAmount" := round(cost_usd, 9),
                    "discountQuantity" := 0.0, "discountAmount" := 0.0,
                    "netQuantity" := round(cost_usd * 100, 7), "netAmount" := round(cost_usd, 9)
                ) order by model) as "usageItems"
            from usage_costed
            where channel = 'copilot' and {window}
            group by all
        """)
        for usage_date, login, model in con.execute(
                'select usage_date, github_login, unnest("usageItems").model from copilot_reports').fetchall():
            truth.record("github.copilot_ai_credit_usage",
                         f"organization:{COPILOT_ORGANIZATION}:{usage_date}:{login.lower()}:{model}")
        copy_json(con, f"""
            select
                struct_pack(year := year(usage_date), month := month(usage_date), day := day(usage_date))
                    as "timePeriod",
                '{COPILOT_ORGANIZATION}' as organization,
                github_login as "user",
                "usageItems"
            from copilot_reports order by usage_date, github_login
        """, out / "github" / "copilot_ai_credit_usage" / f"{extract_name(extracted_at)}.jsonl")


def write_litellm_spend_logs(con: duckdb.DuckDBPyConnection, out: Path, seed: int, start: dt.date,
                             extracts: list[dt.datetime], truth: Truth) -> None:
    """The LiteLLM proxy's spend logs, rows of its LiteLLM_SpendLogs table as `/spend/logs/v2` returns them, one
    per line, one file per extract (each repeats the last day of the one before: staging keeps one).

    Every field of the documented row is present; `metadata` is an object here (the database's form) holding the
    cache counts in `usage_object`; `prompt_tokens` includes them; `startTime` has no offset, as LiteLLM writes it.
    """
    con.execute(f"""
        create or replace temp table litellm_rows as
        with events as (
            select gateway_days.*, event_number,
                {request_time(seed, 'litellm')} as event_at,
                case when model like 'claude%' then 'anthropic' else 'openai' end as provider,
                (input_tokens + cache_read_tokens + cache_write_tokens) // n_events as prompt_tokens,
                cache_read_tokens // n_events as cache_read,
                cache_write_tokens // n_events as cache_write,
                output_tokens // n_events as completion_tokens
            from gateway_days cross join lateral range(n_events) as e(event_number)
            where channel = 'litellm'
        )
        select
            event_at,
            'chatcmpl-' || md5(concat_ws(':', {seed}, employee_id, usage_date, model, event_number, 'litellm'))
                as request_id,
            'acompletion' as call_type,
            sha256(lower(email) || ':litellm-virtual-key') as api_key,
            round(cost_usd / n_events, 9) as spend,
            prompt_tokens + completion_tokens as total_tokens,
            prompt_tokens,
            completion_tokens,
            strftime(event_at, '%Y-%m-%dT%H:%M:%S.%f') as "startTime",
            strftime(event_at + interval 2 second, '%Y-%m-%dT%H:%M:%S.%f') as "endTime",
            strftime(event_at + interval 300 millisecond, '%Y-%m-%dT%H:%M:%S.%f') as "completionStartTime",
            provider || '/' || model as model,
            '' as model_id,
            case when provider = 'anthropic' then 'claude-default' else 'gpt-default' end as model_group,
            provider as custom_llm_provider,
            '' as api_base,
            lower(email) as "user",
            struct_pack(
                usage_object := struct_pack(
                    total_tokens := prompt_tokens + completion_tokens,
                    prompt_tokens := prompt_tokens,
                    completion_tokens := completion_tokens,
                    prompt_tokens_details := struct_pack(cached_tokens := cache_read, cache_creation_tokens := cache_write),
                    cache_read_input_tokens := cache_read,
                    cache_creation_input_tokens := cache_write),
                user_api_key_user_id := lower(email),
                user_api_key_alias := 'personal',
                applied_guardrails := []::varchar[]) as metadata,
            'False' as cache_hit,
            'Cache OFF' as cache_key,
            []::varchar[] as request_tags,
            '' as team_id,
            '' as end_user,
            null as requester_ip_address,
            'success' as status
        from events
    """)
    previous = dt.datetime.combine(start, dt.time())
    for extracted_at in extracts:
        window_end = dt.datetime.combine(extracted_at.date(), dt.time())
        window = f"event_at >= timestamp '{previous - dt.timedelta(days=1)}' and event_at < timestamp '{window_end}'"
        for (request_id,) in con.execute(f"select request_id from litellm_rows where {window}").fetchall():
            truth.record("gateway.litellm_spend_logs", request_id)
        copy_json(con, f"select * exclude (event_at) from litellm_rows where {window} order by event_at",
                  out / "gateway" / "litellm_spend_logs" / f"{extract_name(extracted_at)}.jsonl")
        previous = window_end


COPILOT_ORGANIZATION_ID = "91530176"


def write_copilot_user_metrics(con: duckdb.DuckDBPyConnection, out: Path, extracts: list[dt.datetime],
                               truth: Truth) -> None:
    """GitHub Copilot's users-1-day usage metrics, one user and day per line (the NDJSON behind the report's
    download links), for the days each extract's window holds: activity, the CLI's tokens and the AI credits
    used. Every field of the documented record, the breakdowns included; `ai_credits_used` from 2026-06-19 on."""
    for extracted_at in extracts:
        window_end = extracted_at.date()
        window = (f"usage_date >= date '{window_end - dt.timedelta(days=USAGE_WINDOW_DAYS)}' "
                  f"and usage_date < date '{window_end}'")
        con.execute(f"""
            create or replace temp table copilot_metrics as
            select usage_date, github_login,
                5000000 + abs(hash(github_login)) % 1000000 as user_id,
                cast(round(sum(cost_usd) * 3) as bigint) as interactions,
                cast(round(sum(cost_usd) * 40) as bigint) as lines_added,
                sum(cost_usd) * 100 as credits,
                sum(input_tokens + cache_read_tokens + cache_write_tokens) // 10 as cli_prompt_tokens,
                sum(output_tokens) // 10 as cli_output_tokens
            from usage_costed where channel = 'copilot' and {window}
            group by all
        """)
        for usage_date, login in con.execute("select usage_date, github_login from copilot_metrics").fetchall():
            truth.record("github.copilot_user_metrics", f"{usage_date}:{login.lower()}")
        copy_json(con, f"""
            select
                case when usage_date >= date '2026-06-19' then round(credits, 4) end as ai_credits_used,
                interactions as code_acceptance_activity_count,
                interactions * 2 as code_generation_activity_count,
                strftime(usage_date, '%Y-%m-%d') as day,
                '{COPILOT_ORGANIZATION_ID}' as organization_id,
                lines_added as loc_added_sum,
                lines_added // 5 as loc_deleted_sum,
                lines_added * 2 as loc_suggested_to_add_sum,
                lines_added // 4 as loc_suggested_to_delete_sum,
                struct_pack(
                    last_known_cli_version := struct_pack(cli_version := '1.0.8',
                        sampled_at := strftime(usage_date, '%Y-%m-%dT09:00:00.000Z')),
                    prompt_count := 4, request_count := 4, session_count := 1,
                    token_usage := struct_pack(
                        avg_tokens_per_request := round((cli_prompt_tokens + cli_output_tokens) / 4, 1),
                        output_tokens_sum := cli_output_tokens, prompt_tokens_sum := cli_prompt_tokens)
                ) as totals_by_cli,
                [struct_pack(code_acceptance_activity_count := interactions,
                             code_generation_activity_count := interactions * 2, feature := 'agent_edit',
                             loc_added_sum := lines_added, loc_deleted_sum := lines_added // 5,
                             loc_suggested_to_add_sum := lines_added * 2,
                             loc_suggested_to_delete_sum := lines_added // 4,
                             user_initiated_interaction_count := interactions)] as totals_by_feature,
                [struct_pack(code_acceptance_activity_count := interactions,
                             code_generation_activity_count := interactions * 2, ide := 'vscode',
                             loc_added_sum := lines_added, loc_deleted_sum := lines_added // 5,
                             loc_suggested_to_add_sum := lines_added * 2,
                             loc_suggested_to_delete_sum := lines_added // 4,
                             user_initiated_interaction_count := interactions)] as totals_by_ide,
                []::varchar[] as totals_by_language_feature,
                []::varchar[] as totals_by_language_model,
                []::varchar[] as totals_by_model_feature,
                true as used_agent,
                true as used_chat,
                true as used_cli,
                user_id,
                github_login as user_login,
                interactions as user_initiated_interaction_count
            from copilot_metrics order by usage_date, github_login
        """, out / "github" / "copilot_user_metrics" / f"{extract_name(extracted_at)}.jsonl")


# The agent platform's spans per OTLP export request (a Collector's batch), and how often a batch also carries
# the agent's own span, which sums its model calls' usage.
OTLP_SPANS_PER_EXPORT = 40
OTLP_AGENT_SPAN_EVERY = 10


def otlp_attribute(key: str, value_sql: str, kind: str = "stringValue") -> str:
    """SQL for one OTLP/JSON attribute, `{"key": ..., "value": {"<kind>": ...}}`; an intValue is a JSON string."""
    quoted = value_sql if kind == "doubleValue" else f"to_json(cast({value_sql} as varchar))"
    return f"""'{{"key":"{key}","value":{{"{kind}":' || {quoted} || '}}}}'"""


def write_otlp_traces(con: duckdb.DuckDBPyConnection, out: Path, seed: int, start: dt.date,
                      extracts: list[dt.datetime], truth: Truth) -> None:
    """The agent platform's traces as an OpenTelemetry Collector's file exporter writes them: one OTLP/JSON
    export request per line (`resourceSpans[].scopeSpans[].spans[]`), one file per extract, each repeating the
    last day of the one before (the Collector may send a span twice: staging keeps one).

    A model call is a `chat` span with the GenAI conventions' attributes (ints as JSON strings, times as Unix
    nanoseconds in strings, ids in hex) and the caller's `user.email`. Each batch also holds the HTTP span of its
    first call (not usage); every tenth batch the agent's `invoke_agent` span, which sums its calls' usage
    (quarantined: counting it would count them twice); and each extract one batch of health checks only.
    """
    con.execute(f"""
        create or replace temp table otlp_spans as
        with events as (
            select gateway_days.*, event_number,
                {request_time(seed, 'otlp')} as event_at,
                case when model like 'claude%' then 'anthropic' else 'openai' end as provider,
                (input_tokens + cache_read_tokens + cache_write_tokens) // n_events as input_total,
                cache_read_tokens // n_events as cache_read,
                cache_write_tokens // n_events as cache_write,
                output_tokens // n_events as output
            from gateway_days cross join lateral range(n_events) as e(event_number)
            where channel = 'otlp'
        )
        select
            event_at, lower(email) as email, provider, model, input_total, cache_read, cache_write, output,
            md5(concat_ws(':', {seed}, employee_id, usage_date, model, event_number, 'otlp-trace')) as trace_id,
            left(md5(concat_ws(':', {seed}, employee_id, usage_date, model, event_number, 'otlp-span')), 16)
                as span_id
        from events
    """)
    chat_span = f"""
        '{{"traceId":"' || trace_id || '","spanId":"' || span_id || '","parentSpanId":"","name":"chat '
        || model || '","kind":3,"startTimeUnixNano":"' || epoch_ns(event_at) || '","endTimeUnixNano":"'
        || (epoch_ns(event_at) + 2300000000) || '","attributes":['
        || {otlp_attribute("gen_ai.operation.name", "'chat'")} || ','
        || {otlp_attribute("gen_ai.provider.name", "provider")} || ','
        || {otlp_attribute("gen_ai.request.model", "model")} || ','
        || {otlp_attribute("gen_ai.response.model", "model")} || ','
        || {otlp_attribute("gen_ai.usage.input_tokens", "input_total", "intValue")} || ','
        || {otlp_attribute("gen_ai.usage.output_tokens", "output", "intValue")} || ','
        || {otlp_attribute("gen_ai.usage.cache_read.input_tokens", "cache_read", "intValue")} || ','
        || {otlp_attribute("gen_ai.usage.cache_creation.input_tokens", "cache_write", "intValue")} || ','
        || {otlp_attribute("user.email", "email")} || '],"status":{{}}}}'"""
    http_span = f"""
        '{{"traceId":"' || trace_id || '","spanId":"' || right(md5(span_id), 16) || '","parentSpanId":"'
        || span_id || '","name":"POST","kind":3,"startTimeUnixNano":"' || (epoch_ns(event_at) + 1000000)
        || '","endTimeUnixNano":"' || (epoch_ns(event_at) + 2200000000) || '","attributes":['
        || {otlp_attribute("http.request.method", "'POST'")} || ','
        || {otlp_attribute("server.address", "case when provider = 'anthropic' then 'api.anthropic.com' else 'api.openai.com' end")} || ','
        || {otlp_attribute("http.response.status_code", "200", "intValue")} || '],"status":{{}}}}'"""
    agent_span = f"""
        '{{"traceId":"' || md5(batch_key) || '","spanId":"' || left(md5(batch_key || ':agent'), 16)
        || '","name":"invoke_agent triage","kind":1,"startTimeUnixNano":"' || epoch_ns(min(event_at))
        || '","endTimeUnixNano":"' || epoch_ns(max(event_at)) || '","attributes":['
        || {otlp_attribute("gen_ai.operation.name", "'invoke_agent'")} || ','
        || {otlp_attribute("gen_ai.agent.name", "'triage'")} || ','
        || {otlp_attribute("gen_ai.usage.input_tokens", "sum(input_total)", "intValue")} || ','
        || {otlp_attribute("gen_ai.usage.output_tokens", "sum(output)", "intValue")} || '],"status":{{}}}}'"""
    resource = ('{"resource":{"attributes":['
                '{"key":"service.name","value":{"stringValue":"agent-platform"}},'
                '{"key":"service.version","value":{"stringValue":"2.3.1"}},'
                '{"key":"deployment.environment.name","value":{"stringValue":"production"}}]},'
                '"scopeSpans":[{"scope":{"name":"opentelemetry.instrumentation.genai","version":"0.41b0"},"spans":[')
    end = ']}],"schemaUrl":"https://opentelemetry.io/schemas/1.37.0"}]}'
    previous = dt.datetime.combine(start, dt.time())
    for extracted_at in extracts:
        window_end = dt.datetime.combine(extracted_at.date(), dt.time())
        window = f"event_at >= timestamp '{previous - dt.timedelta(days=1)}' and event_at < timestamp '{window_end}'"
        spans = con.execute(f"""
            select trace_id || ':' || span_id,
                (row_number() over (order by event_at, trace_id) - 1) // {OTLP_SPANS_PER_EXPORT} as batch
            from otlp_spans where {window}
        """).fetchall()
        for key, _ in spans:
            truth.record("gateway.otlp_traces", key)
        batches = {batch for _, batch in spans}
        for batch in batches:
            if batch % OTLP_AGENT_SPAN_EVERY == 0:
                truth.bad("gateway.otlp_traces", "agent_operation_total")
        health_id = hashlib.md5(f"{seed}:health:{extracted_at.isoformat()}".encode()).hexdigest()
        health = ('{"resourceSpans":[' + resource.replace("agent-platform", "agent-platform-health")
                  + '{"traceId":"' + health_id + '","spanId":"' + health_id[:16]
                  + '","name":"GET /healthz","kind":2,"startTimeUnixNano":"'
                  + str(int(extracted_at.replace(tzinfo=dt.UTC).timestamp()) * 10**9) + '","attributes":['
                  + '{"key":"http.request.method","value":{"stringValue":"GET"}}],"status":{}}' + end)
        lines = con.execute(f"""
            with numbered as (
                select *, (row_number() over (order by event_at, trace_id) - 1) // {OTLP_SPANS_PER_EXPORT} as batch,
                    row_number() over (order by event_at, trace_id) as position,
                    '{extract_name(extracted_at)}:' || ((row_number() over (order by event_at, trace_id) - 1)
                        // {OTLP_SPANS_PER_EXPORT}) as batch_key
                from otlp_spans where {window}
            ),
            batch_spans as (
                select batch, string_agg({chat_span}
                    || case when (position - 1) % {OTLP_SPANS_PER_EXPORT} = 0 then ',' || {http_span} else '' end,
                    ',' order by position) as spans
                from numbered group by batch
            ),
            agent_spans as (
                select batch, {agent_span} as span
                from numbered where batch % {OTLP_AGENT_SPAN_EVERY} = 0 group by batch, batch_key
            )
            select '{{"resourceSpans":[' || '{resource}' || batch_spans.spans
                || coalesce(',' || agent_spans.span, '') || '{end}'
            from batch_spans left join agent_spans using (batch)
            order by batch
        """).fetchall()
        path = out / "gateway" / "otlp_traces" / f"{extract_name(extracted_at)}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w") as handle:
            handle.write(health + "\n")
            for (line,) in lines:
                handle.write(line + "\n")
        previous = window_end
