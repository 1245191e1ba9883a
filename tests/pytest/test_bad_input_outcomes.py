"""Bad input from the outcome and people sources (bad_input_outcomes.py), landed in the shared corpus build.
Each case is quarantined with its reason, file and line, or staged with the value a person computes from
the landed record; never a null boolean, never two keys for one value, never a failed build."""

from __future__ import annotations

from datetime import date, datetime

from bad_input import quarantined


def test_email_given_to_two_employees_keeps_the_latest_effective_row(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["hris_email_conflict_case"]) == [(2, "conflicting_identity")]
    assert result.query("""
        select employee_id, work_email, level from stg_hris__people where employee_id in ('E201', 'E202')
    """) == [("E202", "grace.hopper@example.com", "L5")]
    assert result.query("""
        select employee_id from intermediate.int_identity_map where identity_system = 'email'
        and identity_key = 'grace.hopper@example.com'
    """) == [("E202",)]


def test_email_conflict_on_the_same_day_goes_to_the_later_line(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["hris_email_conflict_tie"]) == [(2, "conflicting_identity")]
    assert result.query("select employee_id from stg_hris__people where work_email = 'dup.hire@example.com'") == \
        [("E212",)]


def test_rehire_under_a_new_id_takes_the_address(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["hris_rehire_new_id"]) == [(2, "conflicting_identity"),
                                                                (3, "conflicting_identity")]
    assert result.query("""
        select employee_id, effective_date, termination_date from stg_hris__people
        where work_email = 'alan.turing@example.com'
    """) == [("E399", date(2025, 1, 15), None)]


def test_identity_given_to_two_employees_in_one_export(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["hris_identity_conflict"]) == [(2, "conflicting_identity")]
    assert result.query("""
        select identity_system, external_id, employee_id, _line_number from stg_hris__identities
        where external_ref = 'hris:identity:github:rocket-dev'
    """) == [("github", "rocket-dev", "E399", 3)]


def test_identity_remapped_by_a_later_export_is_an_update(corpus) -> None:
    _, result, files = corpus
    later = files["hris_identity_remapped_later"]
    earlier = later.with_name("2026-02-15T00-00-00Z-outcomes-before.csv")
    assert quarantined(result, later) == []
    assert quarantined(result, earlier) == []
    assert result.query("""
        select employee_id from stg_hris__identities where external_ref = 'hris:identity:pagerduty:PQ7R2ZK'
    """) == [("E399",)]
    assert result.query(f"""
        select _version_rank, _quarantine_reason from base_hris__identities where _source_file = '{earlier}'
    """) == [(2, None)]


def test_hris_conflicts_keep_the_audit_balanced(corpus) -> None:
    _, result, files = corpus
    for entity in ["hris.people", "hris.identities"]:
        raw, kept, duplicates, bad = result.query(f"""
            select raw_records, kept_records, duplicate_records, quarantined_records
            from audit.audit_source_reconciliation where source_entity = '{entity}'
        """)[0]
        assert raw == kept + duplicates + bad, entity
    # The conflicts are in the audit with source, file and line: 1 + 1 + 2 people rows, 1 identity.
    cases = ["hris_email_conflict_case", "hris_email_conflict_tie", "hris_rehire_new_id", "hris_identity_conflict"]
    in_cases = ", ".join(f"'{files[case]}'" for case in cases)
    assert result.query(f"""
        select entity_name, count(*) from audit.audit_quarantined_records
        where quarantine_reason = 'conflicting_identity' and source_name = 'hris' and source_file in ({in_cases})
        and line_number is not null group by entity_name order by entity_name
    """) == [("identities", 1), ("people", 4)]


def test_resolved_incident_without_resolved_at_takes_its_status_change(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["pagerduty_resolved_without_resolved_at"]) == []
    assert result.query("""
        select incident_id, is_resolved, resolved_at, is_resolved_at_from_status_change, resolved_by_user_id
        from stg_pagerduty__incidents where incident_id in ('Q2W3E4R5T6Y7U8', 'Q9A8S7D6F5G4H3', 'PT4KHLK')
        order by incident_id
    """) == [
        ("PT4KHLK", True, datetime(2015, 10, 6, 21, 38, 23), False, "PXPGF42"),
        ("Q2W3E4R5T6Y7U8", True, datetime(2026, 1, 20, 3, 12, 45), True, "PXPGF42"),
        ("Q9A8S7D6F5G4H3", False, None, False, None),
    ]
    # In the outcomes: a completion time, its day and period, and 02:40 -> 03:12:45 open for 32 minutes.
    assert result.query("""
        select completed_at, completed_date, period_start, open_minutes, employee_id, attribution_status
        from core.fct_outcomes where outcome_id = 'pagerduty:incident:Q2W3E4R5T6Y7U8'
    """) == [(datetime(2026, 1, 20, 3, 12, 45), date(2026, 1, 20), date(2026, 1, 1), 32, "E1", "attributed")]
    assert result.scalar("""
        select count(*) from core.fct_outcomes where outcome_id = 'pagerduty:incident:Q9A8S7D6F5G4H3'
    """) == 0


