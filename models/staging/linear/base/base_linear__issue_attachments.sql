{{ config(enabled=var('enable_linear'), materialized='table') }}

-- Every attachment of every landed Linear issue line (`attachments.nodes`:
-- a link to a pull request, a Sentry issue, a document), one row per line
-- and attachment; lines without attachments have none. Which line's
-- attachments count is staging's call: the issue's kept version
-- (stg_linear__issue_attachments). A table rebuilt from the landing on each
-- run: issues are few beside usage.
{%- set issue = json_fields(['id']) %}
{%- set attachment = json_fields([
    'id',
    'url',
    'title',
    'sourceType',
    'createdAt'
], parsed='attachment_json', texts='attachment_texts') %}

with

records as (
    {{ landed_json_records(source('linear', 'issues'), issue) }}
),

issues as (
    select * from records
    where is_json_object
),

elements as (
    {{ json_array_rows('issues', 'record_json', 'attachments.nodes') }}
),

attachments as (
    select
        elements.*,
        {{ json_field_texts('elements.element', attachment) }}
        elements.element as attachment_json
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
        {{ json_text(attachment, 'id') }} as attachment_id,
        {{ json_text(attachment, 'url') }} as attachment_url,
        {{ json_text(attachment, 'title') }} as attachment_title,
        lower({{ json_text(attachment, 'sourceType') }}) as source_type,
        {{ json_text(attachment, 'createdAt') }} as attached_at_text
    from attachments
)

select * from final
