"""The made-up organisation: its people (roles, levels, teams, archetypes of spend and output, a
promotion, a joiner and a leaver), their identities in every tool, the HRIS exports that describe
them, and the contractor who uses AI but is missing from HRIS."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import random
import string
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from token_outcomes.demo.landing import EXTRACT_EVERY_DAYS, extract_name

if TYPE_CHECKING:
    from token_outcomes.demo.truth import Truth

COMPANY_DOMAIN = "northwind.example"
ORGANIZATION_ID = "4f7d2c1e-8a3b-4c6d-9e0f-1a2b3c4d5e6f"

TEAMS = [
    ("payments", "PAY"), ("checkout", "CHK"), ("search", "SRCH"), ("platform", "PLAT"),
    ("data-platform", "DATA"), ("machine-learning", "ML"), ("mobile", "MOB"), ("web", "WEB"),
    ("infrastructure", "INFRA"), ("security", "SEC"), ("growth", "GROW"), ("identity", "IDN"),
]
# Role mix of an engineering organisation; planted archetypes are drawn from
# software engineers at L4/L5, the cohorts large enough to have medians.
# The cohorts the planted archetypes are drawn from (build_people).
PLANTED_COHORTS = {("software_engineer", "L4"), ("software_engineer", "L5")}
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
# The team that adopts AI a third of the way into the history: before, its people use AI at
# PRE_ADOPTION_SPEND_SHARE of their spend after. It is formed of LATE_ADOPTER_SIZE typical people moved from
# the other teams, none of them a software engineer at L4 or L5 (the cohorts the planted archetypes come from
# keep their typical members), nor a planted gamer's twin or a near-threshold person, so its value per
# engineer-month follows its cohorts' returns curves at its spend and the capacity uplift it shows is known
# (truth.py, "capacity").
LATE_ADOPTER_TEAM = ("labs", "LAB")
LATE_ADOPTER_SIZE = 8
PRE_ADOPTION_SPEND_SHARE = 0.03
# The one cohort whose returns curve is planted hump-shaped (curves.py); planted cases keep out of it
# when they can, so its curve stays checkable.
HUMP_SHAPED_COHORT = "software_engineer:L3"
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
    adoption = adoption_date(start, end)
    late = [p for p in people if p["archetype"] == "typical" and not p["promotion"] and p is not joiner
            and p is not leaver and (p["role"], p["level"]) not in PLANTED_COHORTS][:LATE_ADOPTER_SIZE]
    for person in people:
        person["adoption_date"] = adoption if person in late else None
        if person in late:
            person["team"] = LATE_ADOPTER_TEAM[0]
    # Managers report to nobody in the demo; everyone else to their team's first manager.
    managers = {p["team"]: p["employee_id"] for p in reversed(people) if p["role"] == "engineering_manager"}
    for person in people:
        person["manager_id"] = managers.get(person["team"]) if person["role"] != "engineering_manager" else None
    return people


def adoption_date(start: dt.date, end: dt.date) -> dt.date:
    """The first day of the late adopter team's first month with AI: the month start nearest a third of the
    history, so that a month or more lies on each side of it."""
    third = start + (end - start) / 3
    earlier = third.replace(day=1)
    later = (third.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    nearest = earlier if third - earlier <= later - third else later
    return max(nearest, (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1))


def tool_draw(person: dict[str, Any]) -> int:
    """A stable draw per person (a planted gamer shares their twin's): which tools they use besides Claude Code."""
    seed_id = person.get("usage_seed_id", person["employee_id"])
    return int(hashlib.md5(seed_id.encode()).hexdigest(), 16)


def uses_cursor(person: dict[str, Any]) -> bool:
    """A third of the people who do not call the API code in Cursor (usage.py bills them through Cursor)."""
    return not uses_api(person) and tool_draw(person) % 3 == 0


def uses_api(person: dict[str, Any]) -> bool:
    return person["role"] in ("data_scientist", "ml_engineer")


def bedrock_principal(person: dict[str, Any]) -> tuple[str, str] | None:
    """How a person who runs Claude through AWS Bedrock (a third of the API users) calls it: half as an IAM
    Identity Center session named by their e-mail, half as an IAM user of their own, which the identity map
    names (system aws_iam). None for everyone else."""
    if not uses_api(person) or tool_draw(person) % 3 != 1:
        return None
    if tool_draw(person) % 2 == 0:
        return ("sso", person["email"])
    return ("iam_user", person["email"].split("@")[0].replace(".", "-") + "-cli")


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
        principal = bedrock_principal(person)
        if principal and principal[0] == "iam_user":
            identity_rows.append({"system": "aws_iam", "external_id": principal[1], "employee_id": person["employee_id"]})
            truth.record("hris.identities", f"aws_iam:{principal[1]}")
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


def add_claude_code_emails(people: list[dict[str, Any]]) -> None:
    """Claude Code reports e-mails as typed at sign-up: some in mixed case."""
    for person in people:
        mixed_case = int(person["employee_id"][1:]) % 9 == 0
        person["claude_code_email"] = person["email"].title() if mixed_case else person["email"]


def contractor(people: list[dict[str, Any]], start: dt.date) -> dict[str, Any]:
    """A contractor who uses Claude Code and the gateway but is missing from the HRIS exports."""
    return dict(people[0], employee_id="X-CONTRACTOR", email="dana.contractor@vendor.example",
                claude_code_email="dana.contractor@vendor.example", archetype="typical", role="software_engineer",
                hire_date=start, termination_date=None, openai_user_id="user-contractor",
                anthropic_api_key_id="apikey_contractor", anthropic_account_id="user_contractor")
