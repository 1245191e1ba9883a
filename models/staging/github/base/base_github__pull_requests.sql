{{ config(enabled=var('enable_github'), **incremental_config('external_ref')) }}

-- Every landed pull request line, whatever its quality, with the reason it
-- cannot be used if any.
with

records as (
    {{ landed_json_records(source('github', 'pull_requests')) }}
),

parsed as (
    select
        _source_file,
        _line_number,
        _extracted_at,
        _line,
        is_valid_json,
        {{ json_text('record_json', 'node_id') }} as node_id,
        {{ json_bigint('record_json', 'id') }} as pull_request_id,
        {{ json_bigint('record_json', 'number') }} as pull_request_number,
        {{ json_text('record_json', 'base.repo.full_name') }} as repository_full_name,
        {{ json_text('record_json', 'user.login') }} as author_login,
        {{ json_bigint('record_json', 'user.id') }} as author_user_id,
        {{ json_text('record_json', 'state') }} as state,
        {{ json_text('record_json', 'title') }} as title,
        {{ json_text('record_json', 'body') }} as body,
        {{ json_text('record_json', 'head.ref') }} as head_ref,
        {{ json_text('record_json', 'base.ref') }} as base_ref,
        {{ json_joined_strings('record_json', 'labels', 'name') }} as label_names,
        {{ dbt.safe_cast(json_text('record_json', 'draft'), dbt.type_boolean()) }} as is_draft,
        {{ json_text('record_json', 'author_association') }} as author_association,
        {{ json_text('record_json', 'merge_commit_sha') }} as merge_commit_sha,
        {{ json_text('record_json', 'created_at') }} as created_at_text,
        {{ json_text('record_json', 'updated_at') }} as updated_at_text,
        {{ json_text('record_json', 'closed_at') }} as closed_at_text,
        {{ json_text('record_json', 'merged_at') }} as merged_at_text
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
            when node_id is null then 'missing_external_key'
            when
                {{ is_unparseable('created_at_text', 'created_at') }}
                or {{ is_unparseable('updated_at_text', 'updated_at') }}
                or {{ is_unparseable('closed_at_text', 'closed_at') }}
                or {{ is_unparseable('merged_at_text', 'merged_at') }} then 'unparseable_timestamp'
        end as _quarantine_reason,
        {{ dbt.concat(["'github:pull_request:'", key_part('node_id')]) }} as external_ref
    from typed
),

final as (
    {{ versions_ranked('validated') }}
)

select * from final
