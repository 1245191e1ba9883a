"""Usage, built inside DuckDB: each person's spend per day and channel (Claude Code, the Anthropic and
OpenAI APIs, the AI gateway), priced by the price book (seeds/model_prices.csv), and the same traffic
as the vendors see and bill it. Usage grows with people x days x events, so it stays in SQL;
usage_reports.py writes it out in the vendors' shapes.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path
from typing import Any

import duckdb

from token_outcomes.demo.organisation import (
    ARCHETYPES,
    PRE_ADOPTION_SPEND_SHARE,
    bedrock_principal,
    tool_draw,
    uses_api,
    uses_cursor,
)
from token_outcomes.paths import REPO_ROOT

PRICE_BOOK = Path(os.environ.get("PRICE_BOOK_OVERRIDE", REPO_ROOT / "seeds" / "model_prices.csv"))
# Preferred models, in order; the first one the price book knows is used.
MODEL_PREFERENCES = {
    "anthropic_heavy": ["claude-opus-4-5-20251101", "claude-opus-4-1-20250805", "claude-opus-4-20250514"],
    "anthropic_default": ["claude-sonnet-4-5-20250929", "claude-sonnet-4-20250514"],
    "anthropic_light": ["claude-haiku-4-5-20251001", "claude-3-5-haiku-20241022"],
    "openai_default": ["gpt-5", "gpt-4.1"],
    "openai_light": ["gpt-5-mini", "gpt-4.1-mini"],
}
# Token mix of agentic coding: mostly cache reads. Shares of all tokens.
TOKEN_MIX = {"input": 0.10, "cache_read": 0.75, "cache_write": 0.10, "output": 0.05}
# Every dollar once: where the demo's spend is reported twice, as in a real
# organisation. Claude Code's /login keys live in an automatically created
# "Claude Code" workspace, so its usage is also in the Messages usage report;
# the gateway calls both vendors with keys of its own, so its requests are
# also in their usage reports. The cost reports bill all of it once.
DATA_SCIENCE_WORKSPACE = "wrkspc_01NorthwindDataScience00"
CLAUDE_CODE_WORKSPACE = "wrkspc_01NorthwindClaudeCode000"
GATEWAY_WORKSPACE = "wrkspc_01NorthwindAiGateway0000"
GATEWAY_ANTHROPIC_KEY = "apikey_01NorthwindAiGateway000000"
RESEARCH_PROJECT = "proj_NorthwindResearch01"
GATEWAY_PROJECT = "proj_NorthwindAiGateway01"
GATEWAY_OPENAI_KEY = "key_NorthwindAiGateway1"
# A second gateway, a LiteLLM proxy some teams run, with vendor keys of its own in the same workspace and project.
LITELLM_ANTHROPIC_KEY = "apikey_01NorthwindLiteLlmProxy00000"
LITELLM_OPENAI_KEY = "key_NorthwindLiteLlmProxy"
# A third, the agent platform, instrumented with OpenTelemetry: its collector exports GenAI spans (OTLP/JSON).
OTEL_ANTHROPIC_KEY = "apikey_01NorthwindAgentPlatform0000"
OTEL_OPENAI_KEY = "key_NorthwindAgentPlatform"
COVERAGE_RULES = [
    {"source": "anthropic_api", "workspace_id": CLAUDE_CODE_WORKSPACE, "covered_by": "anthropic_claude_code",
     "note": "Claude Code /login keys: reported per person by Claude Code Analytics"},
    {"source": "anthropic_api", "api_key_id": GATEWAY_ANTHROPIC_KEY, "covered_by": "gateway",
     "note": "the AI gateway's Anthropic key: reported per request by the gateway"},
    {"source": "openai_api", "api_key_id": GATEWAY_OPENAI_KEY, "covered_by": "gateway",
     "note": "the AI gateway's OpenAI key: reported per request by the gateway"},
    {"source": "anthropic_api", "api_key_id": LITELLM_ANTHROPIC_KEY, "covered_by": "litellm",
     "note": "the LiteLLM proxy's Anthropic key: reported per request in its spend logs"},
    {"source": "openai_api", "api_key_id": LITELLM_OPENAI_KEY, "covered_by": "litellm",
     "note": "the LiteLLM proxy's OpenAI key: reported per request in its spend logs"},
    {"source": "anthropic_api", "api_key_id": OTEL_ANTHROPIC_KEY, "covered_by": "otlp",
     "note": "the agent platform's Anthropic key: reported per request in its OpenTelemetry spans"},
    {"source": "openai_api", "api_key_id": OTEL_OPENAI_KEY, "covered_by": "otlp",
     "note": "the agent platform's OpenAI key: reported per request in its OpenTelemetry spans"},
]


def load_prices() -> dict[str, dict[str, float]]:
    """Latest price of each model in the price book seed, USD per token."""
    latest: dict[str, tuple[str, dict[str, float]]] = {}
    with PRICE_BOOK.open(newline="") as handle:
        for row in csv.DictReader(handle):
            def rate(column: str, fallback: str, row: dict[str, str] = row) -> float:
                return float(row[column] or row[fallback]) / 1e6

            prices = {
                "input": rate("input_usd_per_mtok", "input_usd_per_mtok"),
                "output": rate("output_usd_per_mtok", "output_usd_per_mtok"),
                "cache_read": rate("cache_read_usd_per_mtok", "input_usd_per_mtok"),
                "cache_write": rate("cache_write_5m_usd_per_mtok", "input_usd_per_mtok"),
                "cache_write_1h": rate("cache_write_1h_usd_per_mtok", "input_usd_per_mtok"),
            }
            if row["model_id"] not in latest or row["effective_from"] > latest[row["model_id"]][0]:
                latest[row["model_id"]] = (row["effective_from"], prices)
    return {model: prices for model, (_, prices) in latest.items()}


def pick_model(prices: dict[str, dict[str, float]], tier: str) -> str:
    for model in MODEL_PREFERENCES[tier]:
        if model in prices:
            return model
    raise SystemExit(f"seeds/model_prices.csv has none of {MODEL_PREFERENCES[tier]} (tier {tier})")


def usage_people_table(con: duckdb.DuckDBPyConnection, people: list[dict[str, Any]],
                       prices: dict[str, dict[str, float]], contractor: dict[str, Any]) -> None:
    """Load the per-person usage profile into DuckDB; everything after is SQL."""
    heavy, default, light = (pick_model(prices, t) for t in ("anthropic_heavy", "anthropic_default", "anthropic_light"))
    rows = []
    for person in people + [contractor]:
        profile = ARCHETYPES[person.get("profile", person["archetype"])]
        api = uses_api(person)
        # A third of the others code in Cursor, billed by Cursor, for part of what they did in Claude Code;
        # a third of the API users call Claude through AWS Bedrock instead of Anthropic's API. A planted
        # gamer as their twin.
        cursor = uses_cursor(person)
        # Another third of them use GitHub Copilot, billed in AI credits, for some of it.
        uses_copilot = not api and tool_draw(person) % 3 == 2 and bool(person.get("github_login"))
        principal = bedrock_principal(person)
        # A quarter of the people reach the vendors through the LiteLLM proxy instead of the gateway.
        uses_litellm = tool_draw(person) % 4 == 3
        # Another quarter reach them through the agent platform, whose spans an OpenTelemetry Collector exports.
        uses_otlp = tool_draw(person) % 4 == 1
        primary = heavy if person["archetype"] in ("power_user", "tokenmaxxer") else default
        rows.append((
            person["employee_id"], person["email"], person["claude_code_email"], person["archetype"],
            profile["daily_spend"] * person.get("spend_multiplier", 1.0) * person.get("token_padding", 1.0),
            profile["active_share"],
            person["archetype"] == "tokenmaxxer",
            0.55 if api else 0.45 if cursor else 0.55 if uses_copilot else 0.7, 0.25 if api else 0.3,
            0.1 if api else 0.0, 0.1 if api and not principal else 0.0, 0.25 if cursor else 0.0,
            0.1 if principal else 0.0, principal[0] if principal else None, principal[1] if principal else None,
            0.15 if uses_copilot else 0.0, person.get("github_login"), uses_litellm, uses_otlp,
            primary, light,
            person["openai_user_id"], person["anthropic_api_key_id"], person["anthropic_account_id"],
            person["hire_date"], person["termination_date"], person.get("usage_seed_id", person["employee_id"]),
            person.get("adoption_date"),
        ))
    con.execute("""
        create or replace table usage_people (
            employee_id varchar, email varchar, claude_code_email varchar, archetype varchar,
            daily_spend double, active_share double, around_the_clock boolean,
            claude_code_share double, gateway_share double, openai_share double, anthropic_api_share double,
            cursor_share double, bedrock_share double, bedrock_principal_kind varchar, bedrock_principal varchar,
            copilot_share double, github_login varchar, uses_litellm boolean, uses_otlp boolean, primary_model varchar, light_model varchar,
            openai_user_id varchar, anthropic_api_key_id varchar, anthropic_account_id varchar,
            hire_date date, termination_date date, usage_seed_id varchar, adoption_date date)
    """)
    con.executemany("insert into usage_people values (" + ",".join(["?"] * 28) + ")", rows)
    con.execute("""create or replace table model_prices (
        model varchar, input double, output double, cache_read double, cache_write double, cache_write_1h double)""")
    con.executemany("insert into model_prices values (?, ?, ?, ?, ?, ?)",
                    [(m, p["input"], p["output"], p["cache_read"], p["cache_write"], p["cache_write_1h"])
                     for m, p in prices.items()])


def build_person_days(con: duckdb.DuckDBPyConnection, seed: int, start: dt.date, days: int) -> None:
    """Spend per person, day and channel. Noise comes from hashes, so it does not depend on row order."""
    con.execute(f"""
        create or replace table person_days as
        with calendar as (
            select cast(date '{start.isoformat()}' + to_days(cast(day_number as integer)) as date) as usage_date
            from range({days}) as days(day_number)
        ),
        draws as (
            select
                usage_people.*,
                calendar.usage_date,
                -- Draws follow usage_seed_id: a planted gamer spends exactly as their honest twin.
                (hash({seed}, usage_seed_id, usage_date, 'active') % 1000000) / 1e6 as active_draw,
                0.5 + (hash({seed}, usage_seed_id, usage_date, 'spend') % 1000000) / 1e6 as spend_noise,
                dayofweek(usage_date) in (0, 6) as is_weekend
            from usage_people
            cross join calendar
            where calendar.usage_date >= usage_people.hire_date
              and (usage_people.termination_date is null or calendar.usage_date < usage_people.termination_date)
        )
        select
            employee_id, usage_seed_id, email, claude_code_email, archetype, usage_date, around_the_clock,
            primary_model, light_model, openai_user_id, anthropic_api_key_id, anthropic_account_id,
            daily_spend * spend_noise
                * case when is_weekend and not around_the_clock then 0.05 else 1 end
                * case when active_draw < active_share then 1 else 0 end
                -- The late adopter team, before its adoption, uses AI a little.
                * case when usage_date < adoption_date then {PRE_ADOPTION_SPEND_SHARE} else 1 end as spend_usd,
            claude_code_share, gateway_share, openai_share, anthropic_api_share, cursor_share, bedrock_share,
            bedrock_principal_kind, bedrock_principal, copilot_share, github_login, uses_litellm, uses_otlp
        from draws
    """)


def tokens_sql(spend: str, model: str) -> str:
    """Whole tokens of each type that cost `spend` USD at `model`'s price under TOKEN_MIX."""
    per_token = (f"({TOKEN_MIX['input']} * {model}.input + {TOKEN_MIX['cache_read']} * {model}.cache_read"
                 f" + {TOKEN_MIX['cache_write']} * {model}.cache_write + {TOKEN_MIX['output']} * {model}.output)")
    total = f"({spend}) / {per_token}"
    return ", ".join(
        f"cast(round({total} * {share}) as bigint) as {kind}_tokens" for kind, share in TOKEN_MIX.items()
    )


