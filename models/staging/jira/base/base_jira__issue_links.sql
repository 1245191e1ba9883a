{{ config(enabled=var('enable_jira'), materialized='table') }}

-- Every link of every landed Jira issue line (`fields.issuelinks`), one row
-- per line and link; lines without links have none. Which line's links
-- count is staging's call: the issue's kept version (stg_jira__issue_links).
-- A table rebuilt from the landing on each run: issues are few beside usage.
{%- set issue = json_fields(['id']) %}
{%- set link = json_fields([
    'id',
    'type.name',
    'type.inward',
    'type.outward',
    'inwardIssue.id',
    'inwardIssue.key',
    'outwardIssue.id',
    'outwardIssue.key'
], parsed='link_json', texts='link_texts') %}

with

records as (
    {{ landed_json_records(source('jira', 'issues'), issue) }}
),

issues as (
    select * from records
    where is_json_object
),

elements as (
    {{ json_array_rows('issues', 'record_json', 'fields.issuelinks') }}
),

links as (
    select
        elements.*,
        {{ json_field_texts('elements.element', link) }}
        elements.element as link_json
    from elements
    where elements.element_index is not null
),

final as (
    select
        _source_file,
        _line_number,
        cast(element_index as {{ dbt.type_bigint() }}) as _element_index,
        _extracted_at,
        {{ json_text(issue, 'id') }} as issue_id,
        {{ json_text(link, 'id') }} as link_id,
        {{ json_text(link, 'type.name') }} as link_type_name,
        -- How the link reads from this issue: "this issue <inward> the
        -- inward issue", "this issue <outward> the outward issue".
        lower({{ json_text(link, 'type.inward') }}) as inward_description,
        lower({{ json_text(link, 'type.outward') }}) as outward_description,
        {{ json_text(link, 'inwardIssue.id') }} as inward_issue_id,
        upper({{ json_text(link, 'inwardIssue.key') }}) as inward_issue_key,
        {{ json_text(link, 'outwardIssue.id') }} as outward_issue_id,
        upper({{ json_text(link, 'outwardIssue.key') }}) as outward_issue_key
    from links
)

select * from final
