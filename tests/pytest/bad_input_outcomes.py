"""Bad input from the outcome and people sources: HRIS exports that give one e-mail or one identity to two
employees (case, spaces, a rehire under a new id, a reused address), PagerDuty incidents resolved without
`resolved_at`, Linear issues fetched without `state`, Jira searches without status or issue type, ids
and numbers spelled as strings, GitHub pull request reviews as GitHub really returns them (a deleted
reviewer, a pending review, bots, an Enterprise host, a dismissed approval) and broken, and the fields
only some extracts carry (a pull request fetched alone, an issue's creator, a full trigger log entry).
Every record is shaped like the vendor's own (see vendor_examples), with values of its own."""

from __future__ import annotations

import json
from pathlib import Path

from bad_input import example, land

HRIS_PEOPLE_HEADER = ("employee_id,work_email,full_name,role,level,team,cost_center,manager_employee_id,hire_date,"
                      "termination_date,effective_date")


def land_csv(landing: Path, entity: str, name: str, header: str, rows: list[str]) -> Path:
    path = landing / "hris" / entity / name
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def land_cases(landing: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}

    # HRIS: a new hire given an address already on file, in another case and with a trailing space. The
    # later effective row (E202, 2025-09-01) keeps it; E201's row (line 2) is quarantined.
    files["hris_email_conflict_case"] = land_csv(landing, "people", "2026-02-15T00-00-00Z-outcomes-email.csv",
                                                 HRIS_PEOPLE_HEADER, [
        "E201,Grace.Hopper@Example.com ,Grace Hopper,software_engineer,L4,web,CC-WEB,,2025-03-01,,2025-03-01",
        "E202,grace.hopper@example.com,Grace B. Hopper,software_engineer,L5,web,CC-WEB,,2025-09-01,,2025-09-01",
    ])
    # Two hires keyed in on the same day with one address: same effective date, same extract, same file, so
    # the later line (E212, line 3) keeps it.
    files["hris_email_conflict_tie"] = land_csv(landing, "people", "2026-02-15T00-00-00Z-outcomes-tie.csv",
                                                HRIS_PEOPLE_HEADER, [
        "E211,dup.hire@example.com,Ana Lima,data_engineer,L3,data,CC-DATA,,2025-05-01,,2025-05-01",
        "E212,DUP.HIRE@example.com,Ana Lima,data_engineer,L3,data,CC-DATA,,2025-05-01,,2025-05-01",
    ])
    # A rehire under a new employee id: E301's two rows (hire, then promotion; terminated 2024-06-30) lose
    # the address to E399's row effective 2025-01-15. Both E301 rows are quarantined, E399 keeps one row.
    files["hris_rehire_new_id"] = land_csv(landing, "people", "2026-02-15T00-00-00Z-outcomes-rehire.csv",
                                           HRIS_PEOPLE_HEADER, [
        ("E301,alan.turing@example.com,Alan Turing,software_engineer,L4,platform,CC-PLAT,,2022-01-10,2024-06-30,"
         "2022-01-10"),
        ("E301,alan.turing@example.com,Alan Turing,software_engineer,L5,platform,CC-PLAT,,2022-01-10,2024-06-30,"
         "2023-04-01"),
        "E399,Alan.Turing@example.com,Alan Turing,software_engineer,L5,platform,CC-PLAT,,2025-01-15,,2025-01-15",
    ])
    # Identity map: one GitHub login (logins are case-insensitive) given to two employees in one export.
    # The later line (E399) wins; line 2 is quarantined.
    files["hris_identity_conflict"] = land_csv(landing, "identities", "2026-02-15T00-00-00Z-outcomes-conflict.csv",
                                               "system,external_id,employee_id", [
        "github,rocket-dev,E202",
        "GitHub,Rocket-Dev ,E399",
    ])
    # A later export maps a PagerDuty user to someone else: an update, not a conflict. The earlier row is
    # an older version (a duplicate), never quarantined.
    land_csv(landing, "identities", "2026-02-15T00-00-00Z-outcomes-before.csv", "system,external_id,employee_id",
             ["pagerduty,PQ7R2ZK,E202"])
    files["hris_identity_remapped_later"] = land_csv(
        landing, "identities", "2026-02-20T00-00-00Z-outcomes-after.csv", "system,external_id,employee_id",
        ["pagerduty,PQ7R2ZK,E399"])

    # PagerDuty: a resolved incident as the list endpoint often returns it, with no `resolved_at` key at all.
    incident = example("pagerduty", "incidents")
    no_resolved_at = {key: value for key, value in incident.items() if key != "resolved_at"}
    no_resolved_at.update(
        id="Q2W3E4R5T6Y7U8", incident_number=4711, title="Checkout latency above SLO",
        summary="[#4711] Checkout latency above SLO", created_at="2026-01-20T02:40:00Z",
        updated_at="2026-01-20T03:20:02Z", last_status_change_at="2026-01-20T03:12:45Z",
        html_url="https://subdomain.pagerduty.com/incidents/Q2W3E4R5T6Y7U8",
        self="https://api.pagerduty.com/incidents/Q2W3E4R5T6Y7U8",
    )
    # The same list, an incident still acknowledged: no resolution time may be invented for it.
    acknowledged = dict(no_resolved_at, id="Q9A8S7D6F5G4H3", incident_number=4712, status="acknowledged",
                        title="Disk filling on db-2", last_status_change_at="2026-01-20T05:01:00Z")
    files["pagerduty_resolved_without_resolved_at"] = land(
        landing, "pagerduty", "incidents", "2026-02-15T00-00-00Z-outcomes-no-resolved-at.jsonl",
        [no_resolved_at, acknowledged])
    # incident_number as a string is still the number; one that is not a number is quarantined.
    as_string = dict(incident, id="QSTRNUM0000001", incident_number="4713")
    unreadable = dict(incident, id="QSTRNUM0000002", incident_number="#4714")
    files["pagerduty_number_as_string"] = land(
        landing, "pagerduty", "incidents", "2026-02-15T00-00-00Z-outcomes-numbers.jsonl", [as_string, unreadable])

    # Linear: issues fetched with a selection that leaves out `state` (one completed, one canceled, one
    # open), the first assigned by e-mail only, in another case and padded.
    linear = example("linear", "issues", 0)
    no_state = {key: value for key, value in linear.items() if key != "state"}
    completed = dict(no_state, id="7a1e2b3c-0000-4000-8000-00000000a001", identifier="OPS-71",
                     title="Rotate webhook signing secret", createdAt="2026-01-12T08:00:00.000Z",
                     completedAt="2026-01-14T15:30:00.000Z", canceledAt=None,
                     assignee={"id": "lin-user-not-mapped", "email": "  Grace.Hopper@EXAMPLE.com ",
                               "name": "Grace Hopper"})
    canceled = dict(no_state, id="7a1e2b3c-0000-4000-8000-00000000a002", identifier="OPS-72",
                    title="Spike: move cron to queues", completedAt=None, canceledAt="2026-01-15T10:00:00.000Z",
                    assignee=None)
    still_open = dict(no_state, id="7a1e2b3c-0000-4000-8000-00000000a003", identifier="OPS-73",
                      title="Document on-call handover", completedAt=None, canceledAt=None, assignee=None)
    files["linear_without_state"] = land(landing, "linear", "issues",
                                         "2026-02-15T00-00-00Z-outcomes-no-state.jsonl",
                                         [completed, canceled, still_open])

    # GitHub: a merged pull request whose id, number and user id arrive as strings (a loader that wrote
    # every value as text), and one whose number is not a number at all.
    pull_request = example("github", "pull_requests")
    strings = json.loads(json.dumps(pull_request))
    strings.update(id="90000000001", node_id="PR_kwDOoutcomes01", number="48", title="Retry idempotent writes",
                   state="closed", merged_at="2026-01-16T11:00:00Z", closed_at="2026-01-16T11:00:00Z",
                   created_at="2026-01-15T09:00:00Z", updated_at="2026-01-16T11:00:00Z", labels=[])
    strings["user"] = dict(strings["user"], login="Rocket-Dev", id="5001")
    strings["base"] = dict(strings["base"], repo=dict(strings["base"]["repo"], full_name="example/checkout"))
    unreadable_number = dict(strings, id="90000000002", node_id="PR_kwDOoutcomes02", number="forty-nine")
    files["github_numbers_as_strings"] = land(landing, "github", "pull_requests",
                                              "2026-02-15T00-00-00Z-outcomes-strings.jsonl", [strings])
    files["github_unreadable_number"] = land(landing, "github", "pull_requests",
                                             "2026-02-15T00-00-00Z-outcomes-unreadable.jsonl", [unreadable_number])

    # Jira: a search whose `fields` left out status and issuetype (so no statusCategory, no subtask flag),
    # with the id a JSON number; one resolved, one not.
    jira_resolved = {"expand": "", "id": 10450, "key": "OPS-450",
                     "self": "https://your-domain.atlassian.net/rest/api/3/issue/10450",
                     "fields": {"summary": "Purge stale feature flags", "created": "2026-01-19T09:00:00.000+0000",
                                "resolutiondate": "2026-01-22T16:05:00.000+0100", "labels": ["cleanup"]}}
    jira_open = {"expand": "", "id": 10451, "key": "OPS-451",
                 "self": "https://your-domain.atlassian.net/rest/api/3/issue/10451",
                 "fields": {"summary": "Audit IAM roles", "created": "2026-01-20T09:00:00.000+0000",
                            "resolutiondate": None, "labels": []}}
    files["jira_booleans_absent"] = land(landing, "jira", "issues", "2026-02-15T00-00-00Z-outcomes-fields.jsonl",
                                         [jira_resolved, jira_open])
    # The same issue id as a number in one extract and as a padded string in a later one: one issue.
    files["jira_id_number_and_string"] = land(
        landing, "jira", "issues", "2026-02-16T00-00-00Z-outcomes-id-string.jsonl",
        [dict(jira_resolved, id=" 10450",
              fields=dict(jira_resolved["fields"], summary="Purge stale feature flags v2"))])
    # The same search with `creator` and `reporter` selected, on an open issue: two people, two account ids.
    files["jira_creator_and_reporter"] = land(
        landing, "jira", "issues", "2026-02-15T00-00-00Z-outcomes-creator.jsonl",
        [dict(jira_open, id=10452, key="OPS-452", self="https://your-domain.atlassian.net/rest/api/3/issue/10452",
              fields=dict(jira_open["fields"], summary="Rotate the signing keys",
                          creator={"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Mia Krystof"},
                          reporter={"accountId": "712020:0e3f4a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
                                    "displayName": "Emma Richards"}))])

    # Linear: an open issue fetched with `creator` selected.
    files["linear_with_creator"] = land(
        landing, "linear", "issues", "2026-02-15T00-00-00Z-outcomes-creator.jsonl",
        [dict(still_open, id="7a1e2b3c-0000-4000-8000-00000000a004", identifier="OPS-74",
              title="Write the runbook", creator={"id": "0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a", "name": "Ada"})])

    # PagerDuty: an open incident listed with include[]=first_trigger_log_entries, so its first trigger log
    # entry is the full log entry (with its agent), not a trigger_log_entry_reference.
    full_trigger = {
        "id": "R2F7XW0QYB6HL4VJ9N8M3KD5TC", "type": "trigger_log_entry", "summary": "Triggered through the website",
        "self": "https://api.pagerduty.com/log_entries/R2F7XW0QYB6HL4VJ9N8M3KD5TC",
        "html_url": "https://subdomain.pagerduty.com/incidents/QTRIGGER000001/log_entries/R2F7XW0QYB6HL4VJ9N8M3KD5TC",
        "created_at": "2026-01-21T08:00:00Z",
        "agent": {"id": "PXPGF42", "type": "user_reference", "summary": "Earline Greenholt",
                  "self": "https://api.pagerduty.com/users/PXPGF42",
                  "html_url": "https://subdomain.pagerduty.com/users/PXPGF42"},
        "channel": {"type": "web_trigger", "summary": "Queue backlog", "subject": "Queue backlog"},
        "service": incident["service"], "incident": {"id": "QTRIGGER000001", "type": "incident_reference"},
        "teams": incident["teams"], "contexts": [], "event_details": {"description": "Queue backlog"},
    }
    files["pagerduty_full_trigger_log_entry"] = land(
        landing, "pagerduty", "incidents", "2026-02-15T00-00-00Z-outcomes-trigger.jsonl",
        [dict(incident, id="QTRIGGER000001", incident_number=4715, title="Queue backlog", status="triggered",
              resolved_at=None, created_at="2026-01-21T08:00:00Z", last_status_change_at="2026-01-21T08:00:00Z",
              first_trigger_log_entry=full_trigger)])

    # GitHub: an open pull request fetched alone (GET /pulls/{number}), with the size fields the list leaves
    # out, one of them a string; and one whose `changed_files` is not a number.
    single = json.loads(json.dumps(pull_request))
    single.update(id=90000000003, node_id="PR_kwDOoutcomes03", number=50, title="Split the payment worker",
                  state="open", merged_at=None, closed_at=None, merge_commit_sha=None,
                  created_at="2026-01-17T09:00:00Z", updated_at="2026-01-18T09:00:00Z", labels=[],
                  additions=120, deletions="30", changed_files=4, commits=3, comments=0, review_comments=1,
                  maintainer_can_modify=False, mergeable=True, merged=False)
    single["head"] = dict(single["head"], sha="c0ffee5b57875f334f61aebed695e2e4193db5e0")
    single["base"] = dict(single["base"], repo=dict(single["base"]["repo"], full_name="example/checkout"))
    files["github_pull_request_fetched_alone"] = land(
        landing, "github", "pull_requests", "2026-02-15T00-00-00Z-outcomes-single.jsonl",
        [single, dict(single, id=90000000004, node_id="PR_kwDOoutcomes04", number=51, changed_files="many")])

    # GitHub pull request reviews, as GET /pulls/{n}/reviews returns them: a review of a deleted ("ghost")
    # account has `user` null; a PENDING review has no `submitted_at`; bots review, one known by its type,
    # one by its login only; an id past 2^53 sent as a string; a GitHub Enterprise host's URL.
    review = example("github", "pull_request_reviews")

    def review_of(node_id: str, number: int, **fields: object) -> dict:
        record = json.loads(json.dumps(review))
        url = f"https://api.github.com/repos/example/reviews-lab/pulls/{number}"
        record.update(node_id=node_id, pull_request_url=url, submitted_at="2026-01-20T10:00:00Z",
                      html_url=f"https://github.com/example/reviews-lab/pull/{number}#pullrequestreview-1",
                      _links={"html": {"href": f"https://github.com/example/reviews-lab/pull/{number}"},
                              "pull_request": {"href": url}})
        record.update(fields)
        return record

    bot = {"login": "copilot-pull-request-reviewer[bot]", "id": 175728472, "type": "Bot", "site_admin": False}
    pending = {key: value for key, value in review_of("PRR_outcomes02", 2, id=9002, state="PENDING").items()
               if key != "submitted_at"}
    enterprise_url = "https://github.example.com/api/v3/repos/platform/payments/pulls/7"
    files["github_review_quirks"] = land(
        landing, "github", "pull_request_reviews", "2026-02-15T00-00-00Z-outcomes-reviews.jsonl", [
            review_of("PRR_outcomes01", 1, id=9001, user=None),
            pending,
            review_of("PRR_outcomes03", 3, id=9003, user=bot, state="COMMENTED", author_association="NONE"),
            review_of("PRR_outcomes04", 3, id=9004, user={"login": "dependabot[bot]", "id": 49699333},
                      state="COMMENTED"),
            review_of("PRR_outcomes05", 5, id="9007199254740993", commit_id=None),
            review_of("PRR_outcomes06", 7, id=9006, pull_request_url=enterprise_url,
                      _links={"pull_request": {"href": enterprise_url}}),
        ])
    # Reviews that cannot be used: a malformed line, no node_id, a URL that names an issue and one absent,
    # a submission time in day/month order, an id that is not a number.
    no_url = {key: value for key, value in review_of("PRR_outcomes14", 14, id=9014).items()
              if key != "pull_request_url"}
    files["github_review_unusable"] = land(
        landing, "github", "pull_request_reviews", "2026-02-15T00-00-00Z-outcomes-reviews-bad.jsonl", [
            '{"id": 9011, "node_id": "PRR_outcomes11", "state": "APPROVED", "pull_request_url": "https://api.githu',
            {key: value for key, value in review_of("PRR_outcomes12", 12, id=9012).items() if key != "node_id"},
            review_of("PRR_outcomes13", 13, id=9013,
                      pull_request_url="https://api.github.com/repos/example/reviews-lab/issues/13"),
            no_url,
            review_of("PRR_outcomes15", 15, id=9015, submitted_at="20/01/2026 10:00"),
            review_of("PRR_outcomes16", 16, id="nine thousand sixteen"),
        ])
    # An approval dismissed after the first extract: the later extract says DISMISSED, and wins.
    files["github_review_approved_first"] = land(
        landing, "github", "pull_request_reviews", "2026-02-15T00-00-00Z-outcomes-approved.jsonl",
        [review_of("PRR_outcomes21", 21, id=9021, state="APPROVED")])
    files["github_review_dismissed_later"] = land(
        landing, "github", "pull_request_reviews", "2026-02-20T00-00-00Z-outcomes-dismissed.jsonl",
        [review_of("PRR_outcomes21", 21, id=9021, state="DISMISSED")])

    # PagerDuty change events: a merged pull request's on a GitHub Enterprise host in mixed case (its link is
    # the pull request); the same event again with its time spelled +00:00 (one record); a deploy whose only link
    # is a build page (no pull request); one without an id, one whose time is not a time, one cut short.
    change = example("pagerduty", "change_events")
    merged = dict(change, id="01CHANGE0000000000000000A1", summary="PR #77 merged: Retry webhooks",
                  timestamp="2026-01-19T10:00:05Z", source="Acme/Web",
                  links=[{"href": "https://GHE.example.com/Acme/Web/pull/77", "text": "Pull request #77"}])
    files["pagerduty_change_events"] = land(
        landing, "pagerduty", "change_events", "2026-02-15T00-00-00Z-outcomes-changes.jsonl", [
            merged,
            dict(merged, timestamp="2026-01-19T10:00:05+00:00"),
            dict(change, id="01CHANGE0000000000000000A2", timestamp="2026-01-19T11:00:00Z"),
            {key: value for key, value in change.items() if key != "id"},
            dict(change, id="01CHANGE0000000000000000A3", timestamp="yesterday"),
            '{"id": "01CHANGE0000000000000000A4", "summary": "Deploy',
        ])
    # Related change events: one for an incident, one that does not say which incident it was read for.
    related = example("pagerduty", "related_change_events")
    files["pagerduty_related_change_events"] = land(
        landing, "pagerduty", "related_change_events", "2026-02-15T00-00-00Z-outcomes-related.jsonl", [
            dict(related, incident={"id": "Q2W3E4R5T6Y7U8", "type": "incident_reference"},
                 id="01CHANGE0000000000000000A1", links=merged["links"]),
            {key: value for key, value in related.items() if key != "incident"},
        ])
    # Jira: a bug caused by another issue (the link type's texts as an admin capitalised them), and a link
    # that reads the other way (this issue causes another): only the first names a cause.
    jira = example("jira", "issues")
    linked = dict(jira, id="10901", key="ED-901")
    linked["fields"] = dict(jira["fields"], issuelinks=[
        {"id": "30001", "type": {"id": "10003", "name": "Problem/Incident", "inward": "Is Caused By",
                                 "outward": "Causes"},
         "inwardIssue": {"id": "10002", "key": "ed-1", "fields": {"summary": "Cause"}}},
        {"id": "30002", "type": {"id": "10003", "name": "Problem/Incident", "inward": "is caused by",
                                 "outward": "causes"},
         "outwardIssue": {"id": "10003", "key": "ED-2"}},
    ])
    files["jira_issue_links"] = land(landing, "jira", "issues", "2026-02-15T00-00-00Z-outcomes-links.jsonl",
                                     [linked])
    # Linear: attachments of a pull request (its page with a fragment), of a Sentry issue, and one without a URL.
    attached = dict(example("linear", "issues", 0), id="7a1e2b3c-0000-4000-8000-00000000a901", identifier="OPS-901",
                    attachments={"nodes": [
                        {"id": "att-1", "url": "https://github.com/Acme/Web/pull/77#discussion_r1", "title": "#77",
                         "sourceType": "github", "createdAt": "2026-01-21T09:00:00.000Z"},
                        {"id": "att-2", "url": "https://sentry.io/organizations/acme/issues/4242/", "title": "Error",
                         "sourceType": "sentry", "createdAt": "2026-01-21T09:05:00.000Z"},
                        {"id": "att-3", "url": None, "title": "Note", "sourceType": None, "createdAt": None},
                    ]})
    # Cursor AI code tracking: a line count as a string and the commit time with an offset (read as values), the
    # same commit again with its hash in capitals and its time in Z (one record), a count that is not a number,
    # a time that is not one, and a commit without a hash.
    commit = example("cursor", "ai_code_commits")
    files["cursor_ai_commits"] = land(
        landing, "cursor", "ai_code_commits", "2026-02-15T00-00-00Z-outcomes-ai-commits.jsonl", [
            dict(commit, commitHash="abcdef0123456789abcdef0123456789abcdef01", tabLinesAdded="12",
                 composerLinesAdded=0, commitTs="2026-01-05T11:00:00+01:00"),
            dict(commit, commitHash="ABCDEF0123456789ABCDEF0123456789ABCDEF01", tabLinesAdded=12,
                 composerLinesAdded=0, commitTs="2026-01-05T10:00:00.000Z"),
            dict(commit, commitHash="abcdef0123456789abcdef0123456789abcdef02", tabLinesAdded="twelve"),
            dict(commit, commitHash="abcdef0123456789abcdef0123456789abcdef03", commitTs="20/01/2026 10:00"),
            {key: value for key, value in commit.items() if key != "commitHash"},
        ])
    files["linear_attachments"] = land(landing, "linear", "issues", "2026-02-15T00-00-00Z-outcomes-attachments.jsonl",
                                       [attached])
    return files