def test_incident_number_as_a_string_is_the_number(corpus) -> None:
    _, result, files = corpus
    assert result.query("select incident_number from stg_pagerduty__incidents where incident_id = 'QSTRNUM0000001'") \
        == [(4713,)]
    assert quarantined(result, files["pagerduty_number_as_string"]) == [(2, "unreadable_number")]


def test_linear_issue_without_state_has_true_or_false_flags(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["linear_without_state"]) == []
    assert result.query("""
        select issue_identifier, state_type, is_completed, is_canceled, assignee_email from stg_linear__issues
        where issue_identifier in ('OPS-71', 'OPS-72', 'OPS-73') order by issue_identifier
    """) == [
        ("OPS-71", None, True, False, "grace.hopper@example.com"),
        ("OPS-72", None, False, True, None),
        ("OPS-73", None, False, False, None),
    ]
    # The padded, mixed-case e-mail finds the person who holds the address (E202, the conflict's winner).
    assert result.query("""
        select outcome_id, completion_status, completed_at, employee_id, level, attribution_status
        from core.fct_outcomes
        where outcome_id in ('linear:issue:7a1e2b3c-0000-4000-8000-00000000a001',
                             'linear:issue:7a1e2b3c-0000-4000-8000-00000000a002',
                             'linear:issue:7a1e2b3c-0000-4000-8000-00000000a003')
        order by outcome_id
    """) == [
        ("linear:issue:7a1e2b3c-0000-4000-8000-00000000a001", "completed", datetime(2026, 1, 14, 15, 30), "E202",
         "L5", "attributed"),
        ("linear:issue:7a1e2b3c-0000-4000-8000-00000000a002", "canceled", datetime(2026, 1, 15, 10, 0), None, None,
         "unmapped_person"),
    ]


def test_github_ids_as_strings_are_numbers(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["github_numbers_as_strings"]) == []
    assert result.query("""
        select pull_request_id, pull_request_number, author_user_id, is_merged, is_draft
        from stg_github__pull_requests where node_id = 'PR_kwDOoutcomes01'
    """) == [(90000000001, 48, 5001, True, False)]
    # Its author's login, in another case, is the identity E399 won in its export.
    assert result.query("""
        select employee_id, attribution_status from core.fct_outcomes
        where outcome_id = 'github:pull_request:PR_kwDOoutcomes01'
    """) == [("E399", "attributed")]


def test_github_number_that_is_not_a_number_is_quarantined(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["github_unreadable_number"]) == [(1, "unreadable_number")]
    assert result.scalar("select count(*) from stg_github__pull_requests where node_id = 'PR_kwDOoutcomes02'") == 0


def test_jira_issue_without_status_or_type_has_true_or_false_flags(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["jira_booleans_absent"]) == []
    assert result.query("""
        select external_ref, issue_id, status_category_key, is_resolved, is_subtask, resolved_at
        from stg_jira__issues where issue_key in ('OPS-450', 'OPS-451') order by issue_key
    """) == [
        # 16:05 at +01:00 is 15:05 UTC.
        ("jira:issue:10450", "10450", None, True, False, datetime(2026, 1, 22, 15, 5)),
        ("jira:issue:10451", "10451", None, False, False, None),
    ]


def test_jira_id_as_number_and_as_string_is_one_issue(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["jira_id_number_and_string"]) == []
    assert result.query("select summary from stg_jira__issues where external_ref = 'jira:issue:10450'") == \
        [("Purge stale feature flags v2",)]
    assert result.query("""
        select _version_rank from base_jira__issues where external_ref = 'jira:issue:10450' order by _version_rank
    """) == [(1,), (2,)]


def test_pull_request_fetched_alone_has_its_size(corpus) -> None:
    _, result, files = corpus
    # additions 120, deletions "30" (a string is the number), changed_files 4, commits 3; the second pull
    # request's changed_files "many" is not a number.
    assert quarantined(result, files["github_pull_request_fetched_alone"]) == [(2, "unreadable_number")]
    assert result.query("""
        select pull_request_number, head_sha, additions, deletions, changed_files, commit_count, is_merged
        from stg_github__pull_requests where node_id in ('PR_kwDOoutcomes03', 'PR_kwDOoutcomes04')
    """) == [(50, "c0ffee5b57875f334f61aebed695e2e4193db5e0", 120, 30, 4, 3, False)]
    # Listed pull requests carry no size: null, not 0.
    assert result.query("""
        select additions, deletions, changed_files, commit_count from stg_github__pull_requests
        where node_id = 'PR_kwDOoutcomes01'
    """) == [(None, None, None, None)]


