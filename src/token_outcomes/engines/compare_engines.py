"""Compare every mart (and audit model) of a dbt build on one engine with the same build on DuckDB.

The marts are read from the dbt manifest (every model under models/marts and models/audit),
each keyed by its column with a `unique` test; every documented column is compared except
`_loaded_at`, the time a run wrote the row. Two builds agree when every mart has the same
rows (matched by key) and every value is equal: text, dates, timestamps, booleans and integers
exactly; decimals and doubles within rounding, that is within one unit of the column's last
decimal place (decimal(p,s): 10^-s) or a relative 1e-6, whichever is larger.

    .venv/bin/python -m token_outcomes.engines.compare_engines --duckdb target/token_outcomes.duckdb \\
        --manifest target/manifest.json --engine postgres
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import os
import pickle
import re
import subprocess
import sys
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from token_outcomes.engines import load_landing

RELATIVE_TOLERANCE = 1e-6
DOUBLE_ABSOLUTE_TOLERANCE = 1e-9
# When a run wrote the row, not what the row says: two builds never share it.
LOAD_METADATA_COLUMNS = {"_loaded_at"}


@dataclass(frozen=True)
class Mart:
    schema: str
    name: str
    key: str
    columns: tuple[str, ...]
    # Column -> smallest difference that is only rounding (decimal(p,s): 10^-s).
    decimal_units: dict[str, float] = field(default_factory=dict, hash=False, compare=False)

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass
class MartComparison:
    mart: Mart
    rows: dict[str, int]
    differences: list[str]
    values_compared: int = 0

    @property
    def matches(self) -> bool:
        return not self.differences


def marts_from_manifest(manifest_path: Path) -> list[Mart]:
    """Every model under models/marts and models/audit, with its unique key and its columns."""
    manifest = json.loads(manifest_path.read_text())
    keys: dict[str, str] = {}
    for node in manifest["nodes"].values():
        metadata = node.get("test_metadata") or {}
        if node["resource_type"] == "test" and metadata.get("name") == "unique" and node.get("attached_node"):
            keys.setdefault(node["attached_node"], node["column_name"])
    marts = []
    for unique_id, node in manifest["nodes"].items():
        path = node.get("original_file_path", "")
        if node["resource_type"] != "model" or not path.startswith(("models/marts/", "models/audit/")):
            continue
        if unique_id not in keys:
            raise ValueError(f"{node['name']} has no unique column to match rows by")
        units = {}
        for column in node["columns"].values():
            found = re.fullmatch(r"\s*(?:decimal|numeric)\s*\(\s*\d+\s*,\s*(\d+)\s*\)\s*", column.get("data_type") or "")
            if found:
                units[column["name"]] = 10.0 ** -int(found.group(1))
        columns = tuple(column for column in node["columns"] if column not in LOAD_METADATA_COLUMNS)
        marts.append(Mart(node["schema"], node["alias"], keys[unique_id], columns, units))
    return sorted(marts, key=lambda mart: mart.relation)


def duckdb_reader(database: Path) -> Callable[[str], list[tuple]]:
    connection = duckdb.connect(str(database), read_only=True)
    return lambda sql: connection.execute(sql).fetchall()


def postgres_reader() -> Callable[[str], list[tuple]]:
    import psycopg2

    output = load_landing.profile_output("postgres")
    connection = psycopg2.connect(host=output["host"], port=int(output["port"]), user=output["user"],
                                  password=output["password"], dbname=output["dbname"])
    connection.set_session(readonly=True, autocommit=True)

    def read(sql: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    return read


def spark_reader() -> Callable[[str], list[tuple]]:
    """Spark in a child process of its own. A JVM keeps the warehouse and metastore of its first
    session for life, so one process comparing two Spark builds (the demo, then the bad-input corpus)
    would read the first build twice; and the embedded metastore admits one process at a time, so
    the child ends (and lets go of it) when the reader is dropped."""
    child = subprocess.Popen([sys.executable, "-m", "token_outcomes.engines.compare_engines", "--serve-spark"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=dict(os.environ, TZ="UTC"))

    def read(sql: str) -> list[tuple]:
        request = pickle.dumps(sql)
        child.stdin.write(len(request).to_bytes(8, "big") + request)
        child.stdin.flush()
        size = int.from_bytes(child.stdout.read(8), "big")
        answer = pickle.loads(child.stdout.read(size))
        if isinstance(answer, str):
            # The child answers a failed query with its error text: a failure, not a type error.
            raise RuntimeError(f"Spark could not run: {sql}\n{answer}")  # noqa: TRY004
        return answer

    def stop() -> None:
        child.stdin.close()
        child.wait(timeout=120)

    weakref.finalize(read, stop)
    return read


def serve_spark() -> None:
    """The child of spark_reader: answer each query read from stdin with its rows, pickled, on the
    stdout it was given; Spark's own output goes to stderr."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    # pyspark hands timestamps back in the process's local time zone: UTC (set by spark_reader).
    time.tzset()
    spark = load_landing.spark_session()
    while header := sys.stdin.buffer.read(8):
        sql = pickle.loads(sys.stdin.buffer.read(int.from_bytes(header, "big")))
        try:
            answer: Any = [tuple(row) for row in spark.sql(sql).collect()]
        except Exception as error:  # noqa: BLE001 (the parent raises it with the query)
            answer = str(error)
        payload = pickle.dumps(answer)
        answers.write(len(payload).to_bytes(8, "big") + payload)
        answers.flush()
    spark.stop()


