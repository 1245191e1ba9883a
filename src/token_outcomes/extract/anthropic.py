"""Anthropic's Admin API reports: Claude Code Analytics, the Messages usage report, the cost report, and the
Usage and Cost Analytics API (beta).

Every report is asked for in whole UTC-day buckets from a UTC midnight (`bucket_width=1d`), so a day has
the same bucket, and the same key, in every extract. Pages follow `next_page` while `has_more`. The key is
an Admin API key (`x-api-key`, with `anthropic-version`); the analytics reports also take a key with the
`read:analytics` scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from token_outcomes.extract.core import Context, Extractor, day_start, days, utc_text
from token_outcomes.extract.http import Api, ExtractError
from token_outcomes.extract.landing import LandingFile
from token_outcomes.extract.progress import EntityResult

API_VERSION = "2023-06-01"
ANALYTICS_BETA = "analytics-usage-cost-2026-08-24"
# Buckets per page at 1d (the reports' maximum), and the longest window one request may span.
MAX_DAY_BUCKETS = 31


class AnthropicReport(Extractor):
    source = "anthropic"
    credential = "ANTHROPIC_ADMIN_KEY"
    base_url_variable = "ANTHROPIC_BASE_URL"
    default_base_url = "https://api.anthropic.com"
    path = ""
    params: ClassVar[Mapping[str, Any]] = {}

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        return {"x-api-key": secret, "anthropic-version": API_VERSION}

    def pages(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult, params: dict[str, Any]) -> None:
        """Every page of one request, each element of `data` landed as a line."""
        while True:
            response = api.request("GET", self.path, params=params)
            self.land(ctx, out, result, response, ("data",))
            body = response.json()
            if not body.get("has_more") or not body.get("next_page"):
                return
            if body["next_page"] == params.get("page"):
                raise ExtractError(f"{self.name}: {self.path} gave the page cursor it was asked with as the next "
                                   "one; stopped instead of asking for the same page for ever.")
            params = {**params, "page": body["next_page"]}

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        first, end = ctx.day_window(ctx.state.get(self.name).get("complete_through"))
        while first < end:
            # A window of at most MAX_DAY_BUCKETS days per request, from a UTC midnight to a UTC midnight.
            stop = min(end, first + dt.timedelta(days=MAX_DAY_BUCKETS))
            self.pages(ctx, api, out, result, {
                "starting_at": utc_text(day_start(first)), "ending_at": utc_text(day_start(stop)),
                "limit": MAX_DAY_BUCKETS, **self.params,
            })
            first = stop
        return {"": {"complete_through": ctx.last_whole_day}}


class MessagesUsage(AnthropicReport):
    """GET /v1/organizations/usage_report/messages: token buckets per day and every dimension of the key."""

    entity = "messages_usage"
    path = "/v1/organizations/usage_report/messages"
    params: ClassVar[Mapping[str, Any]] = {"bucket_width": "1d", "group_by[]": [
        "account_id", "service_account_id", "api_key_id", "workspace_id", "model", "service_tier",
        "context_window", "inference_geo",
    ]}


class CostReport(AnthropicReport):
    """GET /v1/organizations/cost_report: the bill per day, workspace and description (1d is its only width)."""

    entity = "cost_report"
    path = "/v1/organizations/cost_report"
    params: ClassVar[Mapping[str, Any]] = {"bucket_width": "1d", "group_by[]": ["workspace_id", "description"]}


class AnalyticsReport(AnthropicReport):
    """The Usage and Cost Analytics API (beta): rows per day and actor, model, product, workspace and key. The
    two reports are asked with the same grouping (README: rows of two groupings are two slices of one cost)."""

    opt_in = True
    params: ClassVar[Mapping[str, Any]] = {"time_bucket_width": "1d", "group_by[]": ["actor", "model", "product", "workspace_id", "api_key_id"]}
    credentials = ("ANTHROPIC_ANALYTICS_KEY", "ANTHROPIC_ADMIN_KEY")

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        return {**super().headers(secret, env), "anthropic-beta": ANALYTICS_BETA}


class AnalyticsCost(AnalyticsReport):
    entity = "analytics_cost"
    path = "/v1/organizations/analytics/cost"


class AnalyticsUsage(AnalyticsReport):
    entity = "analytics_usage"
    path = "/v1/organizations/analytics/usage"


class ClaudeCodeUsage(AnthropicReport):
    """GET /v1/organizations/usage_report/claude_code: one request per UTC day (`starting_at` is a date and the
    report holds that day only), up to 1,000 records a page."""

    entity = "claude_code_usage"
    path = "/v1/organizations/usage_report/claude_code"

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        first, end = ctx.day_window(ctx.state.get(self.name).get("complete_through"))
        for day in days(first, end):
            self.pages(ctx, api, out, result, {"starting_at": day.isoformat(), "limit": 1000})
        return {"": {"complete_through": ctx.last_whole_day}}


EXTRACTORS = [ClaudeCodeUsage, MessagesUsage, CostReport, AnalyticsCost, AnalyticsUsage]
