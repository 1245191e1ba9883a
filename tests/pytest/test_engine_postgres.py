"""The same project on a real PostgreSQL server: the loader lands the demo data, dbt builds it, and
every mart (and audit model) equals the DuckDB build of the same landing folder."""

from __future__ import annotations

import re

import pytest

import compare_engines
import engines
from conftest import Build
from postgres_server import throwaway_postgres


@pytest.fixture(scope="module")
def postgres_run(demo_build: Build, tmp_path_factory: pytest.TempPathFactory) -> engines.EngineRun:
    work = tmp_path_factory.mktemp("postgres")
    with throwaway_postgres() as server:
        environment = dict(engines.environment_without_target(), **server)
        # The comparison reads the server through the same profile: give this process its settings.
        with pytest.MonkeyPatch.context() as patch:
            for name, value in server.items():
                patch.setenv(name, value)
            result = engines.run_on_engine("postgres", demo_build, work, environment, compare_engines.postgres_reader)
    engines.write_report(result, demo_build)
    return result


def test_loader_lands_every_line_once_and_is_idempotent(postgres_run: engines.EngineRun, demo_build: Build) -> None:
    engines.assert_landed_once_and_idempotent(postgres_run, demo_build)


def test_dbt_build_runs_models_seeds_unit_and_data_tests_on_postgres(postgres_run: engines.EngineRun) -> None:
    # run_on_engine already failed on a non-zero exit; this checks the build did run everything.
    assert "Completed successfully" in postgres_run.build_output
    assert re.search(r"Done\. PASS=2[0-9][0-9] WARN=0 ERROR=0 SKIP=0", postgres_run.build_output)
    assert "unit_test" in postgres_run.build_output


def test_every_mart_equals_the_duckdb_build(postgres_run: engines.EngineRun) -> None:
    engines.assert_every_mart_matches(postgres_run)