READERS: dict[str, Callable[[], Callable[[str], list[tuple]]]] = {"postgres": postgres_reader, "spark": spark_reader}


def quote(engine: str, name: str) -> str:
    return f"`{name}`" if engine == "spark" else f'"{name}"'


def select_mart(mart: Mart, engine: str) -> str:
    columns = ", ".join(quote(engine, column) for column in mart.columns)
    return f"select {columns} from {mart.schema}.{mart.name}"


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def values_equal(expected: Any, actual: Any, unit: float | None) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if is_number(expected) and is_number(actual):
        if isinstance(expected, int) and isinstance(actual, int):
            return expected == actual
        expected_float, actual_float = float(expected), float(actual)
        tolerance = max(RELATIVE_TOLERANCE * max(abs(expected_float), abs(actual_float)),
                        unit * 1.000001 if unit is not None else DOUBLE_ABSOLUTE_TOLERANCE)
        return abs(expected_float - actual_float) <= tolerance
    if isinstance(expected, dt.datetime) and isinstance(actual, dt.datetime):
        return expected.replace(tzinfo=None) == actual.replace(tzinfo=None)
    return type(expected) is type(actual) and expected == actual


def compare_mart(mart: Mart, expected_rows: list[tuple], actual_rows: list[tuple], engine: str,
                 limit: int = 10) -> MartComparison:
    comparison = MartComparison(mart, {"duckdb": len(expected_rows), engine: len(actual_rows)}, [])
    key_index = mart.columns.index(mart.key)
    expected = {row[key_index]: row for row in expected_rows}
    actual = {row[key_index]: row for row in actual_rows}
    for missing in sorted(set(expected) - set(actual), key=str)[:limit]:
        comparison.differences.append(f"{mart.relation}: {mart.key}={missing!r} only on duckdb")
    for extra in sorted(set(actual) - set(expected), key=str)[:limit]:
        comparison.differences.append(f"{mart.relation}: {mart.key}={extra!r} only on {engine}")
    for key in sorted(set(expected) & set(actual), key=str):
        for column, expected_value, actual_value in zip(mart.columns, expected[key], actual[key]):
            comparison.values_compared += 1
            if not values_equal(expected_value, actual_value, mart.decimal_units.get(column)):
                comparison.differences.append(
                    f"{mart.relation}: {mart.key}={key!r} {column}: duckdb {expected_value!r}, {engine} {actual_value!r}")
    if len(expected_rows) != len(actual_rows) and not comparison.differences:
        comparison.differences.append(f"{mart.relation}: duplicate keys ({comparison.rows})")
    return comparison


def compare(marts: Iterable[Mart], duckdb_read: Callable[[str], list[tuple]],
            engine_read: Callable[[str], list[tuple]], engine: str) -> list[MartComparison]:
    return [compare_mart(mart, duckdb_read(select_mart(mart, "duckdb")), engine_read(select_mart(mart, engine)), engine)
            for mart in marts]


def report(comparisons: list[MartComparison], engine: str) -> str:
    lines = [f"| mart | rows (duckdb / {engine}) | values compared | differences |", "|---|---|---|---|"]
    for comparison in comparisons:
        lines.append(f"| `{comparison.mart.relation}` | {comparison.rows['duckdb']} / {comparison.rows[engine]}"
                     f" | {comparison.values_compared} | {len(comparison.differences)} |")
    for comparison in comparisons:
        lines.extend(f"- {difference}" for difference in comparison.differences[:20])
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duckdb", type=Path, required=True, help="the DuckDB build of the same landing data")
    parser.add_argument("--manifest", type=Path, required=True, help="manifest.json of either build")
    parser.add_argument("--engine", choices=sorted(READERS), required=True)
    args = parser.parse_args(argv)
    comparisons = compare(marts_from_manifest(args.manifest), duckdb_reader(args.duckdb), READERS[args.engine](),
                          args.engine)
    print(report(comparisons, args.engine))
    return 0 if all(comparison.matches for comparison in comparisons) else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve-spark"]:
        serve_spark()
        sys.exit(0)
    sys.exit(main())
