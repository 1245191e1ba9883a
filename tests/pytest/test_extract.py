"""The extractors against a local server that plays each vendor's API from its documented example responses
(pytest-httpserver; never the real APIs): pages, rate limits, failures, rejected credentials, restated
buckets, the state a later run starts from, and a run killed half-way.

A landed line must be the element exactly as the server sent it (byte for byte: the server's responses are
written here with their own spacing and number spellings), so each expected file is the elements' text.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from token_outcomes.extract import cli

VENDOR_EXAMPLES = Path(cli.REPO_ROOT) / "src" / "token_outcomes" / "demo" / "vendor_examples"
NOW = dt.datetime(2026, 1, 3, 6, 0, 0, tzinfo=dt.UTC)
ANTHROPIC_KEY = "sk-ant-admin01-test-" + "x" * 20
OPENAI_KEY = "sk-admin-test-" + "y" * 20


def example_lines(source: str, entity: str) -> list[str]:
    (path,) = (VENDOR_EXAMPLES / source / entity).glob("*.jsonl")
    return path.read_text(encoding="utf-8").splitlines()


def page(elements: list[str], array: str = "data", **fields: Any) -> str:
    """A response body holding the elements' own text, with spacing of its own around them."""
    tail = "".join(f',\n  "{name}": {json.dumps(value)}' for name, value in fields.items())
    return '{\n  "' + array + '": [\n    ' + ",\n    ".join(elements) + "\n  ]" + tail + "\n}"


class Recorder:
    """The sleeps a run asked for (rate-limit waits and back-off), without sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def run(args: list[str], landing: Path, server: HTTPServer, now: dt.datetime = NOW,
        env: dict[str, str] | None = None, sleep: Recorder | None = None) -> int:
    base = server.url_for("").rstrip("/")
    environment = {
        "ANTHROPIC_ADMIN_KEY": ANTHROPIC_KEY, "ANTHROPIC_BASE_URL": base,
        "OPENAI_ADMIN_KEY": OPENAI_KEY, "OPENAI_BASE_URL": base + "/v1",
        **(env or {}),
    }
    return cli.main([*args, "--landing", str(landing)], env=environment, sleep=sleep or Recorder(), now=now)


def landed(landing: Path, source: str, entity: str) -> dict[str, str]:
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
            return Response(page(second_run, has_more=False, next_page=None))
        if "page" not in request.args:
            return Response(page(buckets[:2], has_more=True, next_page="page_MjAyNi0wMS0wM1QwMDowMDowMFo="))
        assert request.args["page"] == "page_MjAyNi0wMS0wM1QwMDowMDowMFo="
        return Response(page(buckets[2:], has_more=False, next_page=None))

    httpserver.expect_request("/v1/organizations/usage_report/messages").respond_with_handler(handler)
    landing = tmp_path / "landing"
    sleep = Recorder()

    assert run(["anthropic/messages_usage", "--since", "2026-01-01"], landing, httpserver, sleep=sleep) == 0

    assert landed(landing, "anthropic", "messages_usage") == {"2026-01-03T06-00-00Z.jsonl": "\n".join(buckets) + "\n"}
    # One window from a UTC midnight to the midnight after today, by day, grouped by every key dimension.
    assert calls[0]["args"]["starting_at"] == ["2026-01-01T00:00:00Z"]
    assert calls[0]["args"]["ending_at"] == ["2026-01-04T00:00:00Z"]
    assert calls[0]["args"]["bucket_width"] == ["1d"]
    assert calls[0]["args"]["group_by[]"] == ["account_id", "service_account_id", "api_key_id", "workspace_id",
                                              "model", "service_tier", "context_window", "inference_geo"]
    assert {(call["key"], call["version"]) for call in calls} == {(ANTHROPIC_KEY, "2023-06-01")}
    assert len(calls) == 4  # 429, 500, page 1, page 2
    assert sleep.waits[0] == 3.0  # Retry-After
    assert 2.0 <= sleep.waits[1] <= 3.0  # back-off at the second try: 2 s, plus up to 1 s of jitter
    state = json.loads((tmp_path / "landing.extract-state.json").read_text())
    assert state["entities"]["anthropic/messages_usage"] == {"": {"complete_through": "2026-01-02"}}
    assert list((landing / ".extract-partial").glob("*.partial")) == []

    # The next day, without --since: the two look-back days before the state's day after (2026-01-01 and
    # 2026-01-02, which vendors restate), then what is new.
    calls.clear()
    assert run(["anthropic/messages_usage"], landing, httpserver, now=NOW + dt.timedelta(days=1)) == 0
    assert len(calls) == 1
    assert calls[0]["args"]["starting_at"] == ["2026-01-01T00:00:00Z"]
    assert calls[0]["args"]["ending_at"] == ["2026-01-05T00:00:00Z"]
    assert landed(landing, "anthropic", "messages_usage")["2026-01-04T06-00-00Z.jsonl"] == "\n".join(second_run) + "\n"
    state = json.loads((tmp_path / "landing.extract-state.json").read_text())
    assert state["entities"]["anthropic/messages_usage"] == {"": {"complete_through": "2026-01-03"}}
