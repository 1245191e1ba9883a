"""Load the landing files into raw tables, for a warehouse that cannot read them in place.

On DuckDB the sources read `<landing_path>/<source>/<entity>/*.<ext>` directly. On
PostgreSQL and Spark this script puts the same records in `<raw_schema_prefix><source>.<entity>`
with the same columns: `_source_file`, `_source_file_bytes`, `_line_number`, `_extracted_at`, then `_line` (JSON
lines) or the file's own columns (CSV as text, Parquet as typed). The rows are produced by the
very readers DuckDB's sources use (the table macros of macros/staging/landing_readers.sql, which
`dbt run-operation create_landing_readers` creates in a scratch DuckDB database), run by DuckDB
on one file at a time, so both paths see identical records, file names and line numbers.

Refuses by name, before loading anything of the table, what dbt's on-run-start check refuses on
DuckDB: a file no reader takes or whose name is not an extraction time, a loaded file whose size
changed since it was loaded, a file DuckDB cannot read (a line that is not UTF-8).

Idempotent: a file whose `_source_file` is already in its table is skipped, and what is new
is loaded in one transaction per file (PostgreSQL) or one insert per table (Spark), so loading
twice adds nothing and an interrupted load is resumed by running it again.
Connection settings come from the dbt profile's output for the target (profiles.yml, rendered
with the environment), so the loader and dbt always agree.

    .venv/bin/python -m token_outcomes.engines.load_landing --target postgres [--landing data/landing]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import jinja2
import yaml

from token_outcomes.paths import REPO_ROOT

# The DuckDB table macro that reads each format (macros/staging/landing_readers.sql).
READERS = {"jsonl": "token_outcomes_read_jsonl", "csv": "token_outcomes_read_csv", "parquet": "token_outcomes_read_parquet"}


@dataclass(frozen=True)
class LandingFile:
    source: str
    entity: str
    file_format: str
    name: str
    # The path as DuckDB's reader would report it: <landing_path>/<source>/<entity>/<name>.
    source_file: str


@dataclass
class LoadReport:
    table: str
    files_loaded: int = 0
    files_skipped: int = 0
    # Files with no record (an empty extract): nothing to load, so nothing records them either,
    # and every load reads them again.
    files_empty: int = 0
    rows_loaded: int = 0
    rows_in_table: int = 0


def project_vars() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())["vars"]


def profiles_dir() -> Path:
    return Path(os.environ.get("DBT_PROFILES_DIR", REPO_ROOT))


def profile_output(target: str) -> dict[str, Any]:
    """The target's output of the dbt profile, rendered with the environment as dbt renders it."""

    def env_var(name: str, default: str | None = None) -> str:
        if name in os.environ:
            return os.environ[name]
        if default is None:
            raise KeyError(f"environment variable {name} is required by profiles.yml")
        return default

    text = jinja2.Template((profiles_dir() / "profiles.yml").read_text()).render(env_var=env_var)
    return yaml.safe_load(text)["token_outcomes"]["outputs"][target]


# What each format lands as (a JSON lines or CSV file may be gzipped), and the glob its reader takes.
FORMATS = {"jsonl": (re.compile(r"\.jsonl(\.gz)?$"), "*.jsonl*"), "csv": (re.compile(r"\.csv(\.gz)?$"), "*.csv*"),
           "parquet": (re.compile(r"\.parquet$"), "*.parquet")}
EXTRACTION_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)")


class LandingError(SystemExit):
    """A landing file the loader refuses to load, with every name it refuses."""


