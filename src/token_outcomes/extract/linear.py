"""Linear's GraphQL API: issues updated since the state's point, by Relay cursor (`after` = endCursor while
`pageInfo.hasNextPage`), archived ones included.

A personal API key goes in `Authorization` as it is (an OAuth token with `Bearer`). Linear says "rate
limited" with HTTP 400 (sometimes 429) and the GraphQL error code RATELIMITED; other GraphQL errors can
come with HTTP 200, and stop the source with Linear's message. The query asks for the fields staging reads
(models/staging/linear), nothing the project does not use.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from token_outcomes.extract.core import Context, Extractor, utc_text
from token_outcomes.extract.http import Api, CredentialError, ExtractError
from token_outcomes.extract.landing import LandingFile
from token_outcomes.extract.progress import EntityResult

PAGE_SIZE = 50
QUERY = """
query Issues($first: Int!, $after: String, $since: DateTimeOrDuration!) {
  issues(first: $first, after: $after, includeArchived: true, orderBy: updatedAt,
         filter: {updatedAt: {gte: $since}}) {
    nodes {
      id identifier title number url createdAt updatedAt completedAt canceledAt startedAt
      estimate priority priorityLabel
      assignee { id email name }
      creator { id email name }
      labels(first: 20) { nodes { id name } }
      attachments(first: 20) { nodes { id url title subtitle sourceType createdAt } }
      team { id key name }
      state { id name type }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def graphql_errors(response: httpx.Response) -> list[dict[str, Any]]:
    try:
        body = response.json()
    except ValueError:
        return []
    return body.get("errors") or [] if isinstance(body, dict) else []


class Issues(Extractor):
    source = "linear"
    entity = "issues"
    credential = "LINEAR_API_KEY"
    base_url_variable = "LINEAR_API_URL"
    default_base_url = "https://api.linear.app"

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        # A personal key is sent bare; an OAuth access token (lin_oauth_...) as a bearer token.
        return {"Authorization": f"Bearer {secret}" if secret.startswith("lin_oauth_") else secret}

    def rate_limited(self, response: httpx.Response) -> bool:
        codes = {(error.get("extensions") or {}).get("code") for error in graphql_errors(response)}
        return "RATELIMITED" in codes

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        since = ctx.updated_since(ctx.state.get(self.name).get("updated_since"))
        after = None
        while True:
            response = api.request("POST", "/graphql", json={
                "query": QUERY, "variables": {"first": PAGE_SIZE, "after": after, "since": utc_text(since)}})
            errors = graphql_errors(response)
            if errors:
                codes = {(error.get("extensions") or {}).get("code") for error in errors}
                message = "; ".join(str(error.get("message")) for error in errors)[:300]
                error_type = CredentialError if codes & {"AUTHENTICATION_ERROR", "FORBIDDEN"} else ExtractError
                raise error_type(f"{self.name}: Linear answered with errors ({message})"
                                 + (" - check LINEAR_API_KEY" if error_type is CredentialError else ""))
            self.land(ctx, out, result, response, ("data", "issues", "nodes"))
            page_info = json.loads(response.text)["data"]["issues"]["pageInfo"]
            if not page_info.get("hasNextPage"):
                break
            if not page_info.get("endCursor") or page_info["endCursor"] == after:
                raise ExtractError(f"{self.name}: Linear said there is a next page but gave no new endCursor; "
                                   "stopped instead of asking for the same page for ever.")
            after = page_info["endCursor"]
        return {"": {"updated_since": utc_text(ctx.extracted_at)}}


EXTRACTORS = [Issues]
