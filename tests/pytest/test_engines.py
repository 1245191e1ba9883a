"""The same project on other engines, built from the same landing folder as the DuckDB suite: the
loader lands the demo data (twice: the second load must add nothing), dbt builds it, and every mart
and audit model equals the DuckDB build.

PostgreSQL: a real server, started for the test on loopback (token_outcomes.engines.postgres_server), part of
every test run. Apache Spark: dbt-spark in session mode over a local warehouse of Parquet tables;
slow (a JVM and Spark jobs for every model), so marked `spark` and run by `bash scripts/test_spark.sh`."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import engines
import pytest
from conftest import Build

from token_outcomes.engines import compare_engines
from token_outcomes.engines.postgres_server import throwaway_postgres


@contextlib.contextmanager
def engine_settings(engine: str, work: Path) -> Iterator[dict[str, str]]:
    """The environment variables the dbt profile reads for a fresh instance of the engine."""
    if engine == "postgres":
        with throwaway_postgres() as server:
            yield server
    else:
        yield {"TOKEN_OUTCOMES_SPARK_WAREHOUSE": str(work / "warehouse"),
               "TOKEN_OUTCOMES_SPARK_METASTORE": str(work / "metastore_db")}


@pytest.fixture(scope="module", params=["postgres", pytest.param("spark", marks=pytest.mark.spark)])
def engine_run(request: pytest.FixtureRequest, demo_build: Build,
               tmp_path_factory: pytest.TempPathFactory) -> engines.EngineRun:
    engine = request.param
    work = tmp_path_factory.mktemp(engine)
    readers = {"postgres": compare_engines.postgres_reader, "spark": compare_engines.spark_reader}
    with engine_settings(engine, work) as settings, pytest.MonkeyPatch.context() as patch:
        # This process reads the engine back through the same profile: give it the settings too.
        for name, value in settings.items():
            patch.setenv(name, value)
        environment = dict(engines.environment_without_target(), **settings)
        # PostgreSQL builds twice: the second run is incremental (delete+insert), and the marts it
        # leaves are the ones compared. Spark's Parquet tables are rebuilt every run anyway. On Spark
        # every node costs a Spark job whatever its size, and three quarters of the nodes are tests:
        # the demo builds models and seeds only, compared mart by mart below, and the data and unit
        # tests run on Spark in the bad-input corpus build (test_the_corpus_build_runs_every_test).
        result = engines.run_on_engine(engine, demo_build, work, environment, readers[engine],
                                       rebuild=engine == "postgres", data_tests=engine != "spark")
    engines.write_report(result, demo_build)
    return result


def test_loader_lands_every_line_once_and_is_idempotent(engine_run: engines.EngineRun, demo_build: Build) -> None:
    engines.assert_landed_once_and_idempotent(engine_run, demo_build)


def test_dbt_build_runs_models_seeds_unit_and_data_tests(engine_run: engines.EngineRun) -> None:
    # run_on_engine already failed on a non-zero exit; this checks the build did run everything.
    assert "Completed successfully" in engine_run.build_output
    if engine_run.engine == "spark":
        # Models and seeds only (engine_run); the tests run in the corpus build.
        assert re.search(r"Done\. PASS=[0-9]{2,3} WARN=0 ERROR=0 SKIP=0", engine_run.build_output)
        assert "unit_test" not in engine_run.build_output
        return
    assert re.search(r"Done\. PASS=[3-6][0-9][0-9] WARN=0 ERROR=0 SKIP=0", engine_run.build_output)
    assert "unit_test" in engine_run.build_output
    if engine_run.rebuild_seconds is not None:
        # The second build ran the growing models incrementally.
        assert engine_run.build_output.count("sql incremental model") >= 13


def test_every_mart_equals_the_duckdb_build(engine_run: engines.EngineRun) -> None:
    engines.assert_every_mart_matches(engine_run)


@pytest.fixture(scope="module", params=["postgres", pytest.param("spark", marks=pytest.mark.spark)])
def corpus_engine_run(request: pytest.FixtureRequest, corpus,
                      tmp_path_factory: pytest.TempPathFactory) -> engines.EngineRun:
    """The bad-input corpus (every family, one landing folder) loaded and built on the engine: every
    parser, key and quarantine rule must give what DuckDB gives on input this project did not write."""
    _, corpus_build, _ = corpus
    engine = request.param
    work = tmp_path_factory.mktemp(f"corpus_{engine}")
    readers = {"postgres": compare_engines.postgres_reader, "spark": compare_engines.spark_reader}
    with engine_settings(engine, work) as settings, pytest.MonkeyPatch.context() as patch:
        for name, value in settings.items():
            patch.setenv(name, value)
        environment = dict(engines.environment_without_target(), **settings)
        return engines.run_on_engine(engine, corpus_build, work, environment, readers[engine])


def test_the_bad_input_corpus_gives_the_same_marts_and_quarantine(corpus_engine_run: engines.EngineRun, corpus
                                                                  ) -> None:
    _, corpus_build, _ = corpus
    engines.assert_landed_once_and_idempotent(corpus_engine_run, corpus_build)
    compared = {comparison.mart.relation: comparison for comparison in corpus_engine_run.comparisons}
    assert engines.MARTS_EXPECTED <= set(compared)
    # The corpus quarantines records for every reason but one (cached_tokens_exceed_input), and the
    # audit, compared row by row below, holds each of them on both engines alike.
    assert {reason for (reason,) in corpus_build.query(
        "select distinct quarantine_reason from audit.audit_quarantined_records")} == {
        "malformed_json", "missing_external_key", "unparseable_timestamp", "negative_tokens",
        "implausible_token_count", "unreadable_number", "implausible_timestamp", "partial_bucket",
        "not_an_object", "missing_usage_array", "conflicting_identity", "missing_amount", "unsupported_currency",
        "missing_pull_request_reference", "organization_total", "agent_operation_total"}
    for comparison in corpus_engine_run.comparisons:
        assert comparison.matches, "\n".join(comparison.differences[:20])


def test_the_corpus_build_runs_every_test(corpus_engine_run: engines.EngineRun) -> None:
    """The data and unit tests run on every engine here, over the hostile corpus (on Spark, only here)."""
    assert "unit_test" in corpus_engine_run.build_output
    assert re.search(r"Done\. PASS=[3-6][0-9][0-9] WARN=[0-9]+ ERROR=0 SKIP=0", corpus_engine_run.build_output)
