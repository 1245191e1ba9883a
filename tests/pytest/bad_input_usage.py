"""Bad-input cases of the usage ledger and the landing reader: numbers that are not whole counts,
implausible times, keys spelled two ways, partial buckets, records that are not objects or lack their
usage array, OpenAI cache writes, gateway Parquet typed by its loader, CSV fields spanning lines,
gzipped extracts; and of the vendors' cost reports: amounts that are not decimals, exponents, other
currencies, credits. Each case lands a file of its own, named for the case."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

import duckdb
from bad_input import example, land

# 2025-09-10 and later days: no vendor example uses them, so each case's rows are its own.
DAY = 86400
SEPT_10 = 1757462400  # 2025-09-10T00:00:00Z


def claude_day(date: str, email: str, **tokens: object) -> dict:
    record = copy.deepcopy(example("anthropic", "claude_code_usage"))
    record["date"] = date
    record["actor"] = {"type": "user_actor", "email_address": email}
    record["model_breakdown"] = record["model_breakdown"][:1]
    record["model_breakdown"][0]["tokens"].update(tokens)
    return record


def messages_bucket(start: str, end: str, **result: object) -> dict:
    record = copy.deepcopy(example("anthropic", "messages_usage"))
    record["starting_at"], record["ending_at"] = start, end
    record["results"][0].update(result)
    return record


def openai_bucket(start: object, end: object, **result: object) -> dict:
    record = copy.deepcopy(example("openai", "completions_usage"))
    record["start_time"], record["end_time"] = start, end
    record["results"][0].update(result)
    return record


def anthropic_cost(start: str, end: str, **result: object) -> dict:
    record = copy.deepcopy(example("anthropic", "cost_report"))
    record["starting_at"], record["ending_at"] = start, end
    record["results"][0].update(result)
    return record


def openai_cost(start: object, end: object, value: object = 1, currency: object = "usd", **result: object) -> dict:
    record = copy.deepcopy(example("openai", "costs"))
    record["start_time"], record["end_time"] = start, end
    record["results"][0].update(result, amount={"value": value, "currency": currency})
    return record


# Cost cases: October 2025, a month no other case or vendor example uses.
OCT_1 = 1759276800  # 2025-10-01T00:00:00Z


def land_cases(landing: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}

    def case(name: str, source: str, entity: str, lines: list, stamp: str = "2026-02-02T00-00-00Z") -> None:
        files[name] = land(landing, source, entity, f"{stamp}-{name}.jsonl", lines)

    # Numbers that are not whole counts: never 0, never rounded.
    case("number_object", "anthropic", "claude_code_usage",
         [claude_day("2025-09-10", "object@emaildomain.com", output={"value": 12450})])
    case("number_boolean", "anthropic", "messages_usage",
         [messages_bucket("2025-09-10T00:00:00Z", "2025-09-11T00:00:00Z", output_tokens=True)])
    case("number_word", "openai", "completions_usage",
         [openai_bucket(SEPT_10, SEPT_10 + DAY, output_tokens="lots", model="gpt-word")])
    case("number_past_64_bits", "anthropic", "messages_usage",
         [messages_bucket("2025-09-11T00:00:00Z", "2025-09-12T00:00:00Z", output_tokens=2**64)])
    case("number_fraction", "openai", "completions_usage",
         [openai_bucket(SEPT_10, SEPT_10 + DAY, input_tokens=1.5, model="gpt-fraction")])
    case("cost_word", "anthropic", "claude_code_usage",
         [dict(claude_day("2025-09-10", "cost@emaildomain.com"),
               model_breakdown=[{"model": "claude-sonnet-4-20250514", "tokens": {"input": 1, "output": 1},
                                 "estimated_cost": {"amount": "n/a", "currency": "USD"}}])])
    # A whole number written as a decimal is the number.
    case("number_whole_decimal", "anthropic", "messages_usage",
         [messages_bucket("2025-09-12T00:00:00Z", "2025-09-13T00:00:00Z", output_tokens=1000.0)])
    # Absurd in one token type while another is null: still implausible.
    case("absurd_beside_null", "anthropic", "claude_code_usage",
         [claude_day("2025-09-10", "absurd@emaildomain.com", output=10**12, cache_read=None)])

    # Times no real record carries.
    case("time_zero", "openai", "completions_usage", [openai_bucket(0, DAY, model="gpt-epoch")])
    case("time_9999", "anthropic", "messages_usage",
         [messages_bucket("9999-12-30T00:00:00Z", "9999-12-31T00:00:00Z")])
    case("time_milliseconds", "openai", "completions_usage",
         [openai_bucket(SEPT_10 * 1000, (SEPT_10 + DAY) * 1000, model="gpt-millis")])
    case("time_after_extract", "anthropic", "claude_code_usage",
         [claude_day("2027-01-01", "future@emaildomain.com")])

    # One bucket, two spellings of its start, two extracts: one record, counted once.
    case("key_time_spellings_first", "anthropic", "messages_usage",
         [messages_bucket("2025-09-14T00:00:00Z", "2025-09-15T00:00:00Z", output_tokens=111)],
         stamp="2026-02-02T00-00-00Z")
    case("key_time_spellings_second", "anthropic", "messages_usage",
         [messages_bucket("2025-09-14T00:00:00+00:00", "2025-09-15T00:00:00.000Z", output_tokens=222)],
         stamp="2026-02-03T00-00-00Z")
    # One actor, two spellings of the e-mail, two extracts: one record.
    case("key_email_spellings_first", "anthropic", "claude_code_usage",
         [claude_day("2025-09-10", "spelled@emaildomain.com", output=5)], stamp="2026-02-02T00-00-00Z")
    case("key_email_spellings_second", "anthropic", "claude_code_usage",
         [claude_day("2025-09-10T00:00:00Z", " Spelled@EmailDomain.COM ", output=7)], stamp="2026-02-03T00-00-00Z")
    # One count, a number in one extract and a string in the next: one bucket.
    case("key_number_spellings", "openai", "completions_usage",
         [openai_bucket(str(SEPT_10 + DAY), str(SEPT_10 + 2 * DAY), model="gpt-spelled"),
          openai_bucket(SEPT_10 + DAY, SEPT_10 + 2 * DAY, model="gpt-spelled", output_tokens=600)])

    # "The last 7 days" asked at 17:31: buckets that are not whole UTC days never reach the ledger;
    # the whole days of the same grouping do.
    partial_start = SEPT_10 + 17 * 3600 + 31 * 60
    case("partial_bucket", "openai", "completions_usage",
         [openai_bucket(partial_start, partial_start + DAY, model="gpt-partial", output_tokens=900),
          openai_bucket(SEPT_10, SEPT_10 + DAY, model="gpt-partial", output_tokens=400),
          openai_bucket(SEPT_10 + DAY, SEPT_10 + 2 * DAY, model="gpt-partial", output_tokens=500)])
    case("hour_bucket", "anthropic", "messages_usage",
         [messages_bucket("2025-09-15T10:00:00Z", "2025-09-15T11:00:00Z")])

    # JSON that is not a record, elements that are not objects, records without their usage array.
    case("line_not_an_object", "openai", "completions_usage", ["[1, 2, 3]", '"a string"'])
    element = messages_bucket("2025-09-16T00:00:00Z", "2025-09-17T00:00:00Z")
    element["results"] = [5, element["results"][0]]
    case("element_not_an_object", "anthropic", "messages_usage", [element])
    no_results = openai_bucket(SEPT_10, SEPT_10 + DAY)
    del no_results["results"]
    case("missing_usage_array", "openai", "completions_usage", [no_results])
    no_breakdown = claude_day("2025-09-10", "nobreakdown@emaildomain.com")
    del no_breakdown["model_breakdown"]
    case("missing_model_breakdown", "anthropic", "claude_code_usage", [no_breakdown])

    # OpenAI's 2026 usage fields: cache writes priced as writes, the API's own uncached count kept.
    case("openai_cache_writes", "openai", "completions_usage",
         [openai_bucket(SEPT_10, SEPT_10 + DAY, model="gpt-5", user_id="user-cache", input_tokens=1000,
                        input_cached_tokens=200, input_cache_write_tokens=300, input_uncached_tokens=500,
                        output_tokens=10)])

    # Gzipped extracts are read as they are.
    pull_request = copy.deepcopy(example("github", "pull_requests"))
    pull_request.update(node_id="PR_gzipped", id=9000000001, number=9001, title="Landed gzipped")
    gz = landing / "github" / "pull_requests" / "2026-02-02T00-00-00Z-gzipped.jsonl.gz"
    gz.write_bytes(gzip.compress((json.dumps(pull_request) + "\n").encode()))
    files["gzipped_jsonl"] = gz
    identities = landing / "hris" / "identities" / "2026-02-02T00-00-00Z-gzipped.csv.gz"
    identities.write_bytes(gzip.compress(b"system,external_id,employee_id\nlinear,lin-user-gz,E1\n"))
    files["gzipped_csv"] = identities

    # A quoted CSV field holding line breaks: the row after it is quarantined at its real line (6).
    people = landing / "hris" / "people" / "2026-02-02T00-00-00Z-multiline.csv"
    people.write_text(
        "employee_id,work_email,full_name,role,level,team,cost_center,manager_employee_id,hire_date,"
        "termination_date,effective_date\n"
        'E7,multi@emaildomain.com,"Multi\nLine\nName",software_engineer,L4,web,CC-WEB,,2024-03-01,,2024-03-01\n'
        "E8,late@emaildomain.com,Late Row,software_engineer,L4,web,CC-WEB,,2024-03-01,,2024-03-01\n"
        "E9,bad@emaildomain.com,Bad Date,software_engineer,L4,web,CC-WEB,,2024-03-01,,03/01/2024\n")
    files["csv_multiline_field"] = people

    # A gateway file whose loader typed the time as a Parquet timestamp and the counts as text, one
    # count unreadable, and one event timed in OpenTelemetry's Unix nanoseconds.
    typed = landing / "gateway" / "usage_events" / "2026-02-02T00-00-00Z-typed.parquet"
    duckdb.sql(f"""
        copy (
            select * from (values
                ('evt-typed-1', timestamp '2025-09-10 08:00:00', 'typed@emaildomain.com', 'cursor', 'anthropic',
                 'claude-sonnet-4-20250514', '100', '10', '0', '0', '0.5'),
                ('evt-typed-2', timestamp '2025-09-10 09:00:00', 'typed@emaildomain.com', 'cursor', 'anthropic',
                 'claude-sonnet-4-20250514', 'many', '10', '0', '0', null)
            ) as events("event.id", "event.timestamp", "user.email", "service.name", "gen_ai.provider.name",
                        "gen_ai.request.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
                        "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_creation.input_tokens", cost_usd)
        ) to '{typed}' (format parquet)
    """)
    files["gateway_typed_columns"] = typed
    nanos = landing / "gateway" / "usage_events" / "2026-02-02T00-00-00Z-nanos.parquet"
    duckdb.sql(f"""
        copy (
            select 'evt-nanos' as "event.id", {SEPT_10 + 3600}000000000 as "event.timestamp",
                'typed@emaildomain.com' as "user.email", 'cursor' as "service.name",
                'anthropic' as "gen_ai.provider.name", 'claude-sonnet-4-20250514' as "gen_ai.request.model",
                7 as "gen_ai.usage.input_tokens", 3 as "gen_ai.usage.output_tokens"
        ) to '{nanos}' (format parquet)
    """)
    files["gateway_epoch_nanos"] = nanos

    # The identity map gives an HRIS work e-mail (in another case) to someone else.
    clash = landing / "hris" / "identities" / "2026-02-02T00-00-00Z-email-clash.csv"
    clash.write_text("system,external_id,employee_id\nemail,USER@emaildomain.com,E-ALIAS\n")
    files["identity_email_clash"] = clash

    # Cost reports: an amount that is not a decimal is quarantined, never 0 (cents for Anthropic,
    # dollars for OpenAI; each case a line item of its own).
    case("cost_amount_object", "anthropic", "cost_report",
         [anthropic_cost("2025-10-01T00:00:00Z", "2025-10-02T00:00:00Z", amount={"value": "123.45"},
                         description="object amount")])
    case("cost_amount_word", "openai", "costs", [openai_cost(OCT_1, OCT_1 + DAY, value="lots", line_item="word")])
    case("cost_amount_boolean", "openai", "costs", [openai_cost(OCT_1, OCT_1 + DAY, value=True, line_item="boolean")])
    case("cost_amount_empty", "anthropic", "cost_report",
         [anthropic_cost("2025-10-01T00:00:00Z", "2025-10-02T00:00:00Z", amount="", description="empty amount")])
    case("cost_amount_thousands", "anthropic", "cost_report",
         [anthropic_cost("2025-10-01T00:00:00Z", "2025-10-02T00:00:00Z", amount="1,000.5",
                         description="thousands separator")])
    case("cost_amount_missing", "openai", "costs",
         [dict(openai_cost(OCT_1, OCT_1 + DAY, line_item="no amount"),
               results=[{"object": "organization.costs.result", "line_item": "no amount", "project_id": None}])])
    # Exponents are readable decimals: JSON numbers use them, and the engines print them (DuckDB
    # '1e-7', Spark '1.2E-5'), so "1e3" in a string is the number 1e3. Cents: "1e3" is $10.
    case("cost_amount_exponent", "anthropic", "cost_report",
         [anthropic_cost("2025-10-02T00:00:00Z", "2025-10-03T00:00:00Z", amount="1e3", description="exponent")])
    case("cost_amount_exponent_number", "openai", "costs",
         [openai_cost(OCT_1 + DAY, OCT_1 + 2 * DAY, value=1.2e-05, line_item="exponent"),
          openai_cost(OCT_1 + DAY, OCT_1 + 2 * DAY, value="12.50", line_item="numeric string")])
    # Only USD is read: another currency, or none, is never taken for dollars.
    case("cost_currency_eur", "anthropic", "cost_report",
         [anthropic_cost("2025-10-03T00:00:00Z", "2025-10-04T00:00:00Z", currency="EUR", description="euros")])
    case("cost_currency_eur_openai", "openai", "costs",
         [openai_cost(OCT_1 + 2 * DAY, OCT_1 + 3 * DAY, currency="eur", line_item="euros"),
          openai_cost(OCT_1 + 2 * DAY, OCT_1 + 3 * DAY, currency=None, line_item="no currency")])
    # Costs "since 17:31": the first bucket runs to midnight and never counts; the whole day does.
    partial_cost_start = OCT_1 + 3 * DAY + 17 * 3600 + 31 * 60
    case("cost_partial_bucket", "openai", "costs",
         [openai_cost(partial_cost_start, OCT_1 + 4 * DAY, value=3, line_item="partial"),
          openai_cost(OCT_1 + 3 * DAY, OCT_1 + 4 * DAY, value=5, line_item="partial")])
    # One day, its start spelled 'Z' in one extract and '+00:00' in the next: one record, the later one.
    case("cost_time_spellings_first", "anthropic", "cost_report",
         [anthropic_cost("2025-10-05T00:00:00Z", "2025-10-06T00:00:00Z", amount="100")],
         stamp="2026-02-02T00-00-00Z")
    case("cost_time_spellings_second", "anthropic", "cost_report",
         [anthropic_cost("2025-10-05T00:00:00+00:00", "2025-10-06T00:00:00.000Z", amount="250.5")],
         stamp="2026-02-03T00-00-00Z")
    # Credits and refunds are negative: real money, kept. A day without cost holds no record.
    case("cost_negative_amount", "anthropic", "cost_report",
         [anthropic_cost("2025-10-06T00:00:00Z", "2025-10-07T00:00:00Z", amount="-500.25", description="credit")])
    case("cost_negative_amount_openai", "openai", "costs",
         [openai_cost(OCT_1 + 5 * DAY, OCT_1 + 6 * DAY, value=-2.5, line_item="refund"),
          dict(openai_cost(OCT_1 + 6 * DAY, OCT_1 + 7 * DAY), results=[])])

    # Outcome sources: a merge time of zero, and a line that is JSON but not an object.
    merged_at_zero = copy.deepcopy(example("github", "pull_requests"))
    merged_at_zero.update(node_id="PR_epoch", id=9000000003, number=9003, merged_at="1970-01-01T00:00:00Z")
    case("outcome_time_zero", "github", "pull_requests", [merged_at_zero])
    case("outcome_not_an_object", "linear", "issues", ['["ENG-1", "ENG-2"]'])
    return files
