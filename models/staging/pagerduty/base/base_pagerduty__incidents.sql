{{ config(enabled=var('enable_pagerduty'), **incremental_config('external_ref')) }}

-- Every landed PagerDuty incident line, whatever its quality, with the
-- reason it cannot be used if any.
{%- set incident = json_fields([
    'id',
    'incident_number',
    'title',
    'status',
    'urgency',
    'priority.summary',
    'service.id',
    'service.summary',
    'last_status_change_by.id',
    'last_status_change_by.type',
    'assignments[0].assignee.id',
    'acknowledgements[0].acknowledger.id',
    'first_trigger_log_entry.summary',
    'first_trigger_log_entry.agent.id',
    'first_trigger_log_entry.agent.type',
    'created_at',
    'resolved_at',
    'last_status_change_at'
]) %}

with

records as (
    {{ landed_json_records(source('pagerduty', 'incidents'), incident) }}
),

parsed as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        _line,
        is_valid_json,
        is_json_object,
        {{ json_text(incident, 'id') }} as incident_id,
        {{ json_text(incident, 'incident_number') }} as incident_number_text,
        {{ json_bigint(incident, 'incident_number') }} as incident_number,
        {{ json_text(incident, 'title') }} as title,
        {{ json_text(incident, 'status') }} as status,
        {{ json_text(incident, 'urgency') }} as urgency,
        {{ json_text(incident, 'priority.summary') }} as priority_name,
        {{ json_text(incident, 'service.id') }} as service_id,
        {{ json_text(incident, 'service.summary') }} as service_name,
        {{ json_text(incident, 'last_status_change_by.id') }} as last_status_change_by_id,
        {{ json_text(incident, 'last_status_change_by.type') }} as last_status_change_by_type,
        {{ json_text(incident, 'assignments[0].assignee.id') }} as first_assignee_user_id,
        {{ json_text(incident, 'acknowledgements[0].acknowledger.id') }} as first_acknowledger_id,
        {{ json_array_length('record_json', 'acknowledgements') }} as acknowledgement_count,
        {{ json_text(incident, 'first_trigger_log_entry.summary') }} as trigger_summary,
        -- Who raised it: only a full trigger log entry (extracted with
        -- include[]=first_trigger_log_entries) has an agent; the default
        -- trigger_log_entry_reference has none, and these read null.
        {{ json_text(incident, 'first_trigger_log_entry.agent.id') }} as trigger_agent_id,
        {{ json_text(incident, 'first_trigger_log_entry.agent.type') }} as trigger_agent_type,
        {{ json_text(incident, 'created_at') }} as created_at_text,
        {{ json_text(incident, 'resolved_at') }} as resolved_at_text,
        {{ json_text(incident, 'last_status_change_at') }} as last_status_change_at_text
    from records
),

typed as (
    select
        *,
        {{ to_utc_timestamp('created_at_text') }} as created_at,
        {{ to_utc_timestamp('resolved_at_text') }} as resolved_at,
        {{ to_utc_timestamp('last_status_change_at_text') }} as last_status_change_at
    from parsed
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when incident_id is null then 'missing_external_key'
            when
                {{ is_unparseable('created_at_text', 'created_at') }}
                or {{ is_unparseable('resolved_at_text', 'resolved_at') }}
                or {{ is_unparseable('last_status_change_at_text', 'last_status_change_at') }}
                then 'unparseable_timestamp'
            -- When the work finished: a record of work before the floor, or after
            -- its own extract, is a clock or a parser gone wrong.
            when
                {{ is_implausible_timestamp('resolved_at', 'min_plausible_outcome_timestamp') }}
                or {{ is_implausible_timestamp('last_status_change_at', 'min_plausible_outcome_timestamp') }}
                then 'implausible_timestamp'
            when {{ is_unparseable('incident_number_text', 'incident_number') }} then 'unreadable_number'
        end as _quarantine_reason,
        {{ dbt.concat(["'pagerduty:incident:'", key_part('incident_id')]) }} as external_ref
    from typed
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated') }} as versions
)

select * from final
