"""`token_outcomes extract`: pull each source from its API into the landing folder.

    token_outcomes extract                          # every source whose credentials are set
    token_outcomes extract anthropic github/pull_requests --since 2026-10-01

Each entity lands one file per run, named by the run's start time, holding each element of the vendor's
response array as one line, exactly as returned. Where each source and slice got to is kept beside the
landing folder (`<landing>.extract-state.json`): a later run asks only for what is new, plus the last
--lookback-days days, which vendors restate. Credentials come only from environment variables (README,
"Extract"). A source that fails stops alone; the exit status is 1 when any did.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from token_outcomes.extract import anthropic, cursor, files, github, jira, linear, litellm, openai, pagerduty
from token_outcomes.extract.core import Context, Extractor
from token_outcomes.extract.http import ExtractError
from token_outcomes.extract.landing import exclusive_run
from token_outcomes.extract.progress import Progress
from token_outcomes.extract.state import State, state_path
from token_outcomes.paths import REPO_ROOT

EXTRACTORS: list[type[Extractor]] = [
    *anthropic.EXTRACTORS, *openai.EXTRACTORS, *github.EXTRACTORS, *cursor.EXTRACTORS, *files.EXTRACTORS,
    *litellm.EXTRACTORS, *linear.EXTRACTORS, *jira.EXTRACTORS, *pagerduty.EXTRACTORS,
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="token_outcomes extract", description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", metavar="SOURCE",
                        help="a source (anthropic) or one entity (anthropic/messages_usage); none: every source "
                             "whose credentials are set")
    parser.add_argument("--landing", type=Path, default=REPO_ROOT / "data" / "landing")
    parser.add_argument("--since", type=dt.date.fromisoformat,
                        help="read from this UTC day, whatever the state says (a backfill)")
    parser.add_argument("--lookback-days", type=int, default=2,
                        help="days before where the last run got to that are read again (default 2: usage "
                             "reports change for 24 to 48 hours)")
    parser.add_argument("--first-run-days", type=int, default=30,
                        help="without --since, a source's first run reads this many days back (default 30)")
    parser.add_argument("--state", type=Path, help="the state file (default: <landing>.extract-state.json)")
    parser.add_argument("--max-tries", type=int, default=6, help="tries per request before a source fails")
    parser.add_argument("--max-wait", type=float, default=900.0,
                        help="longest rate-limit wait in seconds a source accepts before it fails")
    parser.add_argument("--list", action="store_true", help="list the entities and the variables each needs")
    return parser.parse_args(argv)


def selected(names: list[str], env: Mapping[str, str], progress: Progress) -> list[Extractor]:
    """The extractors the names ask for. A named entity runs (and fails if a variable is missing). A named
    source runs each of its entities, but skips one whose settings are not set while its credential is
    (`github` without GITHUB_COPILOT_ORG: no Copilot). With no name, every entity whose variables are set runs
    and the others are listed as skipped. An opt-in entity (a beta API) runs only when named itself."""
    extractors = [extractor() for extractor in EXTRACTORS]
    known = {e.name for e in extractors} | {e.source for e in extractors}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SystemExit(f"Unknown source or entity: {', '.join(unknown)}. Known: {', '.join(sorted(known))}.")
    chosen = []
    for extractor in extractors:
        missing = extractor.missing(env)
        if extractor.name in names:
            chosen.append(extractor)
        elif extractor.opt_in or (names and extractor.source not in names):
            continue
        elif missing and (not names or env.get(extractor.credential_variable(env))):
            progress.finish(progress.start(extractor.name), "skipped", f"not configured: {', '.join(missing)}")
        else:
            chosen.append(extractor)
    return chosen


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None,
         sleep=None, now: dt.datetime | None = None) -> int:
    args = parse_args(argv)
    env = os.environ if env is None else env
    # httpx logs each request URL at INFO, and a Copilot download link carries its signature there.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.list:
        for extractor in (e() for e in EXTRACTORS):
            print(f"{extractor.name:32} {'; '.join(extractor.missing({}))}"
                  + ("  (opt-in: name it)" if extractor.opt_in else ""))
        return 0
    landing = args.landing.resolve()
    landing.mkdir(parents=True, exist_ok=True)
    progress = Progress()
    started = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    failed = False
    with exclusive_run(landing):
        ctx = Context(landing=landing, state=State(args.state or state_path(landing)), extracted_at=started,
                      since=args.since, lookback_days=args.lookback_days, first_run_days=args.first_run_days,
                      env=env, progress=progress, max_tries=args.max_tries, max_wait_s=args.max_wait, sleep=sleep)
        for extractor in selected(args.sources, env, progress):
            try:
                result = extractor.run(ctx)
            except ExtractError as error:
                failed = True
                progress.finish(progress.results[-1], "failed", str(error))
                continue
            except Exception as error:  # noqa: BLE001 (one source's failure, of any kind, stops that source only)
                # An answer of a shape no reference shows, a damaged file: this source stops, not the run.
                failed = True
                progress.finish(progress.results[-1], "failed", f"{extractor.name}: unexpected {type(error).__name__}: "
                                f"{error}; nothing of it was landed. Please report it with the vendor's response.")
                continue
            progress.finish(result, "landed" if result.files else "nothing_new")
    sys.stdout.write(progress.summary())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