def build_usage_lines(con: duckdb.DuckDBPyConnection, openai_default: str, openai_light: str) -> None:
    """Daily usage per person, channel and model, with exact tokens and cost."""
    con.execute(f"""
        create or replace table usage_lines as
        with channel_models as (
            select person_days.*, channel, model, model_share
            from person_days
            cross join (values
                ('claude_code', 'primary', 0.85), ('claude_code', 'light', 0.15),
                ('anthropic_api', 'primary', 1.0), ('openai', 'openai', 1.0), ('cursor', 'primary', 1.0),
                ('bedrock', 'primary', 1.0), ('copilot', 'primary', 1.0),
                -- The gateway routes to both vendors.
                ('gateway', 'primary', 0.8), ('gateway', 'openai', 0.2)
            ) as mix(channel, model_role, model_share)
            cross join lateral (select case
                when model_role = 'primary' then primary_model
                when model_role = 'light' then light_model
                else 'OPENAI' end as model)
            where spend_usd > 0
        ),
        with_spend as (
            select *,
                spend_usd * model_share * case channel
                    when 'claude_code' then claude_code_share when 'gateway' then gateway_share
                    when 'openai' then openai_share when 'cursor' then cursor_share
                    when 'bedrock' then bedrock_share when 'copilot' then copilot_share
                    else anthropic_api_share end as line_spend
            from channel_models
        ),
        priced as (
            select with_spend.* exclude (model, channel),
                case
                    when with_spend.channel = 'gateway' and uses_litellm then 'litellm'
                    when with_spend.channel = 'gateway' and uses_otlp then 'otlp'
                    else with_spend.channel
                end
                    as channel,
                case when with_spend.model = 'OPENAI' then
                    case when archetype in ('light', 'efficient') then '{openai_light}' else '{openai_default}' end
                else with_spend.model end as model
            from with_spend where line_spend > 0
        )
        select priced.*, {tokens_sql('line_spend', 'model_prices')},
        from priced
        inner join model_prices on model_prices.model = priced.model
    """)


