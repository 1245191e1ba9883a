"""Bad input from the outcome and people sources: HRIS exports that give one e-mail or one identity to two
employees (case, spaces, a rehire under a new id, a reused address), PagerDuty incidents resolved without
`resolved_at`, Linear issues fetched without `state`, Jira searches without status or issue type, and ids
and numbers spelled as strings. Every record is shaped like the vendor's own (see vendor_examples), with
values of its own."""

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
    return files
