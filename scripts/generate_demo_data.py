"""Generate token_outcomes' demo landing data, deterministically, in the vendors' own shapes.

One job: write every landing entity of DESIGN.md under --out
(``<out>/<source>/<entity>/<extracted-at>.<ext>``) for a made-up organisation,
plus ``<out>/_demo_truth.json``, the sidecar that records what was planted
(archetypes, the promotion, the person missing from HRIS, the reverted PR, the
bad records) and how many records each source must yield, so tests compare the
build against what the generator knows rather than against what the models
computed.

The organisation and its outcomes are small and built in Python. Usage, which
grows with people x days x events, is built inside DuckDB and written by
DuckDB (JSON lines for the vendor reports, Parquet for gateway events), so the
same script feeds a 100-million-event benchmark by raising the scale flags.
JSON records are copies of the vendors' documented example objects
(tests/pytest/vendor_examples) with the demo's values put in, so every
field the vendor returns is there.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import hashlib
import json
import math
import random
import shutil
import string
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent
VENDOR_EXAMPLES = REPO_ROOT / "tests" / "pytest" / "vendor_examples"
PRICE_BOOK = Path(__import__("os").environ.get("PRICE_BOOK_OVERRIDE", REPO_ROOT / "seeds" / "model_prices.csv"))
COMPANY_DOMAIN = "northwind.example"
ORGANIZATION_ID = "4f7d2c1e-8a3b-4c6d-9e0f-1a2b3c4d5e6f"

TEAMS = [
    ("payments", "PAY"), ("checkout", "CHK"), ("search", "SRCH"), ("platform", "PLAT"),
    ("data-platform", "DATA"), ("machine-learning", "ML"), ("mobile", "MOB"), ("web", "WEB"),
    ("infrastructure", "INFRA"), ("security", "SEC"), ("growth", "GROW"), ("identity", "IDN"),
]
# Role mix of an engineering organisation; planted archetypes are drawn from
# software engineers at L4/L5, the cohorts large enough to have medians.
ROLE_WEIGHTS = [
    ("software_engineer", 0.60), ("site_reliability_engineer", 0.12),
    ("data_scientist", 0.10), ("ml_engineer", 0.08), ("engineering_manager", 0.10),
]
LEVELS = {
    "software_engineer": ["L3", "L4", "L5", "L6", "L7"],
    "site_reliability_engineer": ["L3", "L4", "L5", "L6"],
    "data_scientist": ["L3", "L4", "L5", "L6"],
    "ml_engineer": ["L3", "L4", "L5", "L6"],
    "engineering_manager": ["M1", "M2", "M3"],
}
FIRST_NAMES = [
    "ada", "alan", "grace", "linus", "margaret", "dennis", "barbara", "ken", "frances", "edsger",
    "radia", "tim", "karen", "guido", "hedy", "donald", "anita", "bjarne", "shafi", "vint",
    "sophie", "yukihiro", "joan", "larry", "mary", "john", "lynn", "brian", "jean", "niklaus",
    "katherine", "james", "fei", "andrew", "leslie", "rob", "carol", "ward", "amy", "rich",
]
LAST_NAMES = [
    "lovelace", "turing", "hopper", "torvalds", "hamilton", "ritchie", "liskov", "thompson",
    "allen", "dijkstra", "perlman", "berners", "jones", "rossum", "lamarr", "knuth", "borg",
    "stroustrup", "goldwasser", "cerf", "wilson", "matsumoto", "clarke", "wall", "keller",
    "backus", "conway", "kernighan", "sammet", "wirth", "johnson", "gosling", "li", "ng",
    "lamport", "pike", "shaw", "cunningham", "chen", "hickey",
]
# Daily AI spend in USD on a working day, and outcomes per working day.
ARCHETYPES = {
    "power_user": {"daily_spend": 60.0, "outcomes_per_day": 0.85, "value_bias": 2, "active_share": 0.95},
    "tokenmaxxer": {"daily_spend": 85.0, "outcomes_per_day": 0.10, "value_bias": -1, "active_share": 1.0},
    "efficient": {"daily_spend": 3.0, "outcomes_per_day": 0.75, "value_bias": 2, "active_share": 0.6},
    "light": {"daily_spend": 2.0, "outcomes_per_day": 0.15, "value_bias": -1, "active_share": 0.3},
    "no_ai": {"daily_spend": 0.0, "outcomes_per_day": 0.30, "value_bias": 0, "active_share": 0.0},
    "typical": {"daily_spend": 14.0, "outcomes_per_day": 0.40, "value_bias": 0, "active_share": 0.8},
}
PLANTED_SHARE = {"power_user": 0.06, "tokenmaxxer": 0.06, "efficient": 0.06, "light": 0.07, "no_ai": 0.05}
# Preferred models, in order; the first one the price book knows is used.
MODEL_PREFERENCES = {
    "anthropic_heavy": ["claude-opus-4-5-20251101", "claude-opus-4-1-20250805", "claude-opus-4-20250514"],
    "anthropic_default": ["claude-sonnet-4-5-20250929", "claude-sonnet-4-20250514"],
    "anthropic_light": ["claude-haiku-4-5-20251001", "claude-3-5-haiku-20241022"],
    "openai_default": ["gpt-5", "gpt-4.1"],
    "openai_light": ["gpt-5-mini", "gpt-4.1-mini"],
}
UNKNOWN_MODEL = "claude-imaginary-9-20261231"
# Token mix of agentic coding: mostly cache reads. Shares of all tokens.
TOKEN_MIX = {"input": 0.10, "cache_read": 0.75, "cache_write": 0.10, "output": 0.05}
EXTRACT_EVERY_DAYS = 7
FLUSH_EVERY_RECORDS = 50_000
USAGE_WINDOW_DAYS = 14
PARTIAL_DAY_SHARE = 0.6  # how much of its last day an extract has seen
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
COVERAGE_RULES = [
    {"source": "anthropic_api", "workspace_id": CLAUDE_CODE_WORKSPACE, "covered_by": "anthropic_claude_code",
     "note": "Claude Code /login keys: reported per person by Claude Code Analytics"},
    {"source": "anthropic_api", "api_key_id": GATEWAY_ANTHROPIC_KEY, "covered_by": "gateway",
     "note": "the AI gateway's Anthropic key: reported per request by the gateway"},
    {"source": "openai_api", "api_key_id": GATEWAY_OPENAI_KEY, "covered_by": "gateway",
     "note": "the AI gateway's OpenAI key: reported per request by the gateway"},
]


# --------------------------------------------------------------------------- helpers


class Ids:
    """Deterministic vendor-shaped identifiers drawn from one seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def chars(self, alphabet: str, length: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def base62(self, length: int) -> str:
        return self.chars(string.ascii_letters + string.digits, length)


def iso_z(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def extract_name(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H-%M-%SZ")


def stable_fraction(*parts: object) -> float:
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def write_jsonl(path: Path, records: list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for record in records:
            line = record if isinstance(record, str) else json.dumps(record, separators=(",", ":"))
            handle.write(line + "\n")


def load_example(source: str, entity: str) -> dict[str, Any]:
    """The vendor's documented example record, used as the template of every demo record."""
    path = next((VENDOR_EXAMPLES / source / entity).glob("*.jsonl"))
    return json.loads(path.read_text().splitlines()[0])


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


class Truth:
    """Counts the generator knows independently of the dbt models."""

    def __init__(self) -> None:
        self.raw: Counter[str] = Counter()
        self.keys: dict[str, set[str]] = defaultdict(set)
        self.quarantined: dict[str, Counter[str]] = defaultdict(Counter)
        self.notes: dict[str, Any] = {}

    def record(self, entity: str, key: str, count: int = 1) -> None:
        self.raw[entity] += count
        self.keys[entity].add(key)

    def bad(self, entity: str, reason: str, count: int = 1) -> None:
        self.raw[entity] += count
        self.quarantined[entity][reason] += count

    def summary(self) -> dict[str, Any]:
        out = {}
        for entity in sorted(self.raw):
            quarantined = sum(self.quarantined[entity].values())
            kept = len(self.keys[entity])
            out[entity] = {
                "raw": self.raw[entity],
                "kept": kept,
                "duplicates": self.raw[entity] - kept - quarantined,
                "quarantined": quarantined,
                "quarantined_by_reason": dict(sorted(self.quarantined[entity].items())),
            }
        return out


# --------------------------------------------------------------------------- organisation


def build_people(rng: random.Random, ids: Ids, n_people: int, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    used_emails: set[str] = set()
    roles = [role for role, _ in ROLE_WEIGHTS]
    weights = [weight for _, weight in ROLE_WEIGHTS]
    for index in range(n_people):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = f"{first}.{last}"
        suffix = 2
        while f"{local}@{COMPANY_DOMAIN}" in used_emails:
            local, suffix = f"{first}.{last}{suffix}", suffix + 1
        email = f"{local}@{COMPANY_DOMAIN}"
        used_emails.add(email)
        role = rng.choices(roles, weights)[0]
        levels = LEVELS[role]
        level = levels[min(len(levels) - 1, int(rng.triangular(0, len(levels), 1.3)))]
        team = TEAMS[index % len(TEAMS)][0]
        hired = start - dt.timedelta(days=rng.randint(60, 2000))
        people.append({
            "employee_id": f"E{10001 + index}",
            "full_name": f"{first.title()} {last.title()}",
            "email": email,
            "role": role,
            "level": level,
            "team": team,
            "hire_date": hired,
            "termination_date": None,
            "archetype": "typical",
            "github_login": f"{first[0]}{last}{index}".replace(".", ""),
            "github_user_id": 5_000_000 + index * 37,
            "linear_user_id": ids.uuid(),
            "jira_account_id": f"712020:{ids.uuid()}",
            "pagerduty_user_id": "P" + ids.chars(string.ascii_uppercase + string.digits, 6),
            "openai_user_id": "user-" + ids.base62(24),
            "anthropic_account_id": "user_01" + ids.base62(22),
            "anthropic_api_key_id": "apikey_01" + ids.base62(22),
            "promotion": None,
        })
    # Plant archetypes among L4/L5 software engineers; the cohorts stay mostly typical.
    candidates = [p for p in people if p["role"] == "software_engineer" and p["level"] in ("L4", "L5")]
    rng.shuffle(candidates)
    cursor = 0
    for archetype, share in PLANTED_SHARE.items():
        for _ in range(max(2, round(share * n_people))):
            if cursor < len(candidates):
                candidates[cursor]["archetype"] = archetype
                cursor += 1
    # Typical people spend at personal levels from about a fifth to five times
    # the norm: each cohort's returns curve is then observed over a wide range.
    for person in people:
        if person["archetype"] == "typical":
            person["spend_multiplier"] = round(math.exp(rng.uniform(-1.6, 1.6)), 4)
    # One typical L4 engineer is promoted half-way through the history.
    promoted = next(p for p in candidates[cursor:] if p["level"] == "L4")
    promotion_date = start + (end - start) / 2
    promoted["promotion"] = {"date": promotion_date.replace(day=1), "from_level": "L4", "to_level": "L5"}
    # A joiner and a leaver, so history has edges.
    # (In a small organisation the L4/L5 engineers may run out: anyone typical will do.)
    typical = [p for p in people if p["archetype"] == "typical" and p is not promoted]
    joiner = next((p for p in candidates[cursor + 1:] if p["archetype"] == "typical"), typical[0])
    joiner["hire_date"] = start + dt.timedelta(days=45)
    leaver = next((p for p in candidates[cursor + 2:] if p["archetype"] == "typical" and p is not joiner),
                  next(p for p in typical if p is not joiner))
    leaver["termination_date"] = end - dt.timedelta(days=40)
    # Managers report to nobody in the demo; everyone else to their team's first manager.
    managers = {p["team"]: p["employee_id"] for p in reversed(people) if p["role"] == "engineering_manager"}
    for person in people:
        person["manager_id"] = managers.get(person["team"]) if person["role"] != "engineering_manager" else None
    return people


def write_hris(out: Path, people: list[dict[str, Any]], extracted_at: dt.datetime, truth: Truth) -> None:
    """HRIS report exports: effective-dated job rows and the identity map, as CSV."""
    people_rows, identity_rows = [], []
    for person in people:
        base_row = {
            "employee_id": person["employee_id"],
            "work_email": person["email"],
            "full_name": person["full_name"],
            "role": person["role"],
            "level": person["level"],
            "team": person["team"],
            "cost_center": f"CC-{person['team'].upper()}",
            "manager_employee_id": person["manager_id"] or "",
            "hire_date": person["hire_date"].isoformat(),
            "termination_date": person["termination_date"].isoformat() if person["termination_date"] else "",
            "effective_date": person["hire_date"].isoformat(),
        }
        if person["promotion"]:
            base_row["level"] = person["promotion"]["from_level"]
            promoted_row = dict(base_row, level=person["promotion"]["to_level"],
                                effective_date=person["promotion"]["date"].isoformat())
            people_rows.append(promoted_row)
            truth.record("hris.people", f"{person['employee_id']}:{promoted_row['effective_date']}")
        people_rows.append(base_row)
        truth.record("hris.people", f"{person['employee_id']}:{base_row['effective_date']}")
        for system, key in [
            ("github", "github_login"), ("linear", "linear_user_id"), ("jira", "jira_account_id"),
            ("pagerduty", "pagerduty_user_id"), ("openai_user", "openai_user_id"),
            ("anthropic_account", "anthropic_account_id"), ("anthropic_api_key", "anthropic_api_key_id"),
        ]:
            identity_rows.append({"system": system, "external_id": person[key], "employee_id": person["employee_id"]})
            truth.record("hris.identities", f"{system}:{person[key]}")
    # An earlier export of the same report: every row again, so staging must dedupe.
    earlier = extracted_at - dt.timedelta(days=EXTRACT_EVERY_DAYS)
    first_rows = [r for r in people_rows if r["effective_date"] <= earlier.date().isoformat()]
    for row in first_rows:
        truth.raw["hris.people"] += 1
    bad_rows = [
        dict(people_rows[0], employee_id="", work_email="no.id@" + COMPANY_DOMAIN),
        dict(people_rows[1], effective_date="31/02/2026"),
    ]
    truth.bad("hris.people", "missing_external_key")
    truth.bad("hris.people", "unparseable_timestamp")
    columns = list(people_rows[0])
    for when, rows in [(earlier, first_rows), (extracted_at, people_rows + bad_rows)]:
        path = out / "hris" / "people" / f"{extract_name(when)}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    path = out / "hris" / "identities" / f"{extract_name(extracted_at)}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["system", "external_id", "employee_id"])
        writer.writeheader()
        writer.writerows(identity_rows)
        writer.writerow({"system": "github", "external_id": "", "employee_id": people[0]["employee_id"]})
    truth.bad("hris.identities", "missing_external_key")


# --------------------------------------------------------------------------- usage (DuckDB)


def usage_people_table(con: duckdb.DuckDBPyConnection, people: list[dict[str, Any]], prices: dict, contractor: dict) -> None:
    """Load the per-person usage profile into DuckDB; everything after is SQL."""
    heavy, default, light = (pick_model(prices, t) for t in ("anthropic_heavy", "anthropic_default", "anthropic_light"))
    rows = []
    for person in people + [contractor]:
        profile = ARCHETYPES[person.get("profile", person["archetype"])]
        uses_api = person["role"] in ("data_scientist", "ml_engineer")
        primary = heavy if person["archetype"] in ("power_user", "tokenmaxxer") else default
        rows.append((
            person["employee_id"], person["email"], person["claude_code_email"], person["archetype"],
            profile["daily_spend"] * person.get("spend_multiplier", 1.0) * person.get("token_padding", 1.0),
            profile["active_share"],
            person["archetype"] == "tokenmaxxer",
            0.55 if uses_api else 0.7, 0.25 if uses_api else 0.3, 0.1 if uses_api else 0.0, 0.1 if uses_api else 0.0,
            primary, light,
            person["openai_user_id"], person["anthropic_api_key_id"], person["anthropic_account_id"],
            person["hire_date"], person["termination_date"], person.get("usage_seed_id", person["employee_id"]),
        ))
    con.execute("""
        create or replace table usage_people (
            employee_id varchar, email varchar, claude_code_email varchar, archetype varchar,
            daily_spend double, active_share double, around_the_clock boolean,
            claude_code_share double, gateway_share double, openai_share double, anthropic_api_share double,
            primary_model varchar, light_model varchar,
            openai_user_id varchar, anthropic_api_key_id varchar, anthropic_account_id varchar,
            hire_date date, termination_date date, usage_seed_id varchar)
    """)
    con.executemany("insert into usage_people values (" + ",".join(["?"] * 19) + ")", rows)
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
                * case when active_draw < active_share then 1 else 0 end as spend_usd,
            claude_code_share, gateway_share, openai_share, anthropic_api_share
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
                ('anthropic_api', 'primary', 1.0), ('openai', 'openai', 1.0),
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
                    when 'openai' then openai_share else anthropic_api_share end as line_spend
            from channel_models
        ),
        priced as (
            select with_spend.* exclude (model),
                case when with_spend.model = 'OPENAI' then
                    case when archetype in ('light', 'efficient') then '{openai_light}' else '{openai_default}' end
                else with_spend.model end as model
            from with_spend where line_spend > 0
        )
        select priced.*, {tokens_sql('line_spend', 'model_prices')},
        from priced
        inner join model_prices on model_prices.model = priced.model
    """)


def cost_usage_lines(con) -> None:
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


def build_gateway_days(con, events_per_person_day: float) -> None:
    """How many requests the gateway logs for each of its person-day-model lines."""
    con.execute(f"""
        create or replace table gateway_days as
        select usage_costed.*,
            greatest(1, cast(round({events_per_person_day} * spend_usd / 14.0) as integer)) as n_events
        from usage_costed where channel = 'gateway'
    """)


def build_vendor_lines(con) -> None:
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
        select provider, 'gateway', usage_date, max(api_key_id), null, max(scope_id), null, model,
            sum(n_events * (input_total // n_events - cache_read_tokens // n_events - cache_write_tokens // n_events)),
            sum(n_events * (cache_read_tokens // n_events)), sum(n_events * (cache_write_tokens // n_events)), 0,
            sum(n_events * (output_tokens // n_events)), sum(n_events)
        from (
            select gateway_days.*, input_tokens + cache_read_tokens + cache_write_tokens as input_total,
                case when model like 'claude%' then 'anthropic' else 'openai' end as provider,
                case when model like 'claude%' then '{GATEWAY_ANTHROPIC_KEY}' else '{GATEWAY_OPENAI_KEY}' end as api_key_id,
                case when model like 'claude%' then '{GATEWAY_WORKSPACE}' else '{GATEWAY_PROJECT}' end as scope_id
            from gateway_days
        ) as gateway_requests
        group by provider, usage_date, model
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


def write_usage_reports(con, out: Path, extracts: list[dt.datetime], truth: Truth) -> None:
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


def scaled(column: str, scale: str) -> str:
    return f"cast(round({column} * {scale}) as bigint)"


def copy_json(con, query: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"copy ({query}) to '{path}' (format json)")


def write_claude_code(con, path: Path, window: str, scale: str, truth: Truth) -> None:
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


def write_anthropic_messages(con, path: Path, window: str, scale: str, truth: Truth) -> None:
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


def write_openai_completions(con, path: Path, window: str, scale: str, truth: Truth) -> None:
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


def write_anthropic_cost_report(con, path: Path, window: str, scale: str, truth: Truth) -> None:
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


def write_openai_costs(con, path: Path, window: str, scale: str, truth: Truth) -> None:
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


def write_gateway_events(con, out: Path, seed: int, start: dt.date,
                         events_per_person_day: float, extracts: list[dt.datetime], truth_counts: dict) -> None:
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
                where usage_date >= cast(timestamp '{overlap_start}' as date) and usage_date < date '{window_end.date()}'
            ),
            events as (
                select days.*, event_number,
                    -- working hours unless the person's agents run around the clock
                    usage_date + to_microseconds(cast(
                        case when around_the_clock
                            then (hash({seed}, employee_id, usage_date, event_number, 't') % 86400000000)
                            else 8 * 3600e6 + (hash({seed}, employee_id, usage_date, event_number, 't') % cast(10 * 3600e6 as bigint))
                        end as bigint)) as event_at
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


# --------------------------------------------------------------------------- outcomes (Python)


VALUE_LABELS = ["bug", "feature", "chore", "docs", "refactor", "security", "performance"]


def outcome_days(rng: random.Random, person: dict[str, Any], start: dt.date, end: dt.date) -> list[dt.date]:
    """Working days on which the person finished something, by archetype rate."""
    rate = ARCHETYPES[person["archetype"]]["outcomes_per_day"]
    first = max(start, person["hire_date"])
    last = min(end, person["termination_date"] or end)
    days = []
    day = first
    while day < last:
        if day.weekday() < 5 and rng.random() < rate:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def finished_at(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9)) + dt.timedelta(seconds=rng.randint(0, 9 * 3600))


def versions_by_extract(created: dt.datetime, finished: dt.datetime, extracts: list[dt.datetime]) -> list[tuple[dt.datetime, bool]]:
    """Extracts that see a record: one listing it while open, one after it was finished,
    plus the next one again when it was finished within a day of that extract (overlap)."""
    seen = []
    open_extract = next((e for e in extracts if created < e <= finished), None)
    if open_extract:
        seen.append((open_extract, False))
    done_extracts = [e for e in extracts if e > finished]
    if done_extracts:
        seen.append((done_extracts[0], True))
        if len(done_extracts) > 1 and done_extracts[0] - finished < dt.timedelta(days=1):
            seen.append((done_extracts[1], True))
    return seen


class OutcomeWriter:
    """Builds outcome records from the vendors' example templates and files them by extract."""

    def __init__(self, rng: random.Random, ids: Ids, out: Path, extracts: list[dt.datetime], truth: Truth) -> None:
        self.rng, self.ids, self.out, self.extracts, self.truth = rng, ids, out, extracts, truth
        self.files: dict[tuple[str, str, dt.datetime], list[Any]] = defaultdict(list)
        self.github_template = load_example("github", "pull_requests")
        self.pagerduty_template = load_example("pagerduty", "incidents")
        self.pr_numbers: Counter[str] = Counter()
        self.incident_number = 4000
        self.issue_numbers: Counter[str] = Counter()
        self.buffered = 0

    def add(self, source: str, entity: str, key: str, created: dt.datetime, finished: dt.datetime, build) -> None:
        for extracted_at, is_finished in versions_by_extract(created, finished, self.extracts):
            self.files[(source, entity, extracted_at)].append(build(is_finished))
            self.truth.record(f"{source}.{entity}", key)
            self.buffered += 1
        # An organisation of thousands lands gigabytes of pull requests: write them out as they
        # accumulate (files are appended to, so the content is the same as one write at the end).
        if self.buffered >= FLUSH_EVERY_RECORDS:
            self.write()

    # -- GitHub
    def github_user(self, person: dict[str, Any]) -> dict[str, Any]:
        text = json.dumps(self.github_template["user"]).replace("octocat", person["github_login"])
        user = json.loads(text)
        user["id"] = person["github_user_id"]
        user["node_id"] = "U_kgDO" + self.ids.base62(6)
        return user

    def pull_request(self, person: dict[str, Any], day: dt.date, value: int, *, title: str | None = None,
                     body: str | None = None, head_ref: str | None = None, labels: list[str] | None = None,
                     merged_at: dt.datetime | None = None, open_minutes: int | None = None) -> dict[str, Any]:
        repo = f"{person['team']}-service"
        self.pr_numbers[repo] += 1
        number = self.pr_numbers[repo]
        merged = merged_at or finished_at(self.rng, day)
        created = merged - (dt.timedelta(minutes=open_minutes) if open_minutes is not None
                            else dt.timedelta(hours=self.rng.randint(2, 96)))
        node_id = "PR_kwDO" + self.ids.base62(16)
        label_names = labels if labels is not None else self.rng.sample(VALUE_LABELS, k=1 + (value > 6))
        head_ref = head_ref or f"{person['github_login']}/{label_names[0]}-{number}"
        title = title or f"{label_names[0].title()}: {self.rng.choice(['handle', 'add', 'fix', 'speed up', 'clean up'])} {repo} path {number}"
        template = json.dumps(self.github_template).replace("octocat/Hello-World", f"northwind/{repo}").replace("Hello-World", repo)
        user = self.github_user(person)
        pr_id = 3_000_000_000 + self.rng.randint(0, 10**9)  # above 2^31: ids are 64-bit
        merge_sha = self.ids.chars("0123456789abcdef", 40)

        def build(is_finished: bool) -> dict[str, Any]:
            pr = json.loads(template.replace("/1347", f"/{number}"))
            pr.update({
                "id": pr_id, "node_id": node_id, "number": number, "title": title,
                "body": body if body is not None else f"Value {value} change to {repo}.",
                "user": user, "assignee": user, "assignees": [user], "requested_reviewers": [], "requested_teams": [],
                "labels": [dict(pr["labels"][0], id=9000 + i, name=name, node_id="LA_" + name, url=pr["labels"][0]["url"].replace("/bug", f"/{name}"), default=False)
                           for i, name in enumerate(label_names)],
                "milestone": None, "state": "closed" if is_finished else "open",
                "created_at": iso_z(created), "updated_at": iso_z(merged if is_finished else created),
                "closed_at": iso_z(merged) if is_finished else None, "merged_at": iso_z(merged) if is_finished else None,
                "merge_commit_sha": merge_sha if is_finished else None, "author_association": "MEMBER", "draft": False,
            })
            pr["head"].update({"ref": head_ref, "label": f"northwind:{head_ref}", "user": user})
            pr["base"].update({"ref": "main", "label": "northwind:main"})
            return pr

        self.add("github", "pull_requests", node_id, created, merged, build)
        return {"node_id": node_id, "number": number, "repo": f"northwind/{repo}", "head_ref": head_ref, "title": title,
                "merged_at": merged}

    # -- Linear
    def linear_issue(self, person: dict[str, Any], day: dt.date, value: int, canceled: bool = False,
                     estimate: int | None = None, priority: int | None = None, unestimated: bool = False,
                     lifetime_minutes: int | None = None) -> None:
        team_key = dict(TEAMS)[person["team"]]
        self.issue_numbers[team_key] += 1
        number = self.issue_numbers[team_key]
        done = finished_at(self.rng, day)
        created = done - (dt.timedelta(minutes=lifetime_minutes) if lifetime_minutes is not None
                          else dt.timedelta(days=self.rng.randint(1, 20)))
        issue_id = self.ids.uuid()
        estimate = None if unestimated else estimate if estimate is not None else [1, 2, 3, 5, 8][min(4, value // 2)]
        priority = priority if priority is not None else self.rng.choice([1, 2, 3, 4, 0])
        label = self.rng.choice(["Bug", "Feature", "Improvement", "Tech debt"])

        def build(is_finished: bool) -> dict[str, Any]:
            state_type = ("canceled" if canceled else "completed") if is_finished else "started"
            return {
                "id": issue_id, "identifier": f"{team_key}-{number}", "title": f"{label} in {person['team']} #{number}",
                "number": number, "createdAt": created.isoformat(timespec="milliseconds").replace("+00:00", "") + "Z",
                "updatedAt": (done if is_finished else created).isoformat(timespec="milliseconds") + "Z",
                "completedAt": done.isoformat(timespec="milliseconds") + "Z" if is_finished and not canceled else None,
                "canceledAt": done.isoformat(timespec="milliseconds") + "Z" if is_finished and canceled else None,
                "startedAt": created.isoformat(timespec="milliseconds") + "Z",
                "estimate": estimate, "priority": priority,
                "priorityLabel": ["No priority", "Urgent", "High", "Medium", "Low"][priority],
                "url": f"https://linear.app/northwind/issue/{team_key}-{number}",
                # Some people's e-mail comes back in mixed case: matching must ignore case.
                "assignee": {"id": person["linear_user_id"], "email": person["email"].title() if number % 7 == 0 else person["email"],
                             "name": person["full_name"]},
                "labels": {"nodes": [{"id": f"lbl-{label.lower().replace(' ', '-')}", "name": label}]},
                "team": {"id": f"team-{team_key.lower()}", "key": team_key, "name": person["team"]},
                "state": {"id": f"state-{state_type}", "name": state_type.title(), "type": state_type},
            }

        self.add("linear", "issues", issue_id, created, done, build)

    # -- Jira (search results; only the requested fields come back)
    def jira_issue(self, person: dict[str, Any], day: dt.date, value: int, story_points_field: str,
                   points: float | None = None, issue_type: str | None = None, priority: str | None = None) -> None:
        project = dict(TEAMS)[person["team"]]
        self.issue_numbers["jira-" + project] += 1
        number = self.issue_numbers["jira-" + project]
        issue_id = str(10000 + sum(self.issue_numbers.values()))
        done = finished_at(self.rng, day)
        created = done - dt.timedelta(days=self.rng.randint(1, 15))
        issue_type = issue_type or self.rng.choice(["Bug", "Story", "Task"])
        priority = priority or self.rng.choice(["Highest", "High", "Medium", "Low"])
        points = points if points is not None else float([1, 2, 3, 5, 8, 13][min(5, value // 2)])

        def jira_time(value_at: dt.datetime) -> str:
            return value_at.strftime("%Y-%m-%dT%H:%M:%S.000+0000")

        def build(is_finished: bool) -> dict[str, Any]:
            category = {"id": 3, "key": "done", "name": "Done", "colorName": "green"} if is_finished else \
                {"id": 4, "key": "indeterminate", "name": "In Progress", "colorName": "yellow"}
            return {
                "expand": "", "id": issue_id, "self": f"https://northwind.atlassian.net/rest/api/3/issue/{issue_id}",
                "key": f"{project}-{number}",
                "fields": {
                    "summary": f"{issue_type} {project}-{number}",
                    "issuetype": {"id": "10001", "name": issue_type, "subtask": False},
                    "priority": {"id": "3", "name": priority},
                    "status": {"id": "10002" if is_finished else "3", "name": category["name"], "statusCategory": category},
                    "resolution": {"id": "10000", "name": "Done"} if is_finished else None,
                    "resolutiondate": jira_time(done) if is_finished else None,
                    "created": jira_time(created), "updated": jira_time(done if is_finished else created),
                    "assignee": {"accountId": person["jira_account_id"], "accountType": "atlassian",
                                 "displayName": person["full_name"], "active": True},
                    "labels": [],
                    story_points_field: points,
                },
            }

        self.add("jira", "issues", issue_id, created, done, build)

    # -- PagerDuty
    def incident(self, person: dict[str, Any], day: dt.date, value: int, manual_trigger: bool = False,
                 duration_minutes: int | None = None) -> None:
        self.incident_number += 1
        number = self.incident_number
        incident_id = "Q" + self.ids.chars(string.ascii_uppercase + string.digits, 13)
        triggered = finished_at(self.rng, day) - dt.timedelta(hours=1)
        resolved = triggered + dt.timedelta(minutes=duration_minutes or self.rng.randint(10, 240))
        urgency = "high" if value >= 5 else "low"
        priority = f"P{max(1, 5 - value // 2)}"
        reference = {"id": person["pagerduty_user_id"], "type": "user_reference", "summary": person["full_name"],
                     "self": f"https://api.pagerduty.com/users/{person['pagerduty_user_id']}",
                     "html_url": f"https://northwind.pagerduty.com/users/{person['pagerduty_user_id']}"}
        template = json.dumps(self.pagerduty_template).replace("PT4KHLK", incident_id).replace("1234", str(number))

        def build(is_finished: bool) -> dict[str, Any]:
            incident = json.loads(template)
            incident.update({
                "summary": f"[#{number}] {person['team']} latency above SLO", "title": f"{person['team']} latency above SLO",
                "created_at": iso_z(triggered), "updated_at": iso_z(resolved if is_finished else triggered),
                "status": "resolved" if is_finished else "acknowledged",
                "incident_key": self.ids.chars("0123456789abcdef", 32),
                # PagerDuty empties assignments once an incident is resolved.
                "assignments": [] if is_finished else [{"at": iso_z(triggered), "assignee": reference}],
                # PagerDuty empties acknowledgements on resolved incidents, as it does assignments.
                "acknowledgements": [] if is_finished else
                [{"at": iso_z(triggered + dt.timedelta(minutes=3)), "acknowledger": reference}],
                "last_status_change_at": iso_z(resolved if is_finished else triggered),
                "last_status_change_by": reference,
                "resolved_at": iso_z(resolved) if is_finished else None,
                "urgency": urgency,
                "priority": dict(incident["priority"], summary=priority),
            })
            if manual_trigger:
                # Raised by hand in the web app rather than by monitoring.
                incident["first_trigger_log_entry"]["summary"] = "Triggered through the website."
            return incident

        self.add("pagerduty", "incidents", incident_id, triggered, resolved, build)

    def write(self) -> None:
        for (source, entity, extracted_at), records in sorted(self.files.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])):
            write_jsonl(self.out / source / entity / f"{extract_name(extracted_at)}.jsonl", records)
        self.files.clear()
        self.buffered = 0


def build_outcomes(rng: random.Random, writer: OutcomeWriter, people: list[dict[str, Any]],
                   start: dt.date, end: dt.date, story_points_field: str) -> dict[str, Any]:
    """Every person's finished work, routed to the tools their role uses."""
    planted: dict[str, Any] = {}
    for person in people:
        if person["archetype"] == "typical" or person.get("strategy"):
            continue  # their outcomes follow their cohort's returns curve (gamers: their twin's): build_curve_outcomes
        bias = ARCHETYPES[person["archetype"]]["value_bias"]
        for day in outcome_days(rng, person, start, end):
            value = max(1, min(10, rng.randint(2, 6) + bias))
            draw = rng.random()
            role = person["role"]
            if role == "site_reliability_engineer":
                if draw < 0.45:
                    writer.incident(person, day, value)
                elif draw < 0.8:
                    writer.jira_issue(person, day, value, story_points_field)
                else:
                    writer.pull_request(person, day, value)
            elif role in ("data_scientist", "ml_engineer", "engineering_manager"):
                if draw < 0.6:
                    writer.linear_issue(person, day, value, canceled=draw < 0.05)
                else:
                    writer.pull_request(person, day, value)
            elif draw < 0.7:
                writer.pull_request(person, day, value)
            else:
                writer.linear_issue(person, day, value, canceled=draw > 0.97)
    # A merged change and, a few days later, its revert: the original earns no credit.
    author = next(p for p in people if p["archetype"] == "typical" and p["role"] == "software_engineer")
    original = writer.pull_request(author, start + dt.timedelta(days=60), 7, title="Add checkout retry with jitter",
                                   labels=["feature"])
    revert = writer.pull_request(
        author, start + dt.timedelta(days=63), 2, title=f'Revert "{original["title"]}"',
        body=f"Reverts {original['repo']}#{original['number']}",
        head_ref=f"revert-{original['number']}-{original['head_ref']}", labels=[])
    planted["reverted_pull_request"] = {"reverted_node_id": original["node_id"], "revert_node_id": revert["node_id"],
                                        "repository": original["repo"], "number": original["number"]}
    return planted


# --------------------------------------------------------------------------- Goodhart gamers

GAMING_STRATEGIES = ["pr_splitting", "ticket_churn", "self_resolved_noise", "token_padding", "outcome_inflation"]
TOKEN_PADDING_FACTOR = 4.0
SPLIT_INTO = 4
CHURN_TICKETS_PER_MONTH = 20
NOISE_INCIDENTS_PER_MONTH = 12


def plant_gamers(ids: Ids, people: list[dict[str, Any]], start: dt.date) -> list[dict[str, Any]]:
    """One gamer per strategy: a copy of an honest (typical) twin's job, spend and work, plus the strategy."""
    gamers = []
    taken: set[str] = set()
    for number, strategy in enumerate(GAMING_STRATEGIES):
        role = "site_reliability_engineer" if strategy == "self_resolved_noise" else "software_engineer"
        honest = [p for p in people if p["archetype"] == "typical" and not p["promotion"] and p["hire_date"] < start
                  and p["termination_date"] is None and p["employee_id"] not in taken]
        # The role and the large L4/L5 cohorts when the organisation has them; any honest person otherwise.
        twin = next((p for p in honest if p["role"] == role and p["level"] in ("L4", "L5")),
                    next((p for p in honest if p["role"] == role), next(iter(honest), None)))
        if twin is None:
            continue
        taken.add(twin["employee_id"])
        first, last = "gamer", f"{strategy.replace('_', '')}"
        gamer = dict(twin)
        gamer.update({
            "employee_id": f"E2{number + 1:04d}", "full_name": f"Pat {strategy.replace('_', ' ').title()}",
            "email": f"pat.{strategy.replace('_', '.')}@{COMPANY_DOMAIN}", "archetype": f"gamer_{strategy}",
            "profile": "typical", "strategy": strategy, "twin_id": twin["employee_id"],
            "usage_seed_id": twin["employee_id"], "github_login": f"{first}-{last}", "github_user_id": 9_000_000 + number,
            "linear_user_id": ids.uuid(), "jira_account_id": f"712020:{ids.uuid()}",
            "pagerduty_user_id": "P" + ids.chars(string.ascii_uppercase + string.digits, 6),
            "openai_user_id": "user-" + ids.base62(24), "anthropic_account_id": "user_01" + ids.base62(22),
            "anthropic_api_key_id": "apikey_01" + ids.base62(22), "promotion": None,
            "token_padding": TOKEN_PADDING_FACTOR if strategy == "token_padding" else 1.0,
        })
        gamers.append(gamer)
    return gamers


def emit_outcome(writer: OutcomeWriter, person: dict[str, Any], kind: str, detail: Any, day: dt.date, value: int,
                 story_points_field: str, rng: random.Random) -> None:
    """One finished outcome of known value; a gamer's copy of it carries the gamer's strategy."""
    strategy = person.get("strategy")
    if kind == "pull_request":
        if strategy == "pr_splitting" and value >= 3:
            # The same change shipped as several tiny pull requests, merged minutes apart.
            first = finished_at(rng, day)
            for part in range(SPLIT_INTO):
                writer.pull_request(person, day, value, labels=[detail], open_minutes=15,
                                    merged_at=first + dt.timedelta(minutes=7 * part))
        elif strategy == "outcome_inflation" and value <= 3:
            # A "launch" label on trivial work, rushed through review.
            writer.pull_request(person, day, value, labels=[detail, "launch"], open_minutes=20)
        else:
            writer.pull_request(person, day, value, labels=[detail])
    elif kind == "linear":
        writer.linear_issue(person, day, value, estimate=detail, priority=3)
    elif kind == "jira":
        writer.jira_issue(person, day, value, story_points_field, points=detail, issue_type="Task", priority="Medium")
    else:
        writer.incident(person, day, value)


def emit_gaming_extras(writer: OutcomeWriter, gamer: dict[str, Any], working_days: list[dt.date],
                       rng: random.Random) -> None:
    """What a gamer adds each month on top of the twin's work."""
    if gamer["strategy"] == "ticket_churn":
        for _ in range(CHURN_TICKETS_PER_MONTH):
            writer.linear_issue(gamer, rng.choice(working_days), 1, unestimated=True, priority=0,
                                lifetime_minutes=rng.randint(2, 9))
    elif gamer["strategy"] == "self_resolved_noise":
        for _ in range(NOISE_INCIDENTS_PER_MONTH):
            writer.incident(gamer, rng.choice(working_days), 2, manual_trigger=True, duration_minutes=rng.randint(2, 8))


# --------------------------------------------------------------------------- returns curves

# Outcome kinds of known value under seeds/outcome_value_rules.csv, so the
# generator can hit a target of value points exactly.
CURVE_KINDS = {
    "default": {
        1: ("pull_request", "docs"), 2: ("pull_request", "chore"), 3: ("pull_request", "bug"),
        4: ("linear", 3), 5: ("pull_request", "feature"), 6: ("linear", 5), 7: ("pull_request", "security"),
        8: ("linear", 8),
    },
    # SREs resolve incidents (value set by priority and urgency) and work in Jira.
    "site_reliability_engineer": {
        1: ("pull_request", "docs"), 2: ("incident", 2), 3: ("pull_request", "bug"), 4: ("incident", 4),
        5: ("incident", 5), 6: ("jira", 5.0), 7: ("incident", 7), 8: ("jira", 8.0), 9: ("incident", 9),
    },
}
CURVE_NOISE_SD = 2.0
HUMP_SHAPED_COHORT = "software_engineer:L3"


def cohort_of(person: dict[str, Any], month_start: dt.date) -> str:
    level = person["level"]
    promotion = person["promotion"]
    if promotion:
        level = promotion["to_level"] if month_start >= promotion["date"] else promotion["from_level"]
    return f"{person['role']}:{level}"


def returns_curves(people: list[dict[str, Any]], seed: int) -> dict[str, dict[str, float]]:
    """Planted value points per person-month as a function of x = ln(1 + spend):
    concave y = a + b x for every cohort but one, hump-shaped y = a + b x + c x^2 there."""
    cohorts = sorted({f"{p['role']}:{level}" for p in people for level in LEVELS[p["role"]]})
    curves = {}
    for cohort in cohorts:
        if cohort == HUMP_SHAPED_COHORT:
            # Peaks at about 250 USD a month: x* = ln(251) = 5.53.
            c = -1.6
            curves[cohort] = {"a": -8.0, "b": round(-2 * c * 5.53, 3), "c": c}
        else:
            curves[cohort] = {"a": round(2 + 6 * stable_fraction(seed, cohort, "a"), 3),
                              "b": round(3 + 4 * stable_fraction(seed, cohort, "b"), 3), "c": 0.0}
    return curves


def monthly_spend(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, dt.date], float]:
    rows = con.execute("""
        select employee_id, cast(date_trunc('month', usage_date) as date), sum(cost_usd)
        from usage_costed group by all
    """).fetchall()
    return {(employee_id, month): float(spend) for employee_id, month, spend in rows}


def build_curve_outcomes(rng: random.Random, writer: OutcomeWriter, people: list[dict[str, Any]],
                         curves: dict[str, dict[str, float]], spend: dict[tuple[str, dt.date], float],
                         start: dt.date, end: dt.date, story_points_field: str) -> None:
    gamers_by_twin: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person in people:
        if person.get("twin_id"):
            gamers_by_twin[person["twin_id"]].append(person)
    """Typical people's finished work: each month, value points drawn from their cohort's curve
    at the month's spend (plus noise), filled with outcomes of known value."""
    import math

    month = start.replace(day=1)
    while month < end:
        next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        for person in people:
            if person["archetype"] != "typical":
                continue
            first = max(month, person["hire_date"], start)
            last = min(next_month, person["termination_date"] or next_month, end)
            working_days = [first + dt.timedelta(days=i) for i in range((last - first).days)
                            if (first + dt.timedelta(days=i)).weekday() < 5]
            if not working_days:
                continue
            curve = curves[cohort_of(person, month)]
            x = math.log(1 + spend.get((person["employee_id"], month), 0.0))
            target = round(max(0.0, curve["a"] + curve["b"] * x + curve["c"] * x * x + rng.gauss(0, CURVE_NOISE_SD)))
            kinds = CURVE_KINDS.get(person["role"], CURVE_KINDS["default"])
            twins_gamers = gamers_by_twin.get(person["employee_id"], [])
            while target > 0:
                value = rng.choice([v for v in kinds if v <= target and (v >= 3 or target < 3)])
                kind, detail = kinds[value]
                day = rng.choice(working_days)
                for worker in [person, *twins_gamers]:
                    emit_outcome(writer, worker, kind, detail, day, value, story_points_field, rng)
                target -= value
            for gamer in twins_gamers:
                emit_gaming_extras(writer, gamer, working_days, rng)
        month = next_month


# --------------------------------------------------------------------------- bad records


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
                           ("github", "pull_requests"), ("linear", "issues"), ("jira", "issues"), ("pagerduty", "incidents")]:
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

    linear = json.loads((next((VENDOR_EXAMPLES / "linear" / "issues").glob("*.jsonl"))).read_text().splitlines()[0])
    plant("linear", "issues", "missing_external_key", dict(linear, id=None))
    plant("linear", "issues", "unparseable_timestamp", dict(linear, id="bad-time-0001", completedAt="2026-02-30T25:00:00Z"))

    jira = {"expand": "", "id": None, "key": "OPS-0", "self": "https://northwind.atlassian.net/rest/api/3/issue/0", "fields": {}}
    plant("jira", "issues", "missing_external_key", jira)
    plant("jira", "issues", "unparseable_timestamp",
          dict(jira, id="99999", key="OPS-9", fields={"resolutiondate": "01/06/2026 12:00", "status": {"statusCategory": {"key": "done"}}}))

    incident = load_example("pagerduty", "incidents")
    plant("pagerduty", "incidents", "missing_external_key", {k: v for k, v in incident.items() if k != "id"})
    plant("pagerduty", "incidents", "unparseable_timestamp", dict(incident, id="PBADTIME", resolved_at="not a time"))
    return dict(cases)


def plant_bad_gateway_events(con, out: Path, extract: dt.datetime, truth_counts: dict) -> list[dict[str, str]]:
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


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "data" / "landing", help="landing folder to (re)create")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--days", type=int, default=184, help="days of history")
    parser.add_argument("--end-date", type=dt.date.fromisoformat, default=dt.date(2026, 11, 1),
                        help="first day after the history (exclusive end)")
    parser.add_argument("--events-per-person-day", type=float, default=6.0,
                        help="gateway requests on a typical person's working day")
    parser.add_argument("--jira-story-points-field", default="customfield_10016")
    args = parser.parse_args(argv)
    if args.people < 40:
        parser.error("--people must be at least 40: every archetype, the promotion and the gamers need people")
    return args


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    rng = random.Random(args.seed)
    ids = Ids(rng)
    end = args.end_date
    start = end - dt.timedelta(days=args.days)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    truth = Truth()
    prices = load_prices()

    people = build_people(rng, ids, args.people, start, end)
    people += plant_gamers(ids, people, start)
    for person in people:
        # Claude Code reports e-mails as typed at sign-up: some in mixed case.
        person["claude_code_email"] = person["email"].title() if int(person["employee_id"][1:]) % 9 == 0 else person["email"]
    contractor = dict(people[0], employee_id="X-CONTRACTOR", email="dana.contractor@vendor.example",
                      claude_code_email="dana.contractor@vendor.example", archetype="typical", role="software_engineer",
                      hire_date=start, termination_date=None, openai_user_id="user-contractor", anthropic_api_key_id="apikey_contractor",
                      anthropic_account_id="user_contractor")
    extracts = []
    moment = dt.datetime.combine(start, dt.time(6)) + dt.timedelta(days=EXTRACT_EVERY_DAYS)
    while moment.date() < end:
        extracts.append(moment)
        moment += dt.timedelta(days=EXTRACT_EVERY_DAYS)
    extracts.append(dt.datetime.combine(end, dt.time(6)))

    write_hris(args.out, people, extracts[-1], truth)

    con = duckdb.connect()
    con.execute("set threads = 2")
    con.execute("set TimeZone = 'UTC'")
    usage_people_table(con, people, prices, contractor)
    build_person_days(con, args.seed, start, args.days)
    openai_default, openai_light = pick_model(prices, "openai_default"), pick_model(prices, "openai_light")
    build_usage_lines(con, openai_default, openai_light)
    cost_usage_lines(con)
    build_gateway_days(con, args.events_per_person_day)
    build_vendor_lines(con)
    write_usage_reports(con, args.out, extracts, truth)
    gateway_counts: dict[str, Any] = {}
    write_gateway_events(con, args.out, args.seed, start, args.events_per_person_day, extracts, gateway_counts)

    writer = OutcomeWriter(rng, ids, args.out, extracts, truth)
    planted = build_outcomes(rng, writer, people, start, end, args.jira_story_points_field)
    curves = returns_curves(people, args.seed)
    build_curve_outcomes(rng, writer, people, curves, monthly_spend(con), start, end, args.jira_story_points_field)
    writer.write()

    late_extract = extracts[len(extracts) // 2] + dt.timedelta(minutes=30)
    bad_records = plant_bad_records(args.out, late_extract, truth)
    bad_records["gateway.usage_events"] = plant_bad_gateway_events(con, args.out, late_extract, gateway_counts)

    sources = truth.summary()
    quarantined = sum(gateway_counts["quarantined_by_reason"].values())
    sources["gateway.usage_events"] = {
        "raw": gateway_counts["raw"], "kept": gateway_counts["kept"],
        "duplicates": gateway_counts["raw"] - gateway_counts["kept"] - quarantined,
        "quarantined": quarantined, "quarantined_by_reason": gateway_counts["quarantined_by_reason"],
    }
    totals = con.execute("""
        select channel, sum(input_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(output_tokens), round(sum(cost_usd), 6)
        from usage_costed group by channel order by channel
    """).fetchall()
    invoice = defaultdict(dict)
    overlap = defaultdict(dict)
    for provider, month, billed, reported_twice in con.execute("""
        select provider, strftime(usage_date, '%Y-%m') as month, round(sum(cost_usd), 6),
            round(sum(case when channel in ('claude_code', 'gateway') then cost_usd else 0 end), 6)
        from vendor_costs group by all order by all
    """).fetchall():
        invoice[provider][month] = billed
        overlap[provider][month] = reported_twice
    by_archetype: dict[str, list[str]] = defaultdict(list)
    for person in people:
        by_archetype[person["archetype"]].append(person["employee_id"])
    promoted = next(p for p in people if p["promotion"])
    sidecar = {
        "generator": {"seed": args.seed, "people": args.people, "days": args.days, "start_date": start.isoformat(),
                      "end_date": end.isoformat(), "events_per_person_day": args.events_per_person_day,
                      "extracts": len(extracts)},
        "archetypes": {archetype: sorted(members) for archetype, members in sorted(by_archetype.items())},
        "promotion": {"employee_id": promoted["employee_id"], "effective_date": promoted["promotion"]["date"].isoformat(),
                      "from_level": promoted["promotion"]["from_level"], "to_level": promoted["promotion"]["to_level"],
                      "role": promoted["role"]},
        "missing_from_hris": {"email": contractor["email"]},
        "unknown_model": UNKNOWN_MODEL,
        "returns_curves": {
            "x": "ln(1 + spend_usd of the person-month)", "y": "credited value points of the person-month",
            "noise_sd": CURVE_NOISE_SD, "applies_to": "archetype typical (planted archetypes keep their own pattern)",
            "hump_shaped_cohort": HUMP_SHAPED_COHORT,
            "cohorts": curves,
            "cohorts_with_planted_archetypes": sorted({cohort_of(p, start) for p in people if p["archetype"] != "typical"}),
        },
        **planted,
        "gamers": {p["strategy"]: {"gamer_id": p["employee_id"], "twin_id": p["twin_id"], "role": p["role"],
                                    "level": p["level"]} for p in people if p.get("strategy")},
        "bad_records": bad_records,
        "sources": sources,
        # Every dollar once: the rules that give each slice reported twice to
        # the finer source (build.sh passes them from _demo_vars.json), what
        # the cost reports bill per provider and month, and how much of it the
        # vendors' usage reports also hold (removed by the rules).
        "coverage_rules": COVERAGE_RULES,
        "invoice_usd_by_provider_month": invoice,
        "reported_twice_usd_by_provider_month": overlap,
        "usage_totals_by_channel": {
            channel: {"input_tokens": i, "cache_read_tokens": r, "cache_write_tokens": w, "output_tokens": o, "cost_usd": c}
            for channel, i, r, w, o, c in totals
        },
    }
    (args.out / "_demo_truth.json").write_text(json.dumps(sidecar, indent=2, default=str) + "\n")
    (args.out / "_demo_vars.json").write_text(json.dumps({"usage_coverage_rules": COVERAGE_RULES}, indent=2) + "\n")
    return sidecar


if __name__ == "__main__":
    result = main()
    for entity, counts in result["sources"].items():
        print(f"{entity:32s} raw={counts['raw']:>9} kept={counts['kept']:>9} duplicates={counts['duplicates']:>8} quarantined={counts['quarantined']}")
