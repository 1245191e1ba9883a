"""Outcomes, built in Python: finished work in GitHub (merged pull requests and their reviews), Linear
and Jira (issues done or canceled, with who created them) and PagerDuty (resolved incidents, with who or
what triggered them), each record a copy of the vendor's documented example with the demo's values put
in, filed under every extract that saw it (open, then finished).

The scoring values evidence, so honest work carries it: every honest merged pull request is approved
by a teammate before it merges (some first get a teammate's comments or requested changes, a bot's
review, a review by an account deleted since, or an approval dismissed and given again); honest
tickets are created by someone other than their assignee (the team's lead or a teammate); honest
incidents are triggered by monitoring or by hand by someone other than their resolver. The planted
cases (planted.py) ask for less evidence, or for evidence that proves nothing.

People with a planted archetype finish work at their archetype's rate here; typical people follow
their cohort's returns curve (curves.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
import string
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from token_outcomes.demo.landing import extract_name, iso_z, load_example, write_jsonl
from token_outcomes.demo.organisation import ARCHETYPES, LATE_ADOPTER_TEAM, TEAMS, Ids, uses_cursor

if TYPE_CHECKING:
    from token_outcomes.demo.truth import Truth

FLUSH_EVERY_RECORDS = 50_000
VALUE_LABELS = ["bug", "feature", "chore", "docs", "refactor", "security", "performance"]
# Jira project keys differ from Linear team keys (PAY in Linear, PAYOPS in Jira), so an issue key
# in a branch name or title names one issue in one tool.
TEAM_KEYS = dict([*TEAMS, LATE_ADOPTER_TEAM])
JIRA_PROJECTS = {team: f"{key}OPS" for team, key in TEAM_KEYS.items()}
# Review stories of honest pull requests beside the teammate's approval (shares of pull requests).
EARLIER_REVIEW_SHARE = 0.20  # a teammate comments or requests changes first
BOT_REVIEW_SHARE = 0.10  # Copilot's review, which comments and never approves
DELETED_REVIEWER_SHARE = 0.03  # a comment by an account deleted since: GitHub returns user null
# An approval dismissed and given again: only where an extract falls while the pull request is open
# (it holds the approval, a later extract the dismissal), about 23% of honest pull requests: 0.22 of
# those makes about 5% of all.
DISMISSED_WHEN_SEEN_OPEN_SHARE = 0.22
MANUAL_TRIGGER_SHARE = 0.15  # honest incidents raised by hand, by someone other than the resolver
LEAD_CREATES_SHARE = 0.6  # honest tickets created by the team's lead; by a teammate otherwise
COPILOT_REVIEWER = {"login": "copilot-pull-request-reviewer[bot]", "id": 175728472,
                    "html_url": "https://github.com/apps/copilot-pull-request-reviewer"}
ACTIONS_BOT = {"login": "github-actions[bot]", "id": 41898282, "html_url": "https://github.com/apps/github-actions"}
# Quality. Changes that cause incidents: of the incidents with a merged pull request in the
# CAUSE_WINDOW before them, CAUSED_INCIDENT_SHARE were caused by one, an incident-prone person's
# (planted.py) CAUSE_WEIGHT_PRONE times as likely as anyone else's; a planted gamer's, a gamer's twin's
# and the prone person's honest twin's never. PagerDuty relates the change event (related change
# events) or the responder names the pull request in the title, or both (INCIDENT_EVIDENCE).
CAUSED_INCIDENT_SHARE = 0.3
CAUSE_WINDOW = dt.timedelta(hours=48)
CAUSE_WEIGHT_PRONE = 12
INCIDENT_EVIDENCE = [("related_change_event", 0.6), ("incident_names_pull_request", 0.2), ("both", 0.2)]
# Rework: bugs that link what caused them (a Jira "is caused by" link to an issue; a Linear bug's
# attachment of a pull request merged before the bug was opened), finished within REWORK_WINDOW
# before the bug (inside the default rework_window_days, 30).
REWORK_SHARE = 0.35
REWORK_WINDOW = dt.timedelta(days=25)
JIRA_BUG_SHARE = 0.4  # curve-phase Jira work that is a bug (value rules read points and priority only)
# Links that are not causes, which must not be read as one: a Linear issue's attachment of a pull request
# merged after it was opened (its fix), Jira "relates to" and "blocks" links.
FIX_ATTACHMENT_SHARE = 0.1
OTHER_JIRA_LINK_SHARE = 0.15
# AI-assisted pull requests: the share of a person's pull requests that carry evidence of AI, by
# archetype (none before the late adopter team's adoption), and the kind of evidence.
AI_ASSISTED_SHARE = {"typical": 0.35, "power_user": 0.6, "tokenmaxxer": 0.5, "efficient": 0.3, "light": 0.1,
                     "no_ai": 0.0}
AI_EVIDENCE_KINDS = [("claude_code_footer", 0.45), ("co_author_trailer", 0.35), ("copilot_agent", 0.2)]
CLAUDE_CODE_FOOTERS = ["\U0001f916 Generated with [Claude Code](https://claude.com/claude-code)",
                       "\U0001f916 Generated with [Claude Code](https://claude.ai/code)"]
AI_CO_AUTHOR_TRAILERS = ["Co-Authored-By: Claude <noreply@anthropic.com>",
                         "Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>",
                         "Co-authored-by: Cursor <cursoragent@cursor.com>",
                         "Co-authored-by: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>"]
# A human co-author trailer is no evidence of AI.
HUMAN_CO_AUTHOR_SHARE = 0.05
# A Cursor user's AI-assisted pull request may show it only in Cursor's AI code tracking; some of their other
# pull requests have commits Cursor tracked with no AI lines, which are no evidence.
CURSOR_EVIDENCE = ("cursor_ai_commit", 0.3)
CURSOR_PLAIN_COMMIT_SHARE = 0.3
COPILOT_AGENT = {"login": "Copilot", "id": 198982749, "html_url": "https://github.com/apps/copilot-swe-agent"}
REVIEW_BODIES = {
    "APPROVED": ["", "LGTM", "Looks good, thanks!", "Approving: the retry path is covered now."],
    "COMMENTED": ["A couple of questions inline.", "Left a few nits, nothing blocking."],
    "CHANGES_REQUESTED": ["Please add a test for the failure path.", "This needs a migration note before it merges."],
}


def outcome_days(rng: random.Random, person: dict[str, Any], start: dt.date, end: dt.date) -> list[dt.date]:
    """Working days on which the person finished something, by archetype rate."""
    rate = ARCHETYPES[person["archetype"]]["outcomes_per_day"]
    first = max(start, person["hire_date"])
    last = min(end, person["termination_date"] or end)
    days = []
    day = first
    while day < last:
        if day.weekday() < 5 and rng.random() < rate:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def finished_at(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9)) + dt.timedelta(seconds=rng.randint(0, 9 * 3600))


def between(rng: random.Random, earliest: dt.datetime, latest: dt.datetime, low: float, high: float) -> dt.datetime:
    """A whole second a share low..high of the way from earliest to latest."""
    return (earliest + (latest - earliest) * rng.uniform(low, high)).replace(microsecond=0)


def stable_id(prefix: str, *parts: object, length: int = 6) -> str:
    """An identifier that depends only on what it names (PagerDuty's integrations), not on draw order."""
    digest = int.from_bytes(hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()[:8], "big")
    alphabet = string.ascii_uppercase + string.digits
    return prefix + "".join(alphabet[(digest // len(alphabet) ** i) % len(alphabet)] for i in range(length))


def versions_by_extract(created: dt.datetime, finished: dt.datetime, extracts: list[dt.datetime]) -> list[tuple[dt.datetime, bool]]:
    """Extracts that see a record: one listing it while open, one after it was finished,
    plus the next one again when it was finished within a day of that extract (overlap)."""
    seen = []
    open_extract = next((e for e in extracts if created < e <= finished), None)
    if open_extract:
        seen.append((open_extract, False))
    done_extracts = [e for e in extracts if e > finished]
    if done_extracts:
        seen.append((done_extracts[0], True))
        if len(done_extracts) > 1 and done_extracts[0] - finished < dt.timedelta(days=1):
            seen.append((done_extracts[1], True))
    return seen


class OutcomeWriter:
    """Builds outcome records from the vendors' example templates and files them by extract.

    It knows the organisation (`people`), so that each record's evidence names real colleagues:
    a teammate who approves, the lead who created the ticket, the person who raised an incident."""

    def __init__(self, rng: random.Random, ids: Ids, out: Path, extracts: list[dt.datetime], truth: Truth,
                 people: list[dict[str, Any]]) -> None:
        self.rng, self.ids, self.out, self.extracts, self.truth = rng, ids, out, extracts, truth
        self.files: dict[tuple[str, str, dt.datetime], list[Any]] = defaultdict(list)
        self.github_template = load_example("github", "pull_requests")
        self.review_template = json.dumps(load_example("github", "pull_request_reviews"))
        self.pagerduty_template = load_example("pagerduty", "incidents")
        self.pr_numbers: Counter[str] = Counter()
        self.incident_number = 4000
        self.issue_numbers: Counter[str] = Counter()
        self.buffered = 0
        self.people_by_id = {p["employee_id"]: p for p in people}
        # Evidence about a colleague's work comes from honest people: a planted gamer never approves,
        # creates or raises anybody else's work.
        self.honest = [p for p in people if not p.get("strategy")]
        self.honest_by_team: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for person in self.honest:
            self.honest_by_team[person["team"]].append(person)
        self.github_users: dict[str, dict[str, Any]] = {}
        self.change_event_template = load_example("pagerduty", "change_events")
        # Merged pull requests and finished Jira issues by day, as candidate causes of later incidents
        # and bugs; who may cause what (planted.py marks the incident-prone person and their twin).
        self.merged_by_day: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
        self.jira_done_by_day: dict[tuple[str, dt.date], list[dict[str, Any]]] = defaultdict(list)
        never = {p["twin_id"] for p in people if p.get("twin_id")} | {p["employee_id"] for p in people if p.get("strategy")}
        self.cause_weight = {p["employee_id"]: 0 if p["employee_id"] in never or p.get("incident_prone_twin")
                             else CAUSE_WEIGHT_PRONE if p.get("incident_prone") else 1 for p in people}
        self.quality: dict[str, Any] = {"incident_links": [], "rework_links": [], "ai_assisted": {},
                                        "capacity_value_points": Counter()}

    def add(self, source: str, entity: str, key: str, created: dt.datetime, finished: dt.datetime,
            build: Callable[[bool], Any]) -> None:
        for extracted_at, is_finished in versions_by_extract(created, finished, self.extracts):
            self.files[(source, entity, extracted_at)].append(build(is_finished))
            self.truth.record(f"{source}.{entity}", key)
            self.buffered += 1
        # An organisation of thousands lands gigabytes of pull requests: write them out as they
        # accumulate (files are appended to, so the content is the same as one write at the end).
        if self.buffered >= FLUSH_EVERY_RECORDS:
            self.write()

    # -- Colleagues
    def colleague(self, person: dict[str, Any], at: dt.datetime, *, besides: tuple[dict[str, Any], ...] = (),
                  lead_first: bool = False) -> dict[str, Any]:
        """Someone else employed at `at`: the person's lead (when lead_first, mostly) or a teammate;
        anyone else in the organisation when the team has nobody."""
        day = at.date()
        excluded = {person["employee_id"], *(other["employee_id"] for other in besides)}

        def available(other: dict[str, Any]) -> bool:
            return (other["employee_id"] not in excluded and other["hire_date"] <= day
                    and (other["termination_date"] is None or day < other["termination_date"]))

        lead = self.people_by_id.get(person.get("manager_id") or "")
        if lead_first and lead is not None and available(lead) and not lead.get("strategy") \
                and self.rng.random() < LEAD_CREATES_SHARE:
            return lead
        team = [other for other in self.honest_by_team[person["team"]] if available(other)]
        return self.rng.choice(team or [other for other in self.honest if available(other)])

    # -- GitHub
    def github_user(self, person: dict[str, Any]) -> dict[str, Any]:
        """The account's user object, the same in every record that names it."""
        login = person["github_login"]
        if login not in self.github_users:
            user = json.loads(json.dumps(self.github_template["user"]).replace("octocat", login))
            user["id"] = person["github_user_id"]
            user["node_id"] = "U_kgDO" + self.ids.base62(6)
            self.github_users[login] = user
        return self.github_users[login]

    def bot_user(self, bot: dict[str, Any]) -> dict[str, Any]:
        """A GitHub App's bot account (user.type "Bot")."""
        if bot["login"] not in self.github_users:
            user = json.loads(json.dumps(self.github_template["user"]).replace("octocat", bot["login"]))
            user.update({"id": bot["id"], "node_id": "BOT_kgDO" + self.ids.base62(6), "type": "Bot",
                         "html_url": bot["html_url"]})
            self.github_users[bot["login"]] = user
        return self.github_users[bot["login"]]

    def pull_request(self, person: dict[str, Any], day: dt.date, value: int, *, title: str | None = None,
                     body: str | None = None, head_ref: str | None = None, labels: list[str] | None = None,
                     merged_at: dt.datetime | None = None, open_minutes: int | None = None,
                     reviews: str | None = "honest", size_share: float = 1.0, can_cause: bool = True) -> dict[str, Any]:
        """A merged pull request and its reviews. reviews: "honest" (a teammate's approval, with the
        honest variety), "teammate" (one teammate's approval, minutes after it opens), "alt_account"
        (approved by the author's own second account, not an employee), "bot" (approved by a bot),
        or None (merged without review). size_share: the part of a change this pull request holds.
        can_cause: whether it may cause a later incident or bug (never the planted revert's pair).
        Without an explicit body, the person's share of pull requests carries evidence of AI."""
        repo = f"{person['team']}-service"
        self.pr_numbers[repo] += 1
        number = self.pr_numbers[repo]
        merged = merged_at or finished_at(self.rng, day)
        created = merged - (dt.timedelta(minutes=open_minutes) if open_minutes is not None
                            else dt.timedelta(hours=self.rng.randint(2, 96)))
        node_id = "PR_kwDO" + self.ids.base62(16)
        label_names = labels if labels is not None else self.rng.sample(VALUE_LABELS, k=1 + (value > 6))
        head_ref = head_ref or f"{person['github_login']}/{label_names[0]}-{number}"
        title = title or f"{label_names[0].title()}: {self.rng.choice(['handle', 'add', 'fix', 'speed up', 'clean up'])} {repo} path {number}"
        head_sha = self.ids.chars("0123456789abcdef", 40)
        template = (json.dumps(self.github_template).replace("octocat/Hello-World", f"northwind/{repo}")
                    .replace("Hello-World", repo).replace("/statuses/6dcb09b5b57875f334f61aebed695e2e4193db5e",
                                                          f"/statuses/{head_sha}"))
        author = user = self.github_user(person)
        assignees = [user]
        ai_evidence = None if body is not None else self.ai_evidence(person, merged)
        body = body if body is not None else f"Value {value} change to {repo}."
        if ai_evidence == "claude_code_footer":
            body += "\n\n" + self.rng.choice(CLAUDE_CODE_FOOTERS)
        elif ai_evidence == "co_author_trailer":
            body += "\n\n" + self.rng.choice(AI_CO_AUTHOR_TRAILERS)
        elif ai_evidence == "copilot_agent":
            # The coding agent opens the pull request; the person who gave it the task is an assignee.
            author = self.bot_user(COPILOT_AGENT)
            assignees = [user, author]
            head_ref = f"copilot/{label_names[0]}-{number}"
        elif self.rng.random() < HUMAN_CO_AUTHOR_SHARE:
            body += f"\n\nCo-authored-by: {person['full_name']} <{person['email']}>"
        pr_id = 3_000_000_000 + self.rng.randint(0, 10**9)  # above 2^31: ids are 64-bit
        merge_sha = self.ids.chars("0123456789abcdef", 40)
        # The single-pull-request endpoint's size fields: bigger changes for more valuable work.
        additions = max(1, round(self.rng.lognormvariate(math.log(8 + 14 * value), 0.6) * size_share))
        deletions = round(additions * self.rng.uniform(0.05, 0.7))
        changed_files = max(1, min(additions + deletions, round((additions + deletions) / self.rng.uniform(15, 45))))
        commits = max(1, round((1 + value / 2) * size_share) + self.rng.randint(0, 2))

        def build(is_finished: bool) -> dict[str, Any]:
            pr = json.loads(template.replace("/1347", f"/{number}"))
            pr.update({
                "id": pr_id, "node_id": node_id, "number": number, "title": title,
                "body": body,
                "user": author, "assignee": assignees[0], "assignees": assignees, "requested_reviewers": [],
                "requested_teams": [],
                "labels": [dict(pr["labels"][0], id=9000 + i, name=name, node_id="LA_" + name, url=pr["labels"][0]["url"].replace("/bug", f"/{name}"), default=False)
                           for i, name in enumerate(label_names)],
                "milestone": None, "state": "closed" if is_finished else "open",
                "created_at": iso_z(created), "updated_at": iso_z(merged if is_finished else created),
                "closed_at": iso_z(merged) if is_finished else None, "merged_at": iso_z(merged) if is_finished else None,
                "merge_commit_sha": merge_sha if is_finished else None, "author_association": "MEMBER", "draft": False,
                "merged": is_finished, "commits": commits, "additions": additions, "deletions": deletions,
                "changed_files": changed_files,
            })
            pr["head"].update({"ref": head_ref, "label": f"northwind:{head_ref}", "user": author, "sha": head_sha})
            pr["base"].update({"ref": "main", "label": "northwind:main"})
            return pr

        self.add("github", "pull_requests", node_id, created, merged, build)
        pull = {"node_id": node_id, "number": number, "repo": f"northwind/{repo}", "head_ref": head_ref, "title": title,
                "created_at": created, "merged_at": merged, "head_sha": head_sha, "team": person["team"],
                "weight": self.cause_weight.get(person["employee_id"], 0) if can_cause else 0,
                "html_url": f"https://github.com/northwind/{repo}/pull/{number}"}
        if ai_evidence:
            self.quality["ai_assisted"][node_id] = ai_evidence
        if uses_cursor(person) and (ai_evidence == "cursor_ai_commit" or self.rng.random() < CURSOR_PLAIN_COMMIT_SHARE):
            self.cursor_commits(person, pull, with_ai=ai_evidence == "cursor_ai_commit")
        self.change_event(pull)
        self.merged_by_day[merged.date()].append(pull)
        if reviews == "honest":
            self.honest_reviews(person, pull)
        elif reviews is not None:
            approved_at = between(self.rng, created, merged, 0.3, 0.9)
            if reviews == "teammate":
                self.review(pull, self.github_user(self.colleague(person, approved_at)), "APPROVED", approved_at)
            elif reviews == "alt_account":
                # An outside collaborator with write access: GitHub lets the approval through.
                self.review(pull, self.github_user(alt_account(person)), "APPROVED", approved_at,
                            association="COLLABORATOR")
            else:
                self.review(pull, self.bot_user(ACTIONS_BOT), "APPROVED", approved_at, association="NONE")
        return pull

    def ai_evidence(self, person: dict[str, Any], merged: dt.datetime) -> str | None:
        """The kind of evidence of AI this pull request carries, if any (a Cursor user's may be the commits
        Cursor's AI code tracking reports)."""
        if person.get("adoption_date") and merged.date() < person["adoption_date"]:
            return None
        if self.rng.random() >= AI_ASSISTED_SHARE.get(person["archetype"], 0.0):
            return None
        kinds, weights = zip(*AI_EVIDENCE_KINDS, *([CURSOR_EVIDENCE] if uses_cursor(person) else []), strict=True)
        return self.rng.choices(kinds, weights)[0]

    def cursor_commits(self, person: dict[str, Any], pull: dict[str, Any], with_ai: bool) -> None:
        """The commits of a Cursor user's pull request as Cursor's AI code tracking reports them, filed by the
        extracts after each: with AI lines when the pull request is AI-assisted that way, none otherwise."""
        for index in range(self.rng.randint(1, 3)):
            at = between(self.rng, pull["created_at"], pull["merged_at"], 0.05 + 0.3 * index, 0.3 + 0.3 * index)
            commit_hash = pull["head_sha"] if index == 0 else self.ids.chars("0123456789abcdef", 40)
            total = self.rng.randint(5, 200)
            tab = self.rng.randint(1, total // 3 + 1) if with_ai else 0
            composer = self.rng.randint(0, total // 2) if with_ai else 0
            record = {
                "commitHash": commit_hash, "userId": "user_" + hashlib.md5(person["email"].encode()).hexdigest()[:12],
                "userEmail": person["email"], "repoName": pull["repo"], "branchName": pull["head_ref"],
                "isPrimaryBranch": False, "totalLinesAdded": total, "totalLinesDeleted": total // 4,
                "tabLinesAdded": tab, "tabLinesDeleted": 0, "composerLinesAdded": composer, "composerLinesDeleted": 0,
                "nonAiLinesAdded": max(0, total - tab - composer), "nonAiLinesDeleted": total // 4,
                "message": pull["title"], "commitTs": at.isoformat(timespec="milliseconds") + "Z",
                "createdAt": (at + dt.timedelta(minutes=5)).isoformat(timespec="milliseconds") + "Z",
                "commitSource": "ide",
            }
            self.add("cursor", "ai_code_commits", f"{pull['repo']}:{commit_hash}", at, at, lambda _finished, r=record: r)

    def change_event(self, pull: dict[str, Any]) -> None:
        """The change event PagerDuty's GitHub integration records when the pull request merges, on the
        service of the author's team, filed by the extracts after it (GET /change_events)."""
        team = pull["team"]
        event_id = "01" + self.ids.chars(string.ascii_uppercase + string.digits, 24)
        at = pull["merged_at"] + dt.timedelta(seconds=self.rng.randint(5, 90))
        pull["change_event_id"] = event_id
        integration_id = stable_id("P", "github-changes", team)
        service = self.service(team)
        event = json.loads(json.dumps(self.change_event_template))
        event.update({
            "id": event_id, "self": f"https://api.pagerduty.com/change_events/{event_id}",
            "summary": f"PR #{pull['number']} merged: {pull['title']}"[:1024],
            "timestamp": iso_z(at), "source": pull["repo"],
            "services": [service],
            "integration": {"id": integration_id, "type": "inbound_integration_reference",
                            "summary": f"GitHub Changes - {team}",
                            "self": f"https://api.pagerduty.com/services/{service['id']}/integrations/{integration_id}",
                            "html_url": f"https://northwind.pagerduty.com/services/{service['id']}/integrations/{integration_id}"},
            "routing_key": hashlib.md5(integration_id.encode()).hexdigest(),
            "links": [{"href": pull["html_url"], "text": f"Pull request #{pull['number']}"}],
            "custom_details": {"repository": pull["repo"], "pull_request_number": pull["number"],
                               "head_ref": pull["head_ref"], "merged_at": iso_z(pull["merged_at"])},
        })
        pull["change_event"] = event
        self.add("pagerduty", "change_events", event_id, at, at, lambda _finished: event)

    def service(self, team: str) -> dict[str, Any]:
        """The team's PagerDuty service reference."""
        service_id = stable_id("P", "service", team)
        return {"id": service_id, "type": "service_reference", "summary": f"{team}-service",
                "self": f"https://api.pagerduty.com/services/{service_id}",
                "html_url": f"https://northwind.pagerduty.com/service-directory/{service_id}"}

    def cause(self, candidates: list[dict[str, Any]], earliest: dt.datetime, latest: dt.datetime) -> dict[str, Any] | None:
        """A weighted pick among the candidates finished between earliest and latest, if any may cause."""
        eligible = [c for c in candidates if earliest <= c["finished_at"] < latest and c["weight"] > 0]
        if not eligible:
            return None
        return self.rng.choices(eligible, [c["weight"] for c in eligible])[0]

    def merged_between(self, earliest: dt.datetime, latest: dt.datetime) -> list[dict[str, Any]]:
        days = (latest.date() - earliest.date()).days
        pulls = [pull for i in range(days + 1) for pull in self.merged_by_day.get(earliest.date() + dt.timedelta(days=i), [])]
        return [dict(pull, finished_at=pull["merged_at"]) for pull in pulls]

    def honest_reviews(self, author: dict[str, Any], pull: dict[str, Any]) -> None:
        """A teammate approves before the merge; some pull requests first get other reviews, and a few
        approvals are dismissed (a push after them) and given again by another teammate."""
        rng = self.rng
        created, merged = pull["created_at"], pull["merged_at"]
        margin = dt.timedelta(minutes=10)
        seen_open = next((e for e in self.extracts if created + margin < e < merged - margin), None)
        if seen_open is not None and rng.random() < DISMISSED_WHEN_SEEN_OPEN_SHARE:
            approved_at = between(rng, created, seen_open, 0.3, 0.9)
            dismissed_at = between(rng, seen_open, merged, 0.1, 0.4)
            again_at = between(rng, dismissed_at, merged, 0.3, 0.9)
            first = self.colleague(author, approved_at)
            self.review(pull, self.github_user(first), "APPROVED", approved_at, dismissed_at=dismissed_at)
            self.review(pull, self.github_user(self.colleague(author, again_at, besides=(first,))), "APPROVED", again_at)
        else:
            approved_at = between(rng, created, merged, 0.45, 0.95)
            self.review(pull, self.github_user(self.colleague(author, approved_at)), "APPROVED", approved_at)
        if rng.random() < EARLIER_REVIEW_SHARE:
            at = between(rng, created, approved_at, 0.1, 0.8)
            self.review(pull, self.github_user(self.colleague(author, at)),
                        rng.choice(["COMMENTED", "CHANGES_REQUESTED"]), at)
        if rng.random() < BOT_REVIEW_SHARE:
            at = between(rng, created, approved_at, 0.01, 0.2)
            self.review(pull, self.bot_user(COPILOT_REVIEWER), "COMMENTED", at, association="NONE",
                        body="Copilot reviewed the changed files in this pull request and generated 2 comments.")
        if rng.random() < DELETED_REVIEWER_SHARE:
            self.review(pull, None, "COMMENTED", between(rng, created, approved_at, 0.1, 0.9))

    def review(self, pull: dict[str, Any], user: dict[str, Any] | None, state: str, submitted: dt.datetime, *,
               association: str = "MEMBER", dismissed_at: dt.datetime | None = None, body: str | None = None) -> None:
        """One review as GET /pulls/{n}/reviews returns it, filed in the extracts after it was submitted;
        a dismissed approval is APPROVED until its dismissal and DISMISSED in the extracts after."""
        review_id = 2_400_000_000 + self.rng.randint(0, 10**9)  # above 2^31: ids are 64-bit
        node_id = "PRR_kwDO" + self.ids.base62(12)
        body = body if body is not None else self.rng.choice(REVIEW_BODIES[state])
        pull_url = f"https://api.github.com/repos/{pull['repo']}/pulls/{pull['number']}"
        html_url = f"https://github.com/{pull['repo']}/pull/{pull['number']}#pullrequestreview-{review_id}"

        def build(is_finished: bool) -> dict[str, Any]:
            review = json.loads(self.review_template)
            review.update({
                "id": review_id, "node_id": node_id, "user": user, "body": body,
                "state": "DISMISSED" if dismissed_at is not None and is_finished else state,
                "html_url": html_url, "pull_request_url": pull_url,
                "_links": {"html": {"href": html_url}, "pull_request": {"href": pull_url}},
                "submitted_at": iso_z(submitted), "commit_id": pull["head_sha"], "author_association": association,
            })
            return review

        self.add("github", "pull_request_reviews", node_id, submitted, dismissed_at or submitted, build)

    # -- Linear
    def linear_issue(self, person: dict[str, Any], day: dt.date, value: int, canceled: bool = False,
                     estimate: int | None = None, priority: int | None = None, unestimated: bool = False,
                     lifetime_minutes: int | None = None, created_by: dict[str, Any] | None = None,
                     done_at: dt.datetime | None = None) -> str:
        """An issue assigned to the person, created by created_by (the person's lead or a teammate when
        None); returns its identifier (PAY-12)."""
        team_key = TEAM_KEYS[person["team"]]
        self.issue_numbers[team_key] += 1
        number = self.issue_numbers[team_key]
        done = done_at or finished_at(self.rng, day)
        created = done - (dt.timedelta(minutes=lifetime_minutes) if lifetime_minutes is not None
                          else dt.timedelta(days=self.rng.randint(1, 20)))
        issue_id = self.ids.uuid()
        estimate = None if unestimated else estimate if estimate is not None else [1, 2, 3, 5, 8][min(4, value // 2)]
        priority = priority if priority is not None else self.rng.choice([1, 2, 3, 4, 0])
        label = self.rng.choice(["Bug", "Feature", "Improvement", "Tech debt"])
        creator = created_by or self.colleague(person, created, lead_first=True)
        # A bug attaches the pull request that caused it (merged before the bug was opened); other
        # issues sometimes attach the pull request that fixed them (merged after).
        attached = None
        if label == "Bug" and self.rng.random() < REWORK_SHARE:
            attached = self.cause(self.merged_between(created - REWORK_WINDOW, created), created - REWORK_WINDOW,
                                  created - dt.timedelta(hours=1))
            if attached is not None:
                self.quality["rework_links"].append({"bug_ref": f"linear:issue:{issue_id}",
                                                     "cause_ref": f"github:pull_request:{attached['node_id']}"})
        elif self.rng.random() < FIX_ATTACHMENT_SHARE:
            later = [pull for pull in self.merged_between(created, done) if created < pull["merged_at"] < done]
            attached = self.rng.choice(later) if later else None
        attachments = [] if attached is None else [{
            "id": self.ids.uuid(), "url": attached["html_url"], "title": f"#{attached['number']} {attached['title']}",
            "subtitle": "Merged", "sourceType": "github",
            "createdAt": max(created, attached["merged_at"]).isoformat(timespec="milliseconds") + "Z",
        }]

        def build(is_finished: bool) -> dict[str, Any]:
            state_type = ("canceled" if canceled else "completed") if is_finished else "started"
            return {
                "id": issue_id, "identifier": f"{team_key}-{number}", "title": f"{label} in {person['team']} #{number}",
                "number": number, "createdAt": created.isoformat(timespec="milliseconds").replace("+00:00", "") + "Z",
                "updatedAt": (done if is_finished else created).isoformat(timespec="milliseconds") + "Z",
                "completedAt": done.isoformat(timespec="milliseconds") + "Z" if is_finished and not canceled else None,
                "canceledAt": done.isoformat(timespec="milliseconds") + "Z" if is_finished and canceled else None,
                "startedAt": created.isoformat(timespec="milliseconds") + "Z",
                "estimate": estimate, "priority": priority,
                "priorityLabel": ["No priority", "Urgent", "High", "Medium", "Low"][priority],
                "url": f"https://linear.app/northwind/issue/{team_key}-{number}",
                # Some people's e-mail comes back in mixed case: matching must ignore case.
                "assignee": {"id": person["linear_user_id"], "email": person["email"].title() if number % 7 == 0 else person["email"],
                             "name": person["full_name"]},
                "creator": {"id": creator["linear_user_id"], "email": creator["email"], "name": creator["full_name"]},
                "labels": {"nodes": [{"id": f"lbl-{label.lower().replace(' ', '-')}", "name": label}]},
                "team": {"id": f"team-{team_key.lower()}", "key": team_key, "name": person["team"]},
                "state": {"id": f"state-{state_type}", "name": state_type.title(), "type": state_type},
                "attachments": {"nodes": attachments},
            }

        self.add("linear", "issues", issue_id, created, done, build)
        return f"{team_key}-{number}"

    # -- Jira (search results; only the requested fields come back)
    def jira_issue(self, person: dict[str, Any], day: dt.date, value: int, story_points_field: str,
                   points: float | None = None, issue_type: str | None = None, priority: str | None = None) -> None:
        project = JIRA_PROJECTS[person["team"]]
        self.issue_numbers["jira-" + project] += 1
        number = self.issue_numbers["jira-" + project]
        issue_id = str(10000 + sum(self.issue_numbers.values()))
        done = finished_at(self.rng, day)
        created = done - dt.timedelta(days=self.rng.randint(1, 15))
        issue_type = issue_type or self.rng.choice(["Bug", "Story", "Task"])
        priority = priority or self.rng.choice(["Highest", "High", "Medium", "Low"])
        points = points if points is not None else float([1, 2, 3, 5, 8, 13][min(5, value // 2)])
        creator = self.colleague(person, created, lead_first=True)
        key = f"{project}-{number}"
        earlier = [issue for i in range(REWORK_WINDOW.days + 1)
                   for issue in self.jira_done_by_day.get((project, created.date() - dt.timedelta(days=i)), [])]
        links = []
        if issue_type == "Bug" and self.rng.random() < REWORK_SHARE:
            cause = self.cause(earlier, created - REWORK_WINDOW, created - dt.timedelta(hours=1))
            if cause is not None:
                links.append(jira_link(f"{issue_id}{len(links)}", cause, "10003", "Problem/Incident", "is caused by", "causes", inward_side=True))
                self.quality["rework_links"].append({"bug_ref": f"jira:issue:{issue_id}",
                                                     "cause_ref": f"jira:issue:{cause['id']}"})
        if earlier and self.rng.random() < OTHER_JIRA_LINK_SHARE:
            # A link that names no cause: "relates to", or this issue blocks an earlier one, or causes it.
            other = self.rng.choice(earlier)
            kind = self.rng.choice([("10000", "Relates", "relates to", "relates to", True),
                                    ("10001", "Blocks", "is blocked by", "blocks", False),
                                    ("10003", "Problem/Incident", "is caused by", "causes", False)])
            links.append(jira_link(f"{issue_id}{len(links)}", other, *kind[:4], inward_side=kind[4]))

        def jira_time(value_at: dt.datetime) -> str:
            return value_at.strftime("%Y-%m-%dT%H:%M:%S.000+0000")

        def jira_user(someone: dict[str, Any]) -> dict[str, Any]:
            return {"accountId": someone["jira_account_id"], "accountType": "atlassian",
                    "displayName": someone["full_name"], "active": True}

        def build(is_finished: bool) -> dict[str, Any]:
            category = {"id": 3, "key": "done", "name": "Done", "colorName": "green"} if is_finished else \
                {"id": 4, "key": "indeterminate", "name": "In Progress", "colorName": "yellow"}
            return {
                "expand": "", "id": issue_id, "self": f"https://northwind.atlassian.net/rest/api/3/issue/{issue_id}",
                "key": key,
                "fields": {
                    "summary": f"{issue_type} {key}",
                    "issuetype": {"id": "10001", "name": issue_type, "subtask": False},
                    "priority": {"id": "3", "name": priority},
                    "status": {"id": "10002" if is_finished else "3", "name": category["name"], "statusCategory": category},
                    "resolution": {"id": "10000", "name": "Done"} if is_finished else None,
                    "resolutiondate": jira_time(done) if is_finished else None,
                    "created": jira_time(created), "updated": jira_time(done if is_finished else created),
                    "assignee": jira_user(person),
                    "creator": jira_user(creator),
                    "reporter": jira_user(creator),
                    "labels": [],
                    "issuelinks": links,
                    story_points_field: points,
                },
            }

        self.add("jira", "issues", issue_id, created, done, build)
        self.jira_done_by_day[(project, done.date())].append({
            "id": issue_id, "key": key, "summary": f"{issue_type} {key}", "issue_type": issue_type, "finished_at": done,
            "weight": self.cause_weight.get(person["employee_id"], 0)})

    # -- PagerDuty (GET /incidents?include[]=first_trigger_log_entries)
    def incident(self, person: dict[str, Any], day: dt.date, value: int, duration_minutes: int | None = None,
                 triggered_by: str | dict[str, Any] | None = None) -> None:
        """An incident the person resolves. triggered_by: "monitoring" (an Events API v2 integration),
        "colleague" (raised by hand by someone else), a person (raised by hand by them), or None
        (honest: monitoring mostly, a colleague sometimes)."""
        self.incident_number += 1
        number = self.incident_number
        incident_id = "Q" + self.ids.chars(string.ascii_uppercase + string.digits, 13)
        log_entry_id = "R" + self.ids.chars(string.ascii_uppercase + string.digits, 25)
        incident_key = self.ids.chars("0123456789abcdef", 32)
        triggered = finished_at(self.rng, day) - dt.timedelta(hours=1)
        resolved = triggered + dt.timedelta(minutes=duration_minutes or self.rng.randint(10, 240))
        urgency = "high" if value >= 5 else "low"
        priority = f"P{max(1, 5 - value // 2)}"
        if triggered_by is None:
            triggered_by = "colleague" if self.rng.random() < MANUAL_TRIGGER_SHARE else "monitoring"
        if triggered_by == "colleague":
            triggered_by = self.colleague(person, triggered)

        def user_reference(someone: dict[str, Any]) -> dict[str, Any]:
            return {"id": someone["pagerduty_user_id"], "type": "user_reference", "summary": someone["full_name"],
                    "self": f"https://api.pagerduty.com/users/{someone['pagerduty_user_id']}",
                    "html_url": f"https://northwind.pagerduty.com/users/{someone['pagerduty_user_id']}"}

        reference = user_reference(person)
        template = (json.dumps(self.pagerduty_template).replace("PT4KHLK", incident_id).replace("1234", str(number))
                    .replace("Q02JTSNZWHSEKV", log_entry_id))
        # Some incidents a change caused: on the service of the change's team.
        cause = None
        if self.rng.random() < CAUSED_INCIDENT_SHARE:
            cause = self.cause(self.merged_between(triggered - CAUSE_WINDOW, triggered), triggered - CAUSE_WINDOW,
                               triggered - dt.timedelta(minutes=10))
        service_team = cause["team"] if cause else person["team"]
        title = f"{service_team} latency above SLO"
        evidence = None
        if cause is not None:
            kinds, weights = zip(*INCIDENT_EVIDENCE, strict=True)
            evidence = self.rng.choices(kinds, weights)[0]
            if evidence != "related_change_event":
                # The responder names the change in the title, as a link or as owner/repo#number.
                title += (f" after {cause['repo']}#{cause['number']}" if self.rng.random() < 0.5
                          else f" since {cause['html_url']}")
            self.quality["incident_links"].append({"incident_id": incident_id, "pull_request_node_id": cause["node_id"],
                                                   "evidence": evidence})

        def trigger_log_entry(incident: dict[str, Any]) -> dict[str, Any]:
            """The first trigger log entry in full, as include[]=first_trigger_log_entries returns it."""
            service = incident["service"]
            if triggered_by == "monitoring":
                integration_id = stable_id("P", "integration", person["team"])
                agent = {"id": integration_id, "type": "events_api_v2_inbound_integration_reference",
                         "summary": f"Events API v2 - {person['team']} monitoring",
                         "self": f"https://api.pagerduty.com/services/{service['id']}/integrations/{integration_id}",
                         "html_url": f"{service['html_url'].rsplit('/service-directory/', 1)[0]}/services/{service['id']}/integrations/{integration_id}"}
                summary, channel = "Triggered through the API", {
                    "type": "api", "summary": title, "details": {"source": f"{person['team']}-service", "severity": "error"},
                    "details_omitted": False, "body_omitted": False}
            else:
                agent = user_reference(triggered_by)
                summary, channel = "Triggered through the website", {
                    "type": "web_trigger", "summary": title, "subject": title, "details": None,
                    "details_omitted": False, "body_omitted": False}
            entry = dict(incident["first_trigger_log_entry"])
            entry.update({
                "type": "trigger_log_entry", "summary": summary, "created_at": iso_z(triggered),
                "agent": agent, "channel": channel, "service": service,
                "incident": {"id": incident_id, "type": "incident_reference", "summary": incident["summary"],
                             "self": incident["self"], "html_url": incident["html_url"]},
                "teams": incident["teams"], "contexts": [], "event_details": {"description": title},
            })
            return entry

        def build(is_finished: bool) -> dict[str, Any]:
            incident = json.loads(template)
            incident.update({
                "summary": f"[#{number}] {title}", "title": title,
                "created_at": iso_z(triggered), "updated_at": iso_z(resolved if is_finished else triggered),
                "status": "resolved" if is_finished else "acknowledged",
                "incident_key": incident_key,
                # PagerDuty empties assignments once an incident is resolved.
                "assignments": [] if is_finished else [{"at": iso_z(triggered), "assignee": reference}],
                # PagerDuty empties acknowledgements on resolved incidents, as it does assignments.
                "acknowledgements": [] if is_finished else
                [{"at": iso_z(triggered + dt.timedelta(minutes=3)), "acknowledger": reference}],
                "last_status_change_at": iso_z(resolved if is_finished else triggered),
                "last_status_change_by": reference,
                "resolved_at": iso_z(resolved) if is_finished else None,
                "urgency": urgency,
                "priority": dict(incident["priority"], summary=priority),
            })
            incident["service"] = self.service(service_team)
            incident["first_trigger_log_entry"] = trigger_log_entry(incident)
            return incident

        self.add("pagerduty", "incidents", incident_id, triggered, resolved, build)
        if cause is not None and evidence != "incident_names_pull_request":
            # GET /incidents/{id}/related_change_events: the change event with PagerDuty's reason, and the
            # incident it was read for (the one field the extractor adds: the endpoint's path names it).
            related = dict(cause["change_event"], correlation_reason={"reason": self.rng.choice(["related_service", "intelligent"])},
                           incident={"id": incident_id, "type": "incident_reference"})
            self.add("pagerduty", "related_change_events", f"{incident_id}:{cause['change_event_id']}", triggered,
                     resolved, lambda _finished: related)

    def write(self) -> None:
        for (source, entity, extracted_at), records in sorted(self.files.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])):
            write_jsonl(self.out / source / entity / f"{extract_name(extracted_at)}.jsonl", records)
        self.files.clear()
        self.buffered = 0


def jira_link(link_id: str, other: dict[str, Any], type_id: str, name: str, inward: str, outward: str, *,
              inward_side: bool) -> dict[str, Any]:
    """An entry of fields.issuelinks: `inwardIssue` reads "this issue <inward> other", `outwardIssue`
    "this issue <outward> other"."""
    site = "https://northwind.atlassian.net/rest/api/3"
    return {
        "id": link_id, "self": f"{site}/issueLink/{link_id}",
        "type": {"id": type_id, "name": name, "inward": inward, "outward": outward, "self": f"{site}/issueLinkType/{type_id}"},
        "inwardIssue" if inward_side else "outwardIssue": {
            "id": other["id"], "key": other["key"], "self": f"{site}/issue/{other['id']}",
            "fields": {"summary": other["summary"], "status": {"name": "Done", "statusCategory": {"key": "done"}},
                       "priority": {"name": "Medium"}, "issuetype": {"name": other["issue_type"], "subtask": False}},
        },
    }


def alt_account(person: dict[str, Any]) -> dict[str, Any]:
    """The person's second GitHub account: not an employee, in no HRIS identity."""
    return {"github_login": f"{person['github_login']}-alt", "github_user_id": person["github_user_id"] + 100_000}


def build_outcomes(rng: random.Random, writer: OutcomeWriter, people: list[dict[str, Any]],
                   start: dt.date, end: dt.date, story_points_field: str) -> None:
    """Finished work of the people with a planted archetype, routed to the tools their role uses."""
    for person in people:
        if person["archetype"] == "typical" or person.get("strategy"):
            continue  # their outcomes follow their cohort's returns curve (gamers: their twin's): build_curve_outcomes
        bias = ARCHETYPES[person["archetype"]]["value_bias"]
        for day in outcome_days(rng, person, start, end):
            value = max(1, min(10, rng.randint(2, 6) + bias))
            draw = rng.random()
            role = person["role"]
            if role == "site_reliability_engineer":
                if draw < 0.45:
                    writer.incident(person, day, value)
                elif draw < 0.8:
                    writer.jira_issue(person, day, value, story_points_field)
                else:
                    writer.pull_request(person, day, value)
            elif role in ("data_scientist", "ml_engineer", "engineering_manager"):
                if draw < 0.6:
                    writer.linear_issue(person, day, value, canceled=draw < 0.05)
                else:
                    writer.pull_request(person, day, value)
            elif draw < 0.7:
                writer.pull_request(person, day, value)
            else:
                writer.linear_issue(person, day, value, canceled=draw > 0.97)