def cost_usage_lines(con: duckdb.DuckDBPyConnection) -> None:
    """Each usage line's list-price cost, as the vendor bills it."""
    con.execute("""
        create or replace table usage_costed as
        select usage_lines.*,
            input_tokens * model_prices.input + cache_read_tokens * model_prices.cache_read
              -- The Messages report puts a fifth of cache writes in the 1-hour cache.
              + case when channel = 'anthropic_api'
                    then (cache_write_tokens - cache_write_tokens // 5) * model_prices.cache_write
                        + (cache_write_tokens // 5) * model_prices.cache_write_1h
                    else cache_write_tokens * model_prices.cache_write end
              + output_tokens * model_prices.output as cost_usd
        from usage_lines inner join model_prices using (model)
    """)


def build_gateway_days(con: duckdb.DuckDBPyConnection, events_per_person_day: float) -> None:
    """How many requests the gateways (the gateway, the LiteLLM proxy) log for each of their person-day-model
    lines."""
    con.execute(f"""
        create or replace table gateway_days as
        select usage_costed.*,
            -- LiteLLM's rows are large (a kilobyte each): the proxy logs a quarter as many, larger requests.
            greatest(1, cast(round({events_per_person_day} * spend_usd
                / case when channel in ('litellm', 'otlp') then 56.0 else 14.0 end) as integer)) as n_events
        from usage_costed where channel in ('gateway', 'litellm', 'otlp')
    """)


