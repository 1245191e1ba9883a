"""PagerDuty REST API v2: `GET /incidents` by creation window, page by page (`offset` while `more`);
`GET /change_events` (deploys and merged pull requests) by time window, page by page the same way; and
`GET /incidents/{id}/related_change_events` for every incident of the window.

PagerDuty filters incidents by creation time only (`since`, `until`, at most 6 months apart) and has no
"updated since": an incident is resolved days after it starts. Each run therefore reads again every
incident created in the last PAGERDUTY_REREAD_DAYS days (default 14) besides the look-back, so that its
resolution lands. `offset + limit` may not pass 10,000: a window holding more is split in two. The key
is a REST API key (a read-only one is enough): `Authorization: Token token=...`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from token_outcomes.extract.core import Context, Extractor, day_start, utc_text
from token_outcomes.extract.http import Api, ExtractError
from token_outcomes.extract.landing import LandingFile, ResponseShapeError, raw_elements
from token_outcomes.extract.progress import EntityResult

PAGE_SIZE = 100
MAX_OFFSET = 10_000
WINDOW_DAYS = 30
DEFAULT_REREAD_DAYS = 14


class Incidents(Extractor):
    source = "pagerduty"
    entity = "incidents"
    credential = "PAGERDUTY_API_KEY"
    base_url_variable = "PAGERDUTY_API_URL"  # https://api.eu.pagerduty.com for an account in the EU
    default_base_url = "https://api.pagerduty.com"

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        return {"Authorization": f"Token token={secret}", "Accept": "application/vnd.pagerduty+json;version=2"}

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        saved = ctx.state.get(self.name).get("complete_through")
        first, end = ctx.day_window(saved)
        if saved and not ctx.since:
            reread = int(ctx.env.get("PAGERDUTY_REREAD_DAYS") or DEFAULT_REREAD_DAYS)
            first = min(first, ctx.today - dt.timedelta(days=reread))
        while first < end:
            stop = min(end, first + dt.timedelta(days=WINDOW_DAYS))
            self.window(ctx, api, out, result, day_start(first), day_start(stop))
            first = stop
        return {"": {"complete_through": ctx.last_whole_day}}

    def window(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult,
               since: dt.datetime, until: dt.datetime) -> None:
        params: dict[str, Any] = {
            "since": utc_text(since), "until": utc_text(until), "time_zone": "UTC", "sort_by": "created_at:asc",
            "limit": PAGE_SIZE, "offset": 0, "total": "true", "include[]": ["first_trigger_log_entries"],
        }
        first_page = api.request("GET", "/incidents", params=params)
        total = first_page.json().get("total")
        if isinstance(total, int) and total > MAX_OFFSET:
            if until - since <= dt.timedelta(hours=1):
                raise ExtractError(f"{self.name}: more than {MAX_OFFSET} incidents created between {utc_text(since)} "
                                   f"and {utc_text(until)}, more than PagerDuty lists for one window.")
            middle = since + (until - since) / 2
            self.window(ctx, api, out, result, since, middle)
            self.window(ctx, api, out, result, middle, until)
            return
        response = first_page
        while True:
            elements = self.land(ctx, out, result, response, ("incidents",))
            if not response.json().get("more") or not elements:
                return
            params = {**params, "offset": params["offset"] + len(elements)}
            response = api.request("GET", "/incidents", params=params)


class ChangeEvents(Incidents):
    """Change events by their time (`since`, `until`: UTC only), in 30-day windows of whole days."""

    entity = "change_events"

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        first, end = ctx.day_window(ctx.state.get(self.name).get("complete_through"))
        while first < end:
            stop = min(end, first + dt.timedelta(days=WINDOW_DAYS))
            params: dict[str, Any] = {"since": utc_text(day_start(first)), "until": utc_text(day_start(stop)),
                                      "limit": PAGE_SIZE, "offset": 0}
            while True:
                response = api.request("GET", "/change_events", params=params)
                elements = self.land(ctx, out, result, response, ("change_events",))
                if not response.json().get("more") or not elements:
                    break
                params = {**params, "offset": params["offset"] + len(elements)}
            first = stop
        return {"": {"complete_through": ctx.last_whole_day}}


class RelatedChangeEvents(Incidents):
    """The change events PagerDuty relates to each incident created in the window (as for incidents: the
    look-back, and every incident of the last PAGERDUTY_REREAD_DAYS days). The endpoint's elements do not
    say which incident they were read for: the extractor adds `"incident": {"id": ..., "type":
    "incident_reference"}` at the start of each element, and changes nothing else of its text."""

    entity = "related_change_events"

    def window(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult,
               since: dt.datetime, until: dt.datetime) -> None:
        params: dict[str, Any] = {"since": utc_text(since), "until": utc_text(until), "time_zone": "UTC",
                                  "sort_by": "created_at:asc", "limit": PAGE_SIZE, "offset": 0}
        incident_ids = []
        while True:
            page = api.request("GET", "/incidents", params=params).json()
            incidents = page.get("incidents") or []
            incident_ids += [incident["id"] for incident in incidents if isinstance(incident, dict) and "id" in incident]
            if not page.get("more") or not incidents or params["offset"] + len(incidents) >= MAX_OFFSET:
                break
            params = {**params, "offset": params["offset"] + len(incidents)}
        for incident_id in incident_ids:
            response = api.request("GET", f"/incidents/{incident_id}/related_change_events")
            try:
                elements = raw_elements(response.text, ("change_events",))
            except ResponseShapeError as error:
                raise ExtractError(f"{self.name}: the related change events of incident {incident_id} are not the "
                                   f"documented shape ({error}); nothing of this entity was landed.") from None
            reference = json.dumps({"id": incident_id, "type": "incident_reference"}, separators=(",", ":"))
            for element in elements:
                rest = element.strip()[1:].lstrip()
                out.write('{"incident":' + reference + ("" if rest.startswith("}") else ",") + rest)
            ctx.progress.page(result, len(elements))


EXTRACTORS = [Incidents, ChangeEvents, RelatedChangeEvents]
