{{ config(enabled=var('enable_linear')) }}

-- Linear issues, one row per issue: the latest extract's version.
with

issues as (
    select * from {{ ref('base_linear__issues') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        issue_id,
        issue_identifier,
        title,
        issue_url,
        estimate,
        -- Linear priority: 0 = no priority, 1 = urgent .. 4 = low.
        priority,
        priority_label,
        assignee_user_id,
        assignee_email,
        creator_user_id,
        label_names,
        team_key,
        team_name,
        state_type,
        state_name,
        -- Never null. `state` is optional in a GraphQL selection: when its
        -- type is absent the timestamps decide (Linear sets completedAt and
        -- canceledAt on entering those states and clears them on leaving).
        completed_at is not null and coalesce(state_type = 'completed', true) as is_completed,
        canceled_at is not null or coalesce(state_type = 'canceled', false) as is_canceled,
        created_at,
        updated_at,
        started_at,
        completed_at,
        canceled_at,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from issues
)

select * from final
