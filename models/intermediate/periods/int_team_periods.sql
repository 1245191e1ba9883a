{{ config(grants={'select': var('core_readers')}) }}

-- The team each spend and outcome is reported under for finance, so that
-- every group finance sees holds at least var('min_cohort_size') people:
-- a team that size is its own group; the smaller teams of the period are
-- rolled together; when those together are still below the floor, the
-- smallest team at the floor joins them (the group is named after it); when
-- there is no such team either, the group cannot reach the floor and is
-- suppressed (finance shows it with its head count and no numbers).
-- Usage nobody could be attributed to is its own group (in the marts).
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

small_teams as (
    -- People in the period's teams below the floor, together.
    select
        period_start,
        sum(people_count) as people_count
    from team_sizes
    where people_count < {{ var('min_cohort_size') }}
    group by period_start
),

teams_at_the_floor as (
    select
        team,
        period_start,
        row_number() over (partition by period_start order by people_count, team) as size_rank
    from team_sizes
    where people_count >= {{ var('min_cohort_size') }}
),

period_groups as (
    -- The team that joins the small teams, when they are below the floor
    -- together: the smallest team at the floor (ties: the first name).
    select
        small_teams.period_start,
        small_teams.people_count as small_team_people,
        case
            when small_teams.people_count < {{ var('min_cohort_size') }} then teams_at_the_floor.team
        end as joining_team
    from small_teams
    left join teams_at_the_floor
        on
            small_teams.period_start = teams_at_the_floor.period_start
            and teams_at_the_floor.size_rank = 1
),

grouped as (
    select
        team_sizes.team,
        team_sizes.period_start,
        team_sizes.people_count,
        team_sizes.people_count >= {{ var('min_cohort_size') }} as is_at_the_floor,
        period_groups.small_team_people,
        period_groups.joining_team
    from team_sizes
    left join period_groups
        on team_sizes.period_start = period_groups.period_start
),

final as (
    select
        {{ dbt.concat(['team', "':'", key_part('period_start')]) }} as team_period_id,
        team,
        period_start,
        people_count,
        case
            when is_at_the_floor and (joining_team is null or team <> joining_team) then team
            when joining_team is not null
                then {{ dbt.concat(["'teams below " ~ var('min_cohort_size') ~ " people and '", 'joining_team']) }}
            when small_team_people >= {{ var('min_cohort_size') }}
                then 'teams below {{ var("min_cohort_size") }} people'
            else 'suppressed: fewer than {{ var("min_cohort_size") }} people'
        end as reporting_team,
        not is_at_the_floor and small_team_people < {{ var('min_cohort_size') }} and joining_team is null
            as is_suppressed
    from grouped
)

select * from final
