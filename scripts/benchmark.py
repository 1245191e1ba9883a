"""Benchmark token_outcomes at a given scale of gateway usage events, on this machine.

For each scale (gateway events in a year of history) the script generates the organisation's landing
data with the demo generator (gateway events generated inside DuckDB as Parquet; the daily vendor
reports, HRIS and outcomes of the same organisation alongside), then measures, each as a whole
process, its wall time and peak memory:

  a  the physical limit: one hand-written DuckDB query that reads the landing Parquet, keeps one row
     per event id, prices the events without a vendor cost, and totals spend and tokens per person
     and month;
  b  dbt build --full-refresh (every model, seed and data test);
  c  dbt build after one new day of gateway events lands (incremental);
  d  dbt build with nothing new.

It writes a markdown table (and the raw figures as JSON) with a description of the machine.

    .venv/bin/python scripts/benchmark.py --events 1000000 10000000 100000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DBT = str(Path(sys.executable).parent / "dbt")
# A working person-day of the generator's typical engineer makes this many gateway requests; with a
# year of history one person then lands about EVENTS_PER_PERSON_YEAR events (measured: 1,000 people
# gave 10.25M events).
EVENTS_PER_PERSON_DAY = 24
EVENTS_PER_PERSON_YEAR = 10_250
DAYS = 365
PROFILE_THREADS = 2  # profiles.yml
# The extra day's extract is named so that a reused landing folder can drop it again.
NEXT_DAY_SUFFIX = "_benchmark-next-day.parquet"

# Runs a command and reports its own wall time and the peak resident memory of the command's process
# tree (the largest child: dbt and DuckDB run in one process). Run as a separate process so that each
# measurement's peak is its own.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
result = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "w"), stderr=subprocess.STDOUT)
wall = time.monotonic() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"returncode": result.returncode, "wall_s": wall, "peak_mib": peak_kib / 1024}))
"""

PHYSICAL_LIMIT = """
import sys, duckdb
landing, prices = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("set TimeZone = 'UTC'")
con.execute("set enable_progress_bar = false")
rows = con.execute(f'''
    with files as (
        -- Extracts in time order (their names are their extraction times).
        select file as filename, row_number() over (order by file) as file_rank
        from glob('{landing}/gateway/usage_events/*.parquet')
    ),
    events as (
        -- One row per event id: the version in the latest extract (extracts overlap).
        select arg_max(struct_pack(
            person := lower("user.email"),
            usage_date := cast(strptime("event.timestamp", '%Y-%m-%dT%H:%M:%S.%gZ') as date),
            model_id := coalesce("gen_ai.response.model", "gen_ai.request.model"),
            uncached := "gen_ai.usage.input_tokens" - coalesce("gen_ai.usage.cache_read.input_tokens", 0)
                - coalesce("gen_ai.usage.cache_creation.input_tokens", 0),
            cache_read := coalesce("gen_ai.usage.cache_read.input_tokens", 0),
            cache_write := coalesce("gen_ai.usage.cache_creation.input_tokens", 0),
            output := "gen_ai.usage.output_tokens",
            cost_usd := cost_usd
        ), file_rank) as event
        from read_parquet('{landing}/gateway/usage_events/*.parquet', filename = true)
        join files using (filename)
        where "event.id" is not null
            and try_strptime("event.timestamp", '%Y-%m-%dT%H:%M:%S.%gZ') is not null
        group by "event.id"
    ),
    prices as (
        select model_id, effective_from,
            coalesce(lead(effective_from) over (partition by model_id order by effective_from), date '9999-12-31')
                as effective_to,
            input_usd_per_mtok, output_usd_per_mtok,
            coalesce(cache_read_usd_per_mtok, input_usd_per_mtok) as cache_read_usd_per_mtok,
            coalesce(cache_write_5m_usd_per_mtok, input_usd_per_mtok) as cache_write_usd_per_mtok
        from read_csv('{prices}')
    )
    select event.person, date_trunc('month', event.usage_date) as period_start,
        sum(event.uncached + event.cache_read + event.cache_write + event.output) as tokens,
        sum(coalesce(event.cost_usd, (event.uncached * input_usd_per_mtok + event.cache_read * cache_read_usd_per_mtok
            + event.cache_write * cache_write_usd_per_mtok + event.output * output_usd_per_mtok) / 1e6)) as spend_usd
    from events
    left join prices
        on event.model_id = prices.model_id
        and event.usage_date >= prices.effective_from
        and event.usage_date < prices.effective_to
    group by all
''').fetchall()
print(len(rows), "person-periods,", round(sum(row[3] or 0 for row in rows), 2), "USD")
"""


