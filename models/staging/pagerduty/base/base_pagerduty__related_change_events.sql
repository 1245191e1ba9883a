{{ config(enabled=var('enable_pagerduty'), **incremental_config('external_ref')) }}

-- Every landed line of incidents' related change events, whatever its
-- quality, with the reason it cannot be used if any. A line is a change
-- event PagerDuty relates to an incident, with the incident it was read for.
{%- set related = json_fields([
    'id',
    'incident.id',
    'correlation_reason.reason',
    'timestamp',
    'services[0].id'
]) %}

with

records as (
    {{ landed_json_records(landing_relation('pagerduty', 'related_change_events'), related) }}
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
        {{ json_text(related, 'id') }} as change_event_id,
        {{ json_text(related, 'incident.id') }} as incident_id,
        {{ json_text(related, 'correlation_reason.reason') }} as correlation_reason,
        {{ json_text(related, 'services[0].id') }} as service_id,
        {{ json_joined_strings('record_json', 'links', 'href', ' ') }} as link_hrefs,
        {{ json_text(related, 'timestamp') }} as changed_at_text
    from records
),

typed as (
    select
        *,
        {{ to_utc_timestamp('changed_at_text') }} as changed_at
    from parsed
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when change_event_id is null or incident_id is null then 'missing_external_key'
            when {{ is_unparseable('changed_at_text', 'changed_at') }} then 'unparseable_timestamp'
            when {{ is_implausible_timestamp('changed_at', 'min_plausible_outcome_timestamp') }}
                then 'implausible_timestamp'
        end as _quarantine_reason,
        {{ dbt.concat([
            "'pagerduty:related_change_event:'", key_part('incident_id'), "':'", key_part('change_event_id')
        ]) }} as external_ref
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
