"""Outcomes, built in Python: finished work in GitHub (merged pull requests), Linear and Jira (issues
done or canceled) and PagerDuty (resolved incidents), each record a copy of the vendor's documented
example with the demo's values put in, filed under every extract that saw it (open, then finished).
People with a planted archetype finish work at their archetype's rate here; typical people follow
their cohort's returns curve (curves.py).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import string
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from token_outcomes.demo.landing import extract_name, iso_z, load_example, write_jsonl
from token_outcomes.demo.organisation import ARCHETYPES, TEAMS, Ids

if TYPE_CHECKING:
    from token_outcomes.demo.truth import Truth

FLUSH_EVERY_RECORDS = 50_000
VALUE_LABELS = ["bug", "feature", "chore", "docs", "refactor", "security", "performance"]


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
    """Builds outcome records from the vendors' example templates and files them by extract."""

    def __init__(self, rng: random.Random, ids: Ids, out: Path, extracts: list[dt.datetime], truth: Truth) -> None:
        self.rng, self.ids, self.out, self.extracts, self.truth = rng, ids, out, extracts, truth
        self.files: dict[tuple[str, str, dt.datetime], list[Any]] = defaultdict(list)
        self.github_template = load_example("github", "pull_requests")
        self.pagerduty_template = load_example("pagerduty", "incidents")
        self.pr_numbers: Counter[str] = Counter()
        self.incident_number = 4000
        self.issue_numbers: Counter[str] = Counter()
        self.buffered = 0

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

    # -- GitHub
    def github_user(self, person: dict[str, Any]) -> dict[str, Any]:
        text = json.dumps(self.github_template["user"]).replace("octocat", person["github_login"])
        user = json.loads(text)
        user["id"] = person["github_user_id"]
        user["node_id"] = "U_kgDO" + self.ids.base62(6)
        return user

    def pull_request(self, person: dict[str, Any], day: dt.date, value: int, *, title: str | None = None,
                     body: str | None = None, head_ref: str | None = None, labels: list[str] | None = None,
                     merged_at: dt.datetime | None = None, open_minutes: int | None = None) -> dict[str, Any]:
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
        template = json.dumps(self.github_template).replace("octocat/Hello-World", f"northwind/{repo}").replace("Hello-World", repo)
        user = self.github_user(person)
        pr_id = 3_000_000_000 + self.rng.randint(0, 10**9)  # above 2^31: ids are 64-bit
        merge_sha = self.ids.chars("0123456789abcdef", 40)

        def build(is_finished: bool) -> dict[str, Any]:
            pr = json.loads(template.replace("/1347", f"/{number}"))
            pr.update({
                "id": pr_id, "node_id": node_id, "number": number, "title": title,
                "body": body if body is not None else f"Value {value} change to {repo}.",
                "user": user, "assignee": user, "assignees": [user], "requested_reviewers": [], "requested_teams": [],
                "labels": [dict(pr["labels"][0], id=9000 + i, name=name, node_id="LA_" + name, url=pr["labels"][0]["url"].replace("/bug", f"/{name}"), default=False)
                           for i, name in enumerate(label_names)],
                "milestone": None, "state": "closed" if is_finished else "open",
                "created_at": iso_z(created), "updated_at": iso_z(merged if is_finished else created),
                "closed_at": iso_z(merged) if is_finished else None, "merged_at": iso_z(merged) if is_finished else None,
                "merge_commit_sha": merge_sha if is_finished else None, "author_association": "MEMBER", "draft": False,
            })
            pr["head"].update({"ref": head_ref, "label": f"northwind:{head_ref}", "user": user})
            pr["base"].update({"ref": "main", "label": "northwind:main"})
            return pr

        self.add("github", "pull_requests", node_id, created, merged, build)
        return {"node_id": node_id, "number": number, "repo": f"northwind/{repo}", "head_ref": head_ref, "title": title,
                "merged_at": merged}

    # -- Linear
    def linear_issue(self, person: dict[str, Any], day: dt.date, value: int, canceled: bool = False,
                     estimate: int | None = None, priority: int | None = None, unestimated: bool = False,
                     lifetime_minutes: int | None = None) -> None:
        team_key = dict(TEAMS)[person["team"]]
        self.issue_numbers[team_key] += 1
        number = self.issue_numbers[team_key]
        done = finished_at(self.rng, day)
        created = done - (dt.timedelta(minutes=lifetime_minutes) if lifetime_minutes is not None
                          else dt.timedelta(days=self.rng.randint(1, 20)))
        issue_id = self.ids.uuid()
        estimate = None if unestimated else estimate if estimate is not None else [1, 2, 3, 5, 8][min(4, value // 2)]
        priority = priority if priority is not None else self.rng.choice([1, 2, 3, 4, 0])
        label = self.rng.choice(["Bug", "Feature", "Improvement", "Tech debt"])

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
                "labels": {"nodes": [{"id": f"lbl-{label.lower().replace(' ', '-')}", "name": label}]},
                "team": {"id": f"team-{team_key.lower()}", "key": team_key, "name": person["team"]},
                "state": {"id": f"state-{state_type}", "name": state_type.title(), "type": state_type},
            }

        self.add("linear", "issues", issue_id, created, done, build)

    # -- Jira (search results; only the requested fields come back)
    def jira_issue(self, person: dict[str, Any], day: dt.date, value: int, story_points_field: str,
                   points: float | None = None, issue_type: str | None = None, priority: str | None = None) -> None:
        project = dict(TEAMS)[person["team"]]
        self.issue_numbers["jira-" + project] += 1
        number = self.issue_numbers["jira-" + project]
        issue_id = str(10000 + sum(self.issue_numbers.values()))
        done = finished_at(self.rng, day)
        created = done - dt.timedelta(days=self.rng.randint(1, 15))
        issue_type = issue_type or self.rng.choice(["Bug", "Story", "Task"])
        priority = priority or self.rng.choice(["Highest", "High", "Medium", "Low"])
        points = points if points is not None else float([1, 2, 3, 5, 8, 13][min(5, value // 2)])

        def jira_time(value_at: dt.datetime) -> str:
            return value_at.strftime("%Y-%m-%dT%H:%M:%S.000+0000")

        def build(is_finished: bool) -> dict[str, Any]:
            category = {"id": 3, "key": "done", "name": "Done", "colorName": "green"} if is_finished else \
                {"id": 4, "key": "indeterminate", "name": "In Progress", "colorName": "yellow"}
            return {
                "expand": "", "id": issue_id, "self": f"https://northwind.atlassian.net/rest/api/3/issue/{issue_id}",
                "key": f"{project}-{number}",
                "fields": {
                    "summary": f"{issue_type} {project}-{number}",
                    "issuetype": {"id": "10001", "name": issue_type, "subtask": False},
                    "priority": {"id": "3", "name": priority},
                    "status": {"id": "10002" if is_finished else "3", "name": category["name"], "statusCategory": category},
                    "resolution": {"id": "10000", "name": "Done"} if is_finished else None,
                    "resolutiondate": jira_time(done) if is_finished else None,
                    "created": jira_time(created), "updated": jira_time(done if is_finished else created),
                    "assignee": {"accountId": person["jira_account_id"], "accountType": "atlassian",
                                 "displayName": person["full_name"], "active": True},
                    "labels": [],
                    story_points_field: points,
                },
            }

        self.add("jira", "issues", issue_id, created, done, build)

    # -- PagerDuty
    def incident(self, person: dict[str, Any], day: dt.date, value: int, manual_trigger: bool = False,
                 duration_minutes: int | None = None) -> None:
        self.incident_number += 1
        number = self.incident_number
        incident_id = "Q" + self.ids.chars(string.ascii_uppercase + string.digits, 13)
        triggered = finished_at(self.rng, day) - dt.timedelta(hours=1)
        resolved = triggered + dt.timedelta(minutes=duration_minutes or self.rng.randint(10, 240))
        urgency = "high" if value >= 5 else "low"
        priority = f"P{max(1, 5 - value // 2)}"
        reference = {"id": person["pagerduty_user_id"], "type": "user_reference", "summary": person["full_name"],
                     "self": f"https://api.pagerduty.com/users/{person['pagerduty_user_id']}",
                     "html_url": f"https://northwind.pagerduty.com/users/{person['pagerduty_user_id']}"}
        template = json.dumps(self.pagerduty_template).replace("PT4KHLK", incident_id).replace("1234", str(number))

        def build(is_finished: bool) -> dict[str, Any]:
            incident = json.loads(template)
            incident.update({
                "summary": f"[#{number}] {person['team']} latency above SLO", "title": f"{person['team']} latency above SLO",
                "created_at": iso_z(triggered), "updated_at": iso_z(resolved if is_finished else triggered),
                "status": "resolved" if is_finished else "acknowledged",
                "incident_key": self.ids.chars("0123456789abcdef", 32),
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
            if manual_trigger:
                # Raised by hand in the web app rather than by monitoring.
                incident["first_trigger_log_entry"]["summary"] = "Triggered through the website."
            return incident

        self.add("pagerduty", "incidents", incident_id, triggered, resolved, build)

    def write(self) -> None:
        for (source, entity, extracted_at), records in sorted(self.files.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])):
            write_jsonl(self.out / source / entity / f"{extract_name(extracted_at)}.jsonl", records)
        self.files.clear()
        self.buffered = 0


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
