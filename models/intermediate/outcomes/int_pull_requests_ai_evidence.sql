{{ config(grants={'select': var('core_readers')}) }}

-- Every finished pull request with the evidence that AI wrote it, each kind
-- kept apart, and is_ai_assisted when any of it holds. Only evidence the
-- pull request itself carries counts:
--   coding_agent_author  opened by a coding agent (var('coding_agent_logins'),
--                        GitHub's Copilot coding agent by default) for a person;
--   claude_code_footer   Claude Code's "Generated with [Claude Code]" footer
--                        in the body (seed ai_assistance_markers);
--   co_author_trailer    a `Co-authored-by:` trailer naming an AI tool's
--                        address (seed ai_assistance_markers);
--   cursor_ai_commit     with var('enable_cursor'): a commit Cursor's AI code
--                        tracking counts AI lines in (Tab or Composer), on
--                        the pull request's repository and branch, made
--                        while it was open (Cursor names the branch, not
--                        the pull request).
-- The author's own AI usage that day is weaker (it says they used AI, not
-- on this change) and is labelled apart, in fct_outcomes.
with

{% if var('enable_github') -%}
    outcomes as (
        select * from {{ ref('int_outcomes_unioned') }}
    ),

    pull_requests as (
        select * from {{ ref('stg_github__pull_requests') }}
    ),

    markers as (
        select * from {{ ref('ai_assistance_markers') }}
    ),

    {% if var('enable_cursor') -%}
        cursor_commits as (
            select * from {{ ref('stg_cursor__ai_code_commits') }}
        ),

        cursor_evidence as (
            -- Cursor's repoName may be the full name or the repository's own.
            select distinct outcomes.outcome_id
            from outcomes
            inner join cursor_commits
                on
                    outcomes.head_ref = cursor_commits.branch_name
                    and (
                        lower(outcomes.repository_full_name) = lower(cursor_commits.repository_name)
                        or {{ regexp_extract_group('lower(outcomes.repository_full_name)', '/([^/]+)$', 1) }}
                        = lower(cursor_commits.repository_name)
                    )
                    and outcomes.created_at <= cursor_commits.committed_at
                    and outcomes.completed_at >= cursor_commits.committed_at
            where outcomes.outcome_type = 'pull_request' and cursor_commits.ai_lines_added > 0
        ),

    {% endif -%}

    finished_pull_requests as (
        select
            outcomes.outcome_id,
            lower(coalesce(outcomes.body, '')) as body_text,
            coalesce(pull_requests.is_agent_authored, false) as has_coding_agent_author
        from outcomes
        inner join pull_requests
            on outcomes.outcome_id = pull_requests.external_ref
        where outcomes.outcome_type = 'pull_request'
    ),

    marker_matches as (
        select
            finished_pull_requests.outcome_id,
            markers.evidence_kind
        from finished_pull_requests
        inner join markers
            on
                {{ dbt.position('lower(markers.match_text)', 'finished_pull_requests.body_text') }} > 0
                and (
                    markers.evidence_kind <> 'co_author_trailer'
                    or {{ dbt.position("'co-authored-by:'", 'finished_pull_requests.body_text') }} > 0
                )
    ),

    marker_evidence as (
        select
            outcome_id,
            max(case when evidence_kind = 'claude_code_footer' then 1 else 0 end) = 1 as has_claude_code_footer,
            max(case when evidence_kind = 'co_author_trailer' then 1 else 0 end) = 1 as has_ai_co_author_trailer
        from marker_matches
        group by outcome_id
    ),

    joined as (
        select
            finished_pull_requests.outcome_id,
            finished_pull_requests.has_coding_agent_author,
            coalesce(marker_evidence.has_claude_code_footer, false) as has_claude_code_footer,
            coalesce(marker_evidence.has_ai_co_author_trailer, false) as has_ai_co_author_trailer,
            {% if var('enable_cursor') -%}
                cursor_evidence.outcome_id is not null
            {%- else -%}
                false
            {%- endif %} as has_cursor_ai_commit
        from finished_pull_requests
        left join marker_evidence
            on finished_pull_requests.outcome_id = marker_evidence.outcome_id
        {%- if var('enable_cursor') %}
            left join cursor_evidence
                on finished_pull_requests.outcome_id = cursor_evidence.outcome_id
        {%- endif %}
    ),

{% else -%}
    -- Without GitHub there are no pull requests: no rows.
    joined as (
        select
            cast(null as {{ dbt.type_string() }}) as outcome_id,
            cast(null as {{ dbt.type_boolean() }}) as has_coding_agent_author,
            cast(null as {{ dbt.type_boolean() }}) as has_claude_code_footer,
            cast(null as {{ dbt.type_boolean() }}) as has_ai_co_author_trailer,
            cast(null as {{ dbt.type_boolean() }}) as has_cursor_ai_commit
        where 1 = 0
    ),

{% endif -%}
final as (
    select
        outcome_id,
        has_coding_agent_author,
        has_claude_code_footer,
        has_ai_co_author_trailer,
        has_cursor_ai_commit,
        has_coding_agent_author or has_claude_code_footer or has_ai_co_author_trailer or has_cursor_ai_commit
            as is_ai_assisted,
        -- The strongest kind that holds (each is kept in its own column).
        case
            when has_coding_agent_author then 'coding_agent_author'
            when has_claude_code_footer then 'claude_code_footer'
            when has_ai_co_author_trailer then 'co_author_trailer'
            when has_cursor_ai_commit then 'cursor_ai_commit'
        end as ai_evidence_kind
    from joined
)

select * from final
