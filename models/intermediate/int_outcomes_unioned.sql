-- Finished work from every outcome source in one shape: one row per
-- outcome, with who did it and what the value rules read. Work still open
-- is not an outcome yet and is left out; closed-unmerged pull requests and
-- canceled issues stay, earning nothing.
with

pull_requests as (
    select * from {{ ref('stg_github__pull_requests') }}
),

linear_issues as (
    select * from {{ ref('stg_linear__issues') }}
),

jira_issues as (
    select * from {{ ref('stg_jira__issues') }}
),

incidents as (
    select * from {{ ref('stg_pagerduty__incidents') }}
),

unioned as (
    select
        external_ref as outcome_id,
        'github' as outcome_source,
        'pull_request' as outcome_type,
        created_at,
        coalesce(merged_at, closed_at) as completed_at,
        case when is_merged then 'completed' else 'closed_unmerged' end as completion_status,
        'github' as identity_system,
        lower(author_login) as identity_key,
        cast(null as {{ dbt.type_string() }}) as fallback_email,
        title,
        label_names,
        cast(null as {{ dbt.type_string() }}) as work_type,
        cast(null as {{ type_double() }}) as size_points,
        cast(null as {{ dbt.type_string() }}) as priority,
        cast(null as {{ dbt.type_string() }}) as urgency,
        repository_full_name,
        pull_request_number,
        body,
        head_ref,
        false as is_manually_triggered
    from pull_requests
    where state = 'closed' or is_merged

    union all

    select
        external_ref,
        'linear',
        'issue',
        created_at,
        coalesce(completed_at, canceled_at),
        case when is_completed then 'completed' else 'canceled' end,
        'linear',
        assignee_user_id,
        assignee_email,
        title,
        label_names,
        null,
        cast(estimate as {{ type_double() }}),
        cast(priority as {{ dbt.type_string() }}),
        null,
        null,
        null,
        null,
        null,
        false
    from linear_issues
    where is_completed or is_canceled

    union all

    select
        external_ref,
        'jira',
        'issue',
        created_at,
        resolved_at,
        'completed',
        'jira',
        assignee_account_id,
        assignee_email,
        summary,
        label_names,
        lower(issue_type),
        cast(story_points as {{ type_double() }}),
        lower(priority_name),
        null,
        null,
        null,
        null,
        null,
        false
    from jira_issues
    where is_resolved

    union all

    select
        external_ref,
        'pagerduty',
        'incident',
        created_at,
        resolved_at,
        'completed',
        'pagerduty',
        resolved_by_user_id,
        null,
        title,
        null,
        null,
        null,
        lower(priority_name),
        urgency,
        null,
        null,
        null,
        null,
        is_manually_triggered
    from incidents
    where is_resolved
),

final as (
    select
        *,
        cast(completed_at as date) as completed_date,
        {{ dbt.datediff('created_at', 'completed_at', 'minute') }}
            as open_minutes
    from unioned
)

select * from final
