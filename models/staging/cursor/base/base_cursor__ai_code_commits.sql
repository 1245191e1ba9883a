{{ config(enabled=var('enable_cursor'), **incremental_config('external_ref')) }}

-- Every landed Cursor AI code tracking commit line, whatever its quality,
-- with the reason it cannot be used if any.
{%- set ai_commit = json_fields([
    'commitHash',
    'userId',
    'userEmail',
    'repoName',
    'branchName',
    'isPrimaryBranch',
    'totalLinesAdded',
    'tabLinesAdded',
    'composerLinesAdded',
    'nonAiLinesAdded',
    'commitTs',
    'createdAt',
    'commitSource'
]) %}
{%- set line_pairs = [] -%}
{%- for field in ['totalLinesAdded', 'tabLinesAdded', 'composerLinesAdded', 'nonAiLinesAdded'] -%}
    {%- do line_pairs.append((json_text(ai_commit, field), json_bigint(ai_commit, field))) -%}
{%- endfor %}

with

records as (
    {{ landed_json_records(landing_relation('cursor', 'ai_code_commits'), ai_commit) }}
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
        lower({{ json_text(ai_commit, 'commitHash') }}) as commit_hash,
        {{ json_text(ai_commit, 'userId') }} as cursor_user_id,
        {{ canonical_email(json_text(ai_commit, 'userEmail')) }} as user_email,
        -- Null when Cursor could not tell the repository or branch.
        {{ json_text(ai_commit, 'repoName') }} as repository_name,
        {{ json_text(ai_commit, 'branchName') }} as branch_name,
        {{ dbt.safe_cast(json_text(ai_commit, 'isPrimaryBranch'), dbt.type_boolean()) }} as is_primary_branch,
        {{ has_unreadable_number(line_pairs) }} as has_unreadable_number,
        {{ json_bigint(ai_commit, 'totalLinesAdded') }} as total_lines_added,
        {{ json_bigint(ai_commit, 'tabLinesAdded') }} as tab_lines_added,
        {{ json_bigint(ai_commit, 'composerLinesAdded') }} as composer_lines_added,
        {{ json_bigint(ai_commit, 'nonAiLinesAdded') }} as non_ai_lines_added,
        {{ json_text(ai_commit, 'commitSource') }} as commit_source,
        {{ json_text(ai_commit, 'commitTs') }} as committed_at_text,
        {{ json_text(ai_commit, 'createdAt') }} as created_at_text
    from records
),

typed as (
    select
        *,
        {{ to_utc_timestamp('committed_at_text') }} as committed_at,
        {{ to_utc_timestamp('created_at_text') }} as created_at
    from parsed
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when commit_hash is null then 'missing_external_key'
            when
                {{ is_unparseable('committed_at_text', 'committed_at') }}
                or {{ is_unparseable('created_at_text', 'created_at') }} then 'unparseable_timestamp'
            when has_unreadable_number then 'unreadable_number'
        end as _quarantine_reason,
        -- A commit is one per repository: a fork or a mirror holds it again.
        {{ dbt.concat([
            "'cursor:ai_code_commit:'", key_part('lower(repository_name)'), "':'", key_part('commit_hash')
        ]) }} as external_ref
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
