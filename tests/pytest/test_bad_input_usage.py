"""The usage and reader bad-input cases (bad_input_usage.py), asserted against the one corpus build:
each is quarantined with its named reason at its file and line, or read to the value it means."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from bad_input import quarantined

UNREADABLE = ["number_object", "number_boolean", "number_word", "number_past_64_bits", "number_fraction", "cost_word"]


@pytest.mark.parametrize("case", UNREADABLE)
def test_a_count_that_is_not_a_whole_number_is_quarantined(corpus, case: str) -> None:
    _, result, files = corpus
    assert quarantined(result, files[case]) == [(1, "unreadable_number")]


def test_no_unreadable_count_reached_the_ledger_as_zero(corpus) -> None:
    clean, result, _ = corpus
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
    assert result.query("select employee_id from int_identity_map where identity_id = 'email:user@emaildomain.com'") \
        == [("E1",)]
    assert result.query(f"""
        select employee_id from stg_hris__identities where _source_file = '{files["identity_email_clash"]}'
    """) == [("E-ALIAS",)]
    assert re.search(r"WARN 1 warn_identity_rows_overridden_by_work_emails", result.output)
