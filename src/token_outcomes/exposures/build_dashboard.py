"""Build the token_outcomes dashboard: static HTML pages, one per audience, from the built DuckDB marts.

One job: read the marts and write site/ (no server-side code, no network):
  index.html       links to the pages
  finance.html     cost per value point by team over time (team level only), and the ledger
                   reconciled to the vendors' bills per provider, month and workspace/project
  people_ops.html  spend-vs-outcome quadrant scatter per cohort, and the flag board (restricted: names)
  engineers/<name>.html  one page per engineer: their own peer percentiles only (no dollars, no names,
                   no other pseudonym), under a name nobody can guess: an HMAC-SHA256 of the
                   pseudonym with a delivery key (TOKEN_OUTCOMES_DELIVERY_KEY; a random one per
                   build when unset, so names then change with every build)
and, outside the site, the operator's index of those pages (--index, default
target/engineer_pages.csv, readable by its owner only): page, pseudonym and, when
TOKEN_OUTCOMES_PSEUDONYM_SALT is set, the person each pseudonym belongs to. Deliver each page
to its person; never publish the index or the engineers/ folder as a listing.
Charts are inline SVG drawn here, so every page shows its data without scripts.
Serve the folder with any static server (scripts/dashboard.sh does).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import hmac
import html
import math
import os
import secrets
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb

from token_outcomes.paths import REPO_ROOT

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39"]
QUADRANT_COLOURS = {"power_user": "#2ca02c", "high_spend_low_outcome": "#d62728", "efficient": "#1f77b4",
                    "light": "#9e9e9e"}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1200px; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.grid { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; border: 1px solid #ddd; padding: .5rem; background: #fff; }
figcaption { font-size: .85rem; color: #555; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border-bottom: 1px solid #eee; padding: .25rem .5rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.legend span { display: inline-block; margin-right: 1rem; font-size: .85rem; }
.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: middle; }
nav a { margin-right: 1rem; }
.note { color: #555; font-size: .9rem; }
"""


def page(title: str, body: str, audience: str, nav: bool = True) -> str:
    links = ('<nav><a href="index.html">token_outcomes</a><a href="finance.html">Finance</a>'
             '<a href="people_ops.html">People Ops</a></nav>') if nav else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} · token_outcomes</title>
<link rel="icon" href="data:,">
<meta name="robots" content="noindex">
<style>{STYLE}</style></head>
<body>{links}
<h1>{html.escape(title)}</h1><p class="note">Audience: {html.escape(audience)}</p>
{body}
</body></html>
"""


def scale(value: float, low: float, high: float, out_low: float, out_high: float) -> float:
    if high == low:
        return (out_low + out_high) / 2
    return out_low + (value - low) * (out_high - out_low) / (high - low)


def quadrant_scatter(cohort: str, rows: list[dict[str, Any]]) -> str:
    """Spend (log scale) against value points, one dot per person-period, median lines."""
    width, height, pad = 320, 240, 36
    xs = [_log1p(r["spend_usd"]) for r in rows]
    ys = [r["value_points"] for r in rows]
    median_x, median_y = _log1p(rows[0]["cohort_median_spend_usd"]), rows[0]["cohort_median_value_points"]
    x_low, x_high = min(xs + [median_x]) - 0.3, max(xs + [median_x]) + 0.3
    y_high = max(ys + [1])
    dots = []
    for row, x, y in zip(rows, xs, ys):
        cx = scale(x, x_low, x_high, pad, width - 10)
        cy = scale(y, 0, y_high, height - pad, 10)
        label = f"{row['full_name']} · {row['period_start']} · ${row['spend_usd']:,.0f} · {row['value_points']} pts"
        dots.append(f'<circle class="point" data-quadrant="{row["quadrant"]}" cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" '
                    f'fill="{QUADRANT_COLOURS.get(row["quadrant"], "#000")}" fill-opacity=".75">'
                    f"<title>{html.escape(label)}</title></circle>")
    mx = scale(median_x, x_low, x_high, pad, width - 10)
    axis_labels = (
        f'<text x="{pad}" y="{height - pad + 12}" font-size="9">${math.expm1(x_low):,.0f}</text>'
        f'<text x="{width - 10}" y="{height - pad + 12}" font-size="9" text-anchor="end">${math.expm1(x_high):,.0f}</text>'
        f'<text x="{pad - 4}" y="14" font-size="9" text-anchor="end">{y_high}</text>'
        f'<text x="{pad - 4}" y="{height - pad}" font-size="9" text-anchor="end">0</text>')
    my = scale(median_y, 0, y_high, height - pad, 10)
    return f"""<figure><svg class="chart quadrant" width="{width}" height="{height}" role="img"
