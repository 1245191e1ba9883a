{{ config(enabled=var('enable_jira')) }}

-- Jira issues, one row per issue: the latest extract's version.
with

issues as (
    select * from {{ ref('base_jira__issues') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        issue_id,
        issue_key,
        summary,
        issue_type,
        -- Absent (issuetype not selected) or unreadable: not a subtask.
        coalesce(is_subtask, false) as is_subtask,
        priority_name,
        status_name,
        -- statusCategory.key is Jira's fixed vocabulary (new, indeterminate,
        -- done); status names are per-workflow and not comparable.
        status_category_key,
        resolution_name,
        -- Never null: resolved means a resolution date, in the done category
        -- when the status was selected (a search's `fields` may leave it out).
        resolved_at is not null and coalesce(status_category_key = 'done', true) as is_resolved,
        assignee_account_id,
        assignee_email,
        creator_account_id,
        reporter_account_id,
        label_names,
        story_points,
        created_at,
        resolved_at,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from issues
)

select * from final
