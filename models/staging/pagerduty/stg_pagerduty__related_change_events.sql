{{ config(enabled=var('enable_pagerduty')) }}

-- Change events PagerDuty relates to an incident, one row per incident and
-- change event: the latest extract's version, with the pull request the
-- change event links to (as in stg_pagerduty__change_events).
{%- set pull_request_link = pull_request_url_pattern() %}
with

related as (
    select * from {{ ref('base_pagerduty__related_change_events') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        incident_id,
        change_event_id,
        correlation_reason,
        service_id,
        changed_at,
        link_hrefs,
        {{ regexp_extract_group('link_hrefs', pull_request_link, 1) }} as pull_request_repository,
        cast({{ regexp_extract_group('link_hrefs', pull_request_link, 2) }} as {{ dbt.type_bigint() }})
            as pull_request_number,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from related
)

select * from final
