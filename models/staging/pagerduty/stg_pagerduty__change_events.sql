{{ config(enabled=var('enable_pagerduty')) }}

-- PagerDuty change events, one row per change event: the latest extract's
-- version, with the pull request it links to when one of its links is a
-- pull request's page (github.com or a GitHub Enterprise host: any
-- `/<owner>/<repo>/pull/<number>`; the first when a deploy links several).
{%- set pull_request_link = pull_request_url_pattern() %}
with

change_events as (
    select * from {{ ref('base_pagerduty__change_events') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        change_event_id,
        summary,
        change_source,
        service_id,
        integration_id,
        changed_at,
        link_hrefs,
        -- Lower-cased, like every link: GitHub's owner and repository names
        -- are case-insensitive.
        {{ regexp_extract_group('link_hrefs', pull_request_link, 1) }} as pull_request_repository,
        cast({{ regexp_extract_group('link_hrefs', pull_request_link, 2) }} as {{ dbt.type_bigint() }})
            as pull_request_number,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from change_events
)

select * from final
