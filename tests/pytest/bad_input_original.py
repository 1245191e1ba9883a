"""The first fifteen bad-input cases: malformed and truncated lines, empty files, missing keys,
conflicting duplicates, negative and absurd tokens, prices and models missing, offsets, HRIS overlap."""

from __future__ import annotations

import json
from pathlib import Path

from bad_input import example, land


def land_cases(landing: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    pull_request = example("github", "pull_requests")
    files["malformed_json"] = land(landing, "github", "pull_requests", "2026-02-01T00-00-00Z-malformed.jsonl",
                                   ['{"node_id": "PR_broken", "title": '])
    linear_done = example("linear", "issues", 0)
    second = dict(linear_done, id="lin-second", identifier="ENG-200")
    files["truncated_file"] = land(landing, "linear", "issues", "2026-02-01T00-00-00Z-truncated.jsonl",
                                   [second, json.dumps(dict(linear_done, id="lin-cut"))[:57]])
    files["empty_file"] = land(landing, "jira", "issues", "2026-02-01T00-00-00Z-empty.jsonl", [])
    files["empty_file"].write_text("")
    incident = example("pagerduty", "incidents")
    files["missing_key"] = land(landing, "pagerduty", "incidents", "2026-02-01T00-00-00Z-no-id.jsonl",
                                [{k: v for k, v in incident.items() if k != "id"}])
    # The same pull request, changed, in a later extract: and twice in it, the later line winning.
    files["duplicate_conflicting"] = land(landing, "github", "pull_requests", "2026-03-01T00-00-00Z.jsonl",
                                          [dict(pull_request, title="First rename"),
                                           dict(pull_request, title="Second rename")])
    claude = example("anthropic", "claude_code_usage")
    negative = json.loads(json.dumps(claude))
    negative["actor"] = {"type": "user_actor", "email_address": "negative@emaildomain.com"}
    negative["model_breakdown"] = negative["model_breakdown"][:1]
    negative["model_breakdown"][0]["tokens"]["output"] = -5
    files["negative_tokens"] = land(landing, "anthropic", "claude_code_usage", "2026-02-01T00-00-00Z-negative.jsonl",
                                    [negative])
    bucket = example("anthropic", "messages_usage")
    absurd = json.loads(json.dumps(bucket))
    absurd["starting_at"], absurd["ending_at"] = "2025-08-03T00:00:00Z", "2025-08-04T00:00:00Z"
    absurd["results"][0]["output_tokens"] = 10**12
    # Priced before the model's first price: kept, unpriced, never zero.
    early = json.loads(json.dumps(bucket))
    early["starting_at"], early["ending_at"] = "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"
    early["results"][0]["model"] = "claude-opus-4-5-20251101"
    files["absurd_tokens"] = land(landing, "anthropic", "messages_usage", "2026-02-01T00-00-00Z-absurd.jsonl", [absurd])
    files["price_missing_for_date"] = land(landing, "anthropic", "messages_usage",
                                           "2026-02-01T00-00-00Z-early.jsonl", [early])
    completions = example("openai", "completions_usage")
    unknown = json.loads(json.dumps(completions))
    unknown["start_time"], unknown["end_time"] = 1730505600, 1730592000
    unknown["results"][0]["model"] = "gpt-imaginary"
    unknown["results"][0]["user_id"] = "user-nobody"
    files["unknown_model"] = land(landing, "openai", "completions_usage", "2026-02-01T00-00-00Z-unknown.jsonl",
                                  [unknown])
    no_offset = dict(linear_done, id="lin-no-offset", identifier="ENG-201", completedAt="2026-01-06T09:00:00",
                     assignee=None)
    files["timestamps"] = land(landing, "linear", "issues", "2026-02-01T00-00-00Z-no-offset.jsonl", [no_offset])
    # HRIS rows for the same person and date with conflicting levels: the later line of the later export wins.
    overlap = landing / "hris" / "people" / "2026-02-01T00-00-00Z.csv"
    overlap.write_text(
        "employee_id,work_email,full_name,role,level,team,cost_center,manager_employee_id,hire_date,termination_date,"
        "effective_date\n"
        "E1,User@EmailDomain.com,Example User,software_engineer,L6,web,CC-WEB,,2024-03-01,,2025-07-01\n"
        "E1,User@EmailDomain.com,Example User,software_engineer,L5,web,CC-WEB,,2024-03-01,,2025-07-01\n")
    files["hris_overlap"] = overlap
    return files
