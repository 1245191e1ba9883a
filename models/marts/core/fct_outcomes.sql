{{ config(grants={'select': var('core_readers')}) }}

-- One row per finished outcome (merged or closed pull request, completed or
-- canceled issue, resolved incident) with its value and whether it earns
-- credit for the person who did it.
with

outcomes as (
    select * from {{ ref('int_outcomes_attributed') }}
),

final as (
    select
        outcome_id,
        outcome_source,
        outcome_type,
        completed_at,
        completed_date,
        {{ score_period_start('completed_date') }} as period_start,
        completion_status,
        employee_id,
        person_version_id,
        role,
        level,
        cohort_key,
        team,
        attribution_status,
        title,
        label_names,
        work_type,
        size_points,
        priority,
        urgency,
        is_revert,
        is_reverted,
        value_rule_id,
        override_value_score is not null as is_value_overridden,
        is_value_uncorroborated,
        work_item_key,
        has_independent_approval,
        has_independent_ticket,
        has_independent_trigger,
        credit_group,
        credit_group_size,
        lines_changed,
        open_minutes,
        value_score,
        is_credited,
        no_credit_reason,
        credited_value_points
    from outcomes
)

select * from final
