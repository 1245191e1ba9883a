{{ config(enabled=var('enable_jira')) }}

-- The links of each Jira issue as its kept version (stg_jira__issues) has
-- them, one row per issue and link, seen from the issue: the other issue
-- and how this one relates to it ("is caused by", "causes", "relates to").
with

issues as (
    select * from {{ ref('base_jira__issues') }}
    where _quarantine_reason is null and _version_rank = 1
),

links as (
    select * from {{ ref('base_jira__issue_links') }}
),

final as (
    select
        {{ dbt.concat([
            'issues.external_ref', "':link:'", "coalesce(links.link_id, cast(links._element_index as " ~ dbt.type_string() ~ "))"
        ]) }} as link_ref,
        issues.external_ref as issue_ref,
        links.issue_id,
        links.link_id,
        links.link_type_name,
        case when links.inward_issue_key is not null then 'inward' else 'outward' end as link_direction,
        case
            when links.inward_issue_key is not null then links.inward_description else links.outward_description
        end as link_description,
        coalesce(links.inward_issue_id, links.outward_issue_id) as linked_issue_id,
        coalesce(links.inward_issue_key, links.outward_issue_key) as linked_issue_key,
        links._source_file,
        links._line_number,
        links._extracted_at
    from links
    inner join issues
        on
            links._source_file = issues._source_file
            and links._line_number = issues._line_number
)

select * from final
