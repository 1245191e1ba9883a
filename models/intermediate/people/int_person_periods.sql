{{ config(grants={'select': var('core_readers')}) }}

-- One row per person and scoring period they were employed in (or had
-- attributed activity in), whether or not they used AI or finished anything: their job at the period's end,
-- their spend, tokens and credited value, and the comparison cohort that
-- meets the privacy floor (role and level, else role, else organisation).
with

people_history as (
    select * from {{ ref('int_people_history') }}
),

usage_lines as (
    select
        *,
        {{ score_period_start('usage_date') }} as period_start
    from {{ ref('int_token_usage_attributed') }}
    where not {{ left_the_ledger() }}
),

outcomes as (
    select
        *,
        {{ score_period_start('completed_date') }} as period_start
    from {{ ref('int_outcomes_attributed') }}
),

periods as (
    select distinct period_start from usage_lines
    union distinct
    select distinct period_start from outcomes
),

period_bounds as (
    select
        period_start,
        {{ dbt.dateadd(var('score_period'), 1, 'period_start') }} as period_end
    from periods
),

person_period_keys as (
    -- Every period a person was employed in, and every period with usage or
    -- outcomes attributed to them even outside their employment dates (work
    -- logged before an HRIS row existed): nothing attributed is left out.
    select
        people_history.employee_id,
        period_bounds.period_start
    from period_bounds
    inner join people_history
        on
            period_bounds.period_end > people_history.hire_date
            and (
                people_history.termination_date is null or period_bounds.period_start < people_history.termination_date
            )
    union distinct
    select
        employee_id,
        period_start
    from usage_lines
    where employee_id is not null
    union distinct
    select
        employee_id,
        period_start
    from outcomes
    where employee_id is not null
),

employments as (
    -- Every job version of the person, with the last day they worked in the
    -- period (the period's last day unless they left during it).
    select
        people_history.*,
        period_bounds.period_start,
        period_bounds.period_end,
        {%- set first_day_not_worked -%}
            coalesce(least(people_history.termination_date, period_bounds.period_end), period_bounds.period_end)
        {%- endset %}
        {{ dbt.dateadd('day', -1, first_day_not_worked) }} as last_working_day
    from person_period_keys
    inner join period_bounds
        on person_period_keys.period_start = period_bounds.period_start
    inner join people_history
        on person_period_keys.employee_id = people_history.employee_id
),

employed_periods as (
    -- The job in force on the last day the person worked in the period.
    select
        employee_id,
        period_start,
        period_end,
        person_version_id,
        role,
        level,
        cohort_key,
        team,
        cost_center,
        level_rank,
        hire_date,
        termination_date
    from employments
    where valid_from <= last_working_day and valid_to > last_working_day
),

spend as (
    select
        employee_id,
        period_start,
        cast(sum(uncached_input_tokens) as {{ dbt.type_bigint() }}) as uncached_input_tokens,
        cast(sum(cache_read_tokens) as {{ dbt.type_bigint() }}) as cache_read_tokens,
        cast(sum(cache_write_5m_tokens + cache_write_1h_tokens) as {{ dbt.type_bigint() }}) as cache_write_tokens,
        cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
        cast(sum(case when pricing_status = 'unpriced_model' then total_tokens else 0 end) as {{ dbt.type_bigint() }})
            as unpriced_tokens,
        coalesce(sum(spend_usd), 0) as spend_usd
    from usage_lines
    where employee_id is not null
    group by employee_id, period_start
),

value as (
    select
        employee_id,
        period_start,
        cast(sum(case when is_credited then 1 else 0 end) as {{ dbt.type_bigint() }}) as outcome_count,
        cast(sum(case when is_credited then 0 else 1 end) as {{ dbt.type_bigint() }}) as uncredited_outcome_count,
        cast(sum(credited_value_points) as {{ dbt.type_bigint() }}) as value_points
    from outcomes
    where employee_id is not null
    group by employee_id, period_start
),

measured as (
    select
        employed_periods.*,
        coalesce(spend.uncached_input_tokens, 0) as uncached_input_tokens,
        coalesce(spend.cache_read_tokens, 0) as cache_read_tokens,
        coalesce(spend.cache_write_tokens, 0) as cache_write_tokens,
        coalesce(spend.output_tokens, 0) as output_tokens,
        coalesce(spend.total_tokens, 0) as total_tokens,
        coalesce(spend.unpriced_tokens, 0) as unpriced_tokens,
        cast(coalesce(spend.spend_usd, 0) as {{ dbt.type_numeric() }}) as spend_usd,
        coalesce(value.outcome_count, 0) as outcome_count,
        coalesce(value.uncredited_outcome_count, 0) as uncredited_outcome_count,
        coalesce(value.value_points, 0) as value_points
    from employed_periods
    left join spend
        on
            employed_periods.employee_id = spend.employee_id
            and employed_periods.period_start = spend.period_start
    left join value
        on
            employed_periods.employee_id = value.employee_id
            and employed_periods.period_start = value.period_start
),

sized as (
    select
        *,
        count(*) over (partition by period_start, cohort_key) as role_level_cohort_size,
        count(*) over (partition by period_start, role) as role_cohort_size,
        count(*) over (partition by period_start) as organisation_size
    from measured
),

final as (
    select
        {{ dbt.concat(['employee_id', "':'", key_part('period_start')]) }} as person_period_id,
        *,
        case
            when role_level_cohort_size >= {{ var('min_cohort_size') }} then 'role_level'
            when role_cohort_size >= {{ var('min_cohort_size') }} then 'role'
            when organisation_size >= {{ var('min_cohort_size') }} then 'organisation'
            else 'suppressed'
        end as comparison_cohort_level,
        case
            when role_level_cohort_size >= {{ var('min_cohort_size') }} then cohort_key
            when role_cohort_size >= {{ var('min_cohort_size') }} then role
            when organisation_size >= {{ var('min_cohort_size') }} then 'organisation'
        end as comparison_cohort,
        case
            when role_level_cohort_size >= {{ var('min_cohort_size') }} then role_level_cohort_size
            when role_cohort_size >= {{ var('min_cohort_size') }} then role_cohort_size
            when organisation_size >= {{ var('min_cohort_size') }} then organisation_size
        end as comparison_cohort_size
    from sized
)

select * from final
