"""Goodhart-proof scoring: each planted gamer is a copy of an honest twin's work plus one strategy.
With the rules on, no strategy scores better than the twin; with them off, the strategy would have
paid (so the test is not vacuous); each detected strategy is on the flag board with its evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO_ROOT, Build, build

# Best to worst: high value for little spend, high value, little of either, high spend for little.
QUADRANT_RANK = {"efficient": 4, "power_user": 3, "light": 2, "high_spend_low_outcome": 1}
STRATEGY_FLAGS = {
    "pr_splitting": "split_pull_requests",
    "ticket_churn": "ticket_churn",
    "self_resolved_noise": "self_resolved_incidents",
    "token_padding": "token_padding",
    "outcome_inflation": "label_inflation",
}
GAMING_FLAGS = {"split_pull_requests", "ticket_churn", "self_resolved_incidents", "label_inflation"}


@pytest.fixture(scope="module")
def build_without_rules(demo_build: Build, tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("without_rules")
    return build(demo_build.landing, work, demo_build.truth, extra_vars={"goodhart_rules_enabled": False})


def overall_score(build_: Build, employee_id: str) -> float:
    value, spend = build_.query(f"""
        select sum(value_points), sum(spend_usd) from people_ops.fct_person_period_scores
        where employee_id = '{employee_id}'
    """)[0]
    return float(value) / float(spend)


def quadrants(build_: Build, employee_id: str) -> dict:
    return dict(build_.query(f"""
        select period_start, quadrant from people_ops.fct_person_period_scores where employee_id = '{employee_id}'
    """))


@pytest.fixture(scope="module")
def report(demo_build: Build, build_without_rules: Build) -> dict[str, dict]:
    rows = {}
    for strategy, planted in demo_build.truth["gamers"].items():
        twin, gamer = planted["twin_id"], planted["gamer_id"]
        rows[strategy] = {
            "twin": overall_score(demo_build, twin),
            "before": overall_score(build_without_rules, gamer),
            "after": overall_score(demo_build, gamer),
            "twin_quadrants": quadrants(demo_build, twin),
            "before_quadrants": quadrants(build_without_rules, gamer),
            "after_quadrants": quadrants(demo_build, gamer),
        }
    lines = ["| strategy | honest twin score | gamer, no rules | gamer, with rules | twin quadrants | gamer quadrants, no rules | gamer quadrants, with rules |",
             "|---|---|---|---|---|---|---|"]

    def summary(by_period: dict) -> str:
        counts: dict[str, int] = {}
        for quadrant in by_period.values():
            counts[quadrant] = counts.get(quadrant, 0) + 1
        return ", ".join(f"{q} {n}" for q, n in sorted(counts.items()))

    for strategy, row in rows.items():
        lines.append(f"| {strategy} | {row['twin']:.4f} | {row['before']:.4f} | {row['after']:.4f} | "
                     f"{summary(row['twin_quadrants'])} | {summary(row['before_quadrants'])} | "
                     f"{summary(row['after_quadrants'])} |")
    (REPO_ROOT / "target").mkdir(exist_ok=True)
    Path(REPO_ROOT / "target" / "goodhart_report.md").write_text("\n".join(lines) + "\n")
    return rows


@pytest.mark.parametrize("strategy", list(STRATEGY_FLAGS))
def test_gaming_gains_nothing(report: dict[str, dict], strategy: str) -> None:
    row = report[strategy]
    assert row["after"] <= row["twin"] * (1 + 1e-9)
    for period, quadrant in row["after_quadrants"].items():
        assert QUADRANT_RANK[quadrant] <= QUADRANT_RANK[row["twin_quadrants"][period]], period


@pytest.mark.parametrize("strategy", [s for s in STRATEGY_FLAGS if s != "token_padding"])
def test_without_the_rules_the_strategy_would_pay(report: dict[str, dict], strategy: str) -> None:
    row = report[strategy]
    assert row["before"] > row["twin"] * 1.02


def test_token_padding_costs_the_padder(report: dict[str, dict]) -> None:
    row = report["token_padding"]
    assert row["after"] < row["twin"] / 2


@pytest.mark.parametrize(("strategy", "flag"), list(STRATEGY_FLAGS.items()))
def test_each_strategy_is_flagged_with_evidence(demo_build: Build, strategy: str, flag: str) -> None:
    planted = demo_build.truth["gamers"][strategy]
    flagged = demo_build.query(f"""
        select observed_value, threshold_value, evidence from people_ops.rpt_flag_board
        where employee_id = '{planted['gamer_id']}' and flag_type = '{flag}'
    """)
    assert flagged, f"{strategy} is not on the flag board"
    for observed, threshold, evidence in flagged:
        assert evidence and observed is not None and threshold is not None


def test_honest_twins_carry_no_gaming_flag(demo_build: Build) -> None:
    twins = ", ".join(f"'{planted['twin_id']}'" for planted in demo_build.truth["gamers"].values())
    assert demo_build.query(f"""
        select employee_id, flag_type from people_ops.rpt_flag_board
        where employee_id in ({twins}) and flag_type in ({", ".join(f"'{f}'" for f in GAMING_FLAGS)})
    """) == []


def test_rules_remove_no_honest_credit(demo_build: Build) -> None:
    """Only planted gamers lose credit to a Goodhart rule."""
    gamers = ", ".join(f"'{planted['gamer_id']}'" for planted in demo_build.truth["gamers"].values())
    assert demo_build.scalar(f"""
        select count(*) from core.fct_outcomes
        where (no_credit_reason in ('split_change', 'trivial_ticket', 'self_resolved_noise') or is_label_uncorroborated)
          and employee_id not in ({gamers})
    """) == 0
