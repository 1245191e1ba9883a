{{ config(grants={'select': var('core_readers')}) }}

-- Every outcome with its value_score and whether it earns credit at all
-- (value_exclusion_reason, null when it does). Reverted work, the revert
-- itself, canceled issues and closed-unmerged pull requests earn nothing.
--
-- Goodhart rules (var('goodhart_rules_enabled'); each threshold is a var):
-- once the score matters it will be gamed, so credit is removed from the
-- patterns gaming produces and honest work does not:
--   split_change         a merge burst of at least pr_burst_min_size quick
--                        pull requests (int_outcomes_bursts_detected) earns
--                        the value of its most valuable pull request, once;
--   trivial_ticket       an issue with no estimate closed within
--                        min_ticket_lifetime_minutes of being opened;
--   self_resolved_noise  an incident raised by hand and resolved within
--                        min_incident_minutes;
--   a label alone cannot earn a high score: see int_outcomes_scored.
with

outcomes as (
    select * from {{ ref('int_outcomes_unioned') }}
),

reverts as (
    select * from {{ ref('int_pull_requests_reverts_detected') }}
),

scores as (
    select * from {{ ref('int_outcomes_scored') }}
),

bursts as (
    select * from {{ ref('int_outcomes_bursts_detected') }}
),

joined as (
    select
        outcomes.*,
        -- Only pull requests revert or are reverted.
        coalesce(reverts.is_revert, false) as is_revert,
        coalesce(reverts.is_reverted, false) as is_reverted,
        scores.value_rule_id,
        scores.rule_value_score,
        scores.override_value_score,
        scores.override_reason,
        scores.value_score,
        scores.is_label_uncorroborated,
        bursts.merge_group,
        bursts.minutes_since_previous_merge,
        bursts.starts_burst,
        bursts.burst_number,
        bursts.burst_size,
        bursts.burst_value_rank
    from outcomes
    left join reverts
        on outcomes.outcome_id = reverts.outcome_id
    left join scores
        on outcomes.outcome_id = scores.outcome_id
    left join bursts
        on outcomes.outcome_id = bursts.outcome_id
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
                when burst_size >= {{ var('pr_burst_min_size') }} and burst_value_rank > 1 then 'split_change'
                when
                    outcome_type = 'issue' and size_points is null
                    and open_minutes < {{ var('min_ticket_lifetime_minutes') }} then 'trivial_ticket'
                when
                    outcome_type = 'incident' and is_manually_triggered
                    and open_minutes < {{ var('min_incident_minutes') }} then 'self_resolved_noise'
            {%- endif %}
        end as value_exclusion_reason
    from joined
)

select * from final