aria-label="Quadrants of {html.escape(cohort)}">
<line x1="{pad}" y1="{height - pad}" x2="{width - 10}" y2="{height - pad}" stroke="#999"/>
<line x1="{pad}" y1="10" x2="{pad}" y2="{height - pad}" stroke="#999"/>
<line class="median" x1="{mx:.1f}" y1="10" x2="{mx:.1f}" y2="{height - pad}" stroke="#bbb" stroke-dasharray="4 3"/>
<line class="median" x1="{pad}" y1="{my:.1f}" x2="{width - 10}" y2="{my:.1f}" stroke="#bbb" stroke-dasharray="4 3"/>
{axis_labels}
<text x="{width / 2}" y="{height - 8}" font-size="10" text-anchor="middle">spend (log scale, USD)</text>
<text x="10" y="{height / 2}" font-size="10" transform="rotate(-90 10 {height / 2})" text-anchor="middle">value points</text>
{''.join(dots)}
</svg><figcaption>{html.escape(cohort)}: {len(rows)} people compared within it; dashed lines: medians of all its members</figcaption></figure>"""


def _log1p(value: Any) -> float:
    return math.log1p(float(value or 0))


def cost_per_value_point_chart(rows: list[tuple]) -> str:
    """One line per reporting team across periods."""
    width, height, pad = 760, 320, 48
    periods = sorted({row[0] for row in rows})
    by_team: dict[str, dict[Any, float]] = defaultdict(dict)
    for period, team, value in rows:
        if value is not None:
            by_team[team][period] = float(value)
    y_high = max([v for series in by_team.values() for v in series.values()] + [1.0])
    lines, legend = [], []
    for index, (team, series) in enumerate(sorted(by_team.items())):
        colour = PALETTE[index % len(PALETTE)]
        points = " ".join(
            f"{scale(periods.index(p), 0, max(len(periods) - 1, 1), pad, width - 20):.1f},"
            f"{scale(v, 0, y_high, height - pad, 12):.1f}" for p, v in sorted(series.items()))
        lines.append(f'<polyline class="series" data-team="{html.escape(team)}" points="{points}" fill="none" '
                     f'stroke="{colour}" stroke-width="2"><title>{html.escape(team)}</title></polyline>')
        legend.append(f'<span><i class="swatch" style="background:{colour}"></i>{html.escape(team)}</span>')
    ticks = "".join(
        f'<text x="{scale(i, 0, max(len(periods) - 1, 1), pad, width - 20):.1f}" y="{height - pad + 16}" '
        f'font-size="10" text-anchor="middle">{p:%Y-%m}</text>' for i, p in enumerate(periods))
    y_ticks = "".join(
        f'<text x="{pad - 6}" y="{scale(v, 0, y_high, height - pad, 12) + 3:.1f}" font-size="10" '
        f'text-anchor="end">${v:,.0f}</text>' for v in (0, y_high / 2, y_high))
    return f"""<figure><svg class="chart cost-per-value-point" width="{width}" height="{height}" role="img"
