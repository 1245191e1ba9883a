"""The rules of docs/architecture.md, checked on dbt's manifest (no build): layers read downward, every mart
reads the one ledger (fct_token_usage), and lines that left the ledger are removed in one place."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def models(parsed_manifest: dict) -> dict[str, dict]:
    return {node["name"]: node for node in parsed_manifest["nodes"].values() if node["resource_type"] == "model"}


def layer(node: dict) -> str:
    """The folder that says what a model may read: staging/base, staging, intermediate/<domain>,
    marts/<audience>, audit."""
    parts = Path(node["original_file_path"]).parts[1:-1]
    if parts[0] == "staging":
        return "staging/base" if parts[-1] == "base" else "staging"
    return "/".join(parts[:2])


def parents(node: dict, models: dict[str, dict]) -> dict[str, str]:
    """Each model a model reads, with its layer; a source as 'source', a seed as 'seed'."""
    out = {}
    for unique_id in node["depends_on"]["nodes"]:
        kind, name = unique_id.split(".")[0], unique_id.split(".")[-1]
        out[name] = layer(models[name]) if kind == "model" else kind
    return out


INTERMEDIATE_DOMAINS = {"intermediate/people", "intermediate/usage", "intermediate/outcomes", "intermediate/billing"}
AUDIENCES = {"marts/people_ops", "marts/engineers", "marts/finance", "marts/analytics"}
# What each layer may read (docs/architecture.md, "The rule of each layer").
MAY_READ = {
    "staging/base": {"source"},
    "staging": {"staging/base"},
    **{domain: {"staging", "seed"} | INTERMEDIATE_DOMAINS for domain in INTERMEDIATE_DOMAINS},
    "intermediate/periods": {"intermediate/people", "intermediate/periods", "marts/core"},
    "marts/core": {"seed", "marts/core"} | INTERMEDIATE_DOMAINS,
    **{audience: {"marts/core", "intermediate/periods", "intermediate/billing", audience} for audience in AUDIENCES},
    "marts/semantic": set(),
    "audit": {"staging/base", "staging", "marts/core", "audit"} | INTERMEDIATE_DOMAINS,
}
EXCEPTIONS = {
    # The bill reconciliation also reads the vendor-report lines that left the ledger as covered: the spend
    # it shows as removed overlap is by definition in no ledger model.
    ("rpt_bill_reconciliation", "int_token_usage_covered"),
    # Incremental bookkeeping, on incremental runs only: every version of what landed since the last run,
    # usable or not, says which lines to recompute (the person-days a request left, the people whose HRIS
    # rows changed, a quarantined row included).
    ("int_usage_requests_aggregated", "base_gateway__usage_events"),
    ("int_token_usage_attributed", "base_hris__people"),
    ("int_token_usage_attributed", "base_hris__identities"),
}


def test_every_model_reads_only_the_layers_below_it(models: dict[str, dict]) -> None:
    wrong = []
    for name, node in models.items():
        allowed = MAY_READ[layer(node)]
        for parent, parent_layer in parents(node, models).items():
            if parent_layer not in allowed and (name, parent) not in EXCEPTIONS:
                wrong.append(f"{name} ({layer(node)}) reads {parent} ({parent_layer})")
    assert wrong == []
    # The rules are not vacuous: every layer is populated and the readers of each are real models.
    assert {layer(node) for node in models.values()} == set(MAY_READ)


def test_every_mart_reads_the_one_ledger(models: dict[str, dict]) -> None:
    readers = {name: set(parents(node, models)) for name, node in models.items()}
    assert {name for name, read in readers.items() if "int_token_usage_attributed" in read} == {"fct_token_usage"}
    assert {name for name, read in readers.items() if "int_token_usage_covered" in read} == {
        "int_token_usage_attributed", "rpt_bill_reconciliation", "audit_usage_overlaps"}
    spend_readers = {name for name, read in readers.items() if "fct_token_usage" in read}
    assert {"dim_models", "int_person_periods_employed", "int_person_periods_measured", "rpt_spend_by_model",
            "rpt_flag_board", "rpt_bill_reconciliation"} <= spend_readers


def test_lines_that_left_the_ledger_are_removed_in_one_place(models: dict[str, dict]) -> None:
    protocol = {"macro.token_outcomes.left_the_ledger", "macro.token_outcomes.emptied_usage_line",
                "macro.token_outcomes.delete_lines_that_left_the_ledger"}
    users = {name for name, node in models.items() if protocol & set(node["depends_on"]["macros"])}
    assert users == {"fct_token_usage"}
