"""The extractors against a local server that plays each vendor's API from its documented example responses
(pytest-httpserver; never the real APIs): pages, rate limits, failures, rejected credentials, restated
buckets, the state a later run starts from, and a run killed half-way.

A landed line must be the element exactly as the server sent it (byte for byte: the server's responses are
written here with their own spacing and number spellings), so each expected file is the elements' text.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from vendor_api import (
    ANTHROPIC_KEY,
    CURSOR_KEY,
    LINEAR_KEY,
    LITELLM_KEY,
    PAGERDUTY_KEY,
    SECRETS,
    Sleeps,
    body,
    environment,
    example_lines,
    landed_lines,
    run_extract,
    serve_vendor_examples,
)
from werkzeug import Request, Response

from token_outcomes.extract import cli, files
from token_outcomes.extract.http import Api, seconds_until
from token_outcomes.extract.landing import LandingFile, raw_elements

NOW = dt.datetime(2026, 1, 3, 6, 0, 0, tzinfo=dt.UTC)


def landed_files(landing: Path, source: str, entity: str) -> dict[str, str]:
    folder = landing / source / entity
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*"))} if folder.exists() else {}


def bucket(line: str, day: dt.date) -> str:
    """An Anthropic bucket of the documented example moved to another UTC day (its text otherwise as is)."""
    record = json.loads(line)
    start, end = record["starting_at"], record["ending_at"]
    return line.replace(start, f"{day.isoformat()}T00:00:00Z").replace(
        end, f"{(day + dt.timedelta(days=1)).isoformat()}T00:00:00Z")


def test_anthropic_messages_pages_retries_and_state(httpserver: HTTPServer, tmp_path: Path) -> None:
    """Two pages followed by next_page, a 429 with Retry-After and a 500 on the way, each bucket landed as
    sent; the state says the last whole day, and the next day's run reads the look-back window again."""
    (example,) = example_lines("anthropic", "messages_usage")
    days = [dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 1, 3)]
    buckets = [bucket(example, day) for day in days]
    # A restated bucket: the second run sees other counts for 2026-01-02 (the text differs, the key not).
    restated = buckets[1].replace('"output_tokens":500', '"output_tokens":  750')
    assert restated != buckets[1]
    second_run = [buckets[0], restated, buckets[2], bucket(example, dt.date(2026, 1, 4))]
    calls: list[dict[str, Any]] = []
    failures = iter([Response("{}", status=429, headers={"Retry-After": "3"}),
                     Response('{"type":"error","error":{"type":"api_error","message":"Internal server error"}}',
                              status=500)])

    def handler(request: Request) -> Response:
        calls.append({"args": request.args.to_dict(flat=False), "key": request.headers.get("x-api-key"),
                      "version": request.headers.get("anthropic-version")})
        failure = next(failures, None)
        if failure is not None:
            return failure
        if request.args["ending_at"] == "2026-01-05T00:00:00Z":  # the second run, a day later
            return Response(body(second_run, has_more=False, next_page=None))
        if "page" not in request.args:
            return Response(body(buckets[:2], has_more=True, next_page="page_MjAyNi0wMS0wM1QwMDowMDowMFo="))
        assert request.args["page"] == "page_MjAyNi0wMS0wM1QwMDowMDowMFo="
        return Response(body(buckets[2:], has_more=False, next_page=None))

    httpserver.expect_request("/v1/organizations/usage_report/messages").respond_with_handler(handler)
    landing = tmp_path / "landing"
    sleeps = Sleeps()
    env = environment(httpserver)

    assert run_extract(["anthropic/messages_usage", "--since", "2026-01-01"], landing, env, NOW, sleeps) == 0

    assert landed_files(landing, "anthropic", "messages_usage") == {"2026-01-03T06-00-00Z.jsonl": "\n".join(buckets) + "\n"}
    # One window from a UTC midnight to the midnight after today, by day, grouped by every key dimension.
    assert calls[0]["args"]["starting_at"] == ["2026-01-01T00:00:00Z"]
    assert calls[0]["args"]["ending_at"] == ["2026-01-04T00:00:00Z"]
    assert calls[0]["args"]["bucket_width"] == ["1d"]
    assert calls[0]["args"]["group_by[]"] == ["account_id", "service_account_id", "api_key_id", "workspace_id",
                                              "model", "service_tier", "context_window", "inference_geo"]
    assert {(call["key"], call["version"]) for call in calls} == {(ANTHROPIC_KEY, "2023-06-01")}
    assert len(calls) == 4  # 429, 500, page 1, page 2
    assert sleeps.waits[0] == 3.0  # Retry-After
    assert 2.0 <= sleeps.waits[1] <= 3.0  # back-off at the second try: 2 s, plus up to 1 s of jitter
    state = json.loads((tmp_path / "landing.extract-state.json").read_text())
    assert state["entities"]["anthropic/messages_usage"] == {"": {"complete_through": "2026-01-02"}}
    assert list((landing / ".extract-partial").glob("*.partial")) == []

    # The next day, without --since: the two look-back days before the state's day after (2026-01-01 and
    # 2026-01-02, which vendors restate), then what is new.
    calls.clear()
    assert run_extract(["anthropic/messages_usage"], landing, env, NOW + dt.timedelta(days=1)) == 0
    assert len(calls) == 1
    assert calls[0]["args"]["starting_at"] == ["2026-01-01T00:00:00Z"]
    assert calls[0]["args"]["ending_at"] == ["2026-01-05T00:00:00Z"]
    assert landed_files(landing, "anthropic", "messages_usage")["2026-01-04T06-00-00Z.jsonl"] == "\n".join(second_run) + "\n"
    state = json.loads((tmp_path / "landing.extract-state.json").read_text())
    assert state["entities"]["anthropic/messages_usage"] == {"": {"complete_through": "2026-01-03"}}


