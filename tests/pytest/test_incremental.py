"""Incremental runs give what a full refresh gives, whatever order the extracts land in.

One complete landing folder (a small demo, plus later corrections: re-extracted gateway events with
new token counts, a relabelled pull request, a backdated promotion, and a second copy of an extract)
is landed in several sequences of batches, with an incremental `dbt build` after each batch. Every
mart, audit model and staging model must then equal `dbt build --full-refresh` over the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import MARTS, REPO_ROOT, STAGING_MODELS, content_digests, run_dbt

from token_outcomes import demo

SMALL = ["--people", "40", "--days", "42", "--events-per-person-day", "3"]
COMPARED = [*MARTS, "audit.audit_source_reconciliation", "audit.audit_quarantined_records", *STAGING_MODELS]
EXTRACTED_AT = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)")
CORRECTED_EVENTS = 20
# A build of the models and seeds alone.
WITHOUT_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]


def extracted_at(path: Path) -> str:
    return EXTRACTED_AT.search(path.name).group(1)


def landed_files(landing: Path) -> list[Path]:
    return sorted((path for path in landing.rglob("*") if path.is_file() and EXTRACTED_AT.search(path.name)),
                  key=lambda path: (extracted_at(path), str(path)))


def land(files: list[Path], source: Path, landing: Path) -> None:
    """Copy `files` into `landing`, with the demo's coverage rules (conftest.demo_vars)."""
    for path in files:
        target = landing / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    if (source / "_demo_vars.json").exists():
        shutil.copy(source / "_demo_vars.json", landing / "_demo_vars.json")


