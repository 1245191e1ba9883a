"""Goodhart-proof scoring, against gamers who have read every var.

Each planted gamer is a copy of an honest twin's job, spend and work plus one strategy: today's five
(split pull requests, ticket churn, self-resolved incidents, padded tokens, inflated labels) and the
"knowing" ones that stay one step inside each published cut-off (pull requests open a few minutes
longer than the burst limit or merged further apart, a change split into pairs or over days or
approved by a second account, tickets given the smallest estimate or left open a few minutes longer,
self-estimated large tickets, unsized urgent tickets, noise incidents kept open past the limit,
launch labels left open past a day). Beside them, honest people whose normal work comes near each
cut-off. With the rules on, every gamer earns at most the value of the honest work underneath (their
twin's) in no better quadrant, and is flagged with evidence; no honest person loses credit or gains a
flag, whether to a rule or to a gamer in their cohort. Without the rules every strategy but token
padding would have paid, so none of this is vacuous.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from conftest import REPO_ROOT, Build, build

# Best to worst: high value for little spend, high value, little of either, high spend for little.
QUADRANT_RANK = {"efficient": 4, "power_user": 3, "light": 2, "high_spend_low_outcome": 1}
# The flags that show each strategy (any one of them, with its evidence).
STRATEGY_FLAGS = {
    "pr_splitting": {"split_pull_requests"},
    "ticket_churn": {"ticket_churn"},
    "self_resolved_noise": {"self_resolved_incidents"},
    "token_padding": {"token_padding"},
    "outcome_inflation": {"value_inflation"},
    "split_outside_window": {"split_pull_requests"},
    "split_into_pairs": {"split_pull_requests"},
    "split_across_days": {"split_pull_requests"},
    "split_self_approved": {"split_pull_requests"},
    # Approved by a colleague and linked to one issue: the value is shared, and the volume shows.
    "split_rubber_stamped": {"outcome_volume_outlier"},
    "ticket_smallest_estimate": {"ticket_churn"},
    "ticket_left_open": {"ticket_churn"},
    "ticket_self_estimated_large": {"ticket_churn", "value_inflation"},
    "ticket_urgent_unsized": {"ticket_churn"},
    "noise_just_longer": {"self_resolved_incidents"},
    "label_open_a_day": {"value_inflation"},
}
# The flags of a gaming pattern (token_padding is a spend flag: honest heavy spenders carry it too).
GAMING_FLAGS = {"split_pull_requests", "ticket_churn", "self_resolved_incidents", "value_inflation",
                "outcome_volume_outlier"}
RULE_REASONS = "('same_work_item', 'split_change', 'trivial_ticket', 'self_resolved_noise')"


@pytest.fixture(scope="module")
def build_without_rules(demo_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("without_rules")
    return build(demo_build.landing, work, demo_build.truth, extra_vars={"goodhart_rules_enabled": False})


def totals(build_: Build, employee_id: str) -> tuple[int, float]:
    value, spend = build_.query(f"""
        select sum(value_points), sum(spend_usd) from people_ops.fct_person_period_scores
        where employee_id = '{employee_id}'
    """)[0]
    return int(value), float(spend)


def quadrants(build_: Build, employee_id: str) -> dict:
    return dict(build_.query(f"""
        select period_start, quadrant from people_ops.fct_person_period_scores where employee_id = '{employee_id}'
    """))


def flags(build_: Build, employee_id: str) -> set[str]:
    return {row[0] for row in build_.query(f"""
        select distinct flag_type from people_ops.rpt_flag_board where employee_id = '{employee_id}'
    """)}


def summary(by_period: dict) -> str:
    counts: dict[str, int] = {}
    for quadrant in by_period.values():
        counts[quadrant] = counts.get(quadrant, 0) + 1
    return ", ".join(f"{q} {n}" for q, n in sorted(counts.items()))


@pytest.fixture(scope="module")
def report(demo_build: Build, build_without_rules: Build) -> dict[str, dict]:
    """Every planted gamer without and with the rules, against their twin; written to
    target/goodhart_report.md (the closing note's table)."""
    rows = {}
    for strategy, planted in demo_build.truth["gamers"].items():
        twin, gamer = planted["twin_id"], planted["gamer_id"]
        rows[strategy] = {
            "knows_thresholds": planted.get("knows_thresholds", False),
            "twin": totals(demo_build, twin),
            "before": totals(build_without_rules, gamer),
            "after": totals(demo_build, gamer),
            "twin_quadrants": quadrants(demo_build, twin),
            "before_quadrants": quadrants(build_without_rules, gamer),
            "after_quadrants": quadrants(demo_build, gamer),
            "before_flags": flags(build_without_rules, gamer),
            "after_flags": flags(demo_build, gamer),
        }
    header = ("| strategy | knows the vars | twin: value points | gamer, no rules: value points | gamer, rules: value "
              "points | twin quadrants | gamer quadrants, no rules | gamer quadrants, rules | flags, no rules | "
              "flags, rules |")
    lines = [header, "|---|---|---|---|---|---|---|---|---|---|"]
    for strategy, row in rows.items():
        lines.append(
            f"| {strategy} | {'yes' if row['knows_thresholds'] else 'no'} | {row['twin'][0]} | {row['before'][0]} | "
            f"{row['after'][0]} | {summary(row['twin_quadrants'])} | {summary(row['before_quadrants'])} | "
            f"{summary(row['after_quadrants'])} | {', '.join(sorted(row['before_flags'])) or '-'} | "
            f"{', '.join(sorted(row['after_flags'])) or '-'} |")
    lines += ["", "| honest near-threshold person | kind | value points, no rules | value points, rules | flags, rules |",
              "|---|---|---|---|---|"]
    for kind, person in demo_build.truth.get("near_threshold", {}).items():
        employee_id = person["employee_id"]
        lines.append(f"| {employee_id} | {kind} | {totals(build_without_rules, employee_id)[0]} | "
                     f"{totals(demo_build, employee_id)[0]} | {', '.join(sorted(flags(demo_build, employee_id))) or '-'} |")
    (REPO_ROOT / "target").mkdir(exist_ok=True)
    Path(REPO_ROOT / "target" / "goodhart_report.md").write_text("\n".join(lines) + "\n")
    return rows


def test_every_strategy_is_planted(demo_build: Build) -> None:
    assert set(demo_build.truth["gamers"]) == set(STRATEGY_FLAGS)
    assert sum(planted.get("knows_thresholds", False) for planted in demo_build.truth["gamers"].values()) == 11


@pytest.mark.parametrize("strategy", list(STRATEGY_FLAGS))
def test_gaming_gains_nothing(report: dict[str, dict], strategy: str) -> None:
    """At most the value of the honest work underneath, for the same spend, in no better quadrant."""
    row = report[strategy]
    assert row["after"][0] <= row["twin"][0]
    for period, quadrant in row["after_quadrants"].items():
        assert QUADRANT_RANK[quadrant] <= QUADRANT_RANK[row["twin_quadrants"][period]], period


@pytest.mark.parametrize("strategy", [s for s in STRATEGY_FLAGS if s != "token_padding"])
def test_without_the_rules_the_strategy_would_pay(report: dict[str, dict], strategy: str) -> None:
    row = report[strategy]
    assert row["before"][0] > row["twin"][0] * 1.05


def test_token_padding_costs_the_padder(report: dict[str, dict]) -> None:
    row = report["token_padding"]
    twin_score = row["twin"][0] / row["twin"][1]
    assert row["after"][0] / row["after"][1] < twin_score / 2


@pytest.mark.parametrize("strategy", list(STRATEGY_FLAGS))
def test_each_strategy_is_flagged_with_evidence(demo_build: Build, strategy: str) -> None:
    planted = demo_build.truth["gamers"][strategy]
    flagged = demo_build.query(f"""
        select flag_type, observed_value, threshold_value, evidence from people_ops.rpt_flag_board
        where employee_id = '{planted['gamer_id']}'
          and flag_type in ({", ".join(f"'{flag}'" for flag in STRATEGY_FLAGS[strategy])})
    """)
    assert flagged, f"{strategy} is not on the flag board"
    for _, observed, threshold, evidence in flagged:
        assert evidence and observed is not None and threshold is not None


def honest_ids(truth: dict) -> set[str]:
    return ({planted["twin_id"] for planted in truth["gamers"].values()}
            | {person["employee_id"] for person in truth.get("near_threshold", {}).values()})


def test_honest_people_near_the_lines_carry_no_gaming_flag(demo_build: Build) -> None:
    """The twins (the honest work underneath) and the honest people whose work comes near each cut-off:
    no gaming pattern, no outlier."""
    ids = ", ".join(f"'{employee_id}'" for employee_id in honest_ids(demo_build.truth))
    assert demo_build.query(f"""
        select employee_id, period_start, flag_type from people_ops.rpt_flag_board
        where employee_id in ({ids}) and flag_type in ({", ".join(f"'{flag}'" for flag in GAMING_FLAGS)})
    """) == []


@pytest.mark.parametrize("kind", ["busy_week", "quick_hotfixes", "one_point_chores", "quick_incidents"])
def test_near_threshold_work_keeps_its_credit(demo_build: Build, build_without_rules: Build, kind: str) -> None:
    person = demo_build.truth["near_threshold"][kind]
    with_rules = demo_build.query(f"""
        select period_start, value_points from people_ops.fct_person_period_scores
        where employee_id = '{person['employee_id']}' order by period_start
    """)
    without_rules = build_without_rules.query(f"""
        select period_start, value_points from people_ops.fct_person_period_scores
        where employee_id = '{person['employee_id']}' order by period_start
    """)
    assert with_rules == without_rules
    assert sum(points for _, points in with_rules) > 0


def test_rules_remove_no_honest_credit(demo_build: Build) -> None:
    """Only planted gamers lose credit to a Goodhart rule or carry an uncorroborated claim."""
    gamers = ", ".join(f"'{planted['gamer_id']}'" for planted in demo_build.truth["gamers"].values())
    assert demo_build.query(f"""
        select employee_id, no_credit_reason, count(*) from core.fct_outcomes
        where (no_credit_reason in {RULE_REASONS} or is_value_uncorroborated) and employee_id not in ({gamers})
        group by employee_id, no_credit_reason
    """) == []


def test_gamers_do_not_move_their_colleagues(demo_build: Build) -> None:
    """Every honest person-period in a gamer's cohort is placed against, and flagged for token padding
    by, the medians of its cohort as if the gamers were not in it: recomputed here from the members' own
    spend and value points, gamers left out. (The rules leave honest credit alone, test above, so the
    cohort medians are the only way a gamer could reach a colleague.) The token padder stays a member:
    padding is spending more for the same work, which is what an honest heavy spender does too, and
    the score already punishes it; leaving every heavy spender out would bias the medians for all."""
    gamers = {planted["gamer_id"] for strategy, planted in demo_build.truth["gamers"].items()
              if strategy != "token_padding"}
    ratio = 3  # var padding_score_ratio (dbt_project.yml)
    rows = demo_build.query("""
        select employee_id, period_start, role, cohort_key, comparison_cohort_level, comparison_cohort,
               spend_usd, value_points, cohort_median_spend_usd, cohort_median_value_points, quadrant
        from people_ops.fct_person_period_scores where comparison_cohort is not null
    """)
    padded = set(demo_build.query("""
        select employee_id, period_start from people_ops.rpt_flag_board where flag_type = 'token_padding'
    """))
    members: dict[tuple, list[tuple[float, int]]] = {}
    for employee_id, period, role, cohort_key, _, _, spend, value, *_ in rows:
        if employee_id in gamers:
            continue
        for level, cohort in (("role_level", cohort_key), ("role", role), ("organisation", "organisation")):
            members.setdefault((period, level, cohort), []).append((float(spend), int(value)))
    gamer_cohorts = {(period, level, cohort) for employee_id, period, _, _, level, cohort, *_ in rows
                     if employee_id in gamers}
    checked = 0
    for employee_id, period, _, _, level, cohort, spend, value, median_spend, median_value, quadrant in rows:
        key = (period, level, cohort)
        if employee_id in gamers or key not in gamer_cohorts:
            continue
        spends = [member[0] for member in members[key]]
        values = [member[1] for member in members[key]]
        scores = [member[1] / member[0] for member in members[key] if member[0] > 0]
        assert float(median_spend) == pytest.approx(statistics.median(spends), abs=1e-6), (employee_id, period)
        assert float(median_value) == pytest.approx(statistics.median(values)), (employee_id, period)
        high_spend, high_value = float(spend) > statistics.median(spends), value > statistics.median(values)
        expected = {(True, True): "power_user", (True, False): "high_spend_low_outcome",
                    (False, True): "efficient", (False, False): "light"}[(high_spend, high_value)]
        assert quadrant == expected, (employee_id, period)
        padding = high_spend and value / float(spend) < statistics.median(scores) / ratio
        assert ((employee_id, period) in padded) == padding, (employee_id, period)
        checked += 1
    assert checked > 50
