"""Landing input that cannot be quarantined line by line stops the run before anything is built, with a
message naming the file (and line): files no reader takes, names that are not extraction times, lines
that are not UTF-8, a parsed file that changed, a landing path a glob would misread. The loader for
the other engines refuses the same things. A path with a quote, a space or a percent sign works."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from bad_input import example
from conftest import land_vendor_examples, run_dbt

from token_outcomes.engines import load_landing


def nothing_ran(stdout: str) -> bool:
    return not any(marker in stdout for marker in ("OK created", "START sql"))


@pytest.fixture(scope="module")
def refused_landing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    landing = tmp_path_factory.mktemp("refused") / "landing"
    land_vendor_examples(landing)
    pull_request = json.dumps(example("github", "pull_requests"))
    files = {
        "other_format": landing / "github" / "pull_requests" / "2026-02-01T00-00-00Z.json",
        "zipped": landing / "openai" / "completions_usage" / "2026-02-01T00-00-00Z.jsonl.zip",
        "hidden_temporary": landing / "pagerduty" / "incidents" / ".2026-02-01T00-00-00Z.jsonl.tmp",
        "no_time": landing / "linear" / "issues" / "export.jsonl",
        "impossible_time": landing / "jira" / "issues" / "2026-13-45T00-00-00Z.jsonl",
        "csv_without_time": landing / "hris" / "people" / "people_export.csv",
    }
    for path in files.values():
        path.write_text(pull_request + "\n")
    latin1 = landing / "anthropic" / "claude_code_usage" / "2026-02-01T00-00-00Z-latin1.jsonl"
    latin1.write_bytes(b'{"date": "2025-08-08"}\n{"actor": {"email_address": "caf\xe9@example.com"}}\n')
    files["not_utf8"] = latin1
    return landing, files


def test_unreadable_files_and_names_stop_the_run_by_name(refused_landing, tmp_path: Path) -> None:
    landing, files = refused_landing
    result = run_dbt(["build"], landing, tmp_path / "db.duckdb", tmp_path, check=False)
    assert result.returncode != 0
    assert nothing_ran(result.stdout)
    for case in ["other_format", "zipped", "hidden_temporary", "no_time", "impossible_time", "csv_without_time"]:
        assert str(files[case]) in result.stdout, case
    assert "Files in a landing folder that no reader takes" in result.stdout
    assert f"{files['not_utf8']} line 2" in result.stdout
    assert "not UTF-8" in result.stdout


def test_the_loader_refuses_the_same_files(refused_landing) -> None:
    landing, files = refused_landing
    with pytest.raises(load_landing.LandingError) as refused:
        load_landing.landing_files(str(landing))
    for case in ["other_format", "zipped", "hidden_temporary", "no_time", "impossible_time", "csv_without_time"]:
        assert str(files[case]) in str(refused.value), case
    latin1 = load_landing.LandingFile("anthropic", "claude_code_usage", "jsonl", files["not_utf8"].name,
                                      str(files["not_utf8"]))
    query = load_landing.reader_sql(latin1)
    with pytest.raises(load_landing.LandingError) as unreadable, load_landing.reader_connection() as local:
        load_landing.read_file(local, query, latin1, "select count(*) from {query}")
    assert str(files["not_utf8"]) in str(unreadable.value) and "Line: 2" in str(unreadable.value)


def test_a_file_that_grows_after_it_was_parsed_stops_the_next_run(tmp_path: Path) -> None:
    # A path any filesystem allows: a quote, spaces and a percent sign.
    landing = tmp_path / "it's a 100% landing"
    land_vendor_examples(landing)
    database, work = tmp_path / "db.duckdb", tmp_path / "work"
    first = run_dbt(["build"], landing, database, work)
    assert "ERROR=0" in first.stdout
    grown = next((landing / "github" / "pull_requests").glob("*.jsonl"))
    size = grown.stat().st_size
    appended = dict(example("github", "pull_requests"), node_id="PR_appended", id=9000000002, number=9002)
    with grown.open("a") as file:
        file.write(json.dumps(appended) + "\n")
    second = run_dbt(["build"], landing, database, work, check=False)
    assert second.returncode != 0
    assert nothing_ran(second.stdout)
    assert f"Landing files changed after they were parsed: {grown} ({size} bytes when parsed, " \
           f"{grown.stat().st_size} now)" in second.stdout
    # Re-reading everything takes the new line.
    run_dbt(["build", "--full-refresh"], landing, database, work)
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select _line_number from stg_github__pull_requests where node_id = 'PR_appended'"
                           ).fetchall() == [(2,)]
    # The loader for other engines refuses the same change.
    grown_file = load_landing.LandingFile("github", "pull_requests", "jsonl", grown.name, str(grown))
    assert load_landing.changed_files([grown_file], {str(grown): size}) == [
        f"{grown} ({size} bytes when loaded, {grown.stat().st_size} now)"]


def test_a_landing_path_with_a_wildcard_is_refused_by_name(tmp_path: Path) -> None:
    landing = tmp_path / "landing[1]"
    land_vendor_examples(landing)
    result = run_dbt(["build"], landing, tmp_path / "db.duckdb", tmp_path, check=False)
    assert result.returncode != 0
    assert nothing_ran(result.stdout)
    assert f"landing_path {landing} holds '['" in result.stdout

