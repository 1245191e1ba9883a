"""LiteLLM proxy spend logs: `GET /spend/logs/v2` on the proxy, page by page (`page` until `total_pages`),
oldest first, by whole UTC days.

The proxy is the organisation's own (LITELLM_BASE_URL, no default). Its key is a proxy admin key, or a
virtual key of a user with the `proxy_admin_viewer` role, sent as a bearer token. `start_date` and
`end_date` are the proxy's "YYYY-MM-DD HH:MM:SS", in UTC. Each row of `data` lands as one line, as the
table `LiteLLM_SpendLogs` holds it (README, "LiteLLM").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from token_outcomes.extract.core import Context, Extractor
from token_outcomes.extract.http import Api
from token_outcomes.extract.landing import LandingFile
from token_outcomes.extract.progress import EntityResult

PAGE_SIZE = 100


class SpendLogs(Extractor):
    source = "gateway"
    entity = "litellm_spend_logs"
    credential = "LITELLM_API_KEY"
    settings = ("LITELLM_BASE_URL",)
    base_url_variable = "LITELLM_BASE_URL"

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {secret}"}

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        first, end = ctx.day_window(ctx.state.get(self.name).get("complete_through"))
        params: dict[str, Any] = {
            "start_date": f"{first.isoformat()} 00:00:00",
            "end_date": f"{(end - dt.timedelta(days=1)).isoformat()} 23:59:59",
            "page": 1, "page_size": PAGE_SIZE, "sort_by": "startTime", "sort_order": "asc",
        }
        while True:
            response = api.request("GET", "/spend/logs/v2", params=params)
            self.land(ctx, out, result, response, ("data",))
            if params["page"] >= int(response.json().get("total_pages") or 0):
                break
            params = {**params, "page": params["page"] + 1}
        return {"": {"complete_through": ctx.last_whole_day}}


EXTRACTORS = [SpendLogs]