def build_vendor_lines(con: duckdb.DuckDBPyConnection) -> None:
    """All traffic as the vendors see it: per day, key, workspace or project, and model.

    Besides the API traffic of data scientists, the vendors see Claude Code's
    traffic (per-person /login keys in the Claude Code workspace) and the
    gateway's (its own key; tokens summed over the requests it logged, whole
    tokens per request as write_gateway_events writes them).
    """
    con.execute(f"""
        create or replace table vendor_lines as
        select 'anthropic' as provider, 'anthropic_api' as channel, usage_date, anthropic_api_key_id as api_key_id,
            anthropic_account_id as account_id, '{DATA_SCIENCE_WORKSPACE}' as scope_id, cast(null as varchar) as user_id, model,
            input_tokens as uncached_input_tokens, cache_read_tokens,
            -- The Messages report puts a fifth of cache writes in the 1-hour cache.
            cache_write_tokens - cache_write_tokens // 5 as cache_write_5m_tokens, cache_write_tokens // 5 as cache_write_1h_tokens,
            output_tokens, cast(null as bigint) as requests
        from usage_costed where channel = 'anthropic_api'
        union all
        select 'anthropic', 'claude_code', usage_date, 'apikey_01ClaudeCode' || substr(md5(employee_id), 1, 14),
            null, '{CLAUDE_CODE_WORKSPACE}', null, model,
            input_tokens, cache_read_tokens, cache_write_tokens, 0, output_tokens, null
        from usage_costed where channel = 'claude_code'
        union all
        select provider, channel, usage_date, max(api_key_id), null, max(scope_id), null, model,
            sum(n_events * (input_total // n_events - cache_read_tokens // n_events - cache_write_tokens // n_events)),
            sum(n_events * (cache_read_tokens // n_events)), sum(n_events * (cache_write_tokens // n_events)), 0,
            sum(n_events * (output_tokens // n_events)), sum(n_events)
        from (
            select gateway_days.*, input_tokens + cache_read_tokens + cache_write_tokens as input_total,
                case when model like 'claude%' then 'anthropic' else 'openai' end as provider,
                case
                    when channel = 'litellm' and model like 'claude%' then '{LITELLM_ANTHROPIC_KEY}'
                    when channel = 'litellm' then '{LITELLM_OPENAI_KEY}'
                    when channel = 'otlp' and model like 'claude%' then '{OTEL_ANTHROPIC_KEY}'
                    when channel = 'otlp' then '{OTEL_OPENAI_KEY}'
                    when model like 'claude%' then '{GATEWAY_ANTHROPIC_KEY}' else '{GATEWAY_OPENAI_KEY}' end as api_key_id,
                case when model like 'claude%' then '{GATEWAY_WORKSPACE}' else '{GATEWAY_PROJECT}' end as scope_id
            from gateway_days
        ) as gateway_requests
        group by provider, channel, usage_date, model
        union all
        select 'openai', 'openai', usage_date, null, null, '{RESEARCH_PROJECT}', openai_user_id, model,
            input_tokens, cache_read_tokens, cache_write_tokens, 0, output_tokens,
            greatest(1, cast(round(line_spend * 20) as bigint))
        from usage_costed where channel = 'openai'
    """)
    # What the vendor bills: every token at the list price of its type. OpenAI
    # bills no cache writes: they are input there.
    con.execute("""
        create or replace table vendor_costs as
        select vendor_lines.*,
            uncached_input_tokens * model_prices.input + cache_read_tokens * model_prices.cache_read
                + cache_write_5m_tokens * case when provider = 'openai' then model_prices.input else model_prices.cache_write end
                + cache_write_1h_tokens * model_prices.cache_write_1h
                + output_tokens * model_prices.output as cost_usd
        from vendor_lines inner join model_prices using (model)
    """)


def monthly_spend(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, dt.date], float]:
    rows = con.execute("""
        select employee_id, cast(date_trunc('month', usage_date) as date), sum(cost_usd)
        from usage_costed group by all
    """).fetchall()
    return {(employee_id, month): float(spend) for employee_id, month, spend in rows}
