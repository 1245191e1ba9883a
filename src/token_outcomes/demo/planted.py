"""Planted cases the build must find: the Goodhart gamers, each a copy of an honest (typical) twin's
job, spend and work plus one gaming strategy (split pull requests, ticket churn, self-resolved
incidents, padded tokens, inflated outcomes), and a merged pull request reverted a few days later.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from typing import Any

from token_outcomes.demo.organisation import COMPANY_DOMAIN, Ids
from token_outcomes.demo.outcomes import OutcomeWriter, finished_at

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


def plant_reverted_pull_request(writer: OutcomeWriter, people: list[dict[str, Any]], start: dt.date) -> dict[str, Any]:
    """A merged change and, a few days later, its revert: the original earns no credit."""
    author = next(p for p in people if p["archetype"] == "typical" and p["role"] == "software_engineer")
    original = writer.pull_request(author, start + dt.timedelta(days=60), 7, title="Add checkout retry with jitter",
                                   labels=["feature"])
    revert = writer.pull_request(
        author, start + dt.timedelta(days=63), 2, title=f'Revert "{original["title"]}"',
        body=f"Reverts {original['repo']}#{original['number']}",
        head_ref=f"revert-{original['number']}-{original['head_ref']}", labels=[])
    return {"reverted_node_id": original["node_id"], "revert_node_id": revert["node_id"],
            "repository": original["repo"], "number": original["number"]}
