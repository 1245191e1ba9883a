{{ config(grants={'select': var('analytics_readers')}) }}

-- ANALYTICS, for leadership. What happens after a change merges, per team,
-- period and AI-assisted or not (fct_outcomes.is_ai_assisted: evidence on
-- the pull request, never a guess): merged changes, change failure rate
-- (share linked to an incident they caused), rework rate (share a bug names
-- as its cause), revert rate, median hours open, net and gross value per
-- change, and AI cost per change. A change's cost is its author's AI spend
-- in the period shared equally among the changes they merged in it (AI
-- spend is per person and day, never per change). The privacy floor: a cell
-- of fewer than var('min_cohort_size') authors shows its author count and
-- no numbers.
with

outcomes as (
    select * from {{ ref('fct_outcomes') }}
),

person_periods as (
    select * from {{ ref('int_person_periods') }}
),

changes as (
    select
        outcome_id,
        employee_id,
        team,
        period_start,
        coalesce(is_ai_assisted, false) as is_ai_assisted,
        caused_incident_count > 0 as caused_incident,
        rework_count > 0 as caused_rework,
        is_reverted,
        open_minutes,
        credited_value_points,
        gross_value_points,
        count(*) over (partition by employee_id, period_start) as author_period_change_count
    from outcomes
    where
        outcome_type = 'pull_request'
        and completion_status = 'completed'
        and employee_id is not null
        and team is not null
),

costed as (
    select
        changes.*,
        person_periods.spend_usd / changes.author_period_change_count as change_cost_usd
    from changes
    inner join person_periods
        on
            changes.employee_id = person_periods.employee_id
            and changes.period_start = person_periods.period_start
),

cells as (
    select
        team,
        period_start,
        is_ai_assisted,
        count(distinct employee_id) as author_count,
        count(*) as change_count,
        sum(case when caused_incident then 1 else 0 end) as failed_change_count,
        sum(case when caused_rework then 1 else 0 end) as reworked_change_count,
        sum(case when is_reverted then 1 else 0 end) as reverted_change_count,
        {{ median('open_minutes') }} as median_open_minutes,
        sum(credited_value_points) as value_points,
        sum(gross_value_points) as gross_value_points,
        sum(change_cost_usd) as cost_usd
    from costed
    group by team, period_start, is_ai_assisted
),

final as (
    select
        {{ dbt.concat([
            'team', "'|'", key_part('period_start'), "'|'",
            "case when is_ai_assisted then 'ai_assisted' else 'not_ai_assisted' end"
        ]) }} as quality_cell_id,
        team,
        period_start,
        is_ai_assisted,
        cast(author_count as {{ dbt.type_int() }}) as author_count,
        author_count < {{ var('min_cohort_size') }} as is_suppressed,
        {%- set published = 'author_count >= ' ~ var('min_cohort_size') %}
        cast(case when {{ published }} then change_count end as {{ dbt.type_int() }}) as change_count,
        cast(case when {{ published }} then failed_change_count * 1.0 / change_count end as {{ type_double() }})
            as change_failure_rate,
        cast(case when {{ published }} then reworked_change_count * 1.0 / change_count end as {{ type_double() }})
            as rework_rate,
        cast(case when {{ published }} then reverted_change_count * 1.0 / change_count end as {{ type_double() }})
            as revert_rate,
        cast(case when {{ published }} then median_open_minutes / 60.0 end as {{ type_double() }})
            as median_open_hours,
        cast(case when {{ published }} then value_points * 1.0 / change_count end as {{ type_double() }})
            as value_per_change,
        cast(case when {{ published }} then gross_value_points * 1.0 / change_count end as {{ type_double() }})
            as gross_value_per_change,
        cast(case when {{ published }} then cost_usd / change_count end as {{ type_double() }})
            as cost_per_change_usd
    from cells
)

select * from final
