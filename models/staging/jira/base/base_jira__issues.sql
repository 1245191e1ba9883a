{{ config(enabled=var('enable_jira'), **incremental_config('external_ref')) }}

-- Every landed Jira issue line, whatever its quality, with the reason it
-- cannot be used if any. Only the timestamps the project reads (created,
-- resolutiondate) are validated: Jira's own example carries `updated: 1`.
{%- set jira_issue = json_fields([
    'id',
    'key',
    'fields.summary',
    'fields.issuetype.name',
    'fields.issuetype.subtask',
    'fields.priority.name',
    'fields.status.name',
    'fields.status.statusCategory.key',
    'fields.resolution.name',
    'fields.assignee.accountId',
    'fields.assignee.emailAddress',
    'fields.creator.accountId',
    'fields.reporter.accountId',
    'fields.created',
    'fields.resolutiondate',
    'fields.' ~ var('jira_story_points_field')
]) %}

with

records as (
    {{ landed_json_records(source('jira', 'issues'), jira_issue) }}
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
        -- Jira's id is a number sent as a string: the key is its value, so
        -- 10002, "10002" and " 10002" are one issue.
        {{ json_text(jira_issue, 'id') }} as issue_id_text,
        cast({{ json_bigint(jira_issue, 'id') }} as {{ dbt.type_string() }}) as issue_id,
        {{ json_text(jira_issue, 'key') }} as issue_key,
        {{ json_text(jira_issue, 'fields.summary') }} as summary,
        {{ json_text(jira_issue, 'fields.issuetype.name') }} as issue_type,
        {{ dbt.safe_cast(json_text(jira_issue, 'fields.issuetype.subtask'), dbt.type_boolean()) }} as is_subtask,
        {{ json_text(jira_issue, 'fields.priority.name') }} as priority_name,
        {{ json_text(jira_issue, 'fields.status.name') }} as status_name,
        {{ json_text(jira_issue, 'fields.status.statusCategory.key') }} as status_category_key,
        {{ json_text(jira_issue, 'fields.resolution.name') }} as resolution_name,
        {{ json_text(jira_issue, 'fields.assignee.accountId') }} as assignee_account_id,
        lower(nullif(trim({{ json_text(jira_issue, 'fields.assignee.emailAddress') }}), '')) as assignee_email,
        -- Null when the search's `fields` left them out; the reporter also
        -- when it was cleared.
        {{ json_text(jira_issue, 'fields.creator.accountId') }} as creator_account_id,
        {{ json_text(jira_issue, 'fields.reporter.accountId') }} as reporter_account_id,
        {{ json_joined_strings('record_json', 'fields.labels') }} as label_names,
        {{ json_text(jira_issue, 'fields.' ~ var('jira_story_points_field')) }} as story_points_text,
        {{ json_number(jira_issue, 'fields.' ~ var('jira_story_points_field')) }} as story_points,
        {{ json_text(jira_issue, 'fields.created') }} as created_at_text,
        {{ json_text(jira_issue, 'fields.resolutiondate') }} as resolved_at_text
    from records
),

typed as (
    select
        *,
        {{ to_utc_timestamp('created_at_text') }} as created_at,
        {{ to_utc_timestamp('resolved_at_text') }} as resolved_at
    from parsed
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when issue_id_text is null then 'missing_external_key'
            when
                {{ is_unparseable('issue_id_text', 'issue_id') }}
                or {{ is_unparseable('story_points_text', 'story_points') }} then 'unreadable_number'
            when
                {{ is_unparseable('created_at_text', 'created_at') }}
                or {{ is_unparseable('resolved_at_text', 'resolved_at') }} then 'unparseable_timestamp'
            -- When the work finished: a record of work before the floor, or after
            -- its own extract, is a clock or a parser gone wrong.
            when
                {{ is_implausible_timestamp('resolved_at', 'min_plausible_outcome_timestamp') }}
                then 'implausible_timestamp'
        end as _quarantine_reason,
        {{ dbt.concat(["'jira:issue:'", key_part('issue_id')]) }} as external_ref
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
