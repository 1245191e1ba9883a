{{ config(grants={'select': var('finance_readers')}) }}

-- Finance: per reporting team and period, what AI spend bought: spend and
-- tokens, credited outcomes and value points, cost per outcome and per value
-- point. Teams below the size floor are rolled together (int_team_periods);
-- a group that stays below it is shown with its head count and no numbers
-- (is_suppressed). Usage that could not be attributed to a person is
-- reported as 'unattributed', so the spend here adds up to the whole ledger
-- but for the suppressed groups.
with

spend_by_model as (
    select * from {{ ref('rpt_spend_by_model') }}
),

outcomes as (
    select * from {{ ref('fct_outcomes') }}
),

team_periods as (
    select * from {{ ref('int_team_periods') }}
),

outcomes_by_team as (
    select
        coalesce(team_periods.reporting_team, 'unattributed') as reporting_team,
        outcomes.period_start,
        outcomes.is_credited,
        outcomes.credited_value_points
    from outcomes
    left join team_periods
        on
            outcomes.team = team_periods.team
            and outcomes.period_start = team_periods.period_start
),

spend as (
    select
        reporting_team,
        period_start,
        sum(spend_usd) as spend_usd,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
        cast(sum(unpriced_tokens) as {{ dbt.type_bigint() }}) as unpriced_tokens
    from spend_by_model
    group by reporting_team, period_start
),

value as (
    select
        reporting_team,
        period_start,
        cast(sum(case when is_credited then 1 else 0 end) as {{ dbt.type_bigint() }}) as outcome_count,
        cast(sum(credited_value_points) as {{ dbt.type_bigint() }}) as value_points
    from outcomes_by_team
    group by reporting_team, period_start
),

headcount as (
    select
        reporting_team,
        period_start,
        count(*) as team_count,
        cast(sum(people_count) as {{ dbt.type_bigint() }}) as people_count,
        max(case when is_suppressed then 1 else 0 end) = 1 as is_suppressed
    from team_periods
    group by reporting_team, period_start
),

team_period_keys as (
    select
        reporting_team,
        period_start
    from spend
    union distinct
    select
        reporting_team,
        period_start
    from value
),

measured as (
    select
        {{ dbt.concat(['team_period_keys.reporting_team', "':'", key_part('team_period_keys.period_start')]) }}
            as team_period_id,
        team_period_keys.reporting_team,
        team_period_keys.period_start,
        coalesce(headcount.team_count, 0) as team_count,
        coalesce(headcount.people_count, 0) as people_count,
        coalesce(headcount.is_suppressed, false) as is_suppressed,
        cast(coalesce(spend.spend_usd, 0) as {{ dbt.type_numeric() }}) as spend_usd,
        coalesce(spend.total_tokens, 0) as total_tokens,
        coalesce(spend.unpriced_tokens, 0) as unpriced_tokens,
        coalesce(value.outcome_count, 0) as outcome_count,
        coalesce(value.value_points, 0) as value_points,
        cast(
            case when value.outcome_count > 0 then spend.spend_usd / value.outcome_count end
            as {{ dbt.type_numeric() }}
        ) as cost_per_outcome_usd,
        cast(
            case when value.value_points > 0 then spend.spend_usd / value.value_points end
            as {{ dbt.type_numeric() }}
        ) as cost_per_value_point_usd
    from team_period_keys
    left join spend
        on
            team_period_keys.reporting_team = spend.reporting_team
            and team_period_keys.period_start = spend.period_start
    left join value
        on
            team_period_keys.reporting_team = value.reporting_team
            and team_period_keys.period_start = value.period_start
    left join headcount
        on
            team_period_keys.reporting_team = headcount.reporting_team
            and team_period_keys.period_start = headcount.period_start
),

final as (
    select
        team_period_id,
        reporting_team,
        period_start,
        team_count,
        people_count,
        is_suppressed,
        case when not is_suppressed then spend_usd end as spend_usd,
        case when not is_suppressed then total_tokens end as total_tokens,
        case when not is_suppressed then unpriced_tokens end as unpriced_tokens,
        case when not is_suppressed then outcome_count end as outcome_count,
        case when not is_suppressed then value_points end as value_points,
        case when not is_suppressed then cost_per_outcome_usd end as cost_per_outcome_usd,
        case when not is_suppressed then cost_per_value_point_usd end as cost_per_value_point_usd
    from measured
)

select * from final
