"""One source's HTTP calls: retries on 429 and 5xx, rate-limit waits, and errors a user can act on.

httpx sends the requests; tenacity decides when to try again (a bounded number of tries, the wait the
vendor asks for when it says, exponential back-off with jitter when it does not). The credential is a
header of the client and never appears in a message: errors name the source, the method, the URL
without its query (signed download links carry their signature there) and the environment variable
that holds the credential.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable
from typing import Any

import httpx
import tenacity

# Statuses a later try may get past: rate limits, a vendor's transient failure (Anthropic answers 529 when
# it is overloaded).
RETRY_STATUSES = {429, 500, 502, 503, 504, 529}

# Headers that say when a rate limit resets, as each vendor writes them (README, "Extract"): seconds to
# wait, an epoch time in seconds or milliseconds, an RFC 3339 time, or a Go duration such as "6m0s".
RESET_HEADERS = (
    "x-ratelimit-reset",  # GitHub: epoch seconds; Jira: an ISO 8601 time
    "ratelimit-reset",  # PagerDuty: seconds until the window resets
    "anthropic-ratelimit-requests-reset",  # RFC 3339
    "anthropic-ratelimit-tokens-reset",
    "x-ratelimit-reset-requests",  # OpenAI: a duration
    "x-ratelimit-requests-reset",  # Linear: epoch milliseconds
)
SECONDARY_LIMIT_WAIT_S = 60.0
DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$")


class ExtractError(Exception):
    """A source cannot go on: the message says what failed and what to do (status: the HTTP status, if any)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class CredentialError(ExtractError):
    """A credential is missing or the vendor rejected it."""


class _Retry(Exception):
    """A response or a transport failure that a later try may get past."""

    def __init__(self, what: str, wait_s: float | None) -> None:
        super().__init__(what)
        self.what = what
        self.wait_s = wait_s


def seconds_until(value: str, now: dt.datetime) -> float | None:
    """The wait a rate-limit header asks for, in seconds; None when the value is none of the spellings."""
    value = value.strip()
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is not None:
        if number > 1e12:  # epoch milliseconds
            return number / 1000 - now.timestamp()
        if number > 1e9:  # epoch seconds
            return number - now.timestamp()
        return number  # seconds to wait
    duration = DURATION.match(value)
    if duration and any(duration.groups()):
        hours, minutes, seconds, millis = (float(part) if part else 0.0 for part in duration.groups())
        return hours * 3600 + minutes * 60 + seconds + millis / 1000
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)  # Retry-After as an HTTP date
        except (TypeError, ValueError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return (moment - now).total_seconds()


def requested_wait(headers: httpx.Headers, now: dt.datetime, rate_limited: bool) -> float | None:
    """How long the vendor asks a client to wait: Retry-After first; for a rate limit also the first reset
    header it sent (never for a 5xx: OpenAI and Anthropic send their windows' resets on every response).
    GitHub's x-ratelimit-reset counts only when its limit is used up (x-ratelimit-remaining 0); a GitHub
    secondary limit with no Retry-After asks for a minute (GitHub's guidance)."""
    names = ("retry-after", *RESET_HEADERS) if rate_limited else ("retry-after",)
    for name in names:
        if name == "x-ratelimit-reset" and headers.get("x-ratelimit-remaining", "0") != "0":
            continue
        if name in headers:
            wait = seconds_until(headers[name], now)
            if wait is not None:
                return max(wait, 0.0)
    if rate_limited and headers.get("x-ratelimit-remaining", "0") != "0":
        return SECONDARY_LIMIT_WAIT_S
    return None


def is_rate_limited(response: httpx.Response) -> bool:
    """429, or GitHub's 403 for an exhausted primary or a secondary rate limit (its body says so)."""
    if response.status_code == 429:
        return True
    if response.status_code == 403:
        if response.headers.get("x-ratelimit-remaining") == "0" or "retry-after" in response.headers:
            return True
        return "rate limit" in response.text[:2000].lower()
    return False


def vendor_message(response: httpx.Response) -> str:
    """The vendor's own words about a failed request, shortened (an error body never holds our secret)."""
    text = " ".join(response.text.split())
    return text[:300] + ("..." if len(text) > 300 else "")


class Api:
    """Requests of one source through one httpx client, retried as the vendor allows."""

    def __init__(self, source: str, client: httpx.Client, credential_variable: str, *,
                 max_tries: int = 6, max_wait_s: float = 900.0,
                 sleep: Callable[[float], None] | None = None,
                 on_wait: Callable[[float, str], None] | None = None,
                 now: Callable[[], dt.datetime] | None = None,
                 rate_limited: Callable[[httpx.Response], bool] | None = None) -> None:
        self.source = source
        self.client = client
        self.credential_variable = credential_variable
        self.max_tries = max_tries
        self.max_wait_s = max_wait_s
        self.sleep = sleep or tenacity.nap.sleep
        self.on_wait = on_wait or (lambda seconds, why: None)
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self.backoff = tenacity.wait_exponential_jitter(initial=1, max=60, jitter=1)
        # A vendor's own way of saying "rate-limited" (Linear: HTTP 400 with the GraphQL error RATELIMITED).
        self.rate_limited = rate_limited or (lambda response: False)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """The response of a request that succeeded, after as many tries as the vendor's limits need."""
        where = f"{method} {httpx.URL(url).copy_with(query=None, fragment=None)}"

        def wait(state: tenacity.RetryCallState) -> float:
            # The vendor's wait; back-off when it names none, or a time already past.
            asked = state.outcome.exception().wait_s
            return asked if asked else self.backoff(state)

        def before_sleep(state: tenacity.RetryCallState) -> None:
            self.on_wait(state.upcoming_sleep, state.outcome.exception().what)

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Retry),
            stop=tenacity.stop_after_attempt(self.max_tries),
            wait=wait,
            sleep=self.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(method, url, where, **kwargs)
        except _Retry as failure:
            raise ExtractError(
                f"{self.source}: {where} still failed after {self.max_tries} tries (last: {failure.what}). "
                "The vendor is limiting or failing requests, or cannot be reached: run the extract again later (nothing of this entity "
                "landed in this run; the next run asks again from where the last complete one got to), or raise "
                "--max-tries."
            ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, method: str, url: str, where: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.TransportError as error:
            raise _Retry(f"{type(error).__name__}: {error}", None) from None
        if response.is_success and not self.rate_limited(response):
            return response
        status = f"HTTP {response.status_code} {response.reason_phrase}".strip()
        limited = is_rate_limited(response) or self.rate_limited(response)
        if response.status_code in RETRY_STATUSES or limited:
            wait_s = requested_wait(response.headers, self.now(), limited)
            if wait_s is not None and wait_s > self.max_wait_s:
                raise ExtractError(
                    f"{self.source}: {where} is rate-limited ({status}) for {wait_s:.0f} s more, longer than "
                    f"--max-wait {self.max_wait_s:.0f} s: run the extract again after that."
                )
            raise _Retry(status, wait_s)
        if response.status_code in (401, 403):
            raise CredentialError(
                f"{self.source}: the credential in {self.credential_variable} was refused ({status} on {where}): "
                f"{vendor_message(response)}. Check the key and that it has the permissions README, 'Extract' "
                "names for this source.", response.status_code
            )
        raise ExtractError(f"{self.source}: {where} failed ({status}): {vendor_message(response)}",
                           response.status_code)
