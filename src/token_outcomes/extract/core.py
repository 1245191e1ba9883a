"""What every extractor shares: the run's context, the windows it asks for, and landing one entity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from token_outcomes.extract.http import Api, CredentialError, ExtractError
from token_outcomes.extract.landing import LandingFile, ResponseShapeError, raw_elements
from token_outcomes.extract.progress import EntityResult, Progress
from token_outcomes.extract.state import State

USER_AGENT = "token_outcomes-extract/0.1"


@dataclass
class Context:
    """One run: where it lands, what it remembers, and how far back it reads."""

    landing: Path
    state: State
    extracted_at: dt.datetime  # the run's start, UTC, whole seconds: every file of the run is named by it
    since: dt.date | None  # --since: read from this day whatever the state says (a backfill)
    lookback_days: int  # days before the state's point that are read again (vendors restate them)
    first_run_days: int  # without --since or a state, read this many days back
    env: Mapping[str, str]
    progress: Progress
    max_tries: int = 6
    max_wait_s: float = 900.0
    sleep: Callable[[float], None] | None = None

    @property
    def today(self) -> dt.date:
        return self.extracted_at.date()

    def first_day(self, saved: str | None) -> dt.date:
        """The first UTC day to read: --since, else the day after the saved one less the look-back, else
        first_run_days back."""
        if self.since:
            return self.since
        if saved:
            return dt.date.fromisoformat(saved[:10]) + dt.timedelta(days=1 - self.lookback_days)
        return self.today - dt.timedelta(days=self.first_run_days)

    def leaves_gap(self, saved: Mapping[str, Any]) -> bool:
        """True when --since starts after the day following a slice's saved point."""
        point = saved.get("complete_through") or saved.get("updated_since")
        if not (self.since and point):
            return False
        return self.since > dt.date.fromisoformat(point[:10]) + dt.timedelta(days=1)

    @property
    def last_whole_day(self) -> str:
        """The state of a day-bucket source after a run: the last UTC day that had ended when it started."""
        return (self.today - dt.timedelta(days=1)).isoformat()

    def day_window(self, saved: str | None) -> tuple[dt.date, dt.date]:
        """[first, end) of whole UTC days to ask for, today's (still growing) bucket included: it is a whole
        day by its bounds and is read again by the next run."""
        return self.first_day(saved), self.today + dt.timedelta(days=1)

    def updated_since(self, saved: str | None) -> dt.datetime:
        """The update time from which to read records that change (pull requests, issues, incidents)."""
        if saved and not self.since:
            moment = dt.datetime.fromisoformat(saved)
            return moment - dt.timedelta(days=self.lookback_days)
        return dt.datetime.combine(self.first_day(None), dt.time(), dt.UTC)


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.UTC)


def days(first: dt.date, end: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=offset) for offset in range((end - first).days)]


class Extractor:
    """One landing entity. A subclass names its credential, client and base URL and implements extract(),
    which writes lines and returns the state of each slice it read."""

    source: str = ""
    entity: str = ""
    credential: str = ""  # the environment variable holding the secret
    credentials: tuple[str, ...] = ()  # or several a user may set, the first set one used
    opt_in: bool = False  # extracted only when named (a beta API an organisation may not have)
    settings: tuple[str, ...] = ()  # other environment variables it needs (an organisation, a site)
    base_url_variable: str = ""
    default_base_url: str = ""

    @property
    def name(self) -> str:
        return f"{self.source}/{self.entity}"

    def credential_variable(self, env: Mapping[str, str]) -> str:
        choices = self.credentials or ((self.credential,) if self.credential else ())
        return next((name for name in choices if env.get(name)), choices[0] if choices else "")

    def missing(self, env: Mapping[str, str]) -> list[str]:
        choices = self.credentials or ((self.credential,) if self.credential else ())
        missing = [] if not choices or any(env.get(name) for name in choices) else [" or ".join(choices)]
        # (an empty variable is a missing one)
        return missing + [name for name in self.settings if not env.get(name)]

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        raise NotImplementedError

    def auth(self, secret: str, env: Mapping[str, str]) -> httpx.Auth | None:
        return None

    def rate_limited(self, response: httpx.Response) -> bool:
        """True for a response the vendor means as "slow down" besides 429 and GitHub's 403."""
        return False

    def base_url(self, env: Mapping[str, str]) -> str:
        return (env.get(self.base_url_variable) or self.default_base_url).rstrip("/")

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        raise NotImplementedError

    def run(self, ctx: Context) -> EntityResult:
        """Extract, land the file whole, then save where each slice got to. Raises on failure (after
        discarding the partial file); the caller records it and goes on with the other sources."""
        result = ctx.progress.start(self.name)
        missing = self.missing(ctx.env)
        if missing:
            raise CredentialError(f"{self.name}: set {', '.join(missing)} (README, 'Extract').")
        variable = self.credential_variable(ctx.env)
        secret = ctx.env[variable] if variable else ""
        client = httpx.Client(base_url=self.base_url(ctx.env), headers={"User-Agent": USER_AGENT,
                              **self.headers(secret, ctx.env)}, auth=self.auth(secret, ctx.env), timeout=60.0,
                              follow_redirects=True)  # a renamed repository answers 301; httpx drops the
                              # credential on a redirect to another host
        api = Api(self.name, client, variable, max_tries=ctx.max_tries, max_wait_s=ctx.max_wait_s,
                  sleep=ctx.sleep, on_wait=lambda seconds, why: ctx.progress.wait(result, seconds, why),
                  rate_limited=self.rate_limited)
        out = LandingFile(ctx.landing, self.source, self.entity, ctx.extracted_at)
        try:
            with client:
                slices = self.extract(ctx, api, out, result)
            landed = out.commit()
        except BaseException:
            out.discard()
            raise
        if landed:
            result.files.append(str(landed))
        # A backfill from a --since after a slice's point leaves the days between unread: that slice keeps its
        # point, so the next run reads them.
        ctx.state.put(self.name, {name: point for name, point in slices.items()
                                  if not ctx.leaves_gap(ctx.state.get(self.name, name))})
        return result

    def land(self, ctx: Context, out: LandingFile, result: EntityResult, response: httpx.Response,
             path: tuple[str, ...]) -> list[str]:
        """Write each element of the array at `path` of one page, as returned; count the page."""
        try:
            elements = raw_elements(response.text, path)
        except ResponseShapeError as error:
            where = response.request.url.copy_with(query=None)
            raise ExtractError(f"{self.name}: the response of {response.request.method} {where} is not the "
                               f"documented shape ({error}); nothing of this entity was landed.") from None
        for element in elements:
            out.write(element)
        ctx.progress.page(result, len(elements))
        return elements
