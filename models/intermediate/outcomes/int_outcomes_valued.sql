{{ config(grants={'select': var('core_readers')}) }}

-- Every outcome with its value_score and whether it earns credit at all
-- (value_exclusion_reason, null when it does). Reverted work, the revert
-- itself, canceled issues and closed-unmerged pull requests earn nothing.
--
-- Goodhart rules (var('goodhart_rules_enabled')): once the score matters it
-- will be gamed by people who know every rule, so credit rests on evidence
-- that is costly to fake (int_outcomes_evidence), not on time cut-offs:
--   same_work_item       an issue and the approved pull requests delivering
--                        it earn the item's value once (the most valuable);
--   split_change         merged pull requests nobody else approved, by one
--                        author in one repository and period, earn as one
--                        change (int_outcomes_credit_groups); where no
--                        reviews have landed, a burst of pr_burst_min_size
--                        quick pull requests does;
--   trivial_ticket       an issue its assignee wrote themselves that no
--                        approved pull request delivers is their word alone;
--                        where the extract names no creator, an issue with no
--                        estimate closed within min_ticket_lifetime_minutes;
--   self_resolved_noise  an incident its resolver raised by hand; where the
--                        extract names no trigger agent, one raised by hand
--                        and resolved within min_incident_minutes;
--   a claim (label, estimate, priority) alone cannot earn a high score: see
--   int_outcomes_scored.
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

reverts as (
    select * from {{ ref('int_pull_requests_reverts_detected') }}
),

evidence as (
    select * from {{ ref('int_outcomes_evidence') }}
),

scores as (
    select * from {{ ref('int_outcomes_scored') }}
),

credit_groups as (
    select * from {{ ref('int_outcomes_credit_groups') }}
),

joined as (
    select
        outcomes.*,
        -- Only pull requests revert or are reverted.
        coalesce(reverts.is_revert, false) as is_revert,
        coalesce(reverts.is_reverted, false) as is_reverted,
        evidence.work_item_key,
        evidence.work_item_reference,
        evidence.review_count,
        evidence.independent_approval_count,
        evidence.has_independent_approval,
        evidence.has_independent_ticket,
        evidence.has_independent_trigger,
        evidence.is_self_made,
        evidence.is_self_triggered,
        scores.value_rule_id,
        scores.rule_value_score,
        scores.override_value_score,
        scores.override_reason,
        scores.value_score,
        scores.is_value_uncorroborated,
        credit_groups.credit_group_kind,
        credit_groups.credit_group,
        credit_groups.minutes_since_previous_merge,
        credit_groups.credit_group_size,
        credit_groups.credit_group_rank
    from outcomes
    left join reverts
        on outcomes.outcome_id = reverts.outcome_id
    left join evidence
        on outcomes.outcome_id = evidence.outcome_id
    left join scores
        on outcomes.outcome_id = scores.outcome_id
    left join credit_groups
        on outcomes.outcome_id = credit_groups.outcome_id
),

final as (
    select
        *,
        case
            when completion_status = 'canceled' then 'canceled'
            when completion_status = 'closed_unmerged' then 'closed_unmerged'
            when is_reverted then 'reverted'
            when is_revert then 'is_revert'
            {%- if var('goodhart_rules_enabled') %}
                when credit_group_kind = 'work_item' and credit_group_rank > 1 then 'same_work_item'
                when credit_group_kind = 'unreviewed' and credit_group_rank > 1 then 'split_change'
                when
                    credit_group_kind = 'quick' and credit_group_size >= {{ var('pr_burst_min_size') }}
                    and credit_group_rank > 1 then 'split_change'
                when outcome_type = 'issue' and not has_independent_ticket then 'trivial_ticket'
                when
                    outcome_type = 'issue' and has_independent_ticket is null and size_points is null
                    and open_minutes < {{ var('min_ticket_lifetime_minutes') }} then 'trivial_ticket'
                when outcome_type = 'incident' and is_self_triggered then 'self_resolved_noise'
                when
                    outcome_type = 'incident' and trigger_agent_key is null and is_manually_triggered
                    and open_minutes < {{ var('min_incident_minutes') }} then 'self_resolved_noise'
            {%- endif %}
        end as value_exclusion_reason
    from joined
)

select * from final