def test_creators_and_trigger_agents_are_read_where_extracted(corpus) -> None:
    _, result, files = corpus
    for case in ["jira_creator_and_reporter", "linear_with_creator", "pagerduty_full_trigger_log_entry"]:
        assert quarantined(result, files[case]) == [], case
    assert result.query("""
        select issue_key, creator_account_id, reporter_account_id from stg_jira__issues
        where issue_key in ('OPS-451', 'OPS-452') order by issue_key
    """) == [("OPS-451", None, None),
             ("OPS-452", "5b10ac8d82e05b22cc7d4ef5", "712020:0e3f4a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b")]
    assert result.query("""
        select issue_identifier, creator_user_id from stg_linear__issues
        where issue_identifier in ('OPS-73', 'OPS-74') order by issue_identifier
    """) == [("OPS-73", None), ("OPS-74", "0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a")]
    # The full log entry names its agent; an incident listed without the include has a reference only.
    assert result.query("""
        select incident_id, trigger_agent_id, trigger_agent_type, trigger_summary, is_manually_triggered
        from stg_pagerduty__incidents where incident_id in ('QTRIGGER000001', 'QSTRNUM0000001') order by incident_id
    """) == [("QSTRNUM0000001", None, None, "Triggered through the API", False),
             ("QTRIGGER000001", "PXPGF42", "user_reference", "Triggered through the website", True)]


def test_reviews_as_github_returns_them(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["github_review_quirks"]) == []
    assert result.query("""
        select node_id, review_id, repository_full_name, pull_request_number, reviewer_login, reviewer_user_id,
               reviewer_type, is_bot_reviewer, state, submitted_at, commit_id, _line_number
        from stg_github__pull_request_reviews where node_id like 'PRR_outcomes0%' order by node_id
    """) == [
        # A deleted ("ghost") account: no reviewer, not a bot.
        ("PRR_outcomes01", 9001, "example/reviews-lab", 1, None, None, None, False, "APPROVED",
         datetime(2026, 1, 20, 10), "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091", 1),
        # Pending: not submitted, no time.
        ("PRR_outcomes02", 9002, "example/reviews-lab", 2, "octocat", 1, "User", False, "PENDING", None,
         "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091", 2),
        # A bot by its type, and one by its login alone.
        ("PRR_outcomes03", 9003, "example/reviews-lab", 3, "copilot-pull-request-reviewer[bot]", 175728472, "Bot",
         True, "COMMENTED", datetime(2026, 1, 20, 10), "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091", 3),
        ("PRR_outcomes04", 9004, "example/reviews-lab", 3, "dependabot[bot]", 49699333, None, True, "COMMENTED",
         datetime(2026, 1, 20, 10), "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091", 4),
        # 2^53 + 1, as a string: read exactly, no float in between.
        ("PRR_outcomes05", 9007199254740993, "example/reviews-lab", 5, "octocat", 1, "User", False, "APPROVED",
         datetime(2026, 1, 20, 10), None, 5),
        # A GitHub Enterprise Server host: https://HOST/api/v3/repos/...
        ("PRR_outcomes06", 9006, "platform/payments", 7, "octocat", 1, "User", False, "APPROVED",
         datetime(2026, 1, 20, 10), "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091", 6),
    ]
    assert result.query("""
        select external_ref from stg_github__pull_request_reviews where node_id = 'PRR_outcomes01'
    """) == [("github:pull_request_review:PRR_outcomes01",)]


def test_unusable_reviews_are_quarantined(corpus) -> None:
    _, result, files = corpus
    assert quarantined(result, files["github_review_unusable"]) == [
        (1, "malformed_json"),
        (2, "missing_external_key"),
        # .../issues/13 is an issue, and line 4 has no pull_request_url at all.
        (3, "missing_pull_request_reference"),
        (4, "missing_pull_request_reference"),
        (5, "unparseable_timestamp"),
        (6, "unreadable_number"),
    ]
    assert result.scalar("""
        select count(*) from stg_github__pull_request_reviews
        where node_id in ('PRR_outcomes11', 'PRR_outcomes13', 'PRR_outcomes14', 'PRR_outcomes15', 'PRR_outcomes16')
           or review_id = 9012
    """) == 0


