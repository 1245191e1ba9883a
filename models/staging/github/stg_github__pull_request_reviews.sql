{{ config(enabled=var('enable_github')) }}

-- GitHub pull request reviews, one row per review: the latest extract's
-- version (an approval dismissed since reads DISMISSED).
with

reviews as (
    select * from {{ ref('base_github__pull_request_reviews') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        review_id,
        node_id,
        repository_full_name,
        pull_request_number,
        reviewer_login,
        reviewer_user_id,
        reviewer_type,
        -- Bots review too (copilot-pull-request-reviewer[bot]); a deleted
        -- account (no `user`) is not known to be one.
        coalesce(lower(reviewer_type) = 'bot' or reviewer_login like '%[bot]', false) as is_bot_reviewer,
        upper(state) as state,
        submitted_at,
        commit_id,
        author_association,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from reviews
)

select * from final
