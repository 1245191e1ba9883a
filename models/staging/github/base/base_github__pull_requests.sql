{{ config(enabled=var('enable_github'), **incremental_config('external_ref')) }}

{%- set pull_request = json_fields([
    'node_id',
    'id',
    'number',
    'base.repo.full_name',
    'user.login',
    'user.id',
    'user.type',
    'assignees[0].login',
    'assignees[0].type',
    'assignees[1].login',
    'assignees[1].type',
    'state',
    'title',
    'body',
    'head.ref',
    'head.sha',
    'base.ref',
    'draft',
    'author_association',
    'merge_commit_sha',
    'additions',
    'deletions',
    'changed_files',
    'commits',
    'created_at',
    'updated_at',
    'closed_at',
    'merged_at'
]) %}

-- Every landed pull request line, whatever its quality, with the reason it
-- cannot be used if any.
with

records as (
    {{ landed_json_records(source('github', 'pull_requests'), pull_request) }}
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
        {{ json_text(pull_request, 'node_id') }} as node_id,
        -- Numbers are read as values: 12 and "12" are the same id.
        {{ json_text(pull_request, 'id') }} as pull_request_id_text,
        {{ json_bigint(pull_request, 'id') }} as pull_request_id,
        {{ json_text(pull_request, 'number') }} as pull_request_number_text,
        {{ json_bigint(pull_request, 'number') }} as pull_request_number,
        {{ json_text(pull_request, 'base.repo.full_name') }} as repository_full_name,
        {{ json_text(pull_request, 'user.login') }} as author_login,
        {{ json_text(pull_request, 'user.id') }} as author_user_id_text,
        {{ json_bigint(pull_request, 'user.id') }} as author_user_id,
        {{ json_text(pull_request, 'user.type') }} as author_type,
        -- Who a coding agent's pull request was for: the first assignee who
        -- is not a bot (the agent assigns itself beside them).
        case
            when coalesce({{ json_text(pull_request, 'assignees[0].type') }}, 'User') <> 'Bot'
                then {{ json_text(pull_request, 'assignees[0].login') }}
            when coalesce({{ json_text(pull_request, 'assignees[1].type') }}, 'User') <> 'Bot'
                then {{ json_text(pull_request, 'assignees[1].login') }}
        end as human_assignee_login,
        {{ json_text(pull_request, 'state') }} as state,
        {{ json_text(pull_request, 'title') }} as title,
        {{ json_text(pull_request, 'body') }} as body,
        {{ json_text(pull_request, 'head.ref') }} as head_ref,
        {{ json_text(pull_request, 'head.sha') }} as head_sha,
        {{ json_text(pull_request, 'base.ref') }} as base_ref,
        {{ json_joined_strings('record_json', 'labels', 'name') }} as label_names,
        {{ dbt.safe_cast(json_text(pull_request, 'draft'), dbt.type_boolean()) }} as is_draft,
        {{ json_text(pull_request, 'author_association') }} as author_association,
        {{ json_text(pull_request, 'merge_commit_sha') }} as merge_commit_sha,
        -- The size of the change: only a pull request fetched alone
        -- (GET /pulls/{number}) has these; the list endpoint leaves them
        -- out, and they read null.
        {{ json_text(pull_request, 'additions') }} as additions_text,
        {{ json_bigint(pull_request, 'additions') }} as additions,
        {{ json_text(pull_request, 'deletions') }} as deletions_text,
        {{ json_bigint(pull_request, 'deletions') }} as deletions,
        {{ json_text(pull_request, 'changed_files') }} as changed_files_text,
        {{ json_bigint(pull_request, 'changed_files') }} as changed_files,
        {{ json_text(pull_request, 'commits') }} as commit_count_text,
        {{ json_bigint(pull_request, 'commits') }} as commit_count,
        {{ json_text(pull_request, 'created_at') }} as created_at_text,
        {{ json_text(pull_request, 'updated_at') }} as updated_at_text,
        {{ json_text(pull_request, 'closed_at') }} as closed_at_text,
        {{ json_text(pull_request, 'merged_at') }} as merged_at_text
    from records
),

typed as (
    select
        *,
        {{ to_utc_timestamp('created_at_text') }} as created_at,
        {{ to_utc_timestamp('updated_at_text') }} as updated_at,
        {{ to_utc_timestamp('closed_at_text') }} as closed_at,
        {{ to_utc_timestamp('merged_at_text') }} as merged_at
    from parsed
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when node_id is null then 'missing_external_key'
            when
                {{ is_unparseable('created_at_text', 'created_at') }}
                or {{ is_unparseable('updated_at_text', 'updated_at') }}
                or {{ is_unparseable('closed_at_text', 'closed_at') }}
                or {{ is_unparseable('merged_at_text', 'merged_at') }} then 'unparseable_timestamp'
            -- When the work finished: a record of work before the floor, or after
            -- its own extract, is a clock or a parser gone wrong.
            when
                {{ is_implausible_timestamp('closed_at', 'min_plausible_outcome_timestamp') }}
                or {{ is_implausible_timestamp('merged_at', 'min_plausible_outcome_timestamp') }}
                then 'implausible_timestamp'
            when
                {{ is_unparseable('pull_request_id_text', 'pull_request_id') }}
                or {{ is_unparseable('pull_request_number_text', 'pull_request_number') }}
                or {{ is_unparseable('author_user_id_text', 'author_user_id') }}
                or {{ is_unparseable('additions_text', 'additions') }}
                or {{ is_unparseable('deletions_text', 'deletions') }}
                or {{ is_unparseable('changed_files_text', 'changed_files') }}
                or {{ is_unparseable('commit_count_text', 'commit_count') }} then 'unreadable_number'
        end as _quarantine_reason,
        {{ dbt.concat(["'github:pull_request:'", key_part('node_id')]) }} as external_ref
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