def slowest_nodes(target: Path, count: int = 8) -> list[list]:
    """The models and tests that took longest in dbt's last invocation (threads overlap them)."""
    if not (target / "run_results.json").exists():
        return []
    results = json.loads((target / "run_results.json").read_text())["results"]
    # unique_id is <type>.<project>.<name>[.<hash>]
    timed = sorted(((result["execution_time"], result["unique_id"].split(".")[2]) for result in results),
                   reverse=True)
    return [[name, round(seconds, 1)] for seconds, name in timed[:count]]


# The nodes of each opt-in source (its base and staging models, their tests, and the models only it feeds), by
# a part of their names: a step's time per source is the sum of their dbt execution times.
SOURCE_NODES = {
    "cursor": ["cursor__usage_events"],
    "aws_bedrock": ["aws__bedrock_invocations"],
    "github_copilot": ["copilot_ai_credit_usage", "copilot_user_metrics"],
    "litellm": ["litellm_spend_logs"],
    "otlp": ["otlp_traces"],
    "anthropic_analytics": ["anthropic__analytics_cost", "anthropic__analytics_usage", "anthropic_analytics_lines"],
}


def time_by_source(target: Path) -> dict[str, float]:
    """Seconds of dbt node time per opt-in source in dbt's last invocation (1 thread: they add up)."""
    if not (target / "run_results.json").exists():
        return {}
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {source: round(sum(result["execution_time"] for result in results
                              if any(part in result["unique_id"] for part in parts)), 1)
            for source, parts in SOURCE_NODES.items()}


def measure(command: list[str], log: Path, env: dict[str, str]) -> dict[str, float]:
    output = subprocess.run([PYTHON, "-c", MEASURE, str(log), *command], env=env, capture_output=True, text=True,
                            check=True)
    figures = json.loads(output.stdout)
    if figures["returncode"] != 0:
        # Recorded, not raised: a scale that fails (out of memory, out of disk) is a result too.
        errors = [line.strip() for line in log.read_text(errors="replace").splitlines() if "Error" in line]
        figures["failed"] = errors[-1][:200] if errors else f"exit code {figures['returncode']}"
        print(f"a measured step failed: {figures['failed']} (see {log})", flush=True)
    return figures