def landing_files(landing_path: str) -> list[LandingFile]:
    """Every landing file, in name order (extraction time), as the DuckDB readers glob them. Like dbt's
    on-run-start check on DuckDB, refuses by name every file no reader takes (another format, a
    hidden or temporary file) and every name that is not an extraction time: loading around them
    would lose their records without a word."""
    root = Path(landing_path)
    files, refused = [], []
    for path in sorted(root.glob("*/*/*")):
        if not path.is_file():
            continue
        file_format = next((name for name, (pattern, _) in FORMATS.items() if pattern.search(path.name)), None)
        time_match = EXTRACTION_TIME.match(path.name)
        if file_format is None:
            refused.append(f"{path} (not .jsonl, .jsonl.gz, .csv, .csv.gz or .parquet)")
            continue
        try:
            datetime.strptime(time_match.group(1), "%Y-%m-%dT%H-%M-%SZ") if time_match else None
        except ValueError:
            time_match = None
        if time_match is None:
            refused.append(f"{path} (the name does not start with an extraction time such as 2026-11-20T06-00-00Z)")
            continue
        source, entity = path.parent.parent.name, path.parent.name
        files.append(LandingFile(source, entity, file_format, path.name,
                                 f"{landing_path}/{source}/{entity}/{path.name}"))
    if refused:
        raise LandingError("Files in a landing folder that no reader takes: " + "; ".join(refused)
                           + ". Rename or move them, then load again.")
    return files


