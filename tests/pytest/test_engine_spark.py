"""The same project on Apache Spark (dbt-spark in session mode, a local warehouse of Parquet tables):
the loader lands the demo data, dbt builds it, and every mart (and audit model) equals the DuckDB
build of the same landing folder. Slow (a JVM and a Spark job per model): its own command,
`bash scripts/test_spark.sh`."""

from __future__ import annotations

import re

import pytest

import compare_engines
import engines
from conftest import Build

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark_run(demo_build: Build, tmp_path_factory: pytest.TempPathFactory) -> engines.EngineRun:
    work = tmp_path_factory.mktemp("spark")
    settings = {
        "TOKEN_OUTCOMES_SPARK_WAREHOUSE": str(work / "warehouse"),
        "TOKEN_OUTCOMES_SPARK_METASTORE": str(work / "metastore_db"),
    }
    environment = dict(engines.environment_without_target(), **settings)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in settings.items():
            patch.setenv(name, value)
        result = engines.run_on_engine("spark", demo_build, work, environment, compare_engines.spark_reader)
    engines.write_report(result, demo_build)
    return result


def test_loader_lands_every_line_once_and_is_idempotent(spark_run: engines.EngineRun, demo_build: Build) -> None:
    engines.assert_landed_once_and_idempotent(spark_run, demo_build)


def test_dbt_build_runs_models_seeds_unit_and_data_tests_on_spark(spark_run: engines.EngineRun) -> None:
    # run_on_engine already failed on a non-zero exit; this checks the build did run everything.
    assert "Completed successfully" in spark_run.build_output
    assert re.search(r"Done\. PASS=2[0-9][0-9] WARN=0 ERROR=0 SKIP=0", spark_run.build_output)
    assert "unit_test" in spark_run.build_output


def test_every_mart_equals_the_duckdb_build(spark_run: engines.EngineRun) -> None:
    engines.assert_every_mart_matches(spark_run)
