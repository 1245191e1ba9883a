{{ config(grants={'select': var('core_readers')}) }}

-- Every finished pull request with the evidence that AI wrote it, each kind
-- kept apart, and is_ai_assisted when any of it holds. Only evidence the
-- pull request itself carries counts:
--   coding_agent_author  opened by a coding agent (var('coding_agent_logins'),
--                        GitHub's Copilot coding agent by default) for a person;
--   claude_code_footer   Claude Code's "Generated with [Claude Code]" footer
--                        in the body (seed ai_assistance_markers);
--   co_author_trailer    a `Co-authored-by:` trailer naming an AI tool's
--                        address (seed ai_assistance_markers).
-- The author's own AI usage that day is weaker (it says they used AI, not
-- on this change) and is labelled apart, in fct_outcomes. Cursor's AI code
-- tracking (per commit) would be one more kind; that source is not landed.
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

pull_requests as (
    select * from {{ ref('stg_github__pull_requests') }}
),

markers as (
    select * from {{ ref('ai_assistance_markers') }}
),

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
        coalesce(marker_evidence.has_ai_co_author_trailer, false) as has_ai_co_author_trailer
    from finished_pull_requests
    left join marker_evidence
        on finished_pull_requests.outcome_id = marker_evidence.outcome_id
),

final as (
    select
        outcome_id,
        has_coding_agent_author,
        has_claude_code_footer,
        has_ai_co_author_trailer,
        has_coding_agent_author or has_claude_code_footer or has_ai_co_author_trailer as is_ai_assisted,
        -- The strongest kind that holds (each is kept in its own column).
        case
            when has_coding_agent_author then 'coding_agent_author'
            when has_claude_code_footer then 'claude_code_footer'
            when has_ai_co_author_trailer then 'co_author_trailer'
        end as ai_evidence_kind
    from joined
)

select * from final
