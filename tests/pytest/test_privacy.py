"""Privacy: the pseudonym key never reaches dbt's artifacts or logs, has no default, and every
published group meets the privacy floor (var min_cohort_size, 5) or is suppressed.

One small organisation, landed beside the vendors' examples, is built twice: with a distinctive key,
and with none. Its people are hired on 2025-09-01 and spend only through the gateway, whose events
carry their cost, so every expected number below is worked out by hand from the table `PEOPLE`:

September 2025 (14 people)
  team alpha  6 x ml_engineer L4  spend 1..6      its own finance group; a returns-curve cohort of 6
  team beta   5 x ml_engineer L5  spend 10..50    exactly the floor: a group and a cohort of 5
  team gamma  2 x site_reliability_engineer L3  spend 7, 8
  team delta  1 x engineering_manager M2        spend 100
  gamma, delta (3 people) are below the floor together: beta, the smallest team at the floor, joins
  them (8 people). SRE and EM cohorts are compared within the organisation (14 people).
October 2025: only gamma (spend 9, 11) and delta (12) are still employed: 3 people, no group can
  reach the floor: finance suppresses it and no one gets a percentile. The SRE L3 cohort has four
  person-periods with spread in spend, but two people: not published.
The vendors' example person (E1) leaves before September, so these months hold only these people.
"""

from __future__ import annotations

import csv
import hashlib
import secrets
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import Build, land_vendor_examples, run_dbt

FLOOR = 5
SALT = "privacy-test-key-" + secrets.token_hex(12)
# employee_id: (team, role, level, September spend, October spend or None when gone)
PEOPLE = {
    **{f"a{n}": ("alpha", "ml_engineer", "L4", n, None) for n in range(1, 7)},
    **{f"b{n}": ("beta", "ml_engineer", "L5", 10 * n, None) for n in range(1, 6)},
    "g1": ("gamma", "site_reliability_engineer", "L3", 7, 9),
    "g2": ("gamma", "site_reliability_engineer", "L3", 8, 11),
    "d1": ("delta", "engineering_manager", "M2", 100, 12),
}
SEPTEMBER, OCTOBER = "2025-09-01", "2025-10-01"


def land_small_organisation(landing: Path) -> None:
    land_vendor_examples(landing)
    people_file = landing / "hris" / "people" / "2026-01-01T00-00-00Z.csv"
    with people_file.open() as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames
        rows = [dict(row, termination_date="2025-09-01") for row in reader]  # E1 leaves before September
    for employee_id, (team, role, level, _, october) in PEOPLE.items():
        rows.append({
            "employee_id": employee_id, "work_email": f"{employee_id}@privacy.example", "full_name": employee_id,
            "role": role, "level": level, "team": team, "cost_center": f"CC-{team}", "manager_employee_id": "",
            "hire_date": SEPTEMBER, "termination_date": "2025-11-01" if october else "2025-10-01",
            "effective_date": SEPTEMBER,
        })
    with people_file.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    events = []
    for employee_id, (_, _, _, september, october) in PEOPLE.items():
        for month, spend in (("2025-09-10", september), ("2025-10-10", october)):
            if spend is not None:
                events.append((f"privacy-{employee_id}-{month}", f"{month}T10:00:00Z", f"{employee_id}@privacy.example",
                               1000 * spend, spend))
    values = ", ".join(
        f"('{event_id}', '{at}', 'gen_ai.client.inference.operation.details', '{email}', 's', 'cursor', 'chat', "
        f"'anthropic', 'claude-sonnet-4-20250514', 'claude-sonnet-4-20250514', {tokens}, 10, 0, 0, {cost})"
        for event_id, at, email, tokens, cost in events)
    duckdb.sql(f"""
        copy (
            select * from (values {values}) as events(
                "event.id", "event.timestamp", "event.name", "user.email", "session.id", "service.name",
                "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model", "gen_ai.response.model",
                "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens",
                "gen_ai.usage.cache_creation.input_tokens", cost_usd)
        ) to '{landing / "gateway" / "usage_events" / "2025-11-05T00-00-00Z.parquet"}' (format parquet)
    """)


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("privacy") / "landing"
    land_small_organisation(folder)
    return folder


