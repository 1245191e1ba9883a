{{ config(enabled=var('enable_pagerduty')) }}

-- PagerDuty incidents, one row per incident: the latest extract's version.
with

incidents as (
    select * from {{ ref('base_pagerduty__incidents') }}
    where _quarantine_reason is null and _version_rank = 1
),

-- List responses often carry no `resolved_at`. A resolved incident's last
-- status change is its resolution (resolved is final), so
-- `last_status_change_at` stands in when the status is resolved and
-- `resolved_at` is absent.
resolution_times as (
    select
        *,
        coalesce(resolved_at, case when status = 'resolved' then last_status_change_at end) as resolution_at,
        coalesce(resolved_at is null and status = 'resolved' and last_status_change_at is not null, false)
            as is_resolved_at_from_status_change
    from incidents
),

final as (
    select
        external_ref,
        incident_id,
        incident_number,
        title,
        status,
        -- Never null: without a status, resolved means a resolution time.
        coalesce(status = 'resolved', resolved_at is not null) as is_resolved,
        urgency,
        priority_name,
        service_id,
        service_name,
        -- PagerDuty empties `assignments` once an incident is resolved: the
        -- resolver is whoever made the last status change, when a user did.
        case
            when status = 'resolved' and last_status_change_by_type = 'user_reference'
                then last_status_change_by_id
        end as resolved_by_user_id,
        first_assignee_user_id,
        first_acknowledger_id,
        coalesce(acknowledgement_count, 0) as acknowledgement_count,
        trigger_summary,
        -- Raised by a person in the web app rather than by an integration.
        coalesce(trigger_summary like 'Triggered through the website%', false) as is_manually_triggered,
        trigger_agent_id,
        trigger_agent_type,
        last_status_change_by_id,
        last_status_change_by_type,
        created_at,
        resolution_at as resolved_at,
        is_resolved_at_from_status_change,
        last_status_change_at,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from resolution_times
)

select * from final
