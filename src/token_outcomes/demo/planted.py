"""Planted cases the build must find, and honest cases it must leave alone.

- Goodhart gamers: each a copy of an honest (typical) twin's job, spend and work, plus one gaming
  strategy. Five do not know the published cut-offs (GAMING_STRATEGIES: split pull requests, ticket
  churn, self-resolved incidents, padded tokens, inflated outcomes). Eleven know them and stay just
  inside each one (KNOWING_STRATEGIES: pull requests merged just outside the burst window, in pairs, on
  consecutive days, approved by their own second account or a bot, or rubber-stamped against one
  self-made ticket; tickets open just past the minimum lifetime, self-estimated or self-prioritised;
  incidents resolved just past the minimum duration; a launch label kept open just over a day). Only
  evidence catches those: an approval by another employee, a ticket created by someone else, an
  incident raised by monitoring or by someone else. The twin's honest work copied to a gamer carries
  the evidence honest work carries; what the strategy adds or changes does not.
- Honest people near the cut-offs (NEAR_THRESHOLD_KINDS): typical people whose month holds honest
  work that comes near a cut-off (a busy week of small pull requests, quick hotfixes, one-point chores,
  quick incidents), all of it with the evidence. Their extra work is part of their month's value on
  their cohort's curve, so their finished-outcome count stays within about 1.5 times their cohort's.
- A merged pull request reverted a few days later.

When the organisation is too small to spare an honest typical person, a gamer or a near-threshold
person is not planted; the truth sidecar lists which (truth.py).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import string
from collections import Counter
from typing import Any

from token_outcomes.demo.organisation import COMPANY_DOMAIN, HUMP_SHAPED_COHORT, Ids
from token_outcomes.demo.outcomes import JIRA_BUG_SHARE, OutcomeWriter, finished_at

GAMING_STRATEGIES = ["pr_splitting", "ticket_churn", "self_resolved_noise", "token_padding", "outcome_inflation"]
# Each stays just inside one of today's published cut-offs (dbt vars): pr_burst_window_minutes 60,
# pr_burst_max_open_minutes 60, pr_burst_min_size 3, min_ticket_lifetime_minutes 30,
# min_incident_minutes 15, and a launch label needing 24 hours open.
KNOWING_STRATEGIES = [
    "split_outside_window", "split_into_pairs", "split_across_days", "split_self_approved", "split_rubber_stamped",
    "ticket_smallest_estimate", "ticket_left_open", "ticket_self_estimated_large", "ticket_urgent_unsized",
    "noise_just_longer", "label_open_a_day",
]
SPLIT_STRATEGIES = {"split_outside_window", "split_into_pairs", "split_across_days", "split_self_approved",
                    "split_rubber_stamped"}
INCIDENT_STRATEGIES = {"self_resolved_noise", "noise_just_longer"}
NEAR_THRESHOLD_KINDS = {"busy_week": "software_engineer", "quick_hotfixes": "software_engineer",
                        "one_point_chores": "software_engineer", "quick_incidents": "site_reliability_engineer"}
# Who a knowing gamer's twin or a near-threshold person may be, in order of preference: pull
# requests and tickets are everybody's work but SREs'; incidents are SREs' only.
ROLES_FOR = {
    "software_engineer": ["software_engineer", "ml_engineer", "data_scientist", "engineering_manager"],
    "site_reliability_engineer": ["site_reliability_engineer"],
}
TOKEN_PADDING_FACTOR = 4.0
SPLIT_INTO = 4
CHURN_TICKETS_PER_MONTH = 20
NOISE_INCIDENTS_PER_MONTH = 12
# Extra self-created Linear issues a month: (count, estimate, priority, open minutes low-high).
KNOWING_TICKETS = {
    "ticket_smallest_estimate": (20, 1, None, (35, 50)),
    "ticket_left_open": (20, None, None, (31, 45)),
    "ticket_self_estimated_large": (8, 8, None, (120, 300)),
    "ticket_urgent_unsized": (10, None, 1, (60, 180)),
}
ONE_POINT_ISSUE_VALUE = 2  # a Linear issue of estimate 1 under seeds/outcome_value_rules.csv (linear_s)


def plant_gamers(ids: Ids, people: list[dict[str, Any]], start: dt.date) -> list[dict[str, Any]]:
    """One gamer per strategy: a copy of an honest (typical) twin's job, spend and work, plus the strategy."""
    gamers = []
    taken: set[str] = set()
    for number, strategy in enumerate(GAMING_STRATEGIES + KNOWING_STRATEGIES):
        knows = strategy in KNOWING_STRATEGIES
        role = "site_reliability_engineer" if strategy in INCIDENT_STRATEGIES else "software_engineer"
        honest = [p for p in honest_candidates(people, start) if p["employee_id"] not in taken]
        if knows:
            twin = pick(honest, role, people + gamers)
        else:
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
            "profile": "typical", "strategy": strategy, "twin_id": twin["employee_id"], "knows_thresholds": knows,
            "usage_seed_id": twin["employee_id"], "github_login": f"{first}-{last}", "github_user_id": 9_000_000 + number,
            "linear_user_id": ids.uuid(), "jira_account_id": f"712020:{ids.uuid()}",
            "pagerduty_user_id": "P" + ids.chars(string.ascii_uppercase + string.digits, 6),
            "openai_user_id": "user-" + ids.base62(24), "anthropic_account_id": "user_01" + ids.base62(22),
            "anthropic_api_key_id": "apikey_01" + ids.base62(22), "promotion": None,
            "token_padding": TOKEN_PADDING_FACTOR if strategy == "token_padding" else 1.0,
        })
        gamers.append(gamer)
    return gamers


