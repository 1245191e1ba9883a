"""The usage and reader bad-input cases (bad_input_usage.py), asserted against the one corpus build:
each is quarantined with its named reason at its file and line, or read to the value it means."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from bad_input import quarantined
from conftest import build, land_vendor_examples

UNREADABLE = ["number_object", "number_boolean", "number_word", "number_past_64_bits", "number_fraction", "cost_word"]


@pytest.mark.parametrize("case", UNREADABLE)
def test_a_count_that_is_not_a_whole_number_is_quarantined(corpus, case: str) -> None:
    _, result, files = corpus
    assert quarantined(result, files[case]) == [(1, "unreadable_number")]


def test_no_unreadable_count_reached_the_ledger_as_zero(corpus) -> None:
    _, result, _ = corpus
    # The word, the fraction and the object were on lines of their own models: none is in the ledger.
    assert result.query("""
        select count(*) from core.fct_token_usage where model_id in ('gpt-word', 'gpt-fraction')
           or identity_key in ('object@emaildomain.com', 'cost@emaildomain.com')
    """) == [(0,)]


def test_a_whole_number_written_as_a_decimal_is_that_number(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["number_whole_decimal"]) == []
    assert result.query("""
        select output_tokens from stg_anthropic__messages_usage where usage_date = date '2025-09-12'
    """) == [(1000,)]


def test_an_absurd_count_beside_a_null_one_is_implausible(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["absurd_beside_null"]) == [(1, "implausible_token_count")]


@pytest.mark.parametrize("case", ["time_zero", "time_9999", "time_milliseconds", "time_after_extract",
                                  "outcome_time_zero"])
def test_an_implausible_time_is_quarantined(corpus, case: str) -> None:
    _, result, files = corpus
    assert quarantined(result, files[case]) == [(1, "implausible_timestamp")]


def test_a_bucket_spelled_two_ways_is_one_record_counted_once(corpus) -> None:
    _, result, files = corpus
    # The later extract wins; the earlier one is an older version, not a second bucket.
    assert result.query("""
        select output_tokens, _source_file from stg_anthropic__messages_usage where usage_date = date '2025-09-14'
    """) == [(222, str(files["key_time_spellings_second"]))]
    assert result.query("""
        select sum(output_tokens) from core.fct_token_usage
        where usage_source = 'anthropic_api' and usage_date = date '2025-09-14'
    """) == [(222,)]


def test_an_email_spelled_two_ways_is_one_record(corpus) -> None:
    _, result, files = corpus
    assert result.query("""
        select actor_id, output_tokens, _source_file from stg_anthropic__claude_code_usage
        where actor_id like '%spelled%'
    """) == [("spelled@emaildomain.com", 7, str(files["key_email_spellings_second"]))]


def test_a_time_written_as_a_string_is_the_same_key(corpus) -> None:
    _, result, _ = corpus
    assert result.query("""
        select output_tokens, _line_number from stg_openai__completions_usage where model_id = 'gpt-spelled'
    """) == [(600, 2)]


def test_only_whole_utc_day_buckets_reach_the_ledger(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["partial_bucket"]) == [(1, "partial_bucket")]
    assert quarantined(result, files["hour_bucket"]) == [(1, "partial_bucket")]
    assert result.query("""
        select usage_date, output_tokens from core.fct_token_usage where model_id = 'gpt-partial' order by 1
    """) == [(date(2025, 9, 10), 400), (date(2025, 9, 11), 500)]


def test_records_that_are_not_objects_or_lack_their_array_are_quarantined(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["line_not_an_object"]) == [(1, "not_an_object"), (2, "not_an_object")]
    assert quarantined(result, files["outcome_not_an_object"]) == [(1, "not_an_object")]
    # The element that is a number is quarantined; its object sibling is used.
    assert result.query(f"""
        select element_index, quarantine_reason from audit.audit_quarantined_records
        where source_file = '{files["element_not_an_object"]}'
    """) == [(1, "not_an_object")]
    assert result.scalar("select count(*) from stg_anthropic__messages_usage where usage_date = date '2025-09-16'") == 1
    assert quarantined(result, files["missing_usage_array"]) == [(1, "missing_usage_array")]
    assert quarantined(result, files["missing_model_breakdown"]) == [(1, "missing_usage_array")]


def test_openai_cache_writes_are_priced_as_writes(corpus) -> None:
    _, result, _ = corpus
    # input 1000 = 500 uncached (as the API says) + 200 read from the cache + 300 written to it.
    assert result.query("""
        select uncached_input_tokens, cache_read_tokens, cache_write_tokens
        from stg_openai__completions_usage where user_id = 'user-cache'
    """) == [(500, 200, 300)]
    assert result.query("""
        select uncached_input_tokens, cache_read_tokens, cache_write_5m_tokens, total_tokens
        from core.fct_token_usage where identity_key = 'user-cache'
    """) == [(500, 200, 300, 1010)]


def test_gzipped_extracts_are_read(corpus) -> None:
    _, result, files = corpus
    assert result.query("select title, _source_file from stg_github__pull_requests where node_id = 'PR_gzipped'") \
        == [("Landed gzipped", str(files["gzipped_jsonl"]))]
    assert result.query("select employee_id from stg_hris__identities where external_id = 'lin-user-gz'") == [("E1",)]


def test_a_csv_field_spanning_lines_keeps_the_real_line_numbers(corpus) -> None:
    _, result, files = corpus
    # Header line 1; E7's row spans lines 2-4; E8 is line 5; E9, with a date in no ISO shape, is line 6.
    assert quarantined(result, files["csv_multiline_field"]) == [(6, "unparseable_timestamp")]
    assert result.query("""
        select employee_id, _line_number from base_hris__people
        where _source_file like '%multiline%' order by 1
    """) == [("E7", 2), ("E8", 5), ("E9", 6)]


def test_gateway_columns_are_read_by_what_they_are(corpus) -> None:
    _, result, files = corpus
    assert result.query("""
        select event_id, event_at, uncached_input_tokens from stg_gateway__usage_events
        where user_email = 'typed@emaildomain.com' order by 1
    """) == [("evt-nanos", datetime(2025, 9, 10, 1, 0), 7), ("evt-typed-1", datetime(2025, 9, 10, 8, 0), 100)]
    assert quarantined(result, files["gateway_typed_columns"]) == [(2, "unreadable_number")]


def test_a_work_email_mapped_to_someone_else_stays_with_its_owner(corpus) -> None:
    _, result, files = corpus
    # The build went on: the work e-mail of E1 (HRIS people) is E1's; the mapping row is kept in
    # staging, named by the warning test, and quarantined nowhere.
    assert result.query("select employee_id from intermediate.int_identity_map where identity_id = 'email:user@emaildomain.com'") \
        == [("E1",)]
    assert result.query(f"""
        select employee_id from stg_hris__identities where _source_file = '{files["identity_email_clash"]}'
    """) == [("E-ALIAS",)]
    assert re.search(r"WARN 1 warn_identity_rows_overridden_by_work_emails", result.output)


COST_UNREADABLE = ["cost_amount_object", "cost_amount_word", "cost_amount_boolean", "cost_amount_empty",
                   "cost_amount_thousands"]


@pytest.mark.parametrize("case", COST_UNREADABLE)
def test_a_cost_amount_that_is_not_a_decimal_is_quarantined(corpus, case: str) -> None:
    _, result, files = corpus
    assert quarantined(result, files[case]) == [(1, "unreadable_number")]


def test_no_unreadable_cost_reached_staging_as_zero(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["cost_amount_missing"]) == [(1, "missing_amount")]
    # Every October 1 line is unreadable or has no amount: none is a cost, zero or otherwise.
    assert result.query("select count(*) from stg_anthropic__cost_report where cost_date = date '2025-10-01'") \
        == [(0,)]
    assert result.query("select count(*) from stg_openai__costs where cost_date = date '2025-10-01'") == [(0,)]


def test_an_exponent_is_a_readable_decimal(corpus) -> None:
    _, result, files = corpus
    # "1e3" cents is $10; OpenAI's 1.2e-05 (a JSON number) is $0.000012 and "12.50" (a string) $12.50.
    assert quarantined(result, files["cost_amount_exponent"]) == []
    assert quarantined(result, files["cost_amount_exponent_number"]) == []
    assert result.query("""
        select description, amount_usd from stg_anthropic__cost_report where cost_date = date '2025-10-02'
    """) == [("exponent", Decimal(10))]
    assert result.query("""
        select line_item, amount_usd from stg_openai__costs where cost_date = date '2025-10-02' order by 1
    """) == [("exponent", Decimal("0.000012")), ("numeric string", Decimal("12.5"))]


def test_a_currency_other_than_usd_is_quarantined(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["cost_currency_eur"]) == [(1, "unsupported_currency")]
    # Euros, and an amount whose currency is not named (never assumed to be dollars); OpenAI's
    # lower-case "usd" (the vendor example) is USD.
    assert quarantined(result, files["cost_currency_eur_openai"]) == [(1, "unsupported_currency"),
                                                                       (2, "unsupported_currency")]
    assert result.query("select currency from stg_openai__costs where cost_date = date '2024-11-01'") == [("USD",)]


def test_only_whole_utc_day_cost_buckets_count(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["cost_partial_bucket"]) == [(1, "partial_bucket")]
    assert result.query("select bucket_start_at, amount_usd from stg_openai__costs where line_item = 'partial'") \
        == [(datetime(2025, 10, 4), Decimal(5))]


def test_a_cost_day_spelled_two_ways_is_one_record(corpus) -> None:
    _, result, files = corpus
    # The later extract wins ("250.5" cents); the earlier one is an older version, not a second day.
    assert result.query("""
        select amount_usd, _source_file from stg_anthropic__cost_report where cost_date = date '2025-10-05'
    """) == [(Decimal("2.505"), str(files["cost_time_spellings_second"]))]
    assert result.query("""
        select raw_records - kept_records - quarantined_records, duplicate_records
        from audit.audit_source_reconciliation where source_entity = 'anthropic.cost_report'
    """) == [(1, 1)]


def test_a_negative_cost_is_a_credit_and_kept(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["cost_negative_amount"]) == []
    assert quarantined(result, files["cost_negative_amount_openai"]) == []
    assert result.query("select amount_usd from stg_anthropic__cost_report where description = 'credit'") \
        == [(Decimal("-5.0025"),)]
    assert result.query("select amount_usd from stg_openai__costs where line_item = 'refund'") == [(Decimal("-2.5"),)]
    # The empty bucket after it is a day without cost: no row, nothing quarantined.
    assert result.query("select count(*) from stg_openai__costs where cost_date = date '2025-10-07'") == [(0,)]


def test_no_cost_report_landed_reads_as_no_cost(tmp_path: Path) -> None:
    # The cost reports are optional: without their folders (or with an empty one) the build is green
    # and their staging is empty; the usage reports still stop a run when they are missing.
    landing = tmp_path / "landing"
    land_vendor_examples(landing)
    shutil.rmtree(landing / "anthropic" / "cost_report")
    for extract in (landing / "openai" / "costs").iterdir():
        extract.unlink()
    result = build(landing, tmp_path)
    assert "ERROR=0" in result.output
    assert result.query("""
        select source_entity, raw_records, kept_records, duplicate_records, quarantined_records
        from audit.audit_source_reconciliation where entity_name in ('cost_report', 'costs') order by 1
    """) == [("anthropic.cost_report", 0, 0, 0, 0), ("openai.costs", 0, 0, 0, 0)]
    assert result.scalar("select count(*) from stg_anthropic__cost_report") == 0
