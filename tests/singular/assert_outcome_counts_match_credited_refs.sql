-- A mart's outcome count equals the distinct credited external_refs behind
-- it: per person and period, and per finance team and period (but for the
-- groups finance suppresses below the privacy floor).
with

credited as (
    select
        employee_id,
        period_start,
        count(distinct outcome_id) as credited_refs
    from {{ ref('fct_outcomes') }}
    where is_credited
    group by employee_id, period_start
),

scores as (
    select employee_id, period_start, outcome_count
    from {{ ref('fct_person_period_scores') }}
),

mismatches as (
    select
        coalesce(credited.employee_id, scores.employee_id) as employee_id,
        coalesce(credited.period_start, scores.period_start) as period_start,
        credited.credited_refs,
        scores.outcome_count
    from credited
    full outer join scores
        on credited.employee_id = scores.employee_id
        and credited.period_start = scores.period_start
    where coalesce(credited.credited_refs, 0) <> coalesce(scores.outcome_count, 0)
),

finance_mismatch as (
    select
        'finance total' as employee_id,
        cast(null as date) as period_start,
        (
            select count(*)
            from {{ ref('fct_outcomes') }} as outcomes
            left join {{ ref('int_team_periods') }} as team_periods
                on
                    outcomes.team = team_periods.team
                    and outcomes.period_start = team_periods.period_start
            where outcomes.is_credited and not coalesce(team_periods.is_suppressed, false)
        ) as credited_refs,
        (select sum(outcome_count) from {{ ref('rpt_cost_per_outcome') }}) as outcome_count
)

select * from mismatches
union all
select * from finance_mismatch where credited_refs <> outcome_count