def plant_near_threshold(people: list[dict[str, Any]], start: dt.date) -> None:
    """Mark one honest typical person per kind of near-threshold work (person["near_threshold"]): not a
    twin, not the author of the planted revert, present all through the history."""
    twins = {p["twin_id"] for p in people if p.get("twin_id")}
    revert_author = next(p for p in people if p["archetype"] == "typical" and p["role"] == "software_engineer")
    for kind, role in NEAR_THRESHOLD_KINDS.items():
        honest = [p for p in honest_candidates(people, start) if p["employee_id"] not in twins
                  and p is not revert_author and not p.get("near_threshold")]
        person = pick(honest, role, people, typical_spend=True)
        if person is not None:
            person["near_threshold"] = kind


def plant_incident_prone(people: list[dict[str, Any]]) -> dict[str, Any]:
    """The heavy spender who ships fast and breaks things: a power user whose merged pull requests cause
    incidents and bugs far more often than anyone's (outcomes.py, CAUSE_WEIGHT_PRONE), and an honest twin,
    another power user of the same cohort when there is one, whose changes never do."""
    power_users = [p for p in people if p["archetype"] == "power_user"]
    if len(power_users) < 2:
        return {}
    prone = power_users[0]
    twin = next((p for p in power_users[1:] if (p["role"], p["level"]) == (prone["role"], prone["level"])),
                power_users[1])
    prone["incident_prone"] = True
    twin["incident_prone_twin"] = True
    return {"employee_id": prone["employee_id"], "twin_id": twin["employee_id"], "role": prone["role"],
            "level": prone["level"], "twin_level": twin["level"]}


def honest_candidates(people: list[dict[str, Any]], start: dt.date) -> list[dict[str, Any]]:
    """Typical people present all through the history, whose cohort does not change."""
    return [p for p in people if p["archetype"] == "typical" and not p["promotion"] and p["hire_date"] < start
            and p["termination_date"] is None and not p.get("adoption_date")]


def pick(honest: list[dict[str, Any]], role: str, people: list[dict[str, Any]],
         typical_spend: bool = False) -> dict[str, Any] | None:
    """Someone of the role (or of the next role of ROLES_FOR when it has nobody left): from a cohort
    that holds planted people already, else from the largest cohort, the hump-shaped cohort last (so
    the fewest cohorts' returns curves hold planted people, and a cohort's median has many people);
    with typical_spend, then the one whose spend is nearest the norm (so their month's value, and
    count, is near their cohort's); nobody when no role has anybody left."""
    sizes = Counter(f"{p['role']}:{p['level']}" for p in people)
    planted = {f"{p['role']}:{p['level']}" for p in people if p["archetype"] != "typical"}

    def preference(person: dict[str, Any]) -> tuple[int, bool, bool, int, float]:
        cohort = f"{person['role']}:{person['level']}"
        spend_distance = abs(math.log(person.get("spend_multiplier", 1.0))) if typical_spend else 0.0
        return (ROLES_FOR[role].index(person["role"]), cohort == HUMP_SHAPED_COHORT, cohort not in planted,
                -sizes[cohort], spend_distance)

    return min((p for p in honest if p["role"] in ROLES_FOR[role]), key=preference, default=None)


