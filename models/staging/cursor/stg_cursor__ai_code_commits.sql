{{ config(enabled=var('enable_cursor')) }}

-- Cursor AI code tracking, one row per commit and repository: the latest
-- extract's version, with the lines Cursor's AI wrote (Tab and Composer).
with

ai_commits as (
    select * from {{ ref('base_cursor__ai_code_commits') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        commit_hash,
        cursor_user_id,
        user_email,
        repository_name,
        branch_name,
        is_primary_branch,
        total_lines_added,
        tab_lines_added,
        composer_lines_added,
        non_ai_lines_added,
        coalesce(tab_lines_added, 0) + coalesce(composer_lines_added, 0) as ai_lines_added,
        commit_source,
        committed_at,
        created_at,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from ai_commits
)

select * from final
