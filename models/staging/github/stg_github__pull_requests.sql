{{ config(enabled=var('enable_github')) }}

-- GitHub pull requests, one row per pull request: the latest extract's version.
{%- set agent_logins = [] %}
{%- for login in var('coding_agent_logins') %}{% do agent_logins.append("'" ~ login | lower ~ "'") %}{% endfor %}
{%- set agent_logins = agent_logins | join(', ') %}
with

pull_requests as (
    select * from {{ ref('base_github__pull_requests') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        node_id,
        pull_request_id,
        pull_request_number,
        repository_full_name,
        author_login,
        author_user_id,
        author_type,
        -- Opened by a coding agent (var('coding_agent_logins'): GitHub's
        -- Copilot coding agent by default), on a person's behalf.
        coalesce(lower(author_login) in ({{ agent_logins }}), false) as is_agent_authored,
        human_assignee_login,
        state,
        -- The list endpoint has no `merged` flag: merged means merged_at is set,
        -- whatever `state` says.
        merged_at is not null as is_merged,
        coalesce(is_draft, false) as is_draft,
        title,
        body,
        head_ref,
        head_sha,
        base_ref,
        label_names,
        author_association,
        merge_commit_sha,
        -- Null unless the pull request was fetched alone (GET /pulls/{number}).
        additions,
        deletions,
        changed_files,
        commit_count,
        created_at,
        updated_at,
        closed_at,
        merged_at,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from pull_requests
)

select * from final