aria-label="Cost per value point by team and month">
<line x1="{pad}" y1="{height - pad}" x2="{width - 20}" y2="{height - pad}" stroke="#999"/>
<line x1="{pad}" y1="12" x2="{pad}" y2="{height - pad}" stroke="#999"/>{ticks}{y_ticks}
{''.join(lines)}</svg><figcaption class="legend">{''.join(legend)}</figcaption></figure>"""


def table(headers: list[str], rows: list[tuple], numeric: set[int], css_class: str) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="num">{_fmt(v)}</td>' if i in numeric else f"<td>{html.escape(_fmt(v))}</td>"
            for i, v in enumerate(row)) + "</tr>"
        for row in rows)
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) or hasattr(value, "quantize"):
        return f"{float(value):,.2f}"
    return str(value)


def engineer_page(pseudonym: str, rows: list[dict[str, Any]]) -> str:
    """One person's own percentiles, one row and one bar per period: nothing about anyone else."""
    body_rows = "".join(
        f"<tr><td>{html.escape(row['period_start'][:7])}</td><td>{html.escape(row['comparison_cohort'] or '')}</td>"
        f"<td class=\"num\">{_fmt(row['comparison_cohort_size'])}</td>"
        f"<td class=\"num\">{'' if row['spend_percentile'] is None else 'p' + str(row['spend_percentile'])}</td>"
        f"<td class=\"num\">{'' if row['token_percentile'] is None else 'p' + str(row['token_percentile'])}</td>"
        f"<td>{html.escape(row['cohort_note'] or '')}</td></tr>"
        for row in rows)
    width = 760 / max(len(rows), 1)
    bars = "".join(
        f'<rect class="bar" x="{i * width + 4:.1f}" y="{150 - 1.4 * (row["spend_percentile"] or 0):.1f}" '
        f'width="{width - 8:.1f}" height="{1.4 * (row["spend_percentile"] or 0):.1f}" fill="#1f77b4">'
        f'<title>{row["period_start"][:7]}: spend p{_fmt(row["spend_percentile"]) or "-"}</title></rect>'
        f'<text x="{i * width + width / 2:.1f}" y="{145 - 1.4 * (row["spend_percentile"] or 0):.1f}" font-size="11" '
        f'text-anchor="middle">{row["period_start"][:7]}: p{_fmt(row["spend_percentile"]) or "-"}</text>'
        for i, row in enumerate(rows))
    return page("Where you stand among your peers", f"""
<p class="note">Percentiles of your spend and tokens inside your role and level (widened when that cohort is
smaller than the privacy floor, or left out when even the organisation is). No scores, no dollars, no names.
This page is yours alone: do not share its address.</p>
<p class="note">Your pseudonymous id: <code id="person">{html.escape(pseudonym)}</code></p>
<table class="percentiles"><thead><tr><th>month</th><th>cohort</th><th>cohort size</th><th>spend percentile</th>
<th>token percentile</th><th>note</th></tr></thead><tbody id="rows">{body_rows}</tbody></table>
<h2>Your spend percentile by month</h2>
<svg id="bars" class="chart percentile-bars" width="760" height="160" role="img" aria-label="Your percentiles">{bars}</svg>
""", "one engineer: the person this page was delivered to", nav=False)


def engineer_page_name(pseudonym: str, delivery_key: bytes) -> str:
    """A page name nobody can derive from the pseudonym without the delivery key."""
    return hmac.new(delivery_key, pseudonym.encode(), hashlib.sha256).hexdigest()[:32] + ".html"


def people_by_pseudonym(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str | None, str | None]]:
    """Each pseudonym's person, recomputed with the key the mart was built with (none without it)."""
    key = os.environ.get("TOKEN_OUTCOMES_PSEUDONYM_SALT")
    if not key:
        return {}
    people = con.execute("select employee_id, work_email, full_name from core.dim_people").fetchall()
    # The mart's pseudonym: md5 of `<key>:<employee_id>` (macros/cross_db/pseudonym.sql).
    return {hashlib.md5(f"{key}:{employee_id}".encode()).hexdigest(): (employee_id, email, name)
            for employee_id, email, name in people}