def add_corrections(landing: Path) -> dict[str, object]:
    """Later extracts that change records already landed, dated after every other extract."""
    later = (dt.datetime.strptime(extracted_at(landed_files(landing)[-1]), "%Y-%m-%dT%H-%M-%SZ")
             + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H-%M-%SZ")
    # Gateway: the oldest extract's first events re-extracted with twice the output tokens and no vendor
    # cost; the very first one was also logged a day late, so it moves to another person-day.
    events = landing / "gateway" / "usage_events"
    oldest_events = min(events.glob("*.parquet"))
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"""
            copy (
                select * replace (
                    "gen_ai.usage.output_tokens" * 2 + 1 as "gen_ai.usage.output_tokens",
                    cast(null as double) as cost_usd,
                    case
                        when "event.id" = min("event.id") over ()
                            then strftime(cast("event.timestamp" as timestamptz) + interval 1 day,
                                          '%Y-%m-%dT%H:%M:%S.%gZ')
                        else "event.timestamp"
                    end as "event.timestamp"
                )
                from (select * from read_parquet('{oldest_events}') order by "event.id" limit {CORRECTED_EVENTS})
            ) to '{events / f"{later}.parquet"}' (format parquet)
        """)
    # GitHub: a merged pull request of the oldest extract relabelled as security work.
    pulls = landing / "github" / "pull_requests"
    for line in min(pulls.glob("*.jsonl")).read_text().splitlines():
        record = json.loads(line)
        if record.get("merged_at"):
            break
    record["labels"] = [{"id": 1, "name": "security", "color": "b60205", "default": False}]
    (pulls / f"{later}.jsonl").write_text(json.dumps(record) + "\n")
    # HRIS: a promotion keyed in late, effective three weeks back.
    people_files = sorted((landing / "hris" / "people").glob("*.csv"))
    with people_files[-1].open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    promoted = next(row for row in rows if row["role"] == "software_engineer" and row["level"] == "L4"
                    and not row["termination_date"])
    effective = dt.datetime.strptime(later, "%Y-%m-%dT%H-%M-%SZ").date() - dt.timedelta(days=21)
    with (landing / "hris" / "people" / f"{later}.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerow(dict(promoted, level="L5", effective_date=effective.isoformat()))
    # The same extract ingested twice.
    linear = max((landing / "linear" / "issues").glob("*.jsonl"))
    shutil.copy(linear, linear.with_name(linear.stem + "-again.jsonl"))
    return {"promoted": promoted["employee_id"],
            "promotion_date": effective, "pull_request": record["node_id"], "later": later}


@pytest.fixture(scope="module")
def complete_landing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    landing = tmp_path_factory.mktemp("complete") / "landing"
    demo.main(["--out", str(landing), *SMALL])
    return landing, add_corrections(landing)


def by_entity(files: list[Path], source: Path) -> dict[Path, list[Path]]:
    entities: dict[Path, list[Path]] = {}
    for path in files:
        entities.setdefault(path.parent.relative_to(source), []).append(path)
    return entities


def run_sequence(batches: list[list[Path]], source: Path, work: Path,
                 after_each: list | None = None) -> Path:
    """Land each batch, then an incremental dbt build: of the models and seeds only, but for the last batch,
    whose build runs every test too; returns the database. The data tests of the batches before the last
    are the demo build's, on the same models: run there, they only cost time."""
    landing, database = work / "landing", work / "token_outcomes.duckdb"
    for number, batch in enumerate(batches, start=1):
        land(batch, source, landing)
        run_dbt(["build", *([] if number == len(batches) else WITHOUT_TESTS)], landing, database, work)
        if after_each is not None:
            with duckdb.connect(str(database), read_only=True) as con:
                after_each.append(con.execute(
                    "select period_start, sum(coalesce(spend_usd, 0)) from core.fct_token_usage group by 1 order by 1"
                ).fetchall())
    return database


@pytest.fixture(scope="module")
def full_refresh(complete_landing, tmp_path_factory) -> dict[str, tuple[int, str]]:
    """Every compared model after `dbt build --full-refresh` over the complete landing."""
    source, _ = complete_landing
    work = tmp_path_factory.mktemp("full_refresh")
    land(landed_files(source), source, work / "landing")
    database = work / "token_outcomes.duckdb"
    # The reference needs the models, not their tests (every incremental sequence runs them at its end).
    run_dbt(["build", "--full-refresh", *WITHOUT_TESTS], work / "landing", database, work)
    return content_digests(database, COMPARED, work / "landing")


def test_extracts_landing_in_time_order_three_batches(complete_landing, full_refresh, tmp_path: Path) -> None:
    source, _ = complete_landing
    files = landed_files(source)
    # Every folder needs one extract before the first build: the first batch takes each entity's oldest.
    first = [entity_files[0] for entity_files in by_entity(files, source).values()]
    rest = [path for path in files if path not in first]
    database = run_sequence([first, rest[: len(rest) // 2], rest[len(rest) // 2:]], source, tmp_path)
    assert content_digests(database, COMPARED, tmp_path / "landing") == full_refresh


def test_old_extracts_arriving_late_update_their_periods(complete_landing, full_refresh, tmp_path: Path) -> None:
    """The newest half of every entity's extracts (corrections included) lands first; the older half late."""
    source, _ = complete_landing
    newest, oldest = [], []
    for entity_files in by_entity(landed_files(source), source).values():
        half = len(entity_files) // 2
        oldest += entity_files[:half]
        newest += entity_files[half:]
    spend_by_period: list = []
    database = run_sequence([newest, oldest], source, tmp_path, spend_by_period)
    assert content_digests(database, COMPARED, tmp_path / "landing") == full_refresh
    # The late extracts really did update old periods that the first run had already built (the
    # test is not vacuous): their spend grew when the older half landed.
    before, after = dict(spend_by_period[0]), dict(spend_by_period[1])
    grown = [period for period in before if after[period] > before[period]]
    assert grown and min(grown) < max(after)


def test_corrections_landing_after_everything_replace_exactly_their_rows(complete_landing, full_refresh,
                                                                        tmp_path: Path) -> None:
    source, corrections = complete_landing
    files = landed_files(source)
    corrected = [path for path in files if corrections["later"] in path.name or "-again" in path.name]
    database = run_sequence([[path for path in files if path not in corrected], corrected], source, tmp_path)
    assert content_digests(database, COMPARED, tmp_path / "landing") == full_refresh
    # The last run rewrote only the ledger lines it had to: the gateway lines of the person-days the
    # re-extracted events are in and were in, and the promoted person's lines (re-attributed), nothing else.
    events = tmp_path / "landing" / "gateway" / "usage_events"
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        corrected_person_days = con.execute(f"""
            with corrected as (
                select "event.id" as event_id from read_parquet('{events / (corrections["later"] + ".parquet")}')
            )
            select distinct cast(cast("event.timestamp" as timestamptz) as date), lower("user.email")
            from read_parquet('{events}/*.parquet')
            where "event.id" in (select event_id from corrected)
        """).fetchall()
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        rewritten = con.execute("""
            select count(*) from core.fct_token_usage
            where _loaded_at = (select max(_loaded_at) from core.fct_token_usage)
        """).fetchall()[0][0]
        promoted_lines, expected = con.execute(f"""
            select
                count(*) filter (where employee_id = '{corrections["promoted"]}'),
                count(*) filter (where employee_id = '{corrections["promoted"]}'
                    or (usage_source = 'gateway' and (usage_date, identity_key) in (
                        {", ".join(f"(date '{day}', '{email}')" for day, email in corrected_person_days)})))
            from core.fct_token_usage
        """).fetchall()[0]
        promoted_levels = con.execute(f"""
            select level, min(usage_date), max(usage_date) from core.fct_token_usage
            where employee_id = '{corrections["promoted"]}' group by level order by level
        """).fetchall()
        total = con.execute("select count(*) from core.fct_token_usage").fetchall()[0][0]
        # Losing their vendor cost moved events to their person-day's price-book line: a line left with
        # none was replaced by an empty one, which the fact table then dropped.
        emptied = con.execute("""
            select count(*) from intermediate.int_usage_requests_aggregated where request_count = 0
        """).fetchall()[0][0]
        emptied_in_ledger = con.execute("""
            select count(*) from core.fct_token_usage where usage_source = 'gateway' and request_count = 0
        """).fetchall()[0][0]
    assert len(corrected_person_days) > 1
    assert emptied > 0 and emptied_in_ledger == 0
    assert promoted_lines < rewritten == expected < total / 4
    # The backdated promotion re-attributed the person's lines from its effective date on.
    assert [level for level, _, _ in promoted_levels] == ["L4", "L5"]
    assert promoted_levels[1][1] >= corrections["promotion_date"] > promoted_levels[0][2]


def test_a_changed_price_book_or_score_period_recomputes_every_line(complete_landing, tmp_path: Path) -> None:
    """Reference data that every line depends on changes between two incremental runs: the price book
    (a project copy with one model's prices raised) and the score period. The incremental run must
    re-price and re-period every line, as a full build does."""
    source, _ = complete_landing
    project = tmp_path / "project"
    shutil.copytree(REPO_ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", ".git", "target", "logs", "data", "site", "exports", "__pycache__", ".pytest_cache"))
    landing = tmp_path / "landing"
    land(landed_files(source), source, landing)
    incremental, fresh = tmp_path / "incremental.duckdb", tmp_path / "fresh.duckdb"
    run_dbt(["build"], landing, incremental, tmp_path / "a", project=project)
    with duckdb.connect(str(incremental), read_only=True) as con:
        model_id, priced_spend = con.execute("""
            select model_id, sum(spend_usd) from core.fct_token_usage where pricing_status = 'price_book'
            group by model_id order by count(*) desc limit 1
        """).fetchall()[0]
    prices = project / "seeds" / "model_prices.csv"
    with prices.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["model_id"] == model_id:
            for column in ("input_usd_per_mtok", "output_usd_per_mtok"):
                row[column] = f"{float(row[column]) * 2:.2f}"
    with prices.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    weekly = {"score_period": "week"}
    # A price book above the vendors' prices puts the ledger above the bill: the bill test says so, and
    # it is the only test that fails; every model is still built.
    builds = [run_dbt(["build"], landing, incremental, tmp_path / "a", extra_vars=weekly, project=project, check=False),
              run_dbt(["build"], landing, fresh, tmp_path / "b", extra_vars=weekly, project=project, check=False)]
    for result in builds:
        summary = result.stdout.split("Completed with")[-1]
        assert re.search(r"Done\. PASS=\d+ WARN=0 ERROR=1 SKIP=0", summary), summary[-3000:]
        assert "Failure in test assert_ledger_within_invoice" in summary
    assert content_digests(incremental, COMPARED) == content_digests(fresh, COMPARED)
    with duckdb.connect(str(incremental), read_only=True) as con:
        repriced = con.execute(f"""
            select sum(spend_usd) from core.fct_token_usage
            where pricing_status = 'price_book' and model_id = '{model_id}'
        """).fetchall()[0][0]
        weekdays = con.execute("select distinct dayofweek(period_start) from core.fct_token_usage").fetchall()
    assert repriced > priced_spend
    assert weekdays == [(1,)]


def test_tests_of_an_incremental_run_read_its_load_and_still_catch_a_loss(complete_landing, tmp_path: Path) -> None:
    """The completeness test of a base_ model reads only the files the run parsed, and the ledger's key
    tests (`where: latest_load`) only the rows of the latest load; both must still fail on a record
    lost, or a key duplicated, in that load."""
    source, _ = complete_landing
    project = tmp_path / "project"
    shutil.copytree(REPO_ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", ".git", "target", "logs", "data", "site", "exports", "__pycache__", ".pytest_cache"))
    files = landed_files(source)
    gateway_files = [path for path in files if path.parent.name == "usage_events"]
    held_out = gateway_files[-1]
    landing, database = tmp_path / "landing", tmp_path / "token_outcomes.duckdb"
    land([path for path in files if path != held_out], source, landing)
    run_dbt(["build"], landing, database, tmp_path / "a", project=project)

    # A duplicated key in the latest load of the ledger fails its unique test.
    duplicated = tmp_path / "duplicated.duckdb"
    shutil.copy(database, duplicated)
    with duckdb.connect(str(duplicated)) as con:
        con.execute("""
            insert into core.fct_token_usage
            select * from core.fct_token_usage
            where _loaded_at = (select max(_loaded_at) from core.fct_token_usage)
            limit 1
        """)
    result = run_dbt(["test", "--select", "fct_token_usage"], landing, duplicated, tmp_path / "b", check=False,
                     project=project)
    assert result.returncode != 0
    assert re.search(r"FAIL 1 unique_fct_token_usage_usage_line_id", result.stdout)

    # The gateway's base model now loses the first event of every file it parses: the next run parses
    # only the held-out file, its completeness test reads only that file, and it fails.
    base_model = project / "models" / "staging" / "gateway" / "base" / "base_gateway__usage_events.sql"
    original = "select * from {{ source('gateway', 'usage_events') }}"
    assert original in base_model.read_text()
    base_model.write_text(base_model.read_text().replace(
        original, f"select * from ({original} where _line_number > 1) as landed_but_the_first"))
    land([held_out], source, landing)
    result = run_dbt(["build", "--select", "base_gateway__usage_events"], landing, database, tmp_path / "a",
                     check=False, project=project)
    assert result.returncode != 0
    assert re.search(r"FAIL 1 all_landed_records_parsed_base_gateway__usage_events", result.stdout)
    # The test counted the lines of the files this load wrote rows for: the held-out extract re-extracts
    # events of older files, whose rows were ranked again in this load; every other file is not read.
    with duckdb.connect(str(database), read_only=True) as con:
        loaded_now = {row[0] for row in con.execute("""
            select distinct _source_file from base_gateway__usage_events
            where _loaded_at = (select max(_loaded_at) from base_gateway__usage_events)
        """).fetchall()}
    counting_queries = [query for query in re.findall(
        r"select landed_files\._source_file from \(.*?parsed_lines, 0\) < landed_files\.landed_lines",
        (tmp_path / "a" / "logs" / "dbt.log").read_text(), re.DOTALL) if "gateway/usage_events" in query]
    counted_list = re.search(r"where _source_file in \(([^)]*)\)", counting_queries[-1])
    counted_files = set(re.findall(r"'([^']+)'", counted_list.group(1)))
    assert str(landing / held_out.relative_to(source)) in counted_files
    assert counted_files == loaded_now
    assert len(counted_files) < len(gateway_files)
    # It then paired line by line only the file short of lines, as its compiled SQL lists.
    compiled = [path.read_text() for path in (tmp_path / "a" / "target" / "compiled").rglob("*.sql")
                if path.name.startswith("all_landed_records_parsed") and "gateway/usage_events" in path.read_text()]
    assert len(compiled) == 1
    listed = re.search(r"_source_file in \(([^)]*)\)", compiled[0])
    assert set(re.findall(r"'([^']+)'", listed.group(1))) == {str(landing / held_out.relative_to(source))}