def emit_outcome(writer: OutcomeWriter, person: dict[str, Any], kind: str, detail: Any, day: dt.date, value: int,
                 story_points_field: str, rng: random.Random, working_days: list[dt.date]) -> None:
    """One finished outcome of known value; a gamer's copy of it carries the gamer's strategy."""
    strategy = person.get("strategy")
    if kind == "pull_request":
        if strategy == "pr_splitting" and value >= 3:
            # The same change shipped as several tiny pull requests, merged minutes apart.
            first = finished_at(rng, day)
            for part in range(SPLIT_INTO):
                writer.pull_request(person, day, value, labels=[detail], open_minutes=15,
                                    merged_at=first + dt.timedelta(minutes=7 * part), reviews=None,
                                    size_share=1 / SPLIT_INTO)
        elif strategy in SPLIT_STRATEGIES and value >= 3:
            split_change(writer, person, detail, day, value, rng, working_days)
        elif strategy == "outcome_inflation" and value <= 3:
            # A "launch" label on trivial work, rushed through review.
            writer.pull_request(person, day, value, labels=[detail, "launch"], open_minutes=20, reviews=None)
        elif strategy == "label_open_a_day" and value <= 3:
            # A "launch" label on trivial work, kept open just over the day the label needs.
            writer.pull_request(person, day, value, labels=[detail, "launch"],
                                open_minutes=rng.randint(25 * 60, 30 * 60), reviews=None)
        else:
            writer.pull_request(person, day, value, labels=[detail])
    elif kind == "linear":
        writer.linear_issue(person, day, value, estimate=detail, priority=3)
    elif kind == "jira":
        # A bug or a task: the value rules read its points and priority.
        issue_type = "Bug" if rng.random() < JIRA_BUG_SHARE else "Task"
        writer.jira_issue(person, day, value, story_points_field, points=detail, issue_type=issue_type, priority="Medium")
    else:
        writer.incident(person, day, value)


def split_change(writer: OutcomeWriter, gamer: dict[str, Any], label: str, day: dt.date, value: int,
                 rng: random.Random, working_days: list[dt.date]) -> None:
    """One change of the twin's, shipped in parts the way the gamer's strategy says, each part
    labelled as the whole change."""
    strategy = gamer["strategy"]
    if strategy == "split_outside_window":
        # Four parts, each open longer than a burst's pull requests and merged outside each other's window.
        merged = first_merge(gamer, day, rng)
        for _ in range(4):
            writer.pull_request(gamer, day, value, labels=[label], open_minutes=rng.randint(65, 75), merged_at=merged,
                                reviews=None, size_share=1 / 4)
            gamer.setdefault("split_merged_by_day", {})[day] = merged
            merged += dt.timedelta(minutes=rng.randint(65, 80))
    elif strategy == "split_into_pairs":
        # Two quick parts: one fewer than a burst.
        merged = first_merge(gamer, day, rng)
        for _ in range(2):
            writer.pull_request(gamer, day, value, labels=[label], open_minutes=rng.randint(10, 20), merged_at=merged,
                                reviews=None, size_share=1 / 2)
            gamer.setdefault("split_merged_by_day", {})[day] = merged
            merged += dt.timedelta(minutes=rng.randint(2, 9))
    elif strategy == "split_across_days":
        # Three parts merged on three consecutive working days of the month.
        index = working_days.index(day) if day in working_days else 0
        days = working_days[max(0, min(index, len(working_days) - 3)):][:3]
        for part_day in days:
            writer.pull_request(gamer, part_day, value, labels=[label], open_minutes=rng.randint(120, 360),
                                reviews=None, size_share=1 / len(days))
    elif strategy == "split_self_approved":
        # Three parts, each approved before the merge by the gamer's second account or by a bot.
        merged = first_merge(gamer, day, rng)
        for _ in range(3):
            writer.pull_request(gamer, day, value, labels=[label], open_minutes=rng.randint(90, 240), merged_at=merged,
                                reviews=rng.choice(["alt_account", "alt_account", "bot"]), size_share=1 / 3)
            gamer.setdefault("split_merged_by_day", {})[day] = merged
            merged += dt.timedelta(minutes=rng.randint(65, 120))
    else:  # split_rubber_stamped
        # Three parts, each approved by a teammate, all naming one Linear issue the gamer created
        # (estimate 1), completed when the last part merges.
        merged_times, opens = [], []
        merged = first_merge(gamer, day, rng)
        for _ in range(3):
            merged_times.append(merged)
            opens.append(rng.randint(90, 240))
            gamer.setdefault("split_merged_by_day", {})[day] = merged
            merged += dt.timedelta(minutes=rng.randint(65, 120))
        first_opened = merged_times[0] - dt.timedelta(minutes=opens[0])
        lifetime = (merged_times[-1] - first_opened).total_seconds() / 60 + rng.randint(20, 120)
        key = writer.linear_issue(gamer, day, ONE_POINT_ISSUE_VALUE, estimate=1, priority=3, created_by=gamer,
                                  done_at=merged_times[-1], lifetime_minutes=round(lifetime))
        for part, (merged_at, open_minutes) in enumerate(zip(merged_times, opens, strict=True), start=1):
            writer.pull_request(gamer, day, value, labels=[label], head_ref=f"{gamer['github_login']}/{key}-part-{part}",
                                open_minutes=open_minutes, merged_at=merged_at, reviews="teammate", size_share=1 / 3)