def write_private(path: Path, rows: list[list[Any]]) -> None:
    """A CSV only its owner may read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", newline="") as handle:
        csv.writer(handle).writerows(rows)


def build(database: Path, out: Path, index: Path | None = None, delivery_key: bytes | None = None) -> dict[str, int]:
    """Write the pages, and the operator's index of engineer pages to `index` (default
    target/engineer_pages.csv); return how many data elements each holds (for the build log)."""
    index = index or REPO_ROOT / "target" / "engineer_pages.csv"
    if delivery_key is None:
        configured = os.environ.get("TOKEN_OUTCOMES_DELIVERY_KEY")
        delivery_key = configured.encode() if configured else secrets.token_bytes(32)
    with duckdb.connect(str(database), read_only=True) as con:
        def rows_of(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        def dicts_of(sql: str) -> list[dict[str, Any]]:
            cursor = con.execute(sql)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

        cost_rows = rows_of("""
            select period_start, reporting_team, cost_per_value_point_usd from finance.rpt_cost_per_outcome
            where reporting_team <> 'unattributed' order by period_start, reporting_team""")
        finance_table = rows_of("""
            select period_start, reporting_team, people_count, spend_usd, outcome_count, value_points,
                   cost_per_outcome_usd, cost_per_value_point_usd
            from finance.rpt_cost_per_outcome order by period_start desc, reporting_team""")
        bill_rows = rows_of("""
            select strftime(billing_month, '%Y-%m'), provider, billing_scope_id, invoice_usd, ledger_spend_usd,
                   attributed_spend_usd, unattributed_spend_usd, overlap_removed_usd, difference_usd, difference_reason
            from finance.rpt_bill_reconciliation order by billing_month desc, provider, billing_scope_id""")
        # Every channel the bill comes through (Claude Code, Cursor, the APIs, a gateway's tools).
        tool_rows = rows_of("""
            select strftime(period_start, '%Y-%m'), tool_name, provider, sum(spend_usd), sum(total_tokens)
            from finance.rpt_spend_by_model where not is_suppressed
            group by all order by 1 desc, 4 desc, 2, 3""")
        scores = dicts_of("""
            select coalesce(full_name, employee_id) as full_name, period_start, comparison_cohort, spend_usd,
                   value_points, quadrant, cohort_median_spend_usd, cohort_median_value_points
            from people_ops.fct_person_period_scores
            where quadrant is not null order by comparison_cohort, period_start""")
        flags = rows_of("""
            select period_start, full_name, team, role, level, flag_type, evidence
            from people_ops.rpt_flag_board order by period_start desc, flag_type, full_name""")
        percentiles = dicts_of("""
            select person_pseudonym, cast(period_start as varchar) as period_start, comparison_cohort_level,
                   comparison_cohort, comparison_cohort_size, spend_percentile, token_percentile, cohort_note
            from engineers.rpt_peer_percentiles order by person_pseudonym, period_start""")
        people = people_by_pseudonym(con)

    out.mkdir(parents=True, exist_ok=True)
    by_cohort: dict[str, list[dict[str, Any]]] = defaultdict(list)
    latest_period = max(row["period_start"] for row in scores)
    for row in scores:
        if row["period_start"] == latest_period:
            by_cohort[row["comparison_cohort"]].append(row)

    legend = "".join(f'<span><i class="swatch" style="background:{c}"></i>{q.replace("_", " ")}</span>'
                     for q, c in QUADRANT_COLOURS.items())
    (out / "finance.html").write_text(page("Cost per value point by team", f"""
<p class="note">Spend divided by the value points of credited outcomes, per reporting team and month. Teams
below the privacy floor are rolled together; spend no person could be found for is reported as unattributed.</p>
{cost_per_value_point_chart(cost_rows)}
<h2>Cost per outcome by team and month</h2>
{table(["month", "team", "people", "spend USD", "outcomes", "value points", "USD per outcome",
        "USD per value point"], finance_table, {2, 3, 4, 5, 6, 7}, "finance-table")}