@pytest.fixture(scope="module")
def keyed_build(landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("keyed")
    database = work / "token_outcomes.duckdb"
    result = run_dbt(["build"], landing, database, work, environment={"TOKEN_OUTCOMES_PSEUDONYM_SALT": SALT})
    return Build(database=database, landing=landing, truth={}, output=result.stdout, target=work / "target")


def percent(rank: int, size: int) -> int:
    """percent_rank (rank - 1) / (size - 1), in whole percent, half away from zero."""
    return int(Decimal(100 * (rank - 1)) / Decimal(size - 1) + Decimal("0.5"))


# --- the key -----------------------------------------------------------------------------------

def test_the_key_is_in_no_artifact_and_no_log(keyed_build: Build) -> None:
    work = keyed_build.target.parent
    files = [path for folder in (work / "target", work / "logs") for path in folder.rglob("*") if path.is_file()]
    names = {path.relative_to(work).as_posix() for path in files}
    # The files dbt is known to copy rendered values into are there to be read.
    assert {"target/manifest.json", "target/run_results.json", "target/partial_parse.msgpack",
            "logs/dbt.log"} <= names
    assert any(name.startswith("target/compiled/") and name.endswith("rpt_peer_percentiles.sql") for name in names)
    leaking = [path.relative_to(work).as_posix() for path in files if SALT.encode() in path.read_bytes()]
    assert leaking == []
    assert SALT not in keyed_build.output
    # And the key was used: the mart's pseudonyms are the keyed hashes of the employee ids.
    pseudonyms = {row[0] for row in keyed_build.query("select person_pseudonym from engineers.rpt_peer_percentiles")}
    expected = {hashlib.md5(f"{SALT}:{employee_id}".encode()).hexdigest() for employee_id in PEOPLE}
    assert expected <= pseudonyms


def test_without_a_key_the_engineers_mart_is_not_built_and_says_how(landing: Path, tmp_path: Path) -> None:
    database = tmp_path / "token_outcomes.duckdb"
    result = run_dbt(["build"], landing, database, tmp_path, check=False,
                     environment={"TOKEN_OUTCOMES_PSEUDONYM_SALT": None})
    assert result.returncode != 0
    assert "ERROR creating sql table model engineers.rpt_peer_percentiles" in result.stdout
    assert "no pseudonym key, so the engineers mart is not built" in result.stdout
    assert "export TOKEN_OUTCOMES_PSEUDONYM_SALT=" in result.stdout
    with duckdb.connect(str(database), read_only=True) as con:
        tables = {row[0] for row in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables").fetchall()}
        assert "engineers.rpt_peer_percentiles" not in tables
        # The other marts still build.
        assert con.execute("select count(*) from finance.rpt_cost_per_outcome").fetchall()[0][0] > 0
        assert con.execute("select count(*) from people_ops.fct_person_period_scores").fetchall()[0][0] > 0


# --- the floor ---------------------------------------------------------------------------------

def test_finance_folds_small_teams_until_the_floor_and_suppresses_what_cannot_reach_it(keyed_build: Build) -> None:
    rows = keyed_build.query(f"""
        select cast(period_start as varchar), reporting_team, team_count, people_count, is_suppressed, spend_usd,
               total_tokens, outcome_count, value_points, cost_per_value_point_usd
        from finance.rpt_cost_per_outcome
        where period_start in (date '{SEPTEMBER}', date '{OCTOBER}') order by 1, 2
    """)
    alpha = sum(spend for team, _, _, spend, _ in PEOPLE.values() if team == "alpha")
    rolled = sum(spend for team, _, _, spend, _ in PEOPLE.values() if team != "alpha")
    assert (alpha, rolled) == (21, 265)
    assert rows == [
        (SEPTEMBER, "alpha", 1, 6, False, Decimal(alpha), 1000 * alpha + 10 * 6, 0, 0, None),
        (SEPTEMBER, f"teams below {FLOOR} people and beta", 3, 8, False, Decimal(rolled), 1000 * rolled + 10 * 8, 0, 0,
         None),
        (OCTOBER, f"suppressed: fewer than {FLOOR} people", 2, 3, True, None, None, None, None, None),
    ]
    by_model = keyed_build.query(f"""
        select reporting_team, provider, model_id, people_count, is_suppressed, spend_usd, total_tokens,
               usage_line_count, share_of_team_spend
        from finance.rpt_spend_by_model where period_start = date '{OCTOBER}'
    """)
    assert by_model == [(f"suppressed: fewer than {FLOOR} people", "suppressed", "suppressed", 3, True, None, None,
                         None, None)]
    # Withheld, not lost: the ledger still holds October's spend.
    assert keyed_build.scalar(f"""
        select sum(spend_usd) from core.fct_token_usage where period_start = date '{OCTOBER}'
    """) == 9 + 11 + 12


def test_returns_curve_publishes_no_cohort_below_the_floor(keyed_build: Build) -> None:
    # The SRE L3 cohort would have been fitted: four person-periods, spread in spend, but two people.
    assert keyed_build.query("""
        select count(*), count(distinct employee_id), count(distinct spend_usd) from intermediate.int_person_periods
        where cohort_key = 'site_reliability_engineer:L3'
    """) == [(4, 2, 4)]
    published = keyed_build.query("""
        select cohort_key, person_period_count, person_count, total_spend_usd, max_spend_usd
        from analytics.rpt_returns_curve order by cohort_key
    """)
    assert published == [("ml_engineer:L4", 6, 6, 21.0, 6.0), ("ml_engineer:L5", 5, 5, 150.0, 50.0)]


def test_engineers_get_no_percentile_when_even_the_organisation_is_below_the_floor(keyed_build: Build) -> None:
    pseudonym = {hashlib.md5(f"{SALT}:{employee_id}".encode()).hexdigest(): employee_id for employee_id in PEOPLE}
    rows = {(pseudonym[row[0]], str(row[1])): row[2:] for row in keyed_build.query("""
        select person_pseudonym, period_start, comparison_cohort_level, comparison_cohort_size, spend_percentile,
               token_percentile
        from engineers.rpt_peer_percentiles
    """) if row[0] in pseudonym}
    assert len(rows) == 14 + 3
    # September: 14 people. Spend order across the organisation: 1..6, 7, 8, 10..50, 100.
    september = sorted(spend for *_, spend, _ in PEOPLE.values())
    assert rows[("d1", SEPTEMBER)] == ("organisation", 14, percent(14, 14), percent(14, 14))
    assert rows[("g1", SEPTEMBER)] == ("organisation", 14, percent(september.index(7) + 1, 14),
                                       percent(september.index(7) + 1, 14))
    assert rows[("g1", SEPTEMBER)][2:] == (46, 46) and rows[("g2", SEPTEMBER)][2:] == (54, 54)
    assert rows[("a3", SEPTEMBER)] == ("role_level", 6, 40, 40)
    assert rows[("b5", SEPTEMBER)] == ("role_level", 5, 100, 100)
    # October: the organisation is 3 people: nobody is compared.
    for employee_id in ["g1", "g2", "d1"]:
        assert rows[(employee_id, OCTOBER)] == ("suppressed", None, None, None)