def first_merge(gamer: dict[str, Any], day: dt.date, rng: random.Random) -> dt.datetime:
    """When a change's first part merges: in the day's working hours, or, when another change of the
    gamer's was split the same day, 65-80 minutes after its last part (so two changes' parts never
    make a burst or a group together)."""
    merged = finished_at(rng, day)
    last = gamer.get("split_merged_by_day", {}).get(day)
    if last is not None:
        merged = max(merged, last + dt.timedelta(minutes=rng.randint(65, 80)))
    return merged


def emit_gaming_extras(writer: OutcomeWriter, gamer: dict[str, Any], working_days: list[dt.date],
                       rng: random.Random) -> None:
    """What a gamer adds each month on top of the twin's work: all of it created, or raised, by the gamer."""
    strategy = gamer["strategy"]
    if strategy == "ticket_churn":
        for _ in range(CHURN_TICKETS_PER_MONTH):
            writer.linear_issue(gamer, rng.choice(working_days), 1, unestimated=True, priority=0,
                                lifetime_minutes=rng.randint(2, 9), created_by=gamer)
    elif strategy in KNOWING_TICKETS:
        count, estimate, priority, (shortest, longest) = KNOWING_TICKETS[strategy]
        for _ in range(count):
            writer.linear_issue(gamer, rng.choice(working_days), 1, estimate=estimate,
                                unestimated=estimate is None, priority=priority or rng.choice([0, 3, 4]),
                                lifetime_minutes=rng.randint(shortest, longest), created_by=gamer)
    elif strategy == "self_resolved_noise":
        for _ in range(NOISE_INCIDENTS_PER_MONTH):
            writer.incident(gamer, rng.choice(working_days), 2, triggered_by=gamer, duration_minutes=rng.randint(2, 8))
    elif strategy == "noise_just_longer":
        # Value 7: urgency high, priority P2.
        for _ in range(NOISE_INCIDENTS_PER_MONTH):
            writer.incident(gamer, rng.choice(working_days), 7, triggered_by=gamer, duration_minutes=rng.randint(16, 25))


def emit_near_threshold_work(writer: OutcomeWriter, person: dict[str, Any], working_days: list[dt.date],
                             rng: random.Random) -> int:
    """A near-threshold person's month of work that comes near a cut-off, all of it with honest
    evidence; returns its value points (taken from the month's value on the curve)."""
    kind = person["near_threshold"]
    points = 0
    if kind == "busy_week":
        # Six small pull requests, merged one after another: a burst by the clock, each approved by a teammate.
        merged = dt.datetime.combine(rng.choice(working_days), dt.time(10)) + dt.timedelta(minutes=rng.randint(0, 180))
        for _ in range(6):
            label = rng.choice(["chore", "bug", "refactor"])
            value = 2 if label == "chore" else 3
            writer.pull_request(person, merged.date(), value, labels=[label], open_minutes=rng.randint(20, 50),
                                merged_at=merged)
            merged += dt.timedelta(minutes=rng.randint(10, 30))
            points += value
    elif kind == "quick_hotfixes":
        for _ in range(3):
            writer.pull_request(person, rng.choice(working_days), 3, labels=["bug"], open_minutes=rng.randint(5, 15),
                                reviews="teammate")
            points += 3
    elif kind == "one_point_chores":
        for _ in range(6):
            writer.linear_issue(person, rng.choice(working_days), ONE_POINT_ISSUE_VALUE, estimate=1,
                                priority=rng.choice([3, 4]), lifetime_minutes=rng.randint(10, 25))
            points += ONE_POINT_ISSUE_VALUE
    else:  # quick_incidents
        for _ in range(4):
            value = rng.choice([2, 4, 5])  # P4 low, P3 low, P3 high: worth their value
            writer.incident(person, rng.choice(working_days), value, duration_minutes=rng.randint(5, 12),
                            triggered_by=rng.choice(["monitoring", "colleague"]))
            points += value
    return points


def plant_reverted_pull_request(writer: OutcomeWriter, people: list[dict[str, Any]], start: dt.date) -> dict[str, Any]:
    """A merged change and, a few days later, its revert: the original earns no credit."""
    author = next(p for p in people if p["archetype"] == "typical" and p["role"] == "software_engineer")
    original = writer.pull_request(author, start + dt.timedelta(days=60), 7, title="Add checkout retry with jitter",
                                   labels=["feature"], can_cause=False)
    revert = writer.pull_request(
        author, start + dt.timedelta(days=63), 2, title=f'Revert "{original["title"]}"',
        body=f"Reverts {original['repo']}#{original['number']}",
        head_ref=f"revert-{original['number']}-{original['head_ref']}", labels=[], can_cause=False)
    return {"reverted_node_id": original["node_id"], "revert_node_id": revert["node_id"],
            "repository": original["repo"], "number": original["number"]}