def generate(landing: Path, people: int) -> float:
    start = time.monotonic()
    subprocess.run([PYTHON, "-m", "token_outcomes.demo", "--out", str(landing),
                    "--people", str(people), "--days", str(DAYS),
                    "--events-per-person-day", str(EVENTS_PER_PERSON_DAY)],
                   check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def land_next_day(landing: Path) -> int:
    """One more day of gateway events: the last day's events again, a day later, with new ids, in a new
    extract named after that day."""
    events = landing / "gateway" / "usage_events"
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    last_day = con.execute(f"""
        select max(cast(try_cast("event.timestamp" as timestamptz) as date)) from read_parquet('{events}/*.parquet')
    """).fetchall()[0][0]
    next_day = last_day + dt.timedelta(days=1)
    path = events / f"{(next_day + dt.timedelta(days=1)).isoformat()}T06-00-00Z{NEXT_DAY_SUFFIX}"
    con.execute(f"""
        copy (
            select * exclude (filename) replace (
                md5("event.id" || ':next-day') as "event.id",
                strftime(try_cast("event.timestamp" as timestamptz) + interval 1 day, '%Y-%m-%dT%H:%M:%S.%gZ')
                    as "event.timestamp"
            )
            from read_parquet('{events}/*.parquet', filename = true)
            where cast(try_cast("event.timestamp" as timestamptz) as date) = date '{last_day}'
            qualify row_number() over (partition by "event.id" order by filename desc) = 1
        ) to '{path}' (format parquet)
    """)
    return con.execute(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]


def landed_events(landing: Path) -> tuple[int, int]:
    return duckdb.sql(f"""
        select count(*), count(distinct "event.id")
        from read_parquet('{landing}/gateway/usage_events/*.parquet')
    """).fetchall()[0]


def folder_bytes(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def reusable(landing: Path, people: int) -> bool:
    """A landing folder generated earlier for the same organisation (its next day removed again)."""
    truth = landing / "_demo_truth.json"
    if not truth.exists():
        return False
    generator = json.loads(truth.read_text())["generator"]
    if (generator["people"], generator["days"], generator["events_per_person_day"]) != (
            people, DAYS, EVENTS_PER_PERSON_DAY):
        return False
    for extra_day in (landing / "gateway" / "usage_events").glob(f"*{NEXT_DAY_SUFFIX}"):
        extra_day.unlink()
    return True


def run_scale(events: int, work: Path, keep: bool, reuse: bool, dbt_threads: int | None,
              extra_vars: dict[str, object] | None = None, step_names: str = "abcd") -> dict[str, object]:
    scale_dir = work / f"events_{events}"
    landing, database = scale_dir / "landing", scale_dir / "token_outcomes.duckdb"
    people = max(40, round(events / EVENTS_PER_PERSON_YEAR))
    if reuse and reusable(landing, people):
        print(f"[{events:,} events] reusing the landing data of {people:,} people x {DAYS} days", flush=True)
        generation_s = None
    else:
        print(f"[{events:,} events] generating {people:,} people x {DAYS} days ...", flush=True)
        generation_s = generate(landing, people)
    raw_events, distinct_events = landed_events(landing)
    landing_bytes = folder_bytes(landing)
    if database.exists():
        database.unlink()
    env = dict(os.environ, DBT_PROFILES_DIR=str(REPO_ROOT), TOKEN_OUTCOMES_DUCKDB_PATH=str(database))
    # The pseudonym key has no default: a benchmark of generated data uses a random one.
    env.setdefault("TOKEN_OUTCOMES_PSEUDONYM_SALT", secrets.token_hex(32))
    # The demo's coverage rules (README, "Every dollar once"), as scripts/build.sh passes them.
    demo_vars = landing / "_demo_vars.json"
    dbt_vars = {**(json.loads(demo_vars.read_text()) if demo_vars.exists() else {}), **(extra_vars or {}),
                "landing_path": str(landing)}
    dbt = [DBT, "build", "--project-dir", str(REPO_ROOT), "--target-path", str(scale_dir / "target"),
           "--log-path", str(scale_dir / "logs"), "--vars", json.dumps(dbt_vars)]
    if dbt_threads:
        dbt += ["--threads", str(dbt_threads)]
    steps: dict[str, dict] = {name: {"not_run": True} for name in "abcd"}
    if "a" in step_names:
        print(f"[{events:,} events] a: physical limit ...", flush=True)
        steps["a"] = measure([PYTHON, "-c", PHYSICAL_LIMIT, str(landing),
                              str(REPO_ROOT / "seeds" / "model_prices.csv")], scale_dir / "a.log", env)
    print(f"[{events:,} events] b: dbt build --full-refresh ...", flush=True)
    steps["b"] = measure([*dbt, "--full-refresh"], scale_dir / "b.log", env)
    steps["b"]["slowest"] = slowest_nodes(scale_dir / "target")
    steps["b"]["by_source"] = time_by_source(scale_dir / "target")
    new_events = land_next_day(landing) if {"c", "d"} & set(step_names) else 0
    for name, description in (("c", f"dbt build after one new day ({new_events:,} events)"),
                              ("d", "dbt build with nothing new")):
        if name not in step_names or any("failed" in figures for figures in steps.values()):
            steps[name] = {"not_run": True}
            continue
        print(f"[{events:,} events] {name}: {description} ...", flush=True)
        steps[name] = measure(dbt, scale_dir / f"{name}.log", env)
        steps[name]["slowest"] = slowest_nodes(scale_dir / "target")
        steps[name]["by_source"] = time_by_source(scale_dir / "target")
    result = {
        "events": events, "people": people, "dbt_threads": dbt_threads or PROFILE_THREADS, "vars": extra_vars or {},
        "raw_events": raw_events, "distinct_events": distinct_events,
        "new_day_events": new_events, "landing_gib": landing_bytes / 2**30,
        "database_gib": database.stat().st_size / 2**30, "generation_s": generation_s, "steps": steps,
    }
    print(json.dumps(result), flush=True)
    if not keep:
        shutil.rmtree(scale_dir)
    return result


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
    versions = subprocess.run([DBT, "--version"], capture_output=True, text=True, check=False).stdout
    dbt_core = next((line.split(":")[1].strip() for line in versions.splitlines() if "installed" in line), "?")
    return (f"{os.cpu_count()} cores ({cpu}), {memory_kib / 2**20:.1f} GiB RAM, {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}, duckdb {duckdb.__version__}, "
            f"dbt-core {dbt_core}")


def markdown(results: list[dict], description: str) -> str:
    def step(result: dict, name: str) -> str:
        figures = result["steps"][name]
        if figures.get("not_run"):
            return "not run"
        if figures.get("failed"):
            return f"**failed** after {figures['wall_s']:.0f} s: {figures['failed']}"
        return f"{figures['wall_s']:.1f} s / {figures['peak_mib'] / 1024:.2f} GiB"

    def ratio(result: dict, numerator: str, denominator: str, percent: bool = False) -> str:
        top, bottom = result["steps"][numerator], result["steps"][denominator]
        if any(figures.get("failed") or figures.get("not_run") for figures in (top, bottom)):
            return "-"
        value = top["wall_s"] / bottom["wall_s"]
        return f"{value:.1%}" if percent else f"{value:.1f}"

    lines = [
        "# Benchmark results", "",
        f"Machine: {description}.", "",
        (f"Measured by `scripts/benchmark.py` on {dt.date.today().isoformat()}. Each step is one whole process; "
         "wall time and peak resident memory. a: hand-written DuckDB query over the landing Parquet (person x "
         "month spend and tokens); b: `dbt build --full-refresh` (all models, seeds and data tests); c: "
         "`dbt build` after one new day of gateway events lands; d: `dbt build` with nothing new. a runs with "
         "DuckDB's defaults (memory up to 80% of RAM); b to d with the profile's `memory_limit` (6GB)."), "",
        ("| gateway events (landed / distinct) | people | landing | dbt threads | a: physical limit | b: full build | "
         "c: new day | d: nothing new | b/a | c/a | c/b |"),
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result['raw_events']:,} / {result['distinct_events']:,} | {result['people']:,} | "
            f"{result['landing_gib']:.1f} GiB | {result.get('dbt_threads', PROFILE_THREADS)} | {step(result, 'a')} | "
            f"{step(result, 'b')} | {step(result, 'c')} | "
            f"{step(result, 'd')} | {ratio(result, 'b', 'a')} | {ratio(result, 'c', 'a')} | "
            f"{ratio(result, 'c', 'b', percent=True)} |")
    by_events = {result["events"]: result for result in results}
    def completed(result: dict, names: str) -> bool:
        return not any(result["steps"][name].get("failed") or result["steps"][name].get("not_run") for name in names)

    if 10_000_000 in by_events and 100_000_000 in by_events and all(
            completed(by_events[events], "b") for events in (10_000_000, 100_000_000)):
        growth = by_events[100_000_000]["steps"]["b"]["wall_s"] / by_events[10_000_000]["steps"]["b"]["wall_s"]
        lines += ["", f"Full build growth from 10M to 100M events: {growth:.1f}x (target: at most 12x)."]
    if 100_000_000 in by_events and completed(by_events[100_000_000], "abcd"):
        steps = by_events[100_000_000]["steps"]
        a, b, c = (steps[name]["wall_s"] for name in "abc")
        peak = max(steps[name]["peak_mib"] for name in "bcd") / 1024

        def verdict(met: bool) -> str:
            return "met" if met else "**not met**"

        lines += ["", "Targets at 100M events:", "",
                  f"- full build within 5x the physical limit: {b / a:.1f}x, {verdict(b / a <= 5)}",
                  f"- new day within 10 s: {c:.1f} s, {verdict(c <= 10)}",
                  f"- new day under 5% of the full build: {c / b:.1%}, {verdict(c / b < 0.05)}",
                  f"- peak memory of the dbt runs under 8 GiB: {peak:.2f} GiB, {verdict(peak < 8)}"]
    lines += ["", "dbt node time of each opt-in source's models and tests (seconds; the vars a run set are shown):",
              ""]
    for result in results:
        for name in "bcd":
            by_source = result["steps"][name].get("by_source") or {}
            if not by_source:
                continue
            figures = ", ".join(f"{source} {seconds}" for source, seconds in by_source.items())
            lines.append(f"- {result['events']:,} events, {name} (vars {json.dumps(result.get('vars') or {})}): "
                         f"{figures}")
    lines += ["", ("Slowest models and tests of each dbt step (seconds; as many run at a time as the dbt threads "
                   "column says):"), ""]
    for result in results:
        for name in "bcd":
            slowest = ", ".join(f"{node} {seconds}" for node, seconds in result["steps"][name].get("slowest") or [])
            if not slowest:
                continue
            lines.append(f"- {result['events']:,} events, {name}: {slowest}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1_000_000, 10_000_000, 100_000_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/token_outcomes_benchmark"),
                        help="scratch folder for landing data and databases")
    parser.add_argument("--results", type=Path, default=REPO_ROOT / "benchmarks" / "results.md")
    parser.add_argument("--keep", action="store_true", help="keep each scale's landing data and database")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse a kept landing folder of the same scale instead of generating it again")
    parser.add_argument("--dbt-threads", type=int,
                        help="dbt threads (default: the profile's); 1 gives each big query the whole memory_limit")
    parser.add_argument("--vars", type=json.loads, default={},
                        help="dbt vars (JSON) over the demo's, e.g. to switch sources off: "
                             "'{\"enable_cursor\": false}'")
    parser.add_argument("--steps", default="abcd",
                        help="the steps to measure (b alone compares one source switched off at a time)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other scales of an earlier results file (this run's scales replace theirs)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    description, results = machine(), []
    if args.merge and args.results.with_suffix(".json").exists():
        results = [result for result in json.loads(args.results.with_suffix(".json").read_text())
                   if result["events"] not in args.events]
    for events in args.events:
        results.append(run_scale(events, args.work, args.keep, args.reuse, args.dbt_threads, args.vars, args.steps))
        # Written after every scale, so a long run leaves its figures so far.
        results.sort(key=lambda result: result["events"])
        args.results.write_text(markdown(results, description))
        args.results.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(args.results.read_text())


if __name__ == "__main__":
    main()
