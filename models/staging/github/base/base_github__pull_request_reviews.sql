{{ config(enabled=var('enable_github'), **incremental_config('external_ref')) }}

{%- set review = json_fields([
    'node_id',
    'id',
    'pull_request_url',
    'user.login',
    'user.id',
    'user.type',
    'state',
    'submitted_at',
    'commit_id',
    'author_association'
]) %}

-- Every landed pull request review line, whatever its quality, with the
-- reason it cannot be used if any.
with

records as (
    -- Optional: an organisation that lands no reviews reads zero records.
    {{ landed_json_records(landing_relation('github', 'pull_request_reviews'), review) }}
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
        {{ json_text(review, 'node_id') }} as node_id,
        -- Numbers are read as values: 80 and "80" are the same id.
        {{ json_text(review, 'id') }} as review_id_text,
        {{ json_bigint(review, 'id') }} as review_id,
        {{ json_text(review, 'pull_request_url') }} as pull_request_url,
        -- `user` is null for a deleted ("ghost") account: no reviewer.
        {{ json_text(review, 'user.login') }} as reviewer_login,
        {{ json_text(review, 'user.id') }} as reviewer_user_id_text,
        {{ json_bigint(review, 'user.id') }} as reviewer_user_id,
        {{ json_text(review, 'user.type') }} as reviewer_type,
        {{ json_text(review, 'state') }} as state,
        -- Null while the review is PENDING (not submitted).
        {{ json_text(review, 'submitted_at') }} as submitted_at_text,
        {{ json_text(review, 'commit_id') }} as commit_id,
        {{ json_text(review, 'author_association') }} as author_association
    from records
),

typed as (
    select
        *,
        -- A review has no repository or number field: both are read off
        -- `pull_request_url`, on github.com or on a GitHub Enterprise host
        -- (https://HOST/api/v3/repos/...). One pattern per host shape keeps
        -- to a first capture group, which every engine's macro reads.
        coalesce(
            {{ regexp_extract_group('pull_request_url', '^https?://[^/]+/repos/([^/]+/[^/]+/pulls/[0-9]+)$') }},
            {{ regexp_extract_group('pull_request_url', '^https?://[^/]+/api/v3/repos/([^/]+/[^/]+/pulls/[0-9]+)$') }}
        ) as pull_request_path,
        {{ to_utc_timestamp('submitted_at_text') }} as submitted_at
    from parsed
),

referenced as (
    select
        *,
        {{ regexp_extract_group('pull_request_path', '^([^/]+/[^/]+)/pulls/') }} as repository_full_name,
        {{ whole_number(regexp_extract_group('pull_request_path', '/pulls/([0-9]+)$')) }} as pull_request_number
    from typed
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when node_id is null then 'missing_external_key'
            -- A review is only evidence about the pull request it names.
            when repository_full_name is null or pull_request_number is null then 'missing_pull_request_reference'
            when {{ is_unparseable('submitted_at_text', 'submitted_at') }} then 'unparseable_timestamp'
            -- When the review was given: before the floor, or after its own
            -- extract, is a clock or a parser gone wrong.
            when {{ is_implausible_timestamp('submitted_at', 'min_plausible_outcome_timestamp') }}
                then 'implausible_timestamp'
            when
                {{ is_unparseable('review_id_text', 'review_id') }}
                or {{ is_unparseable('reviewer_user_id_text', 'reviewer_user_id') }} then 'unreadable_number'
        end as _quarantine_reason,
        {{ dbt.concat(["'github:pull_request_review:'", key_part('node_id')]) }} as external_ref
    from referenced
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated') }} as versions
)

select * from final
