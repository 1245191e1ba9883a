{{ config(grants={'select': var('core_readers')}) }}

-- One row per person and scoring period they were employed in (or had usage
-- or outcomes attributed to them in), with the job they had on the last day
-- they worked in the period. The periods are those of the ledger and of the
-- outcomes (core facts), so a person-period exists wherever either has one.
with

people_history as (
    select * from {{ ref('int_people_history') }}
),

usage_lines as (
    select * from {{ ref('fct_token_usage') }}
),

outcomes as (
    select * from {{ ref('fct_outcomes') }}
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

final as (
    -- The job in force on the last day the person worked in the period.
    select
        {{ dbt.concat(['employee_id', "':'", key_part('period_start')]) }} as person_period_id,
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
)

select * from final
