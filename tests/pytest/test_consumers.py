"""What the marts' readers touch: the semantic layer, the docs, the finance export, and the
dashboard in a real headless browser (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import csv
import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import PSEUDONYM_SALT, REPO_ROOT, Build, land_vendor_examples, run_dbt

from token_outcomes.exposures import build_dashboard, export_finance

BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def run_mf(args: list[str], build: Build, work: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DBT_PROFILES_DIR=str(REPO_ROOT), TOKEN_OUTCOMES_DUCKDB_PATH=str(build.database))
    result = subprocess.run([str(BIN / "mf"), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, f"mf {' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
    return result


def test_semantic_layer_validates(demo_build: Build, tmp_path: Path) -> None:
    result = run_mf(["validate-configs"], demo_build, tmp_path)
    assert "ERRORS: 0" in result.stdout


def test_cost_per_value_point_by_team_and_month_matches_finance(demo_build: Build, tmp_path: Path) -> None:
    out = tmp_path / "cost_per_value_point.csv"
    run_mf(["query", "--metrics", "cost_per_value_point,spend_usd,value_points",
            "--group-by", "metric_time__month,team", "--csv", str(out), "--quiet"], demo_build, tmp_path)
    rows = list(csv.DictReader(out.open()))
    finance = {(str(period), team): (float(spend), value, float(cost) if cost is not None else None)
               for period, team, spend, value, cost in demo_build.query("""
                   select period_start, reporting_team, spend_usd, value_points, cost_per_value_point_usd
                   from finance.rpt_cost_per_outcome where reporting_team <> 'unattributed'""")}
    compared = 0
    for row in rows:
        if not row["team"]:
            continue
        key = (row["metric_time__month"][:10], row["team"])
        spend, value, cost = finance[key]
        assert float(row["spend_usd"]) == pytest.approx(spend, abs=0.01)
        assert int(float(row["value_points"])) == value
        assert float(row["cost_per_value_point"]) == pytest.approx(cost, rel=1e-5)
        compared += 1
    assert compared == len(finance) > 0


def test_compile_and_docs_generate_work_before_the_first_build(tmp_path: Path) -> None:
    """A new user's first commands on a fresh clone: nothing is built yet, and no compile-time query may
    assume it is."""
    land_vendor_examples(tmp_path / "landing")
    database = tmp_path / "empty.duckdb"
    run_dbt(["compile"], tmp_path / "landing", database, tmp_path)
    compiled = tmp_path / "target" / "compiled" / "token_outcomes" / "models"
    assert (compiled / "marts" / "finance" / "rpt_bill_reconciliation.sql").exists()
    assert len(list(compiled.rglob("*.sql"))) >= 40
    run_dbt(["docs", "generate"], tmp_path / "landing", database, tmp_path)
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text())
    # Only the seeds' and the hooks' relations exist: the catalog holds no model yet, and no error.
    assert not [key for key in catalog["nodes"] if key.startswith("model.")]


def test_docs_generate_and_everything_is_described(demo_build: Build, tmp_path: Path) -> None:
    run_dbt(["docs", "generate"], demo_build.landing, demo_build.database, tmp_path)
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text())
    models = {key: node for key, node in manifest["nodes"].items() if node["resource_type"] == "model"}
    assert len(models) >= 40
    undocumented = [key for key, node in models.items() if not node["description"].strip()]
    assert undocumented == []
    missing_columns = []
    for key, node in models.items():
        documented = {name.lower() for name, column in node["columns"].items() if column["description"].strip()}
        built = {name.lower() for name in catalog["nodes"].get(key, {}).get("columns", {})}
        missing_columns += [f"{node['name']}.{name}" for name in sorted(built - documented)]
    assert missing_columns == []
    exposures = {node["name"] for node in manifest["exposures"].values()}
    assert exposures == {"token_outcomes_dashboard", "finance_cost_per_outcome_extract"}


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_finance_export(demo_build: Build, tmp_path: Path, file_format: str) -> None:
    out = tmp_path / f"export.{file_format}"
    rows = export_finance.export(demo_build.database, out, file_format)
    reader = f"read_csv('{out}', header = true)" if file_format == "csv" else f"read_parquet('{out}')"
    exported = duckdb.sql(f"select count(*), sum(spend_usd), sum(value_points) from {reader}").fetchall()[0]
    mart = demo_build.query("select count(*), sum(spend_usd), sum(value_points) from finance.rpt_cost_per_outcome")[0]
    assert exported[0] == rows == mart[0]
    assert float(exported[1]) == pytest.approx(float(mart[1]), abs=1e-4)
    assert exported[2] == mart[2]
    columns = [c[0] for c in duckdb.sql(f"describe select * from {reader}").fetchall()]
    assert "employee_id" not in columns and "full_name" not in columns


@pytest.fixture(scope="module")
def dashboard_site(demo_build: Build, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The written site and, outside it, the operator's index of engineer pages."""
    work = tmp_path_factory.mktemp("dashboard")
    site, index = work / "site", work / "engineer_pages.csv"
    build_dashboard.build(demo_build.database, site, index)
    return site, index


@pytest.fixture(scope="module")
def dashboard(dashboard_site: tuple[Path, Path]) -> Iterator[str]:
    site, _ = dashboard_site
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))

    class QuietHandler(handler.func):  # type: ignore[name-defined]
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: scripts/test.sh installs it"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def open_page(browser: object, url: str) -> tuple[object, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url)
    assert response is not None and response.status == 200
    page.wait_for_load_state("load")
    return page, errors


