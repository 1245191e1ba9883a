"""A local server that plays each vendor's API (pytest-httpserver), and a helper that runs the extractors
against it. The records it serves are the vendor examples (src/token_outcomes/demo/vendor_examples), each
inside the page shape the vendor's reference documents, with spacing of the server's own around them: a
landed line must be the record's own text, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from token_outcomes import demo
from token_outcomes.extract import cli

ANTHROPIC_KEY = "sk-ant-admin01-test-" + "a" * 24
OPENAI_KEY = "sk-admin-test-" + "o" * 24
GITHUB_TOKEN = "github_pat_test_" + "g" * 24
CURSOR_KEY = "key_test_" + "c" * 24
LINEAR_KEY = "lin_api_test_" + "l" * 24
JIRA_TOKEN = "ATATT-test-" + "j" * 24
PAGERDUTY_KEY = "u+test-" + "p" * 24
LITELLM_KEY = "sk-litellm-test-" + "m" * 24
SECRETS = [ANTHROPIC_KEY, OPENAI_KEY, GITHUB_TOKEN, CURSOR_KEY, LINEAR_KEY, JIRA_TOKEN, PAGERDUTY_KEY, LITELLM_KEY]


def example_lines(source: str, entity: str) -> list[str]:
    (path,) = (demo.VENDOR_EXAMPLES / source / entity).glob("*.jsonl")
    return path.read_text(encoding="utf-8").splitlines()


def body(elements: list[str], array: str = "data", **fields: Any) -> str:
    """A response holding the elements' own text in `array` (a dotted path nests objects), pretty-printed."""
    *outer, inner = array.split(".")
    text = '{\n  "' + inner + '": [\n    ' + ",\n    ".join(elements) + "\n  ]"
    text += "".join(f',\n  "{name}": {json.dumps(value)}' for name, value in fields.items()) + "\n}"
    for name in reversed(outer):
        text = '{"' + name + '": ' + text + "}"
    return text