def test_dismissed_approval_reads_dismissed(corpus) -> None:
    _, result, files = corpus
    assert result.query("""
        select state, submitted_at, _source_file from stg_github__pull_request_reviews
        where external_ref = 'github:pull_request_review:PRR_outcomes21'
    """) == [("DISMISSED", datetime(2026, 1, 20, 10), str(files["github_review_dismissed_later"]))]
    assert result.query(f"""
        select _version_rank, _quarantine_reason from base_github__pull_request_reviews
        where _source_file = '{files["github_review_approved_first"]}'
    """) == [(2, None)]
    raw, kept, duplicates, bad = result.query("""
        select raw_records, kept_records, duplicate_records, quarantined_records
        from audit.audit_source_reconciliation where source_entity = 'github.pull_request_reviews'
    """)[0]
    assert raw == kept + duplicates + bad
    # The vendor example, six quirks and the dismissed approval kept; its first version a duplicate; six unusable.
    assert (kept, duplicates, bad) == (8, 1, 6)


def test_no_derived_boolean_is_null(corpus) -> None:
    _, result, _ = corpus
    checks = {
        "stg_github__pull_requests": ["is_merged", "is_draft"],
        "stg_linear__issues": ["is_completed", "is_canceled"],
        "stg_jira__issues": ["is_subtask", "is_resolved"],
        "stg_pagerduty__incidents": ["is_resolved", "is_manually_triggered", "is_resolved_at_from_status_change"],
        "stg_github__pull_request_reviews": ["is_bot_reviewer"],
    }
    for model, columns in checks.items():
        condition = " or ".join(f"{column} is null" for column in columns)
        assert result.scalar(f"select count(*) from {model} where {condition}") == 0, model


def test_change_events_stage_with_their_pull_request_or_are_quarantined(corpus) -> None:
    _, result, files = corpus
    path = files["pagerduty_change_events"]
    assert quarantined(result, path) == [(4, "missing_external_key"), (5, "unparseable_timestamp"),
                                         (6, "malformed_json")]
    # Two spellings of one time are one record; a link on any GitHub host names the pull request, lower-cased.
    assert result.query(f"""
        select change_event_id, changed_at, pull_request_repository, pull_request_number
        from stg_pagerduty__change_events where _source_file = '{path}' order by change_event_id
    """) == [("01CHANGE0000000000000000A1", datetime(2026, 1, 19, 10, 0, 5), "acme/web", 77),
             ("01CHANGE0000000000000000A2", datetime(2026, 1, 19, 11, 0), None, None)]


def test_related_change_event_without_its_incident_is_quarantined(corpus) -> None:
    _, result, files = corpus
    path = files["pagerduty_related_change_events"]
    assert quarantined(result, path) == [(2, "missing_external_key")]
    assert result.query(f"""
        select incident_id, change_event_id, correlation_reason, pull_request_repository, pull_request_number
        from stg_pagerduty__related_change_events where _source_file = '{path}'
    """) == [("Q2W3E4R5T6Y7U8", "01CHANGE0000000000000000A1", "related_service", "acme/web", 77)]


def test_jira_links_read_from_the_issue(corpus) -> None:
    _, result, _ = corpus
    assert result.query("""
        select link_id, link_direction, link_description, linked_issue_id, linked_issue_key
        from stg_jira__issue_links where issue_ref = 'jira:issue:10901' order by link_id
    """) == [("30001", "inward", "is caused by", "10002", "ED-1"), ("30002", "outward", "causes", "10003", "ED-2")]


def test_linear_attachments_name_pull_requests_only_by_their_page(corpus) -> None:
    _, result, _ = corpus
    assert result.query("""
        select attachment_id, source_type, pull_request_repository, pull_request_number
        from stg_linear__issue_attachments where issue_id = '7a1e2b3c-0000-4000-8000-00000000a901'
        order by attachment_id
    """) == [("att-1", "github", "acme/web", 77), ("att-2", "sentry", None, None), ("att-3", None, None, None)]


def test_cursor_ai_commits_read_values_or_are_quarantined(corpus) -> None:
    _, result, files = corpus
    path = files["cursor_ai_commits"]
    assert quarantined(result, path) == [(3, "unreadable_number"), (4, "unparseable_timestamp"),
                                         (5, "missing_external_key")]
    # Two spellings of one hash and one time are one commit; a count in a string is the number.
    assert result.query(f"""
        select commit_hash, tab_lines_added, ai_lines_added, committed_at
        from stg_cursor__ai_code_commits where _source_file = '{path}'
    """) == [("abcdef0123456789abcdef0123456789abcdef01", 12, 12, datetime(2026, 1, 5, 10, 0))]