<h2>Spend by tool</h2>
<p class="note">Where the spend went through, per month: each tool with the provider that bills it (Cursor bills the
requests it sends to any model; a gateway's tools bill through the vendors).</p>
{table(["month", "tool", "provider", "spend USD", "tokens"], tool_rows, {3, 4}, "spend-by-tool")}
<h2>The ledger against the bill</h2>
<p class="note">What each vendor's cost report bills, per month and workspace or project, against the ledger, where
every dollar counts once: spend a vendor's usage report repeats for a slice a finer source reports (the gateway,
Claude Code) is removed as overlap. The difference says why it is not zero.</p>
{table(["month", "provider", "workspace / project", "invoice USD", "ledger USD", "attributed USD",
        "unattributed USD", "overlap removed USD", "difference USD", "reason"], bill_rows, {3, 4, 5, 6, 7, 8},
       "bill-reconciliation")}""", "finance (teams only)"))

    scatters = "".join(quadrant_scatter(cohort, rows) for cohort, rows in sorted(by_cohort.items()))
    (out / "people_ops.html").write_text(page("Spend against outcomes, by cohort", f"""
<p class="note">Restricted to People Ops. One dot per person in {latest_period:%B %Y}, placed by spend and
value points within the comparison cohort. A flag is a reason to look, not a verdict.</p>
<p class="legend">{legend}</p>
<div class="grid">{scatters}</div>
<h2>Flag board</h2>
{table(["month", "person", "team", "role", "level", "flag", "evidence"], flags, set(), "flag-board")}""",
        "People Ops only"))

    # One page per person, under an unguessable name; the old single page and old names go.
    engineers = out / "engineers"
    shutil.rmtree(engineers, ignore_errors=True)
    (out / "engineer.html").unlink(missing_ok=True)
    engineers.mkdir()
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in percentiles:
        by_person[row["person_pseudonym"]].append(row)
    index_rows: list[list[Any]] = [["page", "person_pseudonym", "employee_id", "work_email", "full_name"]]
    for pseudonym, rows in sorted(by_person.items()):
        name = engineer_page_name(pseudonym, delivery_key)
        (engineers / name).write_text(engineer_page(pseudonym, rows))
        index_rows.append([f"engineers/{name}", pseudonym, *people.get(pseudonym, (None, None, None))])
    write_private(index, index_rows)

    (out / "index.html").write_text(page("token_outcomes", """
<p>What the AI token spend turned into.</p>
<ul><li><a href="finance.html">Finance: cost per value point by team over time, and the ledger against the bill</a></li>
<li><a href="people_ops.html">People Ops: quadrants per cohort and the flag board</a></li></ul>
<p class="note">Engineers: each receives the address of their own page, and no other.</p>""", "everyone"))
    return {"cost_lines": len({row[1] for row in cost_rows}), "scatter_points": sum(map(len, by_cohort.values())),
            "flags": len(flags), "percentile_rows": len(percentiles), "engineer_pages": len(by_person),
            "bill_rows": len(bill_rows), "tool_rows": len(tool_rows)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=Path(os.environ.get(
        "TOKEN_OUTCOMES_DUCKDB_PATH", REPO_ROOT / "target" / "token_outcomes.duckdb")))
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "site")
    parser.add_argument("--index", type=Path, default=REPO_ROOT / "target" / "engineer_pages.csv",
                        help="the operator's index of engineer pages (keep it out of the published folder)")
    args = parser.parse_args(argv)
    if not args.database.exists():
        raise SystemExit(f"{args.database} does not exist: run `bash scripts/build.sh` first")
    if args.index.resolve().is_relative_to(args.out.resolve()):
        raise SystemExit(f"--index {args.index} is inside the published folder {args.out}: put it elsewhere")
    if not os.environ.get("TOKEN_OUTCOMES_DELIVERY_KEY"):
        print("TOKEN_OUTCOMES_DELIVERY_KEY is not set: engineer page names are random for this build")
    counts = build(args.database, args.out, args.index)
    print(f"wrote {args.out} and {args.index}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