def test_finance_page_charts_every_team(browser: object, dashboard: str, demo_build: Build) -> None:
    page, errors = open_page(browser, f"{dashboard}/finance.html")
    teams = demo_build.scalar("""
        select count(distinct reporting_team) from finance.rpt_cost_per_outcome where reporting_team <> 'unattributed'
    """)
    assert page.locator("svg.cost-per-value-point polyline.series").count() == teams
    rows = demo_build.scalar("select count(*) from finance.rpt_cost_per_outcome")
    assert page.locator("table.finance-table tbody tr").count() == rows
    # The ledger against the bill: one row per provider, month and workspace or project, as the mart has them.
    bill = page.locator("table.bill-reconciliation tbody tr")
    assert bill.count() == demo_build.scalar("select count(*) from finance.rpt_bill_reconciliation") > 0
    assert "rounding" in bill.first.inner_text()
    # Spend by tool: every month, tool and provider the mart shows, Cursor's own billing among them.
    tools = page.locator("table.spend-by-tool tbody tr")
    assert tools.count() == demo_build.scalar("""
        select count(*) from (
            select distinct period_start, tool_name, provider from finance.rpt_spend_by_model where not is_suppressed
        ) as shown""")
    shown = {tuple(row.split("\t")[1:3]) for row in tools.all_inner_texts()}
    assert {("cursor", "cursor"), ("claude_code", "anthropic"), ("cursor", "anthropic")} <= shown
    assert errors == []


def test_people_ops_page_shows_quadrants_and_flags(browser: object, dashboard: str, demo_build: Build) -> None:
    page, errors = open_page(browser, f"{dashboard}/people_ops.html")
    latest = demo_build.scalar("""
        select count(*) from people_ops.fct_person_period_scores
        where quadrant is not null
          and period_start = (select max(period_start) from people_ops.fct_person_period_scores)
    """)
    assert page.locator("svg.quadrant circle.point").count() == latest
    for quadrant in ["power_user", "high_spend_low_outcome", "efficient", "light"]:
        assert page.locator(f'circle.point[data-quadrant="{quadrant}"]').count() > 0
    assert page.locator("table.flag-board tbody tr").count() == \
        demo_build.scalar("select count(*) from people_ops.rpt_flag_board")
    page.screenshot(path=str(REPO_ROOT / "target" / "dashboard_people_ops.png"))
    assert errors == []


def test_each_engineer_gets_a_page_of_their_own_rows_only(dashboard_site: tuple[Path, Path],
                                                           demo_build: Build) -> None:
    site, index = dashboard_site
    assert not (site / "engineer.html").exists()
    assert not index.is_relative_to(site) and index.stat().st_mode & 0o077 == 0
    mart = demo_build.query("""
        select person_pseudonym, spend_percentile, token_percentile from engineers.rpt_peer_percentiles
        order by person_pseudonym, period_start
    """)
    everyone = {row[0] for row in mart}
    pages = list(csv.DictReader(index.open()))
    assert sorted(row["person_pseudonym"] for row in pages) == sorted(everyone)
    # Every page is named by neither the pseudonym nor anything short enough to guess, and the index
    # names each person (the pytest session's key recomputes every pseudonym of the mart).
    assert {path.name for path in (site / "engineers").iterdir()} == {Path(row["page"]).name for row in pages}
    for row in pages:
        name = Path(row["page"]).stem
        assert len(name) == 32 and row["person_pseudonym"] not in name
        assert row["employee_id"]
        assert hashlib.md5(f"{PSEUDONYM_SALT}:{row['employee_id']}".encode()).hexdigest() == row["person_pseudonym"]
    # Each page holds exactly its person's rows, their percentiles in order, and no other pseudonym.
    for row in pages:
        text = (site / row["page"]).read_text()
        assert {pseudonym for pseudonym in everyone if pseudonym in text} == {row["person_pseudonym"]}
        mine = [(spend, tokens) for pseudonym, spend, tokens in mart if pseudonym == row["person_pseudonym"]]
        cells = re.findall(r'<tr><td>\d{4}-\d{2}</td>.*?<td class="num">(p\d+)?</td><td class="num">(p\d+)?</td>', text)
        assert cells == [(f"p{spend}" if spend is not None else "", f"p{tokens}" if tokens is not None else "")
                         for spend, tokens in mine]
    # No other page links to an engineer's page.
    for page in ["index.html", "finance.html", "people_ops.html"]:
        assert "engineers/" not in (site / page).read_text()


def test_engineer_page_shows_only_its_person(browser: object, dashboard: str, dashboard_site: tuple[Path, Path],
                                             demo_build: Build) -> None:
    _, index = dashboard_site
    pseudonym, periods = demo_build.query("""
        select person_pseudonym, count(*) from engineers.rpt_peer_percentiles
        where spend_percentile is not null group by 1 order by 1 limit 1
    """)[0]
    page_path = next(row["page"] for row in csv.DictReader(index.open()) if row["person_pseudonym"] == pseudonym)
    page, errors = open_page(browser, f"{dashboard}/{page_path}")
    assert page.locator("code#person").inner_text() == pseudonym
    assert page.locator("tbody#rows tr").count() == periods
    assert page.locator("svg#bars rect.bar").count() == periods
    assert page.locator("select").count() == 0
    expected = demo_build.scalar(f"""
        select spend_percentile from engineers.rpt_peer_percentiles
        where person_pseudonym = '{pseudonym}' order by period_start limit 1
    """)
    assert page.locator("tbody#rows tr").first.locator("td").nth(3).inner_text() == f"p{expected}"
    body = page.content()
    assert "$" not in page.locator("tbody#rows").inner_text()
    assert demo_build.scalar("select min(full_name) from core.dim_people") not in body
    assert errors == []
