"""GitHub: pull requests and their reviews per repository, and Copilot's AI-credit usage and usage-metrics
reports.

Lists follow the `Link` header's rel="next" URL as given (GitHub builds it with the repository's numeric
id). Pull requests have no "updated since" filter: they are listed by `updated_at`, newest first, until a
page reaches the repository's point in the state (less the look-back). Copilot's AI-credit report is asked
once per user and UTC day (README, "GitHub Copilot"), its users from the organisation's Copilot seats; the
usage-metrics report is a list of signed `download_links` to NDJSON files, fetched without the token (an
expired link is asked for again).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from token_outcomes.extract.core import Context, Extractor, days, utc_text
from token_outcomes.extract.http import Api, ExtractError
from token_outcomes.extract.landing import LandingFile, one_line, raw_elements
from token_outcomes.extract.progress import EntityResult

API_VERSION = "2022-11-28"
REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class GitHub(Extractor):
    source = "github"
    credential = "GITHUB_TOKEN"
    base_url_variable = "GITHUB_API_URL"
    default_base_url = "https://api.github.com"

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {secret}", "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION}

    def listing(self, ctx: Context, api: Api, url: str, params: dict[str, Any] | None,
                path: tuple[str, ...] = ()) -> Iterator[tuple[httpx.Response, list[str]]]:
        """Each page of a list (its elements' text) until the Link header has no rel="next"."""
        while url:
            response = api.request("GET", url, params=params)
            if response.status_code == 204:
                return
            yield response, raw_elements(response.text, path) if path else _top_array(response.text, url)
            next_url = response.links.get("next", {}).get("url")
            if next_url and httpx.URL(next_url) == response.request.url:
                raise ExtractError(f"github: the Link header of {url} names the same page as next; stopped "
                                   "instead of asking for it for ever.")
            url, params = next_url, None


def _top_array(text: str, where: str) -> list[str]:
    """The elements of a response that is itself an array."""
    wrapped = '{"a":' + text + "}"
    try:
        return raw_elements(wrapped, ("a",))
    except ValueError as error:
        raise ExtractError(f"github: the response of {where} is not a JSON array ({error})") from None


class Repositories(GitHub):
    """What lists pull requests: GITHUB_REPOSITORIES (owner/name, separated by commas or spaces), else every
    repository of GITHUB_ORG that is not archived."""

    def missing(self, env: Mapping[str, str]) -> list[str]:
        missing = super().missing(env)
        if not env.get("GITHUB_REPOSITORIES") and not env.get("GITHUB_ORG"):
            missing.append("GITHUB_REPOSITORIES or GITHUB_ORG")
        return missing

    def repositories(self, ctx: Context, api: Api) -> list[str]:
        named = [name for name in re.split(r"[,\s]+", ctx.env.get("GITHUB_REPOSITORIES", "")) if name]
        wrong = [name for name in named if not REPOSITORY.match(name)]
        if wrong:
            raise ExtractError(f"{self.name}: GITHUB_REPOSITORIES names {', '.join(wrong)}, not owner/name.")
        if named:
            return named
        repositories = []
        for _, elements in self.listing(ctx, api, f"/orgs/{ctx.env['GITHUB_ORG']}/repos",
                                        {"type": "all", "per_page": 100}):
            repositories += [repo["full_name"] for repo in map(json.loads, elements) if not repo.get("archived")]
        return repositories

    def pull_requests(self, ctx: Context, api: Api, repository: str, since: dt.datetime) -> Iterator[tuple[str, dict[str, Any]]]:
        """Pull requests updated at or after `since`, newest first (text and parsed)."""
        for _, elements in self.listing(ctx, api, f"/repos/{repository}/pulls",
                                        {"state": "all", "sort": "updated", "direction": "desc", "per_page": 100}):
            for element in elements:
                pull = json.loads(element)
                if dt.datetime.fromisoformat(pull["updated_at"]) < since:
                    return
                yield element, pull


class PullRequests(Repositories):
    """GET /repos/{owner}/{repo}/pulls?state=all&sort=updated&direction=desc, per repository."""

    entity = "pull_requests"

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        slices = {}
        for repository in self.repositories(ctx, api):
            since = ctx.updated_since(ctx.state.get(self.name, repository).get("updated_since"))
            count = 0
            for element, _ in self.pull_requests(ctx, api, repository, since):
                out.write(element)
                count += 1
            ctx.progress.page(result, count)
            slices[repository] = {"updated_since": utc_text(ctx.extracted_at)}
        return slices


class PullRequestReviews(Repositories):
    """GET /repos/{owner}/{repo}/pulls/{n}/reviews for each pull request updated since the repository's point
    (a review updates its pull request's updated_at)."""

    entity = "pull_request_reviews"

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        slices = {}
        for repository in self.repositories(ctx, api):
            since = ctx.updated_since(ctx.state.get(self.name, repository).get("updated_since"))
            numbers = [pull["number"] for _, pull in self.pull_requests(ctx, api, repository, since)]
            for number in numbers:
                for _, elements in self.listing(ctx, api, f"/repos/{repository}/pulls/{number}/reviews",
                                                {"per_page": 100}):
                    for element in elements:
                        out.write(element)
                    ctx.progress.page(result, len(elements))
            slices[repository] = {"updated_since": utc_text(ctx.extracted_at)}
        return slices


class Copilot(GitHub):
    """Copilot reports of an organisation (GITHUB_COPILOT_ORG) or an enterprise (GITHUB_COPILOT_ENTERPRISE)."""

    def missing(self, env: Mapping[str, str]) -> list[str]:
        missing = super().missing(env)
        if not env.get("GITHUB_COPILOT_ORG") and not env.get("GITHUB_COPILOT_ENTERPRISE"):
            missing.append("GITHUB_COPILOT_ORG or GITHUB_COPILOT_ENTERPRISE")
        return missing

    @staticmethod
    def scope(env: Mapping[str, str]) -> tuple[str, str]:
        if env.get("GITHUB_COPILOT_ORG"):
            return "organizations", env["GITHUB_COPILOT_ORG"]
        return "enterprises", env["GITHUB_COPILOT_ENTERPRISE"]


class CopilotAiCreditUsage(Copilot):
    """GET /organizations/{org}/settings/billing/ai_credit/usage?user=&year=&month=&day= (or the enterprise's),
    once per seated user and UTC day; each whole response is one line (its items say neither day nor user)."""

    entity = "copilot_ai_credit_usage"

    def users(self, ctx: Context, api: Api) -> list[str]:
        """The logins holding a Copilot seat (GET .../copilot/billing/seats)."""
        kind, name = self.scope(ctx.env)
        url = f"/{'orgs' if kind == 'organizations' else 'enterprises'}/{name}/copilot/billing/seats"
        logins = []
        for _, elements in self.listing(ctx, api, url, {"per_page": 100}, ("seats",)):
            logins += [seat["assignee"]["login"] for seat in map(json.loads, elements) if seat.get("assignee")]
        return sorted(set(logins))

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        kind, name = self.scope(ctx.env)
        first, end = ctx.day_window(ctx.state.get(self.name, name).get("complete_through"))
        users = self.users(ctx, api)
        for day in days(first, end):
            for login in users:
                response = api.request("GET", f"/{kind}/{name}/settings/billing/ai_credit/usage", params={
                    "user": login, "year": day.year, "month": day.month, "day": day.day})
                raw_elements(response.text, ("usageItems",))  # the documented shape, or the entity fails
                out.write(one_line(response.text.strip()))
                ctx.progress.page(result, 1)
        return {name: {"complete_through": ctx.last_whole_day}}


class CopilotUserMetrics(Copilot):
    """GET /orgs/{org}/copilot/metrics/reports/users-1-day?day= (or the enterprise's): the NDJSON files behind
    its download_links, line by line as downloaded. GitHub publishes a day's report a day or two later: a day
    of the last REPORT_DELAY_DAYS without a report (204 or 404) ends the run's window there, and the next run
    asks again; an older day without one is passed over and named in the run's note."""

    entity = "copilot_user_metrics"
    link_tries = 3
    report_delay_days = 3

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        kind, name = self.scope(ctx.env)
        saved = ctx.state.get(self.name, name).get("complete_through")
        first, _ = ctx.day_window(saved)
        complete_through = saved
        without_report = []
        with httpx.Client(timeout=120.0, follow_redirects=True) as downloads:
            # A signed link must go without the token: a client of its own, with the same retries.
            download_api = Api(self.name, downloads, "the report's signed download link",
                               max_tries=api.max_tries, max_wait_s=api.max_wait_s, sleep=api.sleep,
                               on_wait=api.on_wait)
            for day in days(first, ctx.today):
                lines = self.report_lines(api, download_api, kind, name, day)
                if lines is None:
                    if day >= ctx.today - dt.timedelta(days=self.report_delay_days):
                        break
                    without_report.append(day.isoformat())
                    lines = []
                for line in lines:
                    out.write(line)
                ctx.progress.page(result, len(lines))
                complete_through = day.isoformat()
        if without_report:
            result.note = (f"no report for {len(without_report)} day(s) ({', '.join(without_report[:5])}"
                           + (", ..." if len(without_report) > 5 else "") + "): metrics off then, or the organisation "
                           "name is wrong")
        return {name: {"complete_through": complete_through}} if complete_through else {}

    def report_lines(self, api: Api, downloads: Api, kind: str, name: str, day: dt.date) -> list[str] | None:
        url = f"/{'orgs' if kind == 'organizations' else 'enterprises'}/{name}/copilot/metrics/reports/users-1-day"
        for _ in range(self.link_tries):
            try:
                response = api.request("GET", url, params={"day": day.isoformat()})
            except ExtractError as error:
                if error.status == 404:
                    return None
                raise
            if response.status_code == 204:
                return None
            lines: list[str] = []
            try:
                for link in response.json()["download_links"]:
                    text = downloads.request("GET", link).text
                    lines += [line.rstrip("\r") for line in text.split("\n") if line.strip()]
            except ExtractError as error:
                if error.status in (401, 403):  # the signed link expired: ask the report for new links
                    continue
                raise
            return lines
        raise ExtractError(f"{self.name}: the download links of {day} expired {self.link_tries} times in a row; "
                           "run the extract again.")


EXTRACTORS = [PullRequests, PullRequestReviews, CopilotAiCreditUsage, CopilotUserMetrics]
