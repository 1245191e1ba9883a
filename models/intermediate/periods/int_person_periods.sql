{{ config(grants={'select': var('core_readers')}) }}

-- Each measured person-period (int_person_periods_measured) with the cohort
-- it is compared in: the privacy floor. A role-and-level cohort smaller than
-- var('min_cohort_size') is widened to the role, then the organisation, or
-- suppressed, so that no comparison describes fewer people than the floor.
with

person_periods as (
    select * from {{ ref('int_person_periods_measured') }}
),

sized as (
    select
        *,
        count(*) over (partition by period_start, cohort_key) as role_level_cohort_size,
        count(*) over (partition by period_start, role) as role_cohort_size,
        count(*) over (partition by period_start) as organisation_size
    from person_periods
),

final as (
    select
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
