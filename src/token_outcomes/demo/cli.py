"""Generate token_outcomes' demo landing data, deterministically, in the vendors' own shapes.

The command line (`python -m token_outcomes.demo`) and main(), which runs every part of the
generator in order: the organisation and its HRIS exports, usage, outcomes and the planted cases,
the bad records, and the truth sidecars. The order is part of the output: every part draws from
one seeded random generator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

import duckdb

from token_outcomes.demo.bad_records import plant_bad_gateway_events, plant_bad_records
from token_outcomes.demo.curves import build_curve_outcomes, returns_curves
from token_outcomes.demo.landing import extract_times
from token_outcomes.demo.organisation import Ids, add_claude_code_emails, build_people, contractor, write_hris
from token_outcomes.demo.outcomes import OutcomeWriter, build_outcomes
from token_outcomes.demo.planted import (
    plant_gamers,
    plant_incident_prone,
    plant_near_threshold,
    plant_reverted_pull_request,
)
from token_outcomes.demo.truth import Truth, write_truth
from token_outcomes.demo.usage import (
    build_gateway_days,
    build_person_days,
    build_usage_lines,
    build_vendor_lines,
    cost_usage_lines,
    load_prices,
    monthly_spend,
    pick_model,
    usage_people_table,
)
from token_outcomes.demo.usage_reports import (
    write_bedrock_invocations,
    write_copilot_ai_credits,
    write_copilot_user_metrics,
    write_cursor_events,
    write_gateway_events,
    write_litellm_spend_logs,
    write_otlp_traces,
    write_usage_reports,
)
from token_outcomes.paths import REPO_ROOT


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m token_outcomes.demo", description=__doc__.splitlines()[0])
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
    """(Re)create the landing folder --out and return the truth sidecar written beside it."""
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

    # The organisation.
    people = build_people(rng, ids, args.people, start, end)
    people += plant_gamers(ids, people, start)
    plant_near_threshold(people, start)
    incident_prone = plant_incident_prone(people)
    add_claude_code_emails(people)
    missing_from_hris = contractor(people, start)
    extracts = extract_times(start, end)
    write_hris(args.out, people, extracts[-1], truth)

    # Usage, in DuckDB.
    con = duckdb.connect()
    con.execute("set threads = 2")
    con.execute("set TimeZone = 'UTC'")
    usage_people_table(con, people, prices, missing_from_hris)
    build_person_days(con, args.seed, start, args.days)
    openai_default, openai_light = pick_model(prices, "openai_default"), pick_model(prices, "openai_light")
    build_usage_lines(con, openai_default, openai_light)
    cost_usage_lines(con)
    build_gateway_days(con, args.events_per_person_day)
    build_vendor_lines(con)
    write_usage_reports(con, args.out, extracts, truth)
    gateway_counts: dict[str, Any] = {}
    write_gateway_events(con, args.out, args.seed, start, args.events_per_person_day, extracts, gateway_counts)
    write_cursor_events(con, args.out, args.seed, start, args.events_per_person_day, extracts, truth)
    write_bedrock_invocations(con, args.out, args.seed, start, args.events_per_person_day, extracts, truth)
    write_copilot_ai_credits(con, args.out, extracts, truth)
    write_copilot_user_metrics(con, args.out, extracts, truth)
    write_litellm_spend_logs(con, args.out, args.seed, start, extracts, truth)
    write_otlp_traces(con, args.out, args.seed, start, extracts, truth)

    # Outcomes, with the planted revert and the returns curves.
    writer = OutcomeWriter(rng, ids, args.out, extracts, truth, people)
    build_outcomes(rng, writer, people, start, end, args.jira_story_points_field)
    reverted = plant_reverted_pull_request(writer, people, start)
    curves = returns_curves(people, args.seed)
    build_curve_outcomes(rng, writer, people, curves, monthly_spend(con), start, end, args.jira_story_points_field)
    writer.write()

    # Bad records, in a late extract of their own.
    late_extract = extracts[len(extracts) // 2] + dt.timedelta(minutes=30)
    bad_records = plant_bad_records(args.out, late_extract, truth)
    bad_records["gateway.usage_events"] = plant_bad_gateway_events(con, args.out, late_extract, gateway_counts)

    generator = {"seed": args.seed, "people": args.people, "days": args.days, "start_date": start.isoformat(),
                 "end_date": end.isoformat(), "events_per_person_day": args.events_per_person_day,
                 "extracts": len(extracts)}
    return write_truth(args.out, con, generator=generator, people=people, contractor=missing_from_hris, start=start,
                       curves=curves, reverted_pull_request=reverted, bad_records=bad_records, truth=truth,
                       gateway_counts=gateway_counts, quality=dict(writer.quality, incident_prone=incident_prone))


def print_sources(sidecar: dict[str, Any]) -> None:
    """What each source must yield, one line per landing entity."""
    for entity, counts in sidecar["sources"].items():
        print(f"{entity:32s} raw={counts['raw']:>9} kept={counts['kept']:>9} duplicates={counts['duplicates']:>8} "
              f"quarantined={counts['quarantined']}")
