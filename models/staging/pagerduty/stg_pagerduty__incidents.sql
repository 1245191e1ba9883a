{{ config(enabled=var('enable_pagerduty')) }}

-- PagerDuty incidents, one row per incident: the latest extract's version.
with

incidents as (
    select * from {{ ref('base_pagerduty__incidents') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        incident_id,
        incident_number,
        title,
        status,
        status = 'resolved' as is_resolved,
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
        last_status_change_by_id,
        last_status_change_by_type,
        created_at,
        resolved_at,
        last_status_change_at,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from incidents
)

select * from final
