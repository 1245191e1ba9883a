{{ config(grants={'select': var('analytics_readers')}) }}

-- ANALYTICS, for leadership. Did AI add capacity? Per team and period: value
-- points (net of quality deductions) per engineer-month, against the team's
-- own baseline before it adopted AI, with the AI spend it took. A team
-- adopted AI in the first period its AI spend per engineer reached
-- var('ai_adoption_spend_per_engineer_usd'); its baseline is its value per
-- engineer-month over the periods before (null when it adopted in its first
-- period: nothing to compare with). Every row carries the team's summary:
-- the periods on each side, value per engineer-month on each side, the
-- uplift (after / before - 1) and the spend per engineer-month after.
-- Observational, not causal: the periods before and after differ in more
-- than AI (season, hires and leavers, the work in hand), and few periods on
-- either side make a noisy ratio; the period counts say how many. An
-- engineer-month is a person in the team in a period (int_person_periods).
-- The privacy floor: a team-period of fewer than var('min_cohort_size')
-- people shows its head count and no numbers, and is left out of the
-- team's summary.
with

person_periods as (
    select * from {{ ref('int_person_periods') }}
),

team_periods as (
    select
        team,
        period_start,
        count(*) as engineer_count,
        sum(value_points) as value_points,
        sum(spend_usd) as spend_usd
    from person_periods
    where team is not null
    group by team, period_start
),

published as (
    select
        *,
        engineer_count >= {{ var('min_cohort_size') }} as is_published,
        cast(spend_usd as {{ type_double() }}) / engineer_count as spend_per_engineer_usd,
        cast(value_points as {{ type_double() }}) / engineer_count as value_per_engineer
    from team_periods
),

adoptions as (
    select
        team,
        min(period_start) as adoption_period_start
    from published
    where is_published and spend_per_engineer_usd >= {{ var('ai_adoption_spend_per_engineer_usd') }}
    group by team
),

sides as (
    select
        published.*,
        adoptions.adoption_period_start,
        adoptions.adoption_period_start is not null
        and published.period_start >= adoptions.adoption_period_start as is_after_adoption
    from published
    left join adoptions
        on published.team = adoptions.team
),

summaries as (
    select
        team,
        sum(case when not is_after_adoption then 1 else 0 end) as baseline_period_count,
        sum(case when is_after_adoption then 1 else 0 end) as after_adoption_period_count,
        sum(case when not is_after_adoption then value_points else 0 end) as baseline_value_points,
        sum(case when not is_after_adoption then engineer_count else 0 end) as baseline_engineer_months,
        sum(case when is_after_adoption then value_points else 0 end) as after_value_points,
        sum(case when is_after_adoption then engineer_count else 0 end) as after_engineer_months,
        sum(case when is_after_adoption then spend_usd else 0 end) as after_spend_usd
    from sides
    where is_published
    group by team
),

rated as (
    select
        team,
        baseline_period_count,
        after_adoption_period_count,
        case
            when baseline_engineer_months > 0
                then cast(baseline_value_points as {{ type_double() }}) / baseline_engineer_months
        end as baseline_value_per_engineer,
        case
            when after_engineer_months > 0 then cast(after_value_points as {{ type_double() }}) / after_engineer_months
        end as after_adoption_value_per_engineer,
        case
            when after_engineer_months > 0 then cast(after_spend_usd as {{ type_double() }}) / after_engineer_months
        end as after_adoption_spend_per_engineer_usd
    from summaries
),

final as (
    select
        {{ dbt.concat(['sides.team', "'|'", key_part('sides.period_start')]) }} as team_period_id,
        sides.team,
        sides.period_start,
        cast(sides.engineer_count as {{ dbt.type_int() }}) as engineer_count,
        not sides.is_published as is_suppressed,
        cast(case when sides.is_published then sides.value_points end as {{ dbt.type_bigint() }}) as value_points,
        case when sides.is_published then sides.value_per_engineer end as value_per_engineer,
        case when sides.is_published then sides.spend_per_engineer_usd end as spend_per_engineer_usd,
        sides.adoption_period_start,
        sides.is_after_adoption,
        case
            when sides.is_published and rated.baseline_value_per_engineer > 0
                then sides.value_per_engineer / rated.baseline_value_per_engineer - 1
        end as uplift_vs_baseline,
        cast(rated.baseline_period_count as {{ dbt.type_int() }}) as baseline_period_count,
        cast(rated.after_adoption_period_count as {{ dbt.type_int() }}) as after_adoption_period_count,
        rated.baseline_value_per_engineer,
        rated.after_adoption_value_per_engineer,
        case
            when rated.baseline_value_per_engineer > 0
                then rated.after_adoption_value_per_engineer / rated.baseline_value_per_engineer - 1
        end as capacity_uplift,
        rated.after_adoption_spend_per_engineer_usd
    from sides
    left join rated
        on sides.team = rated.team
)

select * from final
