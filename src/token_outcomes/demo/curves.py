"""Returns curves: each typical person's finished work, month by month, as value points drawn from
their cohort's curve at the month's AI spend (plus noise), filled with outcomes of known value. Every
cohort's curve rises and flattens (y = a + b x, x = ln(1 + spend)) but one, planted hump-shaped
(HUMP_SHAPED_COHORT): the analytics marts must recover the curves. A Goodhart gamer repeats their
twin's outcomes, in the gamer's own way, and adds the strategy's extras; a near-threshold person's
work near a cut-off is part of their month's value, the rest of it in larger pieces (planted.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections import defaultdict
from typing import Any

from token_outcomes.demo.organisation import HUMP_SHAPED_COHORT, LEVELS
from token_outcomes.demo.outcomes import OutcomeWriter
from token_outcomes.demo.planted import emit_gaming_extras, emit_near_threshold_work, emit_outcome

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


def stable_fraction(*parts: object) -> float:
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def build_curve_outcomes(rng: random.Random, writer: OutcomeWriter, people: list[dict[str, Any]],
                         curves: dict[str, dict[str, float]], spend: dict[tuple[str, dt.date], float],
                         start: dt.date, end: dt.date, story_points_field: str) -> None:
    """Typical people's finished work: each month, value points drawn from their cohort's curve
    at the month's spend (plus noise), filled with outcomes of known value."""
    gamers_by_twin: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person in people:
        if person.get("twin_id"):
            gamers_by_twin[person["twin_id"]].append(person)
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
            if person.get("adoption_date"):
                # The late adopter team's planted value: its capacity before and after adoption (truth.py).
                writer.quality["capacity_value_points"][month.isoformat()] += target
            kinds = CURVE_KINDS.get(person["role"], CURVE_KINDS["default"])
            twins_gamers = gamers_by_twin.get(person["employee_id"], [])
            smallest = 3
            if person.get("near_threshold"):
                # Their work near a cut-off is part of the month's value, so the curve stays true; the
                # rest of the month is in larger pieces, so the count stays near the cohort's.
                target -= emit_near_threshold_work(writer, person, working_days, rng)
                smallest = 7
            while target > 0:
                choices = [v for v in kinds if v <= target and (v >= smallest or target < smallest)]
                # A near-threshold person closes the month with one piece, not several small ones.
                value = max(choices) if person.get("near_threshold") and target < smallest else rng.choice(choices)
                kind, detail = kinds[value]
                day = rng.choice(working_days)
                for worker in [person, *twins_gamers]:
                    emit_outcome(writer, worker, kind, detail, day, value, story_points_field, rng, working_days)
                target -= value
            for gamer in twins_gamers:
                emit_gaming_extras(writer, gamer, working_days, rng)
        month = next_month
