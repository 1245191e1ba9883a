{{ config(grants={'select': var('engineers_readers')}) }}

-- What an engineer may see about themselves: where their spend and tokens
-- fall among their peers ("you spent at p47"), by pseudonymous id. No
-- score, no outcome, no dollar amount, and no one else's row identifies
-- anyone. The comparison cohort is the role and level, widened to the role,
-- then the organisation, when it is below var('min_cohort_size'); a person
-- with no cohort that large gets no percentile, and the reason says so.
with

person_periods as (
    select * from {{ ref('int_person_periods') }}
),

memberships as (
    select * from {{ ref('int_cohort_memberships') }}
),

ranked_memberships as (
    -- Ranked among every member of the cohort, widened cohorts included.
    select
        person_period_id,
        cohort_level,
        percent_rank() over (partition by period_start, cohort_level, cohort order by spend_usd) as spend_rank,
        percent_rank() over (partition by period_start, cohort_level, cohort order by total_tokens) as token_rank
    from memberships
),

ranked as (
    select
        person_periods.*,
        ranked_memberships.spend_rank,
        ranked_memberships.token_rank
    from person_periods
    left join ranked_memberships
        on
            person_periods.person_period_id = ranked_memberships.person_period_id
            and person_periods.comparison_cohort_level = ranked_memberships.cohort_level
),

final as (
    -- Percentiles round half away from zero on every engine (PostgreSQL
    -- rounds a double's half to even).
    select
        {{ pseudonym(dbt.concat(['employee_id', "':'", key_part('period_start')])) }}
            as peer_percentile_id,
        {{ pseudonym('employee_id') }} as person_pseudonym,
        period_start,
        comparison_cohort_level,
        comparison_cohort,
        comparison_cohort_size,
        case
            when
                comparison_cohort is not null
                then cast({{ round_double('100 * spend_rank', 0) }} as {{ api.Column.translate_type('integer') }})
        end as spend_percentile,
        case
            when
                comparison_cohort is not null
                then cast({{ round_double('100 * token_rank', 0) }} as {{ api.Column.translate_type('integer') }})
        end as token_percentile,
        case
            when comparison_cohort_level = 'suppressed'
                then 'no cohort of at least {{ var("min_cohort_size") }} people'
            when comparison_cohort_level = 'role'
                then 'role and level cohort below {{ var("min_cohort_size") }}: compared within the role'
            when comparison_cohort_level = 'organisation'
                then 'role cohort below {{ var("min_cohort_size") }}: compared within the organisation'
        end as cohort_note
    from ranked
)

select * from final
