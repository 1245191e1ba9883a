{{ config(grants={'select': var('core_readers')}) }}

-- Every person-period as a member of each cohort it belongs to: its role
-- and level, its role, and the organisation. A person whose own cohort is
-- below the privacy floor is compared within a wider one, and must then be
-- compared with everyone in it, not only with the others who were widened.
with

person_periods as (
    select * from {{ ref('int_person_periods') }}
),

memberships as (
    select
        person_period_id,
        employee_id,
        period_start,
        'role_level' as cohort_level,
        cohort_key as cohort,
        role_level_cohort_size as cohort_size,
        comparison_cohort_level,
        spend_usd,
        total_tokens,
        value_points
    from person_periods

    union all

    select
        person_period_id,
        employee_id,
        period_start,
        'role',
        role,
        role_cohort_size,
        comparison_cohort_level,
        spend_usd,
        total_tokens,
        value_points
    from person_periods

    union all

    select
        person_period_id,
        employee_id,
        period_start,
        'organisation',
        'organisation',
        organisation_size,
        comparison_cohort_level,
        spend_usd,
        total_tokens,
        value_points
    from person_periods
),

final as (
    select
        {{ dbt.concat(['person_period_id', "':'", 'cohort_level']) }} as membership_id,
        person_period_id,
        employee_id,
        period_start,
        cohort_level,
        cohort,
        cohort_size,
        cohort_level = comparison_cohort_level as is_comparison_cohort,
        spend_usd,
        total_tokens,
        value_points
    from memberships
)

select * from final
