"""Export finance's cost per outcome by team and month from the built DuckDB marts, as CSV or Parquet.

One job: read finance.rpt_cost_per_outcome (team-level only: teams below the
privacy floor are already rolled together) and write it to one file that a
spreadsheet or a finance system can take.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import duckdb

from token_outcomes.paths import REPO_ROOT

COLUMNS = [
    "period_start", "reporting_team", "team_count", "people_count", "spend_usd", "total_tokens", "unpriced_tokens",
    "outcome_count", "value_points", "cost_per_outcome_usd", "cost_per_value_point_usd",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=Path(os.environ.get(
        "TOKEN_OUTCOMES_DUCKDB_PATH", REPO_ROOT / "target" / "token_outcomes.duckdb")))
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
    parser.add_argument("--out", type=Path, default=None,
                        help="output file (default: exports/cost_per_outcome_by_team_month.<format>)")
    return parser.parse_args(argv)


def export(database: Path, out: Path, file_format: str) -> int:
    """Write the export and return its row count."""
    if not database.exists():
        raise SystemExit(f"{database} does not exist: run `bash scripts/build.sh` first")
    out.parent.mkdir(parents=True, exist_ok=True)
    options = "(format csv, header true)" if file_format == "csv" else "(format parquet)"
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute(f"""
            copy (
                select {", ".join(COLUMNS)}
                from finance.rpt_cost_per_outcome
                order by period_start, reporting_team
            ) to '{out}' {options}
        """)
        return con.execute("select count(*) from finance.rpt_cost_per_outcome").fetchall()[0][0]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    out = args.out or REPO_ROOT / "exports" / f"cost_per_outcome_by_team_month.{args.format}"
    rows = export(args.database, out, args.format)
    print(f"wrote {rows} rows to {out}")


if __name__ == "__main__":
    main()
