{{ config(enabled=var('enable_linear')) }}

-- The attachments of each Linear issue as its kept version
-- (stg_linear__issues) has them, one row per issue and attachment, with the
-- pull request an attachment links to when its URL is a pull request's page
-- (github.com or a GitHub Enterprise host: `/<owner>/<repo>/pull/<number>`).
{%- set pull_request_link = pull_request_url_pattern() %}
with

issues as (
    select * from {{ ref('base_linear__issues') }}
    where _quarantine_reason is null and _version_rank = 1
),

attachments as (
    select * from {{ ref('base_linear__issue_attachments') }}
),

final as (
    select
        {{ dbt.concat([
            'issues.external_ref', "':attachment:'",
            "coalesce(attachments.attachment_id, cast(attachments._element_index as " ~ dbt.type_string() ~ "))"
        ]) }} as attachment_ref,
        issues.external_ref as issue_ref,
        attachments.issue_id,
        attachments.attachment_id,
        attachments.attachment_url,
        attachments.attachment_title,
        attachments.source_type,
        {{ to_utc_timestamp('attachments.attached_at_text') }} as attached_at,
        {{ regexp_extract_group('lower(attachments.attachment_url)', pull_request_link, 1) }}
            as pull_request_repository,
        cast(
            {{ regexp_extract_group('lower(attachments.attachment_url)', pull_request_link, 2) }}
            as {{ dbt.type_bigint() }}
        ) as pull_request_number,
        attachments._source_file,
        attachments._line_number,
        attachments._extracted_at
    from attachments
    inner join issues
        on
            attachments._source_file = issues._source_file
            and attachments._line_number = issues._line_number
)

select * from final
