{{ config(grants={'select': var('core_readers')}) }}

-- One row per finished outcome (merged or closed pull request, completed or
-- canceled issue, resolved incident) with its value and whether it earns
-- credit for the person who did it: gross, the deduction its quality costs
-- (incidents and rework it caused) and its reason, and net
-- (credited_value_points, what every score reads). A pull request carries
-- the evidence that AI wrote it, and apart from it, a weaker signal: its
-- author used AI on the day it finished (not evidence about this change).
with

outcomes as (
    select * from {{ ref('int_outcomes_attributed') }}
),

usage_lines as (
    select * from {{ ref('fct_token_usage') }}
),

ai_usage_days as (
    select distinct
        employee_id,
        usage_date
    from usage_lines
    where employee_id is not null and total_tokens > 0
),

final as (
    select
        outcomes.outcome_id,
        outcomes.outcome_source,
        outcomes.outcome_type,
        outcomes.completed_at,
        outcomes.completed_date,
        {{ score_period_start('outcomes.completed_date') }} as period_start,
        outcomes.completion_status,
        outcomes.employee_id,
        outcomes.person_version_id,
        outcomes.role,
        outcomes.level,
        outcomes.cohort_key,
        outcomes.team,
        outcomes.attribution_status,
        outcomes.title,
        outcomes.label_names,
        outcomes.work_type,
        outcomes.size_points,
        outcomes.priority,
        outcomes.urgency,
        outcomes.is_revert,
        outcomes.is_reverted,
        outcomes.value_rule_id,
        outcomes.override_value_score is not null as is_value_overridden,
        outcomes.is_value_uncorroborated,
        outcomes.work_item_key,
        outcomes.has_independent_approval,
        outcomes.has_independent_ticket,
        outcomes.has_independent_trigger,
        outcomes.credit_group,
        outcomes.credit_group_size,
        outcomes.lines_changed,
        outcomes.open_minutes,
        outcomes.value_score,
        outcomes.is_credited,
        outcomes.no_credit_reason,
        outcomes.gross_value_points,
        outcomes.value_deduction_points,
        outcomes.value_deduction_reason,
        outcomes.caused_incident_count,
        outcomes.rework_count,
        outcomes.is_ai_assisted,
        outcomes.ai_evidence_kind,
        outcomes.has_coding_agent_author,
        outcomes.has_claude_code_footer,
        outcomes.has_ai_co_author_trailer,
        outcomes.has_cursor_ai_commit,
        case
            when outcomes.outcome_type = 'pull_request' then ai_usage_days.employee_id is not null
        end as author_used_ai_that_day,
        outcomes.credited_value_points
    from outcomes
    left join ai_usage_days
        on
            outcomes.employee_id = ai_usage_days.employee_id
            and outcomes.completed_date = ai_usage_days.usage_date
)

select * from final
