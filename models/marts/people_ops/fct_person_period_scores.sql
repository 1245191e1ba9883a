{{ config(grants={'select': var('people_ops_readers')}) }}

-- People Ops only. One row per person and scoring period: tokens by type,
-- spend, credited outcomes and value points (net of quality deductions;
-- gross beside them), the outcome score (net value points per
-- dollar) and the quadrant against the medians of the person's
-- comparison cohort (role and level unless that cohort is below the
-- privacy floor). Ties at the median count as low: "high" means above the
-- cohort's middle, and zero spend is never high spend. The medians leave out
-- every person with a gaming signal in any period
-- (int_person_periods_gaming_signals: a gaming flag or an outcome volume far
-- above the cohort's): gaming is a pattern of a person, not of a month, and
-- a gamer who stayed below the line one month must not place their
-- colleagues that month either.
with

person_periods as (
    select * from {{ ref('int_person_periods') }}
),

people as (
    select * from {{ ref('dim_people') }}
),

memberships as (
    select * from {{ ref('int_cohort_memberships') }}
),

gaming_signals as (
    select * from {{ ref('int_person_periods_gaming_signals') }}
),

signalled_people as (
    select distinct employee_id
    from gaming_signals
    where has_gaming_signal
),

baseline_members as (
    select memberships.*
    from memberships
    left join signalled_people
        on memberships.employee_id = signalled_people.employee_id
    where signalled_people.employee_id is null
),

cohort_medians as (
    -- Medians over every member of the cohort, widened cohorts included,
    -- but for those left out of baselines.
    select
        period_start,
        cohort_level,
        cohort,
        cast({{ median('spend_usd') }} as {{ dbt.type_numeric() }}) as cohort_median_spend_usd,
        cast({{ median('value_points') }} as {{ type_double() }}) as cohort_median_value_points,
        {%- set member_outcome_score -%}
            case when spend_usd > 0 then cast(value_points as {{ dbt.type_numeric() }}) / spend_usd end
        {%- endset %}
        cast({{ median(member_outcome_score) }} as {{ dbt.type_numeric() }}) as cohort_median_outcome_score
    from baseline_members
    group by period_start, cohort_level, cohort
),

scored as (
    select
        person_periods.*,
        cohort_medians.cohort_median_spend_usd,
        cohort_medians.cohort_median_value_points,
        cohort_medians.cohort_median_outcome_score,
        case
            when person_periods.spend_usd > 0
                then cast(
                    cast(person_periods.value_points as {{ dbt.type_numeric() }}) / person_periods.spend_usd
                    as {{ type_double() }}
                )
        end as outcome_score,
        person_periods.spend_usd > cohort_medians.cohort_median_spend_usd as is_high_spend,
        person_periods.value_points > cohort_medians.cohort_median_value_points as is_high_outcome
    from person_periods
    left join cohort_medians
        on
            person_periods.period_start = cohort_medians.period_start
            and person_periods.comparison_cohort_level = cohort_medians.cohort_level
            and person_periods.comparison_cohort = cohort_medians.cohort
),

final as (
    select
        scored.person_period_id,
        scored.employee_id,
        people.full_name,
        scored.period_start,
        scored.role,
        scored.level,
        scored.cohort_key,
        scored.team,
        scored.cost_center,
        scored.uncached_input_tokens,
        scored.cache_read_tokens,
        scored.cache_write_tokens,
        scored.output_tokens,
        scored.total_tokens,
        scored.unpriced_tokens,
        scored.spend_usd,
        scored.outcome_count,
        scored.uncredited_outcome_count,
        scored.value_points,
        scored.gross_value_points,
        scored.merged_change_count,
        scored.incident_causing_change_count,
        scored.outcome_score,
        scored.comparison_cohort_level,
        scored.comparison_cohort,
        scored.comparison_cohort_size,
        scored.cohort_median_spend_usd,
        scored.cohort_median_value_points,
        scored.cohort_median_outcome_score,
        case
            when scored.comparison_cohort is null then null
            when scored.is_high_spend and scored.is_high_outcome then 'power_user'
            when scored.is_high_spend then 'high_spend_low_outcome'
            when scored.is_high_outcome then 'efficient'
            else 'light'
        end as quadrant
    from scored
    left join people
        on scored.employee_id = people.employee_id
)

select * from final
