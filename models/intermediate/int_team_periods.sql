-- The team each spend and outcome is reported under for finance: the team
-- itself when it had at least var('min_cohort_size') people in the period,
-- otherwise one group of the small teams, so no team of a few people can be
-- read as individuals. Usage nobody could be attributed to is its own group.
with

person_periods as (
    select * from {{ ref('int_person_periods') }}
),

team_sizes as (
    select
        team,
        period_start,
        count(*) as people_count
    from person_periods
    group by team, period_start
),

final as (
    select
        {{ dbt.concat(['team', "':'", key_part('period_start')]) }} as team_period_id,
        team,
        period_start,
        people_count,
        case
            when people_count >= {{ var('min_cohort_size') }} then team
            else 'teams below {{ var("min_cohort_size") }} people'
        end as reporting_team
    from team_sizes
)

select * from final
