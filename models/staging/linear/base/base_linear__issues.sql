{{ config(enabled=var('enable_linear'), **incremental_config('external_ref')) }}

-- Every landed Linear issue line, whatever its quality, with the reason it
-- cannot be used if any.
with

records as (
    {{ landed_json_records(source('linear', 'issues')) }}
),

parsed as (
    select
        _source_file,
        _line_number,
        _extracted_at,
        _line,
        is_valid_json,
        {{ json_text('record_json', 'id') }} as issue_id,
        {{ json_text('record_json', 'identifier') }} as issue_identifier,
        {{ json_text('record_json', 'title') }} as title,
        {{ json_text('record_json', 'url') }} as issue_url,
        {{ json_number('record_json', 'estimate') }} as estimate,
        {{ dbt.safe_cast(json_number('record_json', 'priority'), api.Column.translate_type('integer')) }} as priority,
        {{ json_text('record_json', 'priorityLabel') }} as priority_label,
        {{ json_text('record_json', 'assignee.id') }} as assignee_user_id,
        lower({{ json_text('record_json', 'assignee.email') }}) as assignee_email,
        {{ json_joined_strings('record_json', 'labels.nodes', 'name') }} as label_names,
        {{ json_text('record_json', 'team.key') }} as team_key,
        {{ json_text('record_json', 'team.name') }} as team_name,
        {{ json_text('record_json', 'state.type') }} as state_type,
        {{ json_text('record_json', 'state.name') }} as state_name,
        {{ json_text('record_json', 'createdAt') }} as created_at_text,
        {{ json_text('record_json', 'updatedAt') }} as updated_at_text,
        {{ json_text('record_json', 'startedAt') }} as started_at_text,
        {{ json_text('record_json', 'completedAt') }} as completed_at_text,
        {{ json_text('record_json', 'canceledAt') }} as canceled_at_text
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
            when issue_id is null then 'missing_external_key'
            when
                {{ is_unparseable('created_at_text', 'created_at') }}
                or {{ is_unparseable('updated_at_text', 'updated_at') }}
                or {{ is_unparseable('started_at_text', 'started_at') }}
                or {{ is_unparseable('completed_at_text', 'completed_at') }}
                or {{ is_unparseable('canceled_at_text', 'canceled_at') }} then 'unparseable_timestamp'
        end as _quarantine_reason,
        {{ dbt.concat(["'linear:issue:'", key_part('issue_id')]) }} as external_ref
    from typed
),

final as (
    {{ versions_ranked('validated') }}
)

select * from final