@contextmanager
def reader_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection that holds the project's landing readers, created by dbt itself (`dbt
    run-operation create_landing_readers`, the macro the on-run-start hook runs on DuckDB), so the
    loader reads with exactly the SQL the DuckDB sources read with. The readers' database is kept in
    target/landing_readers/, named by a digest of every macro and dbt_project.yml: a later load with
    the same project reuses it instead of paying for dbt's parse again."""
    cache = readers_database()
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        dbt = Path(sys.executable).parent / "dbt"
        with tempfile.TemporaryDirectory(dir=cache.parent) as scratch:
            database = Path(scratch) / cache.name
            created = subprocess.run(
                [str(dbt) if dbt.exists() else "dbt", "run-operation", "create_landing_readers", "--target", "duckdb",
                 "--project-dir", str(REPO_ROOT), "--profiles-dir", str(profiles_dir()),
                 "--target-path", str(Path(scratch) / "target"), "--log-path", str(Path(scratch) / "logs")],
                cwd=REPO_ROOT, env=dict(os.environ, TOKEN_OUTCOMES_DUCKDB_PATH=str(database)),
                capture_output=True, text=True, check=False)
            if created.returncode != 0:
                raise SystemExit(
                    f"dbt could not create the landing readers:\n{created.stdout[-3000:]}{created.stderr[-2000:]}")
            # Renamed when complete, so a crash never leaves a half-made readers database in the cache.
            database.replace(cache)
    with duckdb.connect(str(cache), read_only=True) as connection:
        # The dbt profile's ceiling (profiles.yml): unbounded, reading many gzipped files at once took 18 GiB.
        connection.execute(f"set memory_limit = '{os.environ.get('TOKEN_OUTCOMES_DUCKDB_MEMORY_LIMIT', '6GB')}'")
        connection.execute("set preserve_insertion_order = false")
        yield connection


def readers_database() -> Path:
    """Where the landing readers' DuckDB database for this project's macros is kept."""
    digest = hashlib.sha256()
    for path in sorted([*(REPO_ROOT / "macros").rglob("*.sql"), REPO_ROOT / "dbt_project.yml"]):
        digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return REPO_ROOT / "target" / "landing_readers" / f"{digest.hexdigest()[:16]}.duckdb"


def reader_sql(file: LandingFile) -> str:
    """The project's DuckDB landing reader for exactly one file (run on a reader_connection)."""
    path = file.source_file.replace("'", "''")
    return f"{READERS[file.file_format]}('{path}')"


def changed_files(table_files: list[LandingFile], recorded: dict[str, int]) -> list[str]:
    """The files already loaded whose size is not the size they had when loaded."""
    return [f"{file.source_file} ({recorded[file.source_file]} bytes when loaded, "
            f"{Path(file.source_file).stat().st_size} now)"
            for file in table_files
            if file.source_file in recorded and Path(file.source_file).stat().st_size != recorded[file.source_file]]


def refuse_changed(changed: list[str]) -> None:
    if changed:
        raise LandingError("Landing files changed after they were loaded: " + "; ".join(changed)
                           + ". A landed file is immutable: land new lines as a new extract (a new file named by"
                           " its extraction time), or drop the raw table and load everything again.")


def read_file(local: duckdb.DuckDBPyConnection, query: str, file: LandingFile, action: str) -> Any:
    """Run a reader query, naming the file when DuckDB cannot read it (a line that is not UTF-8)."""
    try:
        return local.execute(action.format(query=query))
    except duckdb.Error as error:
        # DuckDB's first line names the line ("CSV Error on Line: 2"), the second what is wrong with it.
        detail = " ".join(str(error).splitlines()[:3])
        raise LandingError(f"{file.source_file} cannot be read: {detail}. Re-export it as UTF-8, or move it.") from error


def raw_table(file: LandingFile, prefix: str) -> tuple[str, str]:
    return f"{prefix}{file.source}", file.entity


def by_table(files: Iterable[LandingFile], prefix: str) -> dict[tuple[str, str], list[LandingFile]]:
    tables: dict[tuple[str, str], list[LandingFile]] = {}
    for file in files:
        tables.setdefault(raw_table(file, prefix), []).append(file)
    return tables


POSTGRES_TYPES = {
    "VARCHAR": "text", "BIGINT": "bigint", "INTEGER": "integer", "SMALLINT": "smallint", "DOUBLE": "double precision",
    "FLOAT": "real", "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz", "HUGEINT": "numeric(38,0)",
}
# PostgreSQL's own names for the types above (format_type), to tell a changed type from a synonym.
POSTGRES_TYPE_NAMES = {"timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone"}
SPARK_TYPES = {
    "VARCHAR": "string", "BIGINT": "bigint", "INTEGER": "int", "SMALLINT": "smallint", "DOUBLE": "double",
    "FLOAT": "float", "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamp", "HUGEINT": "decimal(38,0)",
}


def warehouse_type(duckdb_type: str, types: dict[str, str], decimal_name: str) -> str:
    if duckdb_type.startswith("DECIMAL"):
        return decimal_name + duckdb_type[len("DECIMAL"):]
    return types.get(duckdb_type, types["VARCHAR"])


def load_postgres(files: list[LandingFile], prefix: str) -> list[LoadReport]:
    import psycopg2
    from psycopg2 import sql

    output = profile_output("postgres")
    connection = psycopg2.connect(host=output["host"], port=int(output["port"]), user=output["user"],
                                  password=output["password"], dbname=output["dbname"])
    reports = []
    try:
        with tempfile.TemporaryDirectory() as scratch, reader_connection() as local:
            for (schema, table), table_files in by_table(files, prefix).items():
                report = LoadReport(f"{schema}.{table}")
                relation = sql.Identifier(schema, table)
                with connection, connection.cursor() as cursor:
                    cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
                    cursor.execute("select to_regclass(%s) is not null", (f'"{schema}"."{table}"',))
                    exists = cursor.fetchone()[0]
                    loaded: set[str] = set()
                    columns: dict[str, str] = {}
                    if exists:
                        cursor.execute(sql.SQL("select _source_file, max(_source_file_bytes) from {}"
                                               " group by _source_file").format(relation))
                        recorded = dict(cursor.fetchall())
                        loaded = set(recorded)
                        refuse_changed(changed_files(table_files, recorded))
                        cursor.execute("select column_name, format_type(atttypid, atttypmod)"
                                       " from information_schema.columns inner join pg_attribute"
                                       " on attrelid = to_regclass(%s) and attname = column_name"
                                       " where table_schema = %s and table_name = %s order by ordinal_position",
                                       (f'"{schema}"."{table}"', schema, table))
                        columns = dict(cursor.fetchall())
                for file in table_files:
                    if file.source_file in loaded:
                        report.files_skipped += 1
                        continue
                    query = reader_sql(file)
                    described = local.execute(f"describe select * from {query}").fetchall()
                    csv_path = Path(scratch) / "rows.csv"
                    read_file(local, query, file, f"copy (select * from {{query}}) to '{csv_path}' (format csv, header)")
                    # One transaction per file: a file is in the table whole or not at all.
                    with connection, connection.cursor() as cursor:
                        types = {name: POSTGRES_TYPE_NAMES.get(warehouse_type(kind, POSTGRES_TYPES, "numeric"),
                                                               warehouse_type(kind, POSTGRES_TYPES, "numeric"))
                                 for name, kind, *_ in described}
                        if not columns:
                            cursor.execute(sql.SQL("create table {} ({})").format(relation, sql.SQL(", ").join(
                                sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(kind))
                                for name, kind in types.items())))
                            columns = dict(types)
                        for name, kind in types.items():
                            if name not in columns:
                                cursor.execute(sql.SQL("alter table {} add column {} {}").format(
                                    relation, sql.Identifier(name), sql.SQL(kind)))
                                columns[name] = kind
                            elif columns[name] not in (kind, "text"):
                                # Two files typed one column differently (a loader wrote a real
                                # timestamp, another text): keep both as text, which staging reads
                                # whatever the type, rather than fail on the second file.
                                cursor.execute(sql.SQL("alter table {} alter column {} type text using {}::text").format(
                                    relation, sql.Identifier(name), sql.Identifier(name)))
                                columns[name] = "text"
                        copy = sql.SQL("copy {} ({}) from stdin with (format csv, header true)").format(
                            relation, sql.SQL(", ").join(sql.Identifier(name) for name, *_ in described))
                        with csv_path.open() as rows:
                            cursor.copy_expert(copy.as_string(connection), rows)
                        report.rows_loaded += cursor.rowcount
                    if cursor.rowcount == 0:
                        report.files_empty += 1
                    else:
                        report.files_loaded += 1
                with connection, connection.cursor() as cursor:
                    cursor.execute(sql.SQL("select count(*) from {}").format(relation))
                    report.rows_in_table = cursor.fetchone()[0]
                reports.append(report)
    finally:
        connection.close()
    return reports


def spark_session():
    """A Spark session configured exactly as the dbt profile's spark output (same warehouse and metastore)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in profile_output("spark")["server_side_parameters"].items():
        builder = builder.config(key, str(value))
    return builder.getOrCreate()


def load_spark(files: list[LandingFile], prefix: str) -> list[LoadReport]:
    from pyspark.sql import functions

    spark = spark_session()
    reports = []
    with tempfile.TemporaryDirectory() as scratch, reader_connection() as local:
        for (schema, table), table_files in by_table(files, prefix).items():
            report = LoadReport(f"{schema}.{table}")
            qualified = f"`{schema}`.`{table}`"
            spark.sql(f"create database if not exists `{schema}`")
            exists = spark.catalog.tableExists(f"{schema}.{table}")
            loaded = set()
            if exists:
                recorded = {row[0]: row[1] for row in spark.sql(
                    f"select _source_file, max(_source_file_bytes) from {qualified} group by _source_file").collect()}
                loaded = set(recorded)
                refuse_changed(changed_files(table_files, recorded))
            new_files = [file for file in table_files if file.source_file not in loaded]
            report.files_skipped = len(table_files) - len(new_files)
            if not new_files:
                report.rows_in_table = spark.table(qualified).count()
                reports.append(report)
                continue
            # Spark writes are slow to start: the new files of a table go in one insert.
            parquet_path = Path(scratch) / f"{schema}.{table}.parquet"
            rows_by_file = {}
            for file in new_files:
                # Read each file alone first, so a file DuckDB cannot read is named.
                rows_by_file[file] = read_file(local, reader_sql(file), file,
                                               "select count(*) from {query}").fetchone()[0]
            report.files_empty = sum(1 for rows in rows_by_file.values() if rows == 0)
            new_files = [file for file in new_files if rows_by_file[file] > 0]
            if not new_files:
                report.rows_in_table = spark.table(qualified).count() if exists else 0
                reports.append(report)
                continue
            # One file at a time into a Parquet part of its own, then the parts together: reading many
            # gzipped files in one query holds a large buffer per file at once (1.4 GiB blocks; out of memory).
            parts = []
            for number, file in enumerate(new_files):
                part = Path(scratch) / f"{schema}.{table}.{number}.parquet"
                local.execute(f"copy (select * from {reader_sql(file)}) to '{part}' (format parquet)")
                parts.append(f"'{part}'")
            local.execute(f"""copy (select * from read_parquet([{', '.join(parts)}], union_by_name = true))
                              to '{parquet_path}' (format parquet)""")
            frame = spark.read.parquet(str(parquet_path))
            # DuckDB writes zone-less timestamps, which Spark reads as TIMESTAMP_NTZ: the raw
            # tables hold Spark's TIMESTAMP (the session time zone is UTC).
            for field in frame.schema.fields:
                if field.dataType.simpleString() == "timestamp_ntz":
                    frame = frame.withColumn(field.name, functions.col(f"`{field.name}`").cast("timestamp"))
            if not exists:
                frame.write.format("parquet").saveAsTable(f"{schema}.{table}")
            else:
                table_columns = spark.table(qualified).columns
                added = [field for field in frame.schema.fields if field.name not in table_columns]
                if added:
                    definitions = ", ".join(f"`{field.name}` {field.dataType.simpleString()}" for field in added)
                    spark.sql(f"alter table {qualified} add columns ({definitions})")
                    table_columns += [field.name for field in added]
                # insertInto matches columns by position: align to the table's order.
                frame.select(*[
                    functions.col(f"`{column}`") if column in frame.columns else functions.lit(None).alias(column)
                    for column in table_columns
                ]).write.insertInto(f"{schema}.{table}")
            report.files_loaded = len(new_files)
            report.rows_loaded = local.execute(f"select count(*) from read_parquet('{parquet_path}')").fetchone()[0]
            report.rows_in_table = spark.table(qualified).count()
            reports.append(report)
    return reports


LOADERS = {"postgres": load_postgres, "spark": load_spark}


def main(argv: list[str] | None = None) -> list[LoadReport]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, choices=sorted(LOADERS), help="the dbt profile output to load into")
    parser.add_argument("--landing", default=None,
                        help="landing folder, written as dbt's landing_path var is (default: the var's value)")
    parser.add_argument("--raw-schema-prefix", default=None, help="default: the raw_schema_prefix var, else raw_")
    parser.add_argument("--report", type=Path, default=None, help="also write what was loaded to this JSON file")
    args = parser.parse_args(argv)
    variables = project_vars()
    landing = (args.landing or variables["landing_path"]).rstrip("/")
    prefix = args.raw_schema_prefix or variables.get("raw_schema_prefix", "raw_")
    files = landing_files(landing)
    if not files:
        raise SystemExit(f"no landing file under {landing}")
    started = time.monotonic()
    reports = LOADERS[args.target](files, prefix)
    for report in reports:
        print(f"{report.table}: {report.files_loaded} files, {report.rows_loaded} rows loaded;"
              f" {report.files_skipped} files already loaded; {report.files_empty} empty files;"
              f" {report.rows_in_table} rows in the table")
    seconds = time.monotonic() - started
    print(f"loaded in {seconds:.1f} s")
    if args.report:
        args.report.write_text(json.dumps({"seconds": seconds, "tables": [asdict(report) for report in reports]},
                                          indent=2))
    return reports


if __name__ == "__main__":
    sys.exit(main() and 0)
