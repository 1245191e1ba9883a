{{ config(grants={'select': var('analytics_readers')}) }}

-- One row per day: the time spine MetricFlow joins metrics to, so a metric
-- over days with no activity still has those days.
with

days as (
    {{ dbt.date_spine('day', "cast('2020-01-01' as date)", "cast('2031-01-01' as date)") }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
