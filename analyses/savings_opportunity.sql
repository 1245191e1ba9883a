-- What finance could save without losing outcomes: in person-periods of the
-- high-spend-low-outcome quadrant, the spend above the cohort's median.
-- Bringing those people to the median of their peers costs no outcome they
-- were producing, since their outcomes were already below the median.
-- Reporting team and month only, small teams rolled together as finance
-- sees them: no person appears in the result.
with

scores as (
    select * from {{ ref('fct_person_period_scores') }}
),

team_periods as (
    select * from {{ ref('int_team_periods') }}
),

excess as (
    select
        team_periods.reporting_team,
        scores.period_start,
        scores.spend_usd - scores.cohort_median_spend_usd as spend_above_median_usd
    from scores
    inner join team_periods
        on
            scores.team = team_periods.team
            and scores.period_start = team_periods.period_start
    where scores.quadrant = 'high_spend_low_outcome'
),

final as (
    select
        reporting_team,
        period_start,
        count(*) as person_periods,
        sum(spend_above_median_usd) as savings_opportunity_usd
    from excess
    group by reporting_team, period_start
)

select * from final
order by period_start asc, savings_opportunity_usd desc