class Sleeps:
    """The waits a run asked for (rate limits, back-off), recorded instead of slept."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def environment(server: HTTPServer, **extra: str) -> dict[str, str]:
    base = server.url_for("").rstrip("/")
    return {
        "ANTHROPIC_ADMIN_KEY": ANTHROPIC_KEY, "ANTHROPIC_BASE_URL": base,
        "OPENAI_ADMIN_KEY": OPENAI_KEY, "OPENAI_BASE_URL": base + "/v1",
        "GITHUB_TOKEN": GITHUB_TOKEN, "GITHUB_API_URL": base, "GITHUB_REPOSITORIES": "octocat/Hello-World",
        "GITHUB_COPILOT_ORG": "octo-org",
        "CURSOR_API_KEY": CURSOR_KEY, "CURSOR_API_URL": base,
        "LINEAR_API_KEY": LINEAR_KEY, "LINEAR_API_URL": base,
        "JIRA_API_TOKEN": JIRA_TOKEN, "JIRA_BASE_URL": base, "JIRA_EMAIL": "ops@example.com",
        "PAGERDUTY_API_KEY": PAGERDUTY_KEY, "PAGERDUTY_API_URL": base,
        "LITELLM_API_KEY": LITELLM_KEY, "LITELLM_BASE_URL": base + "/litellm",
        **extra,
    }


def run_extract(args: list[str], landing: Path, env: dict[str, str], now: dt.datetime,
                sleeps: Sleeps | None = None) -> int:
    return cli.main([*args, "--landing", str(landing)], env=env, sleep=sleeps or Sleeps(), now=now)


def landed_lines(landing: Path, source: str, entity: str) -> list[str]:
    """Every line landed for an entity, files in name order."""
    folder = landing / source / entity
    return [line for path in sorted(folder.glob("*.jsonl")) for line in path.read_text(encoding="utf-8").splitlines()]


def serve_vendor_examples(server: HTTPServer, day: dt.date) -> None:
    """Every API of the extractors, answering with the vendor examples for `day` (the first day the
    extractors ask for) and with empty pages for any other day. Lists that are not by day (pull requests,
    issues, incidents, usage events) answer with their examples once per extract."""

    def anthropic(source_entity: str, day_param: str = "starting_at"):
        lines = example_lines("anthropic", source_entity)

        def handler(request: Request) -> Response:
            asked = request.args[day_param][:10] == day.isoformat()
            if "page" not in request.args and asked:  # two pages: the last element on the second
                return Response(body(lines[:-1], has_more=True, next_page="page_Mg=="))
            if request.args.get("page") == "page_Mg==":
                return Response(body(lines[-1:], has_more=False, next_page=None))
            return Response(body([], has_more=False, next_page=None))
        return handler

    for entity, path in [("messages_usage", "/v1/organizations/usage_report/messages"),
                         ("cost_report", "/v1/organizations/cost_report"),
                         ("claude_code_usage", "/v1/organizations/usage_report/claude_code"),
                         ("analytics_cost", "/v1/organizations/analytics/cost"),
                         ("analytics_usage", "/v1/organizations/analytics/usage")]:
        server.expect_request(path).respond_with_handler(anthropic(entity))

    def openai(entity: str):
        lines = example_lines("openai", entity)

        def handler(request: Request) -> Response:
            asked = dt.datetime.fromtimestamp(int(request.args["start_time"]), dt.UTC).date() == day
            data = lines if asked else []
            return Response(body(data, object="page", has_more=False, next_page=None))
        return handler

    server.expect_request("/v1/organization/usage/completions").respond_with_handler(openai("completions_usage"))
    server.expect_request("/v1/organization/costs").respond_with_handler(openai("costs"))

    base = server.url_for("").rstrip("/")
    pulls = example_lines("github", "pull_requests")
    server.expect_request("/repos/octocat/Hello-World/pulls").respond_with_data(
        "[\n" + ",\n".join(pulls) + "\n]", content_type="application/json")
    reviews = example_lines("github", "pull_request_reviews")
    server.expect_request("/repos/octocat/Hello-World/pulls/1347/reviews").respond_with_data(
        "[" + ",".join(reviews) + "]", content_type="application/json")
    server.expect_request("/orgs/octo-org/copilot/billing/seats").respond_with_data(body(
        ['{"assignee": {"login": "hubot", "id": 2}}', '{"assignee": {"login": "monalisa", "id": 1}}'],
        "seats", total_seats=2))
    credit = example_lines("github", "copilot_ai_credit_usage")

    def ai_credit(request: Request) -> Response:
        asked = dt.date(int(request.args["year"]), int(request.args["month"]), int(request.args["day"])) == day
        if asked:  # the documented year report for one user, the per-user day report for the other
            return Response(credit[0] if request.args["user"] == "hubot" else credit[1])
        return Response(json.dumps({"timePeriod": {"year": 2026}, "organization": "octo-org",
                                    "user": request.args["user"], "usageItems": []}))

    server.expect_request("/organizations/octo-org/settings/billing/ai_credit/usage").respond_with_handler(ai_credit)
    metrics = example_lines("github", "copilot_user_metrics")

    def metrics_report(request: Request) -> Response:
        if request.args["day"] != day.isoformat():
            return Response(status=204)
        return Response(json.dumps({"download_links": [f"{base}/blob/users-1.ndjson?sig=secret-signature"],
                                    "report_day": day.isoformat()}))

    server.expect_request("/orgs/octo-org/copilot/metrics/reports/users-1-day").respond_with_handler(metrics_report)
    server.expect_request("/blob/users-1.ndjson").respond_with_data("\n".join(metrics) + "\n")

    server.expect_request("/teams/filtered-usage-events", method="POST").respond_with_data(body(
        example_lines("cursor", "usage_events"), "usageEvents", totalUsageEventsCount=3,
        pagination={"numPages": 1, "currentPage": 1, "pageSize": 1000, "hasNextPage": False,
                    "hasPreviousPage": False}))
    server.expect_request("/analytics/ai-code/commits").respond_with_data(body(
        example_lines("cursor", "ai_code_commits"), "items", totalCount=2, page=1, pageSize=1000))
    server.expect_request("/graphql", method="POST").respond_with_data(body(
        example_lines("linear", "issues"), "data.issues.nodes", pageInfo={"hasNextPage": False, "endCursor": None}))
    server.expect_request("/rest/api/3/search/jql").respond_with_data(body(
        example_lines("jira", "issues"), "issues", isLast=True))
    spend_logs = example_lines("gateway", "litellm_spend_logs")

    def litellm(request: Request) -> Response:
        asked = request.args["start_date"] == f"{day.isoformat()} 00:00:00"
        return Response(body(spend_logs if asked else [], total=len(spend_logs), page=1, page_size=100,
                             total_pages=1))

    server.expect_request("/litellm/spend/logs/v2").respond_with_handler(litellm)
    server.expect_request("/incidents").respond_with_data(body(
        example_lines("pagerduty", "incidents"), "incidents", limit=100, offset=0, total=1, more=False))
    server.expect_request("/change_events").respond_with_data(body(
        example_lines("pagerduty", "change_events"), "change_events", limit=100, offset=0, total=None, more=False))
    # The endpoint's elements do not name the incident: the extractor adds it at the start of each.
    incident_reference = '{"incident":{"id":"PT4KHLK","type":"incident_reference"},'
    related = [line.replace(incident_reference, "{", 1) for line in example_lines("pagerduty", "related_change_events")]
    server.expect_request("/incidents/PT4KHLK/related_change_events").respond_with_data(body(related, "change_events"))
