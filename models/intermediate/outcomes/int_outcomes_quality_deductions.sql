{{ config(grants={'select': var('core_readers')}) }}

-- What each outcome's quality costs it: the incidents it caused and the
-- rework (bugs) it caused within var('rework_window_days') of finishing,
-- and the value deducted for them. One row per outcome that caused any or
-- that a deduction falls on. The rule (vars, README "Quality counts"):
--   an incident costs the points of its priority in
--   var('incident_deduction_points'), else of its urgency, else the 'low'
--   points; a bug costs var('rework_deduction_points');
-- and the deduction falls on the outcome of the cause's credit group that
-- earns (credit_group_rank 1, int_outcomes_credit_groups), so that cutting
-- work into pieces neither spreads nor escapes it. int_outcomes_attributed
-- caps it at the credit earned: net value is never below zero.
{%- set points = var('incident_deduction_points') %}
{%- set fallback = points.get('low', 0) %}
with

incident_links as (
    select * from {{ ref('int_incidents_changes_linked') }}
),

rework_links as (
    select * from {{ ref('int_outcomes_rework_linked') }}
),

credit_groups as (
    select * from {{ ref('int_outcomes_credit_groups') }}
),

caused as (
    select
        pull_request_outcome_id as cause_outcome_id,
        'caused_incident' as deduction_kind,
        case
            {%- for key, value in points.items() %}
                when incident_priority = '{{ key | lower }}' then {{ value }}
            {%- endfor %}
            {%- for key, value in points.items() %}
                when incident_urgency = '{{ key | lower }}' then {{ value }}
            {%- endfor %}
            else {{ fallback }}
        end as deduction_points
    from incident_links
    where incident_created_at <= {{ dbt.dateadd('day', var('rework_window_days'), 'merged_at') }}
),

reworked as (
    select
        cause_outcome_id,
        'rework' as deduction_kind,
        {{ var('rework_deduction_points') }} as deduction_points
    from rework_links
    where rework_created_at <= {{ dbt.dateadd('day', var('rework_window_days'), 'cause_completed_at') }}
),

deductions as (
    select * from caused
    union all
    select * from reworked
),

earning_outcomes as (
    select
        credit_group,
        outcome_id as earning_outcome_id
    from credit_groups
    where credit_group_rank = 1
),

direct_counts as (
    select
        cause_outcome_id as outcome_id,
        sum(case when deduction_kind = 'caused_incident' then 1 else 0 end) as caused_incident_count,
        sum(case when deduction_kind = 'rework' then 1 else 0 end) as rework_count
    from deductions
    group by cause_outcome_id
),

falling_on as (
    select
        coalesce(earning_outcomes.earning_outcome_id, deductions.cause_outcome_id) as outcome_id,
        deductions.deduction_kind,
        deductions.deduction_points
    from deductions
    left join credit_groups
        on deductions.cause_outcome_id = credit_groups.outcome_id
    left join earning_outcomes
        on credit_groups.credit_group = earning_outcomes.credit_group
),

group_deductions as (
    select
        outcome_id,
        sum(deduction_points) as quality_deduction_points,
        max(case when deduction_kind = 'caused_incident' then 1 else 0 end) = 1 as has_incident_deduction,
        max(case when deduction_kind = 'rework' then 1 else 0 end) = 1 as has_rework_deduction
    from falling_on
    group by outcome_id
),

outcome_ids as (
    select outcome_id from direct_counts
    union distinct
    select outcome_id from group_deductions
),

final as (
    select
        outcome_ids.outcome_id,
        cast(coalesce(direct_counts.caused_incident_count, 0) as {{ dbt.type_bigint() }}) as caused_incident_count,
        cast(coalesce(direct_counts.rework_count, 0) as {{ dbt.type_bigint() }}) as rework_count,
        cast(coalesce(group_deductions.quality_deduction_points, 0) as {{ dbt.type_bigint() }})
            as quality_deduction_points,
        case
            when group_deductions.has_incident_deduction and group_deductions.has_rework_deduction
                then 'caused_incident_and_rework'
            when group_deductions.has_incident_deduction then 'caused_incident'
            when group_deductions.has_rework_deduction then 'rework'
        end as quality_deduction_reason
    from outcome_ids
    left join direct_counts
        on outcome_ids.outcome_id = direct_counts.outcome_id
    left join group_deductions
        on outcome_ids.outcome_id = group_deductions.outcome_id
)

select * from final
