{{ config(enabled=var('enable_linear'), **incremental_config('external_ref')) }}

-- Every landed Linear issue line, whatever its quality, with the reason it
-- cannot be used if any.
{%- set linear_issue = json_fields([
    'id',
    'identifier',
    'title',
    'url',
    'estimate',
    'priority',
    'priorityLabel',
    'assignee.id',
    'assignee.email',
    'creator.id',
    'team.key',
    'team.name',
    'state.type',
    'state.name',
    'createdAt',
    'updatedAt',
    'startedAt',
    'completedAt',
    'canceledAt'
]) %}

with

records as (
    {{ landed_json_records(source('linear', 'issues'), linear_issue) }}
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
        {{ json_text(linear_issue, 'id') }} as issue_id,
        {{ json_text(linear_issue, 'identifier') }} as issue_identifier,
        {{ json_text(linear_issue, 'title') }} as title,
        {{ json_text(linear_issue, 'url') }} as issue_url,
        {{ json_text(linear_issue, 'estimate') }} as estimate_text,
        {{ json_number(linear_issue, 'estimate') }} as estimate,
        {{ json_text(linear_issue, 'priority') }} as priority_text,
        {{ dbt.safe_cast(json_bigint(linear_issue, 'priority'), api.Column.translate_type('integer')) }} as priority,
        {{ json_text(linear_issue, 'priorityLabel') }} as priority_label,
        {{ json_text(linear_issue, 'assignee.id') }} as assignee_user_id,
        -- An e-mail is a key: trimmed and lower-case.
        lower(nullif(trim({{ json_text(linear_issue, 'assignee.email') }}), '')) as assignee_email,
        -- Null when an integration created the issue, or `creator` was not
        -- selected.
        {{ json_text(linear_issue, 'creator.id') }} as creator_user_id,
        {{ json_joined_strings('record_json', 'labels.nodes', 'name') }} as label_names,
        {{ json_text(linear_issue, 'team.key') }} as team_key,
        {{ json_text(linear_issue, 'team.name') }} as team_name,
        {{ json_text(linear_issue, 'state.type') }} as state_type,
        {{ json_text(linear_issue, 'state.name') }} as state_name,
        {{ json_text(linear_issue, 'createdAt') }} as created_at_text,
        {{ json_text(linear_issue, 'updatedAt') }} as updated_at_text,
        {{ json_text(linear_issue, 'startedAt') }} as started_at_text,
        {{ json_text(linear_issue, 'completedAt') }} as completed_at_text,
        {{ json_text(linear_issue, 'canceledAt') }} as canceled_at_text
    from records
),

typed as (
    select
        *,
        {{ to_utc_timestamp('created_at_text') }} as created_at,
        {{ to_utc_timestamp('updated_at_text') }} as updated_at,
        {{ to_utc_timestamp('started_at_text') }} as started_at,
        {{ to_utc_timestamp('completed_at_text') }} as completed_at,
        {{ to_utc_timestamp('canceled_at_text') }} as canceled_at
    from parsed
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when issue_id is null then 'missing_external_key'
            when
                {{ is_unparseable('created_at_text', 'created_at') }}
                or {{ is_unparseable('updated_at_text', 'updated_at') }}
                or {{ is_unparseable('started_at_text', 'started_at') }}
                or {{ is_unparseable('completed_at_text', 'completed_at') }}
                or {{ is_unparseable('canceled_at_text', 'canceled_at') }} then 'unparseable_timestamp'
            -- When the work finished: a record of work before the floor, or after
            -- its own extract, is a clock or a parser gone wrong.
            when
                {{ is_implausible_timestamp('completed_at', 'min_plausible_outcome_timestamp') }}
                or {{ is_implausible_timestamp('canceled_at', 'min_plausible_outcome_timestamp') }}
                then 'implausible_timestamp'
            when
                {{ is_unparseable('estimate_text', 'estimate') }}
                or {{ is_unparseable('priority_text', 'priority') }} then 'unreadable_number'
        end as _quarantine_reason,
        {{ dbt.concat(["'linear:issue:'", key_part('issue_id')]) }} as external_ref
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