# ---------------------------------------------------------------------------------------------------------
# Every vendor: pages as the vendor pages, rate limits as the vendor says them, failures that stop one source.
# ---------------------------------------------------------------------------------------------------------


def test_rejected_credential_stops_that_source_only(httpserver: HTTPServer, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """OpenAI refuses the key (401): OpenAI fails naming OPENAI_ADMIN_KEY, Anthropic still lands, the exit
    status is 1, nothing of OpenAI lands, and no key is printed."""
    rejected = ('{"error": {"message": "Incorrect API key provided: sk-admin***. You can find your API key at '
                'https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", "param": null, '
                '"code": "invalid_api_key"}}')
    httpserver.expect_request("/v1/organization/usage/completions").respond_with_data(rejected, status=401)
    serve_vendor_examples(httpserver, dt.date(2026, 1, 2))
    landing = tmp_path / "landing"

    status = run_extract(["openai/completions_usage", "anthropic/messages_usage", "--since", "2026-01-02"],
                         landing, environment(httpserver), NOW)

    printed = capsys.readouterr()
    assert status == 1
    assert landed_lines(landing, "anthropic", "messages_usage") == example_lines("anthropic", "messages_usage")
    assert not (landing / "openai").exists()
    assert "openai/completions_usage: failed" in printed.err
    assert "OPENAI_ADMIN_KEY was refused (HTTP 401" in printed.err
    assert "Incorrect API key provided" in printed.err
    assert not [secret for secret in SECRETS if secret in printed.out + printed.err]
    state = json.loads((tmp_path / "landing.extract-state.json").read_text())
    assert list(state["entities"]) == ["anthropic/messages_usage"]


def test_missing_variables_name_themselves(httpserver: HTTPServer, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A source named without its credential fails naming the variable; with no source named, every source
    without its variables is skipped, the others run."""
    serve_vendor_examples(httpserver, dt.date(2026, 1, 2))
    env = {name: value for name, value in environment(httpserver).items()
           if name not in ("JIRA_API_TOKEN", "GITHUB_REPOSITORIES")}

    assert run_extract(["jira", "--since", "2026-01-02"], tmp_path / "a", env, NOW) == 1
    assert "jira/issues: failed, 0 records in 0 file(s); jira/issues: set JIRA_API_TOKEN" in capsys.readouterr().err

    env = {name: value for name, value in env.items() if not name.startswith(("ANTHROPIC", "OPENAI", "CURSOR"))}
    assert run_extract(["--since", "2026-01-02"], tmp_path / "b", env, NOW) == 0
    summary = {line.split()[0]: line.split()[1] for line in capsys.readouterr().out.splitlines()[1:]}
    assert summary == {
        "anthropic/claude_code_usage": "skipped", "anthropic/messages_usage": "skipped",
        "anthropic/cost_report": "skipped", "openai/completions_usage": "skipped", "openai/costs": "skipped",
        "github/pull_requests": "skipped", "github/pull_request_reviews": "skipped",
        "cursor/usage_events": "skipped", "aws/bedrock_invocations": "skipped", "jira/issues": "skipped",
        "github/copilot_ai_credit_usage": "landed", "github/copilot_user_metrics": "landed",
        "linear/issues": "landed", "pagerduty/incidents": "landed", "gateway/otlp_traces": "skipped",
        "gateway/litellm_spend_logs": "landed", "cursor/ai_code_commits": "skipped",
        "pagerduty/change_events": "landed", "pagerduty/related_change_events": "landed",
    }

    # A source named: an entity whose settings are not set while the credential is, is skipped (GitHub
    # without a Copilot organisation); the pull requests run (the example's is older than --since).
    env = {name: value for name, value in environment(httpserver).items() if name != "GITHUB_COPILOT_ORG"}
    assert run_extract(["github", "--since", "2026-01-02"], tmp_path / "c", env, NOW) == 0
    summary = {line.split()[0]: line.split()[1] for line in capsys.readouterr().out.splitlines()[1:]}
    assert summary == {"github/pull_requests": "nothing_new", "github/pull_request_reviews": "nothing_new",
                       "github/copilot_ai_credit_usage": "skipped", "github/copilot_user_metrics": "skipped"}


def test_github_link_pages_stop_at_the_state_and_expired_links(httpserver: HTTPServer, tmp_path: Path) -> None:
    """Pull requests: the Link header's next URL followed as given, listing stops at the first pull request
    older than the window, and a run with nothing updated since lands nothing. Copilot metrics: an expired
    signed link (403 from the blob store) is asked for again; a day without a report (204) ends the run's
    window there."""
    template = json.loads(example_lines("github", "pull_requests")[0])

    def pull(number: int, updated: str) -> str:
        return json.dumps({**template, "number": number, "updated_at": updated}, separators=(",", ":"))

    newest = [pull(3, "2026-01-03T05:00:00Z"), pull(2, "2026-01-02T10:00:00Z")]
    older = [pull(1, "2026-01-01T09:00:00Z"), pull(0, "2025-12-01T00:00:00Z")]
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/repos/octocat/Hello-World/pulls").respond_with_data(
        "[" + ",".join(newest) + "]", headers={
            "link": f'<{base}/repositories/1296269/pulls?state=all&page=2>; rel="next", '
                    f'<{base}/repositories/1296269/pulls?state=all&page=2>; rel="last"'},
        content_type="application/json")
    httpserver.expect_request("/repositories/1296269/pulls", query_string="state=all&page=2").respond_with_data(
        "[" + ",".join(older) + "]", content_type="application/json")
    landing = tmp_path / "landing"
    env = environment(httpserver)

    assert run_extract(["github/pull_requests", "--since", "2026-01-01"], landing, env, NOW) == 0
    assert landed_lines(landing, "github", "pull_requests") == newest + older[:1]
    state = json.loads((tmp_path / "landing.extract-state.json").read_text())
    assert state["entities"]["github/pull_requests"] == {"octocat/Hello-World": {"updated_since": "2026-01-03T06:00:00Z"}}
    # A day later with no look-back, nothing was updated since the state's point: nothing lands (the state
    # moves to that run's start). With the default two days, what was updated in the two days before that
    # point lands again (staging keeps one version).
    later = NOW + dt.timedelta(days=1)
    assert run_extract(["github/pull_requests", "--lookback-days", "0"], landing, env, later) == 0
    assert sorted(path.name for path in (landing / "github" / "pull_requests").iterdir()) == [
        "2026-01-03T06-00-00Z.jsonl"]
    assert run_extract(["github/pull_requests"], landing, env, later + dt.timedelta(hours=1)) == 0
    assert landed_files(landing, "github", "pull_requests")["2026-01-04T07-00-00Z.jsonl"] == "\n".join(
        newest) + "\n"  # updated at or after 2026-01-02T06:00:00Z

    (metrics,) = example_lines("github", "copilot_user_metrics")
    links = iter(["expired", "fresh"])

    def report(request: Request) -> Response:
        if request.args["day"] == "2026-01-02":
            return Response(status=204)
        return Response(json.dumps({"download_links": [f"{base}/blob/{next(links)}.ndjson?sig=abc"],
                                    "report_day": request.args["day"]}))

    httpserver.expect_request("/orgs/octo-org/copilot/metrics/reports/users-1-day").respond_with_handler(report)
    httpserver.expect_request("/blob/expired.ndjson").respond_with_data(
        '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code></Error>', status=403)
    httpserver.expect_request("/blob/fresh.ndjson").respond_with_data(metrics + "\n\n")

    assert run_extract(["github/copilot_user_metrics", "--since", "2026-01-01"], landing, env, NOW) == 0
    assert landed_lines(landing, "github", "copilot_user_metrics") == [metrics]
    blob_requests = [request for request, _ in httpserver.log if request.path.startswith("/blob/")]
    assert [request.path for request in blob_requests] == ["/blob/expired.ndjson", "/blob/fresh.ndjson"]
    assert all("Authorization" not in request.headers for request in blob_requests)  # the token stays with GitHub
    state = json.loads((tmp_path / "landing.extract-state.json").read_text())
    assert state["entities"]["github/copilot_user_metrics"] == {"octo-org": {"complete_through": "2026-01-01"}}


def test_cursor_linear_jira_pagerduty_pages(httpserver: HTTPServer, tmp_path: Path) -> None:
    """Cursor: POST pages while hasNextPage, inclusive epoch-millisecond bounds, Basic auth with the key as the
    user. Linear: a RATELIMITED answer (HTTP 400) waits and tries again, pages by endCursor. Jira: pages by
    nextPageToken until isLast, JQL in epoch milliseconds. PagerDuty: offset pages while `more`."""
    cursor_events = example_lines("cursor", "usage_events")
    cursor_bodies = []

    def cursor(request: Request) -> Response:
        cursor_bodies.append((request.json, request.authorization))
        page_number = request.json["page"]
        return Response(body([cursor_events[page_number - 1]], "usageEvents", pagination={
            "numPages": 3, "currentPage": page_number, "pageSize": 1, "hasNextPage": page_number < 3,
            "hasPreviousPage": page_number > 1}))

    httpserver.expect_request("/teams/filtered-usage-events", method="POST").respond_with_handler(cursor)

    linear_nodes = example_lines("linear", "issues")
    # Linear's reset time is an epoch in milliseconds, read against the real clock.
    reset_ms = int(dt.datetime.now(dt.UTC).timestamp() * 1000) + 7000
    linear_requests = []
    rate_limited = iter([True])

    def linear(request: Request) -> Response:
        linear_requests.append((request.json["variables"], request.headers.get("Authorization")))
        if next(rate_limited, False):
            return Response('{"errors":[{"message":"Rate limit exceeded","extensions":{"code":"RATELIMITED"}}]}',
                            status=400, headers={"X-RateLimit-Requests-Reset": str(reset_ms)})
        after = request.json["variables"]["after"]
        index = 0 if after is None else 1
        return Response(body([linear_nodes[index]], "data.issues.nodes",
                             pageInfo={"hasNextPage": index == 0, "endCursor": f"cursor-{index}"}))

    httpserver.expect_request("/graphql", method="POST").respond_with_handler(linear)

    jira_issue = example_lines("jira", "issues")[0]
    jira_second = jira_issue.replace('"id":"10002"', '"id":"10003"')
    assert jira_second != jira_issue
    jira_requests = []

    def jira(request: Request) -> Response:
        jira_requests.append(request.args.to_dict())
        if "nextPageToken" not in request.args:
            return Response(body([jira_issue], "issues", nextPageToken="CAEaAggD", isLast=False))
        return Response(body([jira_second], "issues", isLast=True))

    httpserver.expect_request("/rest/api/3/search/jql").respond_with_handler(jira)

    incident = example_lines("pagerduty", "incidents")[0]
    incidents = [incident.replace('"id":"PT4KHLK"', f'"id":"PT4KHL{n}"') for n in range(3)]
    assert len(set(incidents)) == 3
    pagerduty_requests = []

    def pagerduty(request: Request) -> Response:
        pagerduty_requests.append((request.args.to_dict(flat=False), request.headers.get("Authorization")))
        offset = int(request.args["offset"])
        return Response(body(incidents[offset:offset + 2], "incidents", limit=2, offset=offset, total=3,
                             more=offset + 2 < 3))

    httpserver.expect_request("/incidents").respond_with_handler(pagerduty)
    change = example_lines("pagerduty", "change_events")[0]
    changes = [change.replace('"id":"01BBYA6PEVW6A852BUO6QYUE7O"', f'"id":"01CHANGE{n}"') for n in range(3)]
    change_requests = []

    def change_events(request: Request) -> Response:
        change_requests.append(request.args.to_dict())
        offset = int(request.args["offset"])
        return Response(body(changes[offset:offset + 2], "change_events", limit=2, offset=offset, total=None,
                             more=offset + 2 < 3))

    httpserver.expect_request("/change_events").respond_with_handler(change_events)
    related_requests = []

    def related(request: Request) -> Response:
        incident_id = request.path.split("/")[2]
        related_requests.append(incident_id)
        # The vendor's element, without the incident: one change event for PT4KHL1, none for the others.
        return Response(body([change] if incident_id == "PT4KHL1" else [], "change_events"))

    for n in range(3):
        httpserver.expect_request(f"/incidents/PT4KHL{n}/related_change_events").respond_with_handler(related)
    commits = example_lines("cursor", "ai_code_commits")
    commit_requests = []

    def ai_commits(request: Request) -> Response:
        commit_requests.append(request.args.to_dict())
        return Response(body(commits, "items", totalCount=len(commits), page=1, pageSize=1000))

    httpserver.expect_request("/analytics/ai-code/commits").respond_with_handler(ai_commits)
    landing = tmp_path / "landing"
    sleeps = Sleeps()

    assert run_extract(["cursor", "linear", "jira", "pagerduty", "--since", "2026-01-02"], landing,
                       environment(httpserver), NOW, sleeps) == 0

    assert landed_lines(landing, "cursor", "usage_events") == cursor_events
    assert [body_["page"] for body_, _ in cursor_bodies] == [1, 2, 3]
    assert cursor_bodies[0][0]["startDate"] == 1767312000000  # 2026-01-02T00:00:00Z
    assert cursor_bodies[0][0]["endDate"] == 1767484799999  # 2026-01-03T23:59:59.999Z, inclusive
    assert (cursor_bodies[0][1].type, cursor_bodies[0][1].username, cursor_bodies[0][1].password) == (
        "basic", CURSOR_KEY, "")

    assert landed_lines(landing, "cursor", "ai_code_commits") == commits
    assert commit_requests == [{"startDate": "2026-01-02", "endDate": "2026-01-03", "page": "1", "pageSize": "1000"}]

    # Change events page by offset while `more`; each incident's related change events land with the incident
    # added at the start of the element, the rest of its text as returned.
    assert landed_lines(landing, "pagerduty", "change_events") == changes
    assert [request["offset"] for request in change_requests] == ["0", "2"]
    assert change_requests[0]["since"] == "2026-01-02T00:00:00Z"
    assert sorted(related_requests) == ["PT4KHL0", "PT4KHL1", "PT4KHL2"]
    assert landed_lines(landing, "pagerduty", "related_change_events") == [
        '{"incident":{"id":"PT4KHL1","type":"incident_reference"},' + change[1:]]

    assert landed_lines(landing, "linear", "issues") == linear_nodes
    assert 5.0 < sleeps.waits[0] <= 7.0  # until X-RateLimit-Requests-Reset, not a back-off of 1 to 2 s
    assert [variables["after"] for variables, _ in linear_requests] == [None, None, "cursor-0"]
    assert linear_requests[0][0]["since"] == "2026-01-02T00:00:00Z"
    assert {authorization for _, authorization in linear_requests} == {LINEAR_KEY}  # a personal key, bare

    assert landed_lines(landing, "jira", "issues") == [jira_issue, jira_second]
    assert jira_requests[0]["jql"] == "updated >= 1767312000000 ORDER BY updated ASC"
    assert jira_requests[1]["nextPageToken"] == "CAEaAggD"
    assert "customfield_10016" in jira_requests[0]["fields"].split(",")

    assert landed_lines(landing, "pagerduty", "incidents") == incidents
    # Incidents listed twice, page by page: for themselves, and for their related change events (ids only).
    assert [args["offset"] for args, _ in pagerduty_requests] == [["0"], ["2"], ["0"], ["2"]]
    assert "include[]" not in pagerduty_requests[2][0]
    assert pagerduty_requests[0][0]["since"] == ["2026-01-02T00:00:00Z"]
    assert pagerduty_requests[0][0]["until"] == ["2026-01-04T00:00:00Z"]
    assert {authorization for _, authorization in pagerduty_requests} == {f"Token token={PAGERDUTY_KEY}"}


def test_bedrock_logs_without_bodies_each_file_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Delivered log files (gzipped or not) land without the prompt and answer; a file is read once, again
    when it is delivered anew with more in it; a line that is not JSON is not landed and is named."""
    (example,) = example_lines("aws", "bedrock_invocations")
    record = json.loads(example)
    assert "inputBodyJson" in record["input"] and "outputBodyJson" in record["output"]
    second = {**record, "requestId": "second-request", "input": {"inputTokenCount": 7}, "output": {
        "outputTokenCount": 3}}
    logs = tmp_path / "logs" / "us-east-1" / "2026" / "01" / "02"
    logs.mkdir(parents=True)
    (logs / "a.json.gz").write_bytes(gzip.compress((example + "\n").encode()))
    plain = json.dumps(second, separators=(",", ": "))
    (logs / "b.json").write_text(plain + "\n{not json: the prompt was here\n")
    landing = tmp_path / "landing"
    env = {"BEDROCK_LOG_LOCATION": str(tmp_path / "logs")}

    assert cli.main(["aws", "--landing", str(landing)], env=env, now=NOW) == 0

    lines = landed_lines(landing, "aws", "bedrock_invocations")
    stripped = json.loads(lines[0])
    assert "inputBodyJson" not in stripped["input"] and "outputBodyJson" not in stripped["output"]
    assert stripped["input"]["inputTokenCount"] == record["input"]["inputTokenCount"]
    assert {key: value for key, value in stripped.items() if key not in ("input", "output")} == {
        key: value for key, value in record.items() if key not in ("input", "output")}
    assert lines[1] == plain  # a record without a body lands as delivered
    printed = capsys.readouterr().err
    assert "1 line(s) not JSON, not landed (they may hold a prompt): us-east-1/2026/01/02/b.json:2" in printed
    assert "the prompt was here" not in printed

    # Nothing new: nothing lands. The same file delivered again with one more record: it is read again.
    assert cli.main(["aws", "--landing", str(landing)], env=env, now=NOW + dt.timedelta(hours=1)) == 0
    assert len(list((landing / "aws" / "bedrock_invocations").iterdir())) == 1
    (logs / "b.json").write_text(plain + "\n" + plain.replace("second-request", "third-request") + "\n")
    assert cli.main(["aws", "--landing", str(landing)], env=env, now=NOW + dt.timedelta(hours=2)) == 0
    assert landed_lines(landing, "aws", "bedrock_invocations")[2:] == [
        plain, plain.replace("second-request", "third-request")]


def test_killed_run_leaves_no_partial_file(httpserver: HTTPServer, tmp_path: Path) -> None:
    """An extract killed (SIGKILL) between two pages lands nothing in the entity's folder and moves no state;
    its half-written file is only in .extract-partial/, which no reader looks at, and the next run removes it
    and lands the whole extract."""
    (example,) = example_lines("anthropic", "messages_usage")
    buckets = [bucket(example, dt.date(2026, 1, day)) for day in (1, 2, 3)]
    second_page_asked = threading.Event()
    release = threading.Event()

    def handler(request: Request) -> Response:
        if "page" not in request.args:
            return Response(body(buckets[:2], has_more=True, next_page="page_2"))
        second_page_asked.set()
        release.wait(timeout=60)
        return Response(body(buckets[2:], has_more=False, next_page=None))

    httpserver.expect_request("/v1/organizations/usage_report/messages").respond_with_handler(handler)
    landing = tmp_path / "landing"
    env = environment(httpserver)
    process = subprocess.Popen([sys.executable, "-m", "token_outcomes.extract", "anthropic/messages_usage",
                                "--since", "2026-01-01", "--landing", str(landing)],
                               env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert second_page_asked.wait(timeout=60), process.communicate(timeout=5)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        release.set()

    assert process.returncode == -signal.SIGKILL
    assert not (landing / "anthropic").exists()
    assert not (tmp_path / "landing.extract-state.json").exists()
    (partial,) = (landing / ".extract-partial").glob("*.partial")
    assert partial.name.startswith("anthropic__messages_usage__")

    assert run_extract(["anthropic/messages_usage", "--since", "2026-01-01"], landing, env, NOW) == 0
    assert landed_lines(landing, "anthropic", "messages_usage") == buckets
    assert list((landing / ".extract-partial").glob("*.partial")) == []


def test_rate_limit_headers_in_every_spelling() -> None:
    """The waits the vendors' headers ask for, each as its vendor writes it."""
    now = dt.datetime(2026, 1, 3, 6, 0, 0, tzinfo=dt.UTC)
    assert seconds_until("30", now) == 30.0  # Retry-After, PagerDuty's ratelimit-reset
    assert seconds_until(str(int(now.timestamp()) + 45), now) == 45.0  # GitHub's x-ratelimit-reset
    assert seconds_until(str(int(now.timestamp() * 1000) + 2500), now) == 2.5  # Linear's, in milliseconds
    assert seconds_until("6m0s", now) == 360.0  # OpenAI's x-ratelimit-reset-requests
    assert seconds_until("1.5s", now) == 1.5
    assert seconds_until("20ms", now) == 0.02
    assert seconds_until("2026-01-03T06:00:10Z", now) == 10.0  # Anthropic's, Jira's
    assert seconds_until("Sat, 03 Jan 2026 06:01:00 GMT", now) == 60.0  # Retry-After as an HTTP date
    assert seconds_until("soon", now) is None


def test_elements_keep_their_own_text() -> None:
    """An element lands as the response wrote it: number spellings, escapes, key order; a pretty-printed
    element on one line; a response without the array refused by name."""
    response = ('{"has_more": false, "data": [\n  {"id": 12345678901234567890123, "amount": "1.10", "x": 1.10,\n'
                '   "e": 1e3, "s": "caf\\u00e9 \\"q\\"", "nested": {"data": [1, 2]}},\n  [], "text"\n],'
                ' "next_page": null}')
    assert raw_elements(response, ("data",)) == [
        ('{"id": 12345678901234567890123, "amount": "1.10", "x": 1.10,   "e": 1e3, "s": "caf\\u00e9 \\"q\\"", '
        '"nested": {"data": [1, 2]}}'), "[]", '"text"']
    assert raw_elements('{"data": {"issues": {"nodes": []}}}', ("data", "issues", "nodes")) == []
    with pytest.raises(ValueError, match="no 'results' in the response"):
        raw_elements(response, ("results",))
    with pytest.raises(ValueError, match="'has_more' is not an array"):
        raw_elements(response, ("has_more",))


def test_an_answer_of_another_shape_stops_that_source(httpserver: HTTPServer, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A 200 that is not the documented page (a proxy's HTML page; an object without `data`; a GraphQL page
    without pageInfo) stops that source with a message, lands nothing of it, and the other sources run."""
    httpserver.expect_request("/v1/organization/usage/completions").respond_with_data(
        "<html><body>Sign in to continue</body></html>", content_type="text/html")
    httpserver.expect_request("/v1/organizations/usage_report/messages").respond_with_data('{"results": []}')
    httpserver.expect_request("/graphql", method="POST").respond_with_data('{"data": {"issues": {"nodes": []}}}')
    serve_vendor_examples(httpserver, dt.date(2026, 1, 2))
    landing = tmp_path / "landing"

    status = run_extract(["openai/completions_usage", "anthropic/messages_usage", "linear", "jira",
                          "--since", "2026-01-02"], landing, environment(httpserver), NOW)

    printed = capsys.readouterr()
    assert status == 1
    summary = {line.split()[0]: line.split()[1] for line in printed.out.splitlines()[1:]}
    assert summary == {"openai/completions_usage": "failed", "anthropic/messages_usage": "failed",
                       "linear/issues": "failed", "jira/issues": "landed"}
    assert "completions is not the documented shape (not JSON: Expecting value" in printed.err
    assert "is not the documented shape (no 'data' in the response)" in printed.err
    assert "linear/issues: unexpected KeyError: 'pageInfo'" in printed.err
    assert sorted(path.relative_to(landing).parts[0] for path in landing.glob("*/*/*.jsonl")) == ["jira"]


def test_litellm_pages_and_collector_files(httpserver: HTTPServer, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """LiteLLM's /spend/logs/v2: pages until total_pages, whole UTC days in the proxy's spelling, oldest first,
    the key as a bearer token. The collector's file exports: a line still being written is not landed (and
    named); when the file is complete, the next run reads it again whole."""
    (row,) = example_lines("gateway", "litellm_spend_logs")
    rows = [row, row.replace("chatcmpl-3946ddc2", "chatcmpl-0000aaaa")]
    requests = []

    def litellm(request: Request) -> Response:
        requests.append((request.args.to_dict(), request.headers.get("Authorization")))
        page_number = int(request.args["page"])
        return Response(body([rows[page_number - 1]], total=2, page=page_number, page_size=1, total_pages=2))

    httpserver.expect_request("/litellm/spend/logs/v2").respond_with_handler(litellm)
    exports = tmp_path / "otel"
    exports.mkdir()
    spans = example_lines("gateway", "otlp_traces")
    (exports / "traces.json").write_text(spans[0] + "\n" + spans[1][:40])  # the collector is writing line 2
    landing = tmp_path / "landing"
    env = environment(httpserver, OTLP_EXPORT_LOCATION=str(exports))

    assert run_extract(["gateway", "--since", "2026-01-02"], landing, env, NOW) == 0

    assert landed_lines(landing, "gateway", "litellm_spend_logs") == rows
    assert [args["page"] for args, _ in requests] == ["1", "2"]
    assert (requests[0][0]["start_date"], requests[0][0]["end_date"]) == ("2026-01-02 00:00:00", "2026-01-03 23:59:59")
    assert (requests[0][0]["sort_by"], requests[0][0]["sort_order"]) == ("startTime", "asc")
    assert requests[0][1] == f"Bearer {LITELLM_KEY}"
    assert landed_lines(landing, "gateway", "otlp_traces") == [spans[0]]
    assert "gateway/otlp_traces: landed, 1 records in 1 file(s); 1 line(s) not JSON, not landed: traces.json:2" in (
        capsys.readouterr().err)

    (exports / "traces.json").write_text(spans[0] + "\n" + spans[1] + "\n")
    assert run_extract(["gateway/otlp_traces"], landing, env, NOW + dt.timedelta(hours=1)) == 0
    assert landed_lines(landing, "gateway", "otlp_traces") == [spans[0], spans[0], spans[1]]


class FakeS3:
    """The two calls of boto3's S3 client the file reader makes, over objects in memory (boto3 is the user's)."""

    def __init__(self, objects: dict[str, bytes]) -> None:
        self.objects = objects
        self.listed: list[dict[str, str]] = []

    def get_paginator(self, name: str) -> FakeS3:
        assert name == "list_objects_v2"
        return self

    def paginate(self, Bucket: str, Prefix: str) -> list[dict[str, Any]]:
        self.listed.append({"Bucket": Bucket, "Prefix": Prefix})
        keys = sorted(key for key in self.objects if key.startswith(Prefix))
        return [{"Contents": [{"Key": key, "Size": len(self.objects[key])} for key in keys[:1]]},
                {"Contents": [{"Key": key, "Size": len(self.objects[key])} for key in keys[1:]]}]

    def get_object(self, Bucket: str, Key: str) -> dict[str, Any]:
        return {"Body": io.BytesIO(self.objects[Key])}


def test_bedrock_logs_from_s3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """s3://bucket/prefix: every page of the listing, only log files, bodies removed."""
    (example,) = example_lines("aws", "bedrock_invocations")
    prefix = "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/01/02/"
    fake = FakeS3({prefix + "06/a.json.gz": gzip.compress(example.encode()),
                   prefix + "07/b.json.gz": gzip.compress(example.replace('"requestId": "', '"requestId": "b-').encode()),
                   prefix + "07/amazon-bedrock-logs-permission-check": b""})
    monkeypatch.setattr(files, "s3_client", lambda: fake)
    landing = tmp_path / "landing"

    assert cli.main(["aws", "--landing", str(landing)], now=NOW,
                    env={"BEDROCK_LOG_LOCATION": "s3://acme-bedrock-logs/AWSLogs/123456789012/"}) == 0

    assert fake.listed == [{"Bucket": "acme-bedrock-logs", "Prefix": "AWSLogs/123456789012/"}]
    lines = [json.loads(line) for line in landed_lines(landing, "aws", "bedrock_invocations")]
    assert [line["requestId"][:2] for line in lines] == [json.loads(example)["requestId"][:2], "b-"]
    assert not any("inputBodyJson" in line["input"] or "outputBodyJson" in line["output"] for line in lines)


def test_copilot_metrics_days_without_a_report(httpserver: HTTPServer, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """An old day without a report (404: metrics were off) is passed over and named, the days after it land;
    a day of the last three without one yet (204) ends the window, and the state stops before it."""
    (metrics,) = example_lines("github", "copilot_user_metrics")
    base = httpserver.url_for("").rstrip("/")

    def report(request: Request) -> Response:
        day = request.args["day"]
        if day == "2025-12-27":
            return Response('{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}',
                            status=404)
        if day >= "2025-12-31":
            return Response(status=204)
        return Response(json.dumps({"download_links": [f"{base}/blob/{day}.ndjson"], "report_day": day}))

    httpserver.expect_request("/orgs/octo-org/copilot/metrics/reports/users-1-day").respond_with_handler(report)
    for day in ("2025-12-26", "2025-12-28", "2025-12-29", "2025-12-30"):
        httpserver.expect_request(f"/blob/{day}.ndjson").respond_with_data(metrics.replace("2025-10-01", day) + "\n")
    landing = tmp_path / "landing"

    assert run_extract(["github/copilot_user_metrics", "--since", "2025-12-26"], landing,
                       environment(httpserver), NOW) == 0

    assert [json.loads(line)["day"] for line in landed_lines(landing, "github", "copilot_user_metrics")] == [
        "2025-12-26", "2025-12-28", "2025-12-29", "2025-12-30"]
    assert "no report for 1 day(s) (2025-12-27)" in capsys.readouterr().err
    state = json.loads((tmp_path / "landing.extract-state.json").read_text())
    assert state["entities"]["github/copilot_user_metrics"] == {"octo-org": {"complete_through": "2025-12-30"}}


def api_answering(responses: list[httpx.Response], sleeps: Sleeps) -> Api:
    """An Api whose server answers with `responses` in turn (httpx's mock transport: no network)."""
    answers = iter(responses)
    client = httpx.Client(base_url="https://api.example.com", transport=httpx.MockTransport(lambda _: next(answers)))
    return Api("vendor", client, "VENDOR_KEY", sleep=sleeps)


def test_waits_follow_what_the_vendor_means() -> None:
    """A server error waits its back-off even when the response carries the rate limit's reset (OpenAI and
    Anthropic send their windows on every response; GitHub its hourly reset); GitHub's exhausted limit waits
    until its reset; a secondary limit without Retry-After waits a minute; a reset already past backs off."""
    now = dt.datetime.now(dt.UTC)
    far = str(int(now.timestamp()) + 3000)
    sleeps = Sleeps()
    api = api_answering([
        httpx.Response(502, headers={"x-ratelimit-remaining": "4999", "x-ratelimit-reset": far}),
        httpx.Response(503, headers={"x-ratelimit-reset-requests": "6m0s"}),
        httpx.Response(403, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(now.timestamp()) + 30)},
                       json={"message": "API rate limit exceeded for user ID 1."}),
        httpx.Response(429, headers={"x-ratelimit-remaining": "12"},
                       json={"message": "You have exceeded a secondary rate limit."}),
        httpx.Response(429, headers={"retry-after": "Thu, 01 Jan 2026 00:00:00 GMT"}),
        httpx.Response(200, json={"data": []}),
    ], sleeps)

    assert api.request("GET", "/reports").json() == {"data": []}

    back_off = [1.0 <= sleeps.waits[0] <= 2.0, 2.0 <= sleeps.waits[1] <= 3.0, 16.0 <= sleeps.waits[4] <= 17.0]
    assert back_off == [True, True, True]
    assert 28.0 <= sleeps.waits[2] <= 30.0  # until x-ratelimit-reset
    assert sleeps.waits[3] == 60.0  # GitHub's secondary limit


def test_landing_refuses_what_is_not_strict_json_and_never_reuses_a_name(tmp_path: Path) -> None:
    for text in ('{"data": [1, 2,]}', '{"data": [NaN]}', '{"x": 1 "data": [1]}', '{"data": [1]', '{"data": [1]} x'):
        with pytest.raises(ValueError, match="not JSON"):
            raw_elements(text, ("data",))
    names = []
    for _ in range(2):
        out = LandingFile(tmp_path, "openai", "costs", NOW)
        out.write('{"object":"bucket"}')
        names.append(out.commit().name)
    assert names == ["2026-01-03T06-00-00Z.jsonl", "2026-01-03T06-00-01Z.jsonl"]  # sorts after, as it landed after


def test_a_backfill_after_the_saved_point_keeps_it(httpserver: HTTPServer, tmp_path: Path) -> None:
    """--since after the day following the state's point reads from --since but leaves the point, so the days
    between are read by the next run; a --since before it moves the point as usual."""
    serve_vendor_examples(httpserver, dt.date(2026, 1, 2))
    landing = tmp_path / "landing"
    env = environment(httpserver)
    state_file = tmp_path / "landing.extract-state.json"
    assert run_extract(["openai/costs", "--since", "2025-12-01"], landing, env, dt.datetime(2025, 12, 3, tzinfo=dt.UTC)) == 0
    assert json.loads(state_file.read_text())["entities"]["openai/costs"] == {"": {"complete_through": "2025-12-02"}}

    assert run_extract(["openai/costs", "--since", "2026-01-02"], landing, env, NOW) == 0
    assert json.loads(state_file.read_text())["entities"]["openai/costs"] == {"": {"complete_through": "2025-12-02"}}
    assert run_extract(["openai/costs", "--since", "2025-12-03"], landing, env, NOW) == 0
    assert json.loads(state_file.read_text())["entities"]["openai/costs"] == {"": {"complete_through": "2026-01-02"}}


def test_a_damaged_file_stops_its_source_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A gzipped export cut short (EOFError) fails that source; the next one still runs."""
    exports, logs = tmp_path / "otel", tmp_path / "bedrock"
    exports.mkdir()
    logs.mkdir()
    (exports / "traces.json.gz").write_bytes(gzip.compress(b'{"resourceSpans": []}\n' * 50)[:40])
    (logs / "a.json").write_text(example_lines("aws", "bedrock_invocations")[0] + "\n")
    landing = tmp_path / "landing"

    status = cli.main(["gateway/otlp_traces", "aws", "--landing", str(landing)], now=NOW,
                      env={"OTLP_EXPORT_LOCATION": str(exports), "BEDROCK_LOG_LOCATION": str(logs)})

    assert status == 1
    assert "gateway/otlp_traces: failed" in capsys.readouterr().err
    assert len(landed_lines(landing, "aws", "bedrock_invocations")) == 1
    assert not (landing / "gateway").exists()
