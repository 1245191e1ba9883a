"""Every dollar once: the demo organisation reports its spend twice, the way real ones do (Claude Code's
/login keys and the gateway's keys also appear in the vendors' usage reports), and its vendors bill it
once (cost reports). With the coverage rules the ledger equals the bill; without them the overlap audit
names every planted overlap and the bill test fails; switching the rules on and off incrementally gives
what a full build gives.

Expected values come from the generator (what it billed, what it reported twice, which keys it
planted), never from the models."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MARTS, Build, content_digests, run_dbt

from token_outcomes import demo

# The bill is written in cents with six decimals per line, the ledger rounds Claude Code to the cent per line.
CENT = 0.01


def provider_months(build: Build) -> dict[tuple[str, str], dict[str, float]]:
    rows = build.query("""
        select provider, strftime(billing_month, '%Y-%m'), sum(invoice_usd), sum(ledger_spend_usd),
               sum(overlap_removed_usd), sum(rounding_allowance_usd), bool_and(is_complete)
        from finance.rpt_bill_reconciliation where provider in ('anthropic', 'openai') group by 1, 2
    """)
    return {(provider, month): {"invoice": float(invoice), "ledger": float(ledger), "overlap": float(overlap),
                                "allowance": float(allowance), "complete": complete}
            for provider, month, invoice, ledger, overlap, allowance, complete in rows}


def test_the_ledger_equals_the_bill_for_every_provider_month(demo_build: Build) -> None:
    billed = demo_build.truth["invoice_usd_by_provider_month"]
    reported_twice = demo_build.truth["reported_twice_usd_by_provider_month"]
    months = provider_months(demo_build)
    expected = {(provider, month) for provider, by_month in billed.items() for month in by_month}
    assert set(months) == expected
    assert all(row["complete"] for row in months.values())
    for (provider, month), row in months.items():
        assert row["invoice"] == pytest.approx(billed[provider][month], abs=CENT), (provider, month)
        assert abs(row["ledger"] - row["invoice"]) <= row["allowance"], (provider, month, row)
        # The allowance is a bound; what is left is rounding indeed: under a hundredth of a percent.
        assert abs(row["ledger"] - row["invoice"]) <= 1e-4 * row["invoice"], (provider, month, row)
        assert row["overlap"] == pytest.approx(reported_twice[provider][month], abs=CENT), (provider, month)
        assert row["overlap"] > 0, (provider, month)


def test_every_scope_reconciles_and_says_why(demo_build: Build) -> None:
    rows = demo_build.query("""
        select provider, billing_scope_id, difference_reason, count(*) from finance.rpt_bill_reconciliation
        group by all order by all
    """)
    # Claude Code and the gateway name no scope: they take the one of the vendor lines they cover.
    reasons = {(provider, scope): reason for provider, scope, reason, _ in rows}
    assert reasons == {
        ("anthropic", demo.DATA_SCIENCE_WORKSPACE): "rounding", ("anthropic", demo.CLAUDE_CODE_WORKSPACE): "rounding",
        ("anthropic", demo.GATEWAY_WORKSPACE): "rounding", ("openai", demo.RESEARCH_PROJECT): "rounding",
        ("openai", demo.GATEWAY_PROJECT): "rounding",
        # The gateway event that names no provider (and a model nobody prices) is in no bill, and still shown.
        ("unknown", "not_reported"): "no_cost_report",
        # Cursor, AWS and GitHub bill the demo too, but no invoice of theirs is a source yet: shown, not reconciled.
        ("cursor", "not_reported"): "no_cost_report", ("aws", "not_reported"): "no_cost_report",
        ("github", "not_reported"): "no_cost_report",
        # Claude Code's records that Anthropic's analytics API covers name no workspace: removed there, where
        # nothing is billed or counted.
        ("anthropic", "not_reported"): "rounding",
    }
    assert demo_build.query("""
        select invoice_usd, ledger_spend_usd, ledger_lines, unpriced_lines from finance.rpt_bill_reconciliation
        where provider = 'unknown'
    """) == [(0, 0, 1, 1)]


def test_no_planted_dollar_is_counted_twice(demo_build: Build) -> None:
    # The vendor-report lines of the planted slices are all covered, by the planted rule, and none is in the ledger.
    # From the day Anthropic's analytics API reports, it covers the rest of the Messages report and Claude Code's
    # records itself (the finer request sources keep their keys), and the gateways' keys in it are covered too.
    covered = demo_build.query("""
        select usage_source, covered_by_source, count(*) from intermediate.int_token_usage_covered
        where covered_by_source is not null group by all order by all
    """)
    gateway_keys = f"'{demo.GATEWAY_ANTHROPIC_KEY}', '{demo.GATEWAY_OPENAI_KEY}'"
    litellm_keys = f"'{demo.LITELLM_ANTHROPIC_KEY}', '{demo.LITELLM_OPENAI_KEY}'"
    otel_keys = f"'{demo.OTEL_ANTHROPIC_KEY}', '{demo.OTEL_OPENAI_KEY}'"
    analytics_from = demo_build.truth["analytics_from"]
    planted = demo_build.query(f"""
        select usage_source, covered_by, count(*) from (
            select usage_source, case
                when usage_source not in ('anthropic_api', 'openai_api', 'anthropic_analytics', 'anthropic_claude_code')
                    then null
                when api_key_id in ({litellm_keys}) then 'litellm'
                when api_key_id in ({otel_keys}) then 'otlp'
                when api_key_id in ({gateway_keys}) then 'gateway'
                -- The analytics API's other lines are the ledger.
                when usage_source = 'anthropic_analytics' then null
                when workspace_id = '{demo.GATEWAY_WORKSPACE}' then 'gateway'
                when usage_date >= date '{analytics_from}' and usage_source in ('anthropic_api', 'anthropic_claude_code')
                    then 'anthropic_analytics'
                when workspace_id = '{demo.CLAUDE_CODE_WORKSPACE}' then 'anthropic_claude_code'
            end as covered_by
            from intermediate.int_token_usage_covered
        ) as lines
        where covered_by is not null group by all order by all
    """)
    assert covered == planted and len(covered) == 12
    assert demo_build.scalar(f"""
        select count(*) from core.fct_token_usage
        where (usage_source in ('anthropic_api', 'openai_api')
               and (workspace_id in ('{demo.CLAUDE_CODE_WORKSPACE}', '{demo.GATEWAY_WORKSPACE}')
                    or api_key_id in ({gateway_keys}, {litellm_keys}, {otel_keys})))
           or (usage_source = 'anthropic_analytics' and api_key_id in ({gateway_keys}, {litellm_keys}, {otel_keys}))
           or (usage_source in ('anthropic_api', 'anthropic_claude_code') and usage_date >= date '{analytics_from}')
    """) == 0
    # Nothing undeclared is left for the audit to warn about.
    assert demo_build.scalar("select count(*) from audit.audit_usage_overlaps where not is_declared") == 0


@pytest.fixture(scope="module")
def without_rules(demo_build: Build, tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, str, Path]:
    """The demo database, built again incrementally with no coverage rule declared."""
    work = tmp_path_factory.mktemp("without_rules")
    database = work / "token_outcomes.duckdb"
    shutil.copy(demo_build.database, database)
    result = run_dbt(["build"], demo_build.landing, database, work, check=False,
                     extra_vars={"usage_coverage_rules": []})
    return Build(database=database, landing=demo_build.landing, truth=demo_build.truth, output=result.stdout), \
        result.stdout, work


def test_without_rules_the_audit_names_every_planted_overlap(without_rules) -> None:
    build, _, _ = without_rules
    found = set(build.query("""
        select covered_source, slice_name, slice_value, covering_source from audit.audit_usage_overlaps
        where finer_slice = 'all' and not is_declared
    """))
    planted = {(rule["source"], next(key for key in rule if key.endswith("_id")),
                next(value for key, value in rule.items() if key.endswith("_id")), rule["covered_by"])
               for rule in demo.COVERAGE_RULES}
    # The gateway's and the LiteLLM proxy's keys share a workspace and a project: neither slice is the same
    # usage as either gateway alone, and only the keys are found.
    assert found == planted
    # Nothing else is suspected: the data scientists' own keys are not the gateway's.
    assert build.scalar("select count(*) from audit.audit_usage_overlaps where finer_slice = 'all'") == len(found)
    rule = build.scalar(f"""
        select suggested_rule from audit.audit_usage_overlaps where slice_value = '{demo.CLAUDE_CODE_WORKSPACE}'
    """)
    assert rule == (f"{{source: anthropic_api, workspace_id: {demo.CLAUDE_CODE_WORKSPACE}, "
                    "covered_by: anthropic_claude_code}")


def test_without_rules_the_ledger_counts_the_overlap_twice_and_the_bill_test_fails(without_rules) -> None:
    build, output, _ = without_rules
    # Only the analytics API's own rules hold (on the days it reports): the gateways' keys count twice.
    counted_twice = build.truth["counted_twice_without_rules_usd_by_provider_month"]
    removed = build.truth["removed_without_rules_usd_by_provider_month"]
    for (provider, month), row in provider_months(build).items():
        assert row["ledger"] - row["invoice"] == pytest.approx(counted_twice[provider][month],
                                                               abs=row["allowance"]), (provider, month)
        assert row["overlap"] == pytest.approx(removed[provider][month], abs=CENT), (provider, month)
    assert "Failure in test assert_ledger_within_invoice" in output.split("Completed with")[-1]
    assert "WARN" in output and "warn_duplicated_spend_counted" in output


def test_rules_switched_back_on_incrementally_equal_the_full_build(demo_build: Build, without_rules) -> None:
    build, _, work = without_rules
    run_dbt(["build"], demo_build.landing, build.database, work / "again")
    compared = [*MARTS, "audit.audit_usage_overlaps", "intermediate.int_token_usage_covered"]
    assert content_digests(build.database, compared, demo_build.landing) == \
        content_digests(demo_build.database, compared, demo_build.landing)


@pytest.mark.parametrize(("rule", "message"), [
    ({"source": "anthropic_api", "project_id": "proj_x", "covered_by": "gateway"},
     "name exactly one slice of anthropic_api"),
    ({"source": "gateway", "api_key_id": "key_x", "covered_by": "anthropic_claude_code"},
     "source must be one of anthropic_api, openai_api"),
    ({"source": "openai_api", "api_key_id": "key_x", "covered_by": "cursor"},
     "covered_by must be one of gateway, litellm, otlp, anthropic_analytics, anthropic_claude_code"),
    ({"source": "openai_api", "api_key_id": "key_x", "project_id": "proj_x", "covered_by": "gateway"},
     "name exactly one slice of openai_api"),
    ({"source": "openai_api", "api_key": "key_x", "covered_by": "gateway"}, "unknown key(s) api_key"),
])
def test_a_rule_that_cannot_be_applied_stops_the_run_by_name(demo_build: Build, tmp_path: Path, rule, message) -> None:
    result = run_dbt(["compile", "--select", "int_token_usage_covered"], demo_build.landing,
                     tmp_path / "db.duckdb", tmp_path, check=False, extra_vars={"usage_coverage_rules": [rule]})
    assert result.returncode != 0
    assert "usage_coverage_rules[0]" in result.stdout and message in result.stdout
