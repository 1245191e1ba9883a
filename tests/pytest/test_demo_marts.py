"""The marts on the demo data: planted people land where they were planted, money reconciles,
the engineers' view carries no score and no one else's dollars, and the returns curve is recovered."""

from __future__ import annotations

import math
from datetime import date

import pytest
from conftest import Build

SKILLED_CUTOFF = 0.9


def in_list(ids: list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def quadrant_share(build: Build, archetype: str, quadrant: str) -> float:
    ids = build.truth["archetypes"][archetype]
    total, matching = build.query(f"""
        select count(*), sum(case when quadrant = '{quadrant}' then 1 else 0 end)
        from people_ops.fct_person_period_scores where employee_id in ({in_list(ids)})
    """)[0]
    assert total >= len(ids) * 5
    return matching / total


@pytest.mark.parametrize(("archetype", "quadrant"), [
    ("tokenmaxxer", "high_spend_low_outcome"),
    ("efficient", "efficient"),
    ("power_user", "power_user"),
    ("light", "light"),
])
def test_planted_archetypes_land_in_their_quadrant(demo_build: Build, archetype: str, quadrant: str) -> None:
    assert quadrant_share(demo_build, archetype, quadrant) >= SKILLED_CUTOFF


def test_tokenmaxxers_are_flagged_for_around_the_clock_use(demo_build: Build) -> None:
    ids = demo_build.truth["archetypes"]["tokenmaxxer"]
    periods = demo_build.scalar(f"""
        select count(*) from people_ops.fct_person_period_scores where employee_id in ({in_list(ids)})
    """)
    flagged = demo_build.scalar(f"""
        select count(*) from people_ops.rpt_flag_board
        where flag_type = 'around_the_clock_usage' and employee_id in ({in_list(ids)})
    """)
    assert flagged / periods >= SKILLED_CUTOFF
    # Honest people working office hours are not flagged for it.
    others = demo_build.scalar(f"""
        select count(*) from people_ops.rpt_flag_board
        where flag_type = 'around_the_clock_usage' and employee_id not in ({in_list(ids)})
    """)
    assert others == 0


def test_every_flag_carries_its_numbers(demo_build: Build) -> None:
    # Every flag crossed its line: upwards, except token padding, whose outcome
    # score fell below its line.
    incomplete = demo_build.scalar("""
        select count(*) from people_ops.rpt_flag_board
        where observed_value is null or threshold_value is null or evidence is null
           or (flag_type <> 'token_padding' and observed_value < threshold_value)
           or (flag_type = 'token_padding' and observed_value >= threshold_value)
    """)
    assert incomplete == 0
    assert demo_build.scalar("select count(distinct flag_type) from people_ops.rpt_flag_board") >= 3


def test_promoted_person_is_scored_in_the_right_cohort_on_each_side(demo_build: Build) -> None:
    promotion = demo_build.truth["promotion"]
    rows = demo_build.query(f"""
        select period_start, level, cohort_key from people_ops.fct_person_period_scores
        where employee_id = '{promotion['employee_id']}' order by period_start
    """)
    effective = date.fromisoformat(promotion["effective_date"])
    assert rows, "the promoted person has no scores"
    for period_start, level, cohort_key in rows:
        expected = promotion["to_level"] if period_start >= effective else promotion["from_level"]
        assert level == expected and cohort_key == f"{promotion['role']}:{expected}"
    assert {level for _, level, _ in rows} == {promotion["from_level"], promotion["to_level"]}
    # Usage lines carry the job of their own day, not today's.
    wrong = demo_build.scalar(f"""
        select count(*) from core.fct_token_usage
        where employee_id = '{promotion['employee_id']}'
          and level <> case when usage_date >= date '{promotion['effective_date']}'
                            then '{promotion['to_level']}' else '{promotion['from_level']}' end
    """)
    assert wrong == 0


def test_finance_spend_adds_up_to_the_ledger(demo_build: Build) -> None:
    ledger = demo_build.scalar("select sum(spend_usd) from core.fct_token_usage")
    assert ledger > 0
    for table in ["finance.rpt_cost_per_outcome", "finance.rpt_spend_by_model"]:
        assert demo_build.scalar(f"select sum(spend_usd) from {table}") == ledger
    # The contractor missing from HRIS is spend too: reported as unattributed.
    email = demo_build.truth["missing_from_hris"]["email"]
    contractor = demo_build.scalar(f"""
        select sum(spend_usd) from core.fct_token_usage
        where identity_key = '{email}' and attribution_status = 'unmapped_person'
    """)
    unattributed = demo_build.scalar("""
        select sum(spend_usd) from finance.rpt_cost_per_outcome where reporting_team = 'unattributed'
    """)
    assert contractor > 0 and unattributed == contractor


def test_generator_costs_reach_the_ledger(demo_build: Build) -> None:
    """The generator's own cost of every channel, against the ledger's spend per source."""
    totals = demo_build.truth["usage_totals_by_channel"]
    by_source = dict(demo_build.query("""
        select usage_source, sum(spend_usd) from core.fct_token_usage group by usage_source
    """))
    expected = {"anthropic_claude_code": "claude_code", "anthropic_api": "anthropic_api", "openai_api": "openai",
                "cursor": "cursor", "aws_bedrock": "bedrock", "github_copilot": "copilot",
                "litellm": "litellm", "otlp": "otlp"}
    # From the day Anthropic's analytics API reports, it bills Claude Code and the data scientists' own keys.
    from_analytics = demo_build.truth["cost_usd_by_channel_from_analytics"]
    analytics_channels = ["claude_code", "anthropic_api"]
    for source, channel in expected.items():
        cost = totals[channel]["cost_usd"] - (from_analytics[channel] if channel in analytics_channels else 0)
        # Claude Code reports whole cents per line; the price book prices the rest exactly.
        assert float(by_source[source]) == pytest.approx(cost, rel=1e-3), source
    assert float(by_source["anthropic_analytics"]) == pytest.approx(
        sum(from_analytics[channel] for channel in analytics_channels), rel=1e-6)


def test_unknown_model_is_unpriced_not_free(demo_build: Build) -> None:
    model = demo_build.truth["unknown_model"]
    assert demo_build.query(f"""
        select pricing_status, spend_usd, list_price_cost_usd from core.fct_token_usage where model_id = '{model}'
    """) == [("unpriced_model", None, None)]
    assert demo_build.query(f"select is_priced from core.dim_models where model_id = '{model}'") == [(False,)]


def test_reverted_work_earns_nothing(demo_build: Build) -> None:
    planted = demo_build.truth["reverted_pull_request"]
    rows = demo_build.query(f"""
        select outcome_id, is_credited, no_credit_reason, credited_value_points from core.fct_outcomes
        where outcome_id in ('github:pull_request:{planted['reverted_node_id']}',
                             'github:pull_request:{planted['revert_node_id']}')
        order by no_credit_reason
    """)
    assert [(credited, reason, points) for _, credited, reason, points in rows] == [
        (False, "is_revert", 0), (False, "reverted", 0)]


def test_engineers_see_no_score_no_dollars_no_identity(demo_build: Build) -> None:
    columns = {row[0] for row in demo_build.query("describe engineers.rpt_peer_percentiles")}
    forbidden = {"employee_id", "full_name", "work_email", "spend_usd", "outcome_score", "value_points",
                 "quadrant", "outcome_count", "cost_usd", "team"}
    assert not columns & forbidden
    assert not any("usd" in column or "score" in column for column in columns)
    leaked = demo_build.scalar("""
        select count(*) from engineers.rpt_peer_percentiles as percentiles
        inner join core.dim_people as people
            on percentiles.person_pseudonym in (people.employee_id, people.work_email, people.full_name)
    """)
    assert leaked == 0
    assert demo_build.scalar("""
        select count(*) from engineers.rpt_peer_percentiles
        where spend_percentile is not null and comparison_cohort_size < 5
    """) == 0
    # One row per person and period, the same people as the People Ops view.
    assert demo_build.scalar("select count(*) from engineers.rpt_peer_percentiles") == \
        demo_build.scalar("select count(*) from people_ops.fct_person_period_scores")


def test_returns_curve_recovers_the_planted_curves(demo_build: Build) -> None:
    planted = demo_build.truth["returns_curves"]
    fitted = {row[0]: row[1:] for row in demo_build.query("""
        select cohort_key, person_period_count, linear_intercept, linear_slope, quadratic_c, optimum_spend_usd,
               total_spend_usd
        from analytics.rpt_returns_curve
    """)}
    # The fitted slope's own sampling error: the planted noise over the spread of ln(1 + spend) in the
    # cohort. A cohort of a few people cannot pin a slope to within 1 point, so the slope must be within
    # 1 point or 3 standard errors, whichever is wider.
    spread: dict[str, list[float]] = {}
    for cohort_key, spend_usd in demo_build.query("select cohort_key, spend_usd from intermediate.int_person_periods"):
        spread.setdefault(cohort_key, []).append(math.log(1 + float(spend_usd)))
    checked = 0
    for cohort, curve in planted["cohorts"].items():
        if cohort in planted["cohorts_with_planted_archetypes"] or cohort not in fitted:
            continue
        count, intercept, slope, curvature, optimum, spend = fitted[cohort]
        if count < 30:
            continue  # too few person-periods for a stable fit: not a claim the generator makes
        if cohort == planted["hump_shaped_cohort"]:
            true_optimum = math.exp(-curve["b"] / (2 * curve["c"])) - 1
            assert curvature < 0
            assert optimum == pytest.approx(true_optimum, rel=0.25), cohort
        else:
            # Slope within 1 value point per unit of ln(1 + spend) (or 3 standard errors), and the
            # fitted line within 2.5 points of the planted one at the cohort's mean spend.
            xs = spread[cohort]
            x_bar = sum(xs) / len(xs)
            standard_error = planted["noise_sd"] / math.sqrt(sum((x - x_bar) ** 2 for x in xs))
            assert abs(slope - curve["b"]) <= max(1.0, 3 * standard_error), cohort
            x_mean = math.log(1 + spend / count)
            assert abs((intercept + slope * x_mean) - (curve["a"] + curve["b"] * x_mean)) <= 2.5, cohort
        checked += 1
    assert checked >= 5
