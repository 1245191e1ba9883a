"""Jira Cloud's enhanced search, `GET /rest/api/3/search/jql` (the old `/search` is gone): issues updated
since the state's point, page by page with `nextPageToken` until `isLast`.

Basic auth with the account's e-mail and an API token. The update time is given to JQL in epoch
milliseconds: a time written as a date is read in the account's own time zone. Jira returns only the id
unless `fields` names more, so the request names every field staging reads (models/staging/jira) and the
story-points field (JIRA_STORY_POINTS_FIELD, the dbt var `jira_story_points_field`). JIRA_JQL narrows the
search (e.g. `project in (ENG, OPS)`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from token_outcomes.extract.core import Context, Extractor, utc_text
from token_outcomes.extract.http import Api, ExtractError
from token_outcomes.extract.landing import LandingFile
from token_outcomes.extract.progress import EntityResult

FIELDS = ["summary", "issuetype", "priority", "status", "resolution", "assignee", "creator", "reporter",
          "created", "updated", "resolutiondate", "labels", "issuelinks"]
DEFAULT_STORY_POINTS_FIELD = "customfield_10016"


class Issues(Extractor):
    source = "jira"
    entity = "issues"
    credential = "JIRA_API_TOKEN"
    settings = ("JIRA_BASE_URL", "JIRA_EMAIL")
    base_url_variable = "JIRA_BASE_URL"

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        return {"Accept": "application/json"}

    def auth(self, secret: str, env: Mapping[str, str]) -> httpx.Auth:
        return httpx.BasicAuth(env["JIRA_EMAIL"], secret)

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        since = ctx.updated_since(ctx.state.get(self.name).get("updated_since"))
        jql = f"updated >= {int(since.timestamp() * 1000)}"
        if ctx.env.get("JIRA_JQL"):
            jql = f"({ctx.env['JIRA_JQL']}) AND {jql}"
        fields = [*FIELDS, ctx.env.get("JIRA_STORY_POINTS_FIELD") or DEFAULT_STORY_POINTS_FIELD]
        params: dict[str, Any] = {"jql": f"{jql} ORDER BY updated ASC", "fields": ",".join(fields),
                                  "maxResults": 100}
        while True:
            response = api.request("GET", "/rest/api/3/search/jql", params=params)
            self.land(ctx, out, result, response, ("issues",))
            body = response.json()
            if body.get("isLast") is True or not body.get("nextPageToken"):
                break
            if body["nextPageToken"] == params.get("nextPageToken"):
                raise ExtractError(f"{self.name}: Jira gave the page token it was asked with as the next one; "
                                   "stopped instead of asking for the same page for ever.")
            params = {**params, "nextPageToken": body["nextPageToken"]}
        return {"": {"updated_since": utc_text(ctx.extracted_at)}}


EXTRACTORS = [Issues]
