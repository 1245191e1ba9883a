{{ config(enabled=var('enable_pagerduty'), **incremental_config('external_ref')) }}

-- Every landed PagerDuty change event line, whatever its quality, with the
-- reason it cannot be used if any.
{%- set change_event = json_fields([
    'id',
    'summary',
    'timestamp',
    'source',
    'services[0].id',
    'integration.id'
]) %}

with

records as (
    {{ landed_json_records(landing_relation('pagerduty', 'change_events'), change_event) }}
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
        {{ json_text(change_event, 'id') }} as change_event_id,
        {{ json_text(change_event, 'summary') }} as summary,
        {{ json_text(change_event, 'source') }} as change_source,
        {{ json_text(change_event, 'services[0].id') }} as service_id,
        {{ json_text(change_event, 'integration.id') }} as integration_id,
        -- Every link's target, lower-cased and joined: the pull request a
        -- change event is about is one of them (see stg_).
        {{ json_joined_strings('record_json', 'links', 'href', ' ') }} as link_hrefs,
        {{ json_text(change_event, 'timestamp') }} as changed_at_text
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
            when change_event_id is null then 'missing_external_key'
            -- Every change event has a time: one without it cannot be placed.
            when {{ is_unparseable('changed_at_text', 'changed_at') }} or changed_at is null
                then 'unparseable_timestamp'
            when {{ is_implausible_timestamp('changed_at', 'min_plausible_outcome_timestamp') }}
                then 'implausible_timestamp'
        end as _quarantine_reason,
        {{ dbt.concat(["'pagerduty:change_event:'", key_part('change_event_id')]) }} as external_ref
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
