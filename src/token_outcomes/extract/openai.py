"""OpenAI's organisation Usage and Costs APIs: completions usage and costs, in whole UTC-day buckets.

OpenAI starts a bucket at the request's `start_time` (it does not snap it), so every request starts at a
UTC midnight with `bucket_width=1d`. Times are Unix seconds; pages follow `next_page` until it is null.
The key is an organisation Admin key (`Authorization: Bearer`); a project key is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from token_outcomes.extract.core import Context, Extractor, day_start
from token_outcomes.extract.http import Api, ExtractError
from token_outcomes.extract.landing import LandingFile
from token_outcomes.extract.progress import EntityResult


class OpenAIReport(Extractor):
    source = "openai"
    credential = "OPENAI_ADMIN_KEY"
    base_url_variable = "OPENAI_BASE_URL"
    default_base_url = "https://api.openai.com/v1"
    path = ""
    max_buckets = 31
    group_by: tuple[str, ...] = ()

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {secret}"}

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        first, end = ctx.day_window(ctx.state.get(self.name).get("complete_through"))
        while first < end:
            stop = min(end, first + dt.timedelta(days=self.max_buckets))
            params: dict[str, Any] = {
                "start_time": int(day_start(first).timestamp()), "end_time": int(day_start(stop).timestamp()),
                "bucket_width": "1d", "limit": self.max_buckets, "group_by": list(self.group_by),
            }
            while True:
                response = api.request("GET", self.path, params=params)
                self.land(ctx, out, result, response, ("data",))
                next_page = response.json().get("next_page")
                if not next_page:
                    break
                if next_page == params.get("page"):
                    raise ExtractError(f"{self.name}: {self.path} gave the page cursor it was asked with as the "
                                       "next one; stopped instead of asking for the same page for ever.")
                params = {**params, "page": next_page}
            first = stop
        return {"": {"complete_through": ctx.last_whole_day}}


class CompletionsUsage(OpenAIReport):
    """GET /v1/organization/usage/completions, grouped by every dimension of the key."""

    entity = "completions_usage"
    path = "/organization/usage/completions"
    group_by = ("project_id", "user_id", "api_key_id", "model", "batch", "service_tier")


class Costs(OpenAIReport):
    """GET /v1/organization/costs: the bill per day, project and line item (up to 180 buckets a page)."""

    entity = "costs"
    path = "/organization/costs"
    max_buckets = 180
    group_by = ("project_id", "line_item")


EXTRACTORS = [CompletionsUsage, Costs]
