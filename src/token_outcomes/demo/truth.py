"""What the generator knows, so tests compare a build against it rather than against what the models
computed: Truth counts every record as it is written (raw, kept, duplicates, quarantined by reason per
source), and write_truth writes the two sidecars beside the landing folders:

- `_demo_truth.json`: what was planted (archetypes, the promotion, the person missing from HRIS, the
  unknown model, the returns curves, the reverted pull request, the gamers by strategy with their twins
  and whether they know the cut-offs, the honest near-threshold people, what a small organisation could
  not plant, the bad records), how many records each source must yield, what the vendors bill and how
  much of it is reported twice;
- `_demo_vars.json`: the dbt vars every build of the demo passes (its coverage rules; scripts/build.sh).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import duckdb

from token_outcomes.demo.bad_records import UNKNOWN_MODEL
from token_outcomes.demo.curves import CURVE_NOISE_SD, cohort_of
from token_outcomes.demo.organisation import HUMP_SHAPED_COHORT
from token_outcomes.demo.planted import GAMING_STRATEGIES, KNOWING_STRATEGIES, NEAR_THRESHOLD_KINDS
from token_outcomes.demo.usage import COVERAGE_RULES
from token_outcomes.demo.usage_reports import ANALYTICS_FROM


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


def write_truth(out: Path, con: duckdb.DuckDBPyConnection, *, generator: dict[str, Any],
                people: list[dict[str, Any]], contractor: dict[str, Any], start: dt.date,
                curves: dict[str, dict[str, float]], reverted_pull_request: dict[str, Any],
                bad_records: dict[str, Any], truth: Truth, gateway_counts: dict[str, Any],
                quality: dict[str, Any]) -> dict[str, Any]:
    """Write `_demo_truth.json` and `_demo_vars.json` under `out`; return the truth sidecar."""
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
    invoice: dict[str, dict[str, float]] = defaultdict(dict)
    overlap: dict[str, dict[str, float]] = defaultdict(dict)
    twice_without_rules: dict[str, dict[str, float]] = defaultdict(dict)
    removed_without_rules: dict[str, dict[str, float]] = defaultdict(dict)
    # What the vendors' usage reports say again about usage a finer source reports: the Messages and Completions
    # reports on Claude Code's and the gateways' keys (declared by rules). From ANALYTICS_FROM, Anthropic's
    # analytics API covers the whole Messages report and Claude Code's records (in the whole cents Claude Code
    # reports) without a rule, and says the gateways' keys again itself. Without rules, only those defaults hold,
    # and the gateways' keys count twice.
    for provider, month, billed, gateways, claude_code, claude_code_cents, analytics in con.execute(f"""
        with claude_code_cents as (
            select strftime(usage_date, '%Y-%m') as month, sum(round(cost_usd * 100)) / 100 as reported
            from usage_costed where channel = 'claude_code' and usage_date >= date '{ANALYTICS_FROM}' group by 1
        )
        select provider, strftime(usage_date, '%Y-%m') as month, round(sum(cost_usd), 6),
            round(sum(case when channel in ('gateway', 'litellm', 'otlp') then cost_usd else 0 end), 6),
            round(sum(case when channel = 'claude_code' then cost_usd else 0 end), 6),
            coalesce(any_value(claude_code_cents.reported), 0),
            bool_or(provider = 'anthropic' and usage_date >= date '{ANALYTICS_FROM}')
        from vendor_costs left join claude_code_cents on strftime(usage_date, '%Y-%m') = claude_code_cents.month
        group by all order by all
    """).fetchall():
        invoice[provider][month] = billed
        if analytics:
            overlap[provider][month] = round(billed + gateways + claude_code_cents, 6)
            twice_without_rules[provider][month] = gateways
            removed_without_rules[provider][month] = round(billed + claude_code_cents, 6)
        else:
            overlap[provider][month] = round(gateways + claude_code, 6)
            twice_without_rules[provider][month] = round(gateways + claude_code, 6)
            removed_without_rules[provider][month] = 0.0
    by_archetype: dict[str, list[str]] = defaultdict(list)
    for person in people:
        by_archetype[person["archetype"]].append(person["employee_id"])
    promoted = next(p for p in people if p["promotion"])
    planted_strategies = {p["strategy"] for p in people if p.get("strategy")}
    planted_kinds = {p["near_threshold"] for p in people if p.get("near_threshold")}
    sidecar = {
        "generator": generator,
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
        "reverted_pull_request": reverted_pull_request,
        "gamers": {p["strategy"]: {"gamer_id": p["employee_id"], "twin_id": p["twin_id"], "role": p["role"],
                                    "level": p["level"], "knows_thresholds": p["knows_thresholds"]}
                   for p in people if p.get("strategy")},
        "near_threshold": {kind: {"employee_id": p["employee_id"], "role": p["role"]}
                           for kind in NEAR_THRESHOLD_KINDS for p in people if p.get("near_threshold") == kind},
        # An organisation too small to spare an honest typical person of the role goes without.
        "not_planted": {
            "gamers": [s for s in GAMING_STRATEGIES + KNOWING_STRATEGIES if s not in planted_strategies],
            "near_threshold": [k for k in NEAR_THRESHOLD_KINDS if k not in planted_kinds],
            "reason": "no honest typical person of a suitable role was left to copy or to plant on",
        },
        "bad_records": bad_records,
        "quality": quality_truth(quality, people, generator),
        "sources": sources,
        # Every dollar once: the rules that give each slice reported twice to
        # the finer source (build.sh passes them from _demo_vars.json), what
        # the cost reports bill per provider and month, and how much of it the
        # vendors' usage reports also hold (removed by the rules).
        "coverage_rules": COVERAGE_RULES,
        "invoice_usd_by_provider_month": invoice,
        "reported_twice_usd_by_provider_month": overlap,
        "counted_twice_without_rules_usd_by_provider_month": twice_without_rules,
        "removed_without_rules_usd_by_provider_month": removed_without_rules,
        "analytics_from": ANALYTICS_FROM.isoformat(),
        # Each channel's cost on the days Anthropic's analytics API reports (it then bills those channels' lines).
        "cost_usd_by_channel_from_analytics": dict(con.execute(f"""
            select channel, round(sum(cost_usd), 6) from usage_costed
            where usage_date >= date '{ANALYTICS_FROM}' group by channel order by channel
        """).fetchall()),
        "usage_totals_by_channel": {
            channel: {"input_tokens": i, "cache_read_tokens": r, "cache_write_tokens": w, "output_tokens": o, "cost_usd": c}
            for channel, i, r, w, o, c in totals
        },
    }
    (out / "_demo_truth.json").write_text(json.dumps(sidecar, indent=2, default=str) + "\n")
    # The demo organisation uses Cursor, Bedrock, Copilot, a LiteLLM proxy and an agent platform exporting
    # OpenTelemetry spans, sources a company switches on when it lands them; and Anthropic's analytics API.
    demo_vars = {"usage_coverage_rules": COVERAGE_RULES, "enable_cursor": True, "enable_bedrock": True,
                 "enable_copilot": True, "enable_litellm": True, "enable_otlp": True,
                 "enable_anthropic_analytics": True}
    (out / "_demo_vars.json").write_text(json.dumps(demo_vars, indent=2) + "\n")
    return sidecar


def quality_truth(quality: dict[str, Any], people: list[dict[str, Any]], generator: dict[str, Any]) -> dict[str, Any]:
    """What was planted about quality: every incident a change caused (with the evidence PagerDuty or the
    responder left), every bug that links its cause, the evidence of AI on each AI-assisted pull request,
    the incident-prone person and their honest twin, and the late adopter team's capacity before and after
    its adoption (value points per engineer-month: the planted curve values of its people, over the
    people employed in the team in each month)."""
    team = [p for p in people if p.get("adoption_date")]
    adoption = team[0]["adoption_date"] if team else None
    start, end = dt.date.fromisoformat(generator["start_date"]), dt.date.fromisoformat(generator["end_date"])
    sides: dict[str, dict[str, Any]] = {"before": {"periods": 0, "engineer_months": 0, "value_points": 0},
                                        "after": {"periods": 0, "engineer_months": 0, "value_points": 0}}
    month = start.replace(day=1)
    while adoption and month < end:
        next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        side = sides["before" if month < adoption else "after"]
        side["periods"] += 1
        side["engineer_months"] += sum(1 for p in team if p["hire_date"] < next_month
                                       and (p["termination_date"] is None or p["termination_date"] > month))
        side["value_points"] += quality["capacity_value_points"].get(month.isoformat(), 0)
        month = next_month
    for side in sides.values():
        side["value_per_engineer_month"] = side["value_points"] / side["engineer_months"] if side["engineer_months"] else None
    before, after = sides["before"]["value_per_engineer_month"], sides["after"]["value_per_engineer_month"]
    return {
        "incident_links": quality["incident_links"],
        "rework_links": quality["rework_links"],
        "ai_assisted_pull_requests": quality["ai_assisted"],
        "ai_assisted_by_evidence": dict(sorted(Counter(quality["ai_assisted"].values()).items())),
        "incident_prone": quality["incident_prone"],
        "capacity": {
            "team": team[0]["team"] if team else None,
            "adoption_period_start": adoption.isoformat() if adoption else None,
            **sides,
            "uplift": after / before - 1 if before and after is not None else None,
        },
    }
