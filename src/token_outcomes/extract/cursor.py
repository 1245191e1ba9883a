"""Cursor's Admin API: `POST /teams/filtered-usage-events`, page by page, in windows of at most 30 days; and
the AI Code Tracking API (Enterprise, alpha): `GET /analytics/ai-code/commits`, page by page.

The key is a team Admin API key sent as the Basic-auth user with an empty password. Both bounds of a window
are inclusive epoch milliseconds, so a window ends one millisecond before the next one's UTC midnight.
Events have no id (README, "Cursor"): an event's key counts its place among events of the same person,
model and millisecond in its extract, which re-reading the same window gives again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import httpx

from token_outcomes.extract.core import Context, Extractor, day_start
from token_outcomes.extract.http import Api
from token_outcomes.extract.landing import LandingFile
from token_outcomes.extract.progress import EntityResult

WINDOW_DAYS = 30
PAGE_SIZE = 1000


class UsageEvents(Extractor):
    source = "cursor"
    entity = "usage_events"
    credential = "CURSOR_API_KEY"
    base_url_variable = "CURSOR_API_URL"
    default_base_url = "https://api.cursor.com"

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        return {}

    def auth(self, secret: str, env: Mapping[str, str]) -> httpx.Auth:
        return httpx.BasicAuth(secret, "")

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        first, end = ctx.day_window(ctx.state.get(self.name).get("complete_through"))
        while first < end:
            stop = min(end, first + dt.timedelta(days=WINDOW_DAYS))
            body = {"startDate": int(day_start(first).timestamp() * 1000),
                    "endDate": int(day_start(stop).timestamp() * 1000) - 1, "page": 1, "pageSize": PAGE_SIZE}
            while True:
                response = api.request("POST", "/teams/filtered-usage-events", json=body)
                events = self.land(ctx, out, result, response, ("usageEvents",))
                # An empty page that still says there is a next one would be asked for without end.
                if not events or not (response.json().get("pagination") or {}).get("hasNextPage"):
                    break
                body = {**body, "page": body["page"] + 1}
            first = stop
        return {"": {"complete_through": ctx.last_whole_day}}


class AiCodeCommits(UsageEvents):
    """Commits with the lines Cursor's AI wrote, by commit day (`startDate`, `endDate`: ISO dates), 1,000 a
    page. Cursor documents the commit's fields but not the page around them (the API is alpha): the
    commits are read from the first of `items`, `commits` or `data` that is an array, and a page shorter
    than asked for is the last. Cursor allows 5 requests a minute: a 429 waits what it asks."""

    entity = "ai_code_commits"

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        first, end = ctx.day_window(ctx.state.get(self.name).get("complete_through"))
        while first < end:
            stop = min(end, first + dt.timedelta(days=WINDOW_DAYS))
            params = {"startDate": first.isoformat(), "endDate": (stop - dt.timedelta(days=1)).isoformat(),
                      "page": 1, "pageSize": PAGE_SIZE}
            while True:
                response = api.request("GET", "/analytics/ai-code/commits", params=params)
                page = response.json()
                array = next((name for name in ("items", "commits", "data") if isinstance(page.get(name), list)),
                             "items")
                commits = self.land(ctx, out, result, response, (array,))
                if len(commits) < PAGE_SIZE:
                    break
                params = {**params, "page": params["page"] + 1}
            first = stop
        return {"": {"complete_through": ctx.last_whole_day}}


EXTRACTORS = [UsageEvents, AiCodeCommits]
