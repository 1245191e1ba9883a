{{ config(grants={'select': var('core_readers')}) }}

-- Effective-dated job history: one row per person and version of their
-- role, level and team, with the half-open range [valid_from, valid_to) in
-- which it applies, so every event is scored with the job of its day.
with

job_rows as (
    select * from {{ ref('stg_hris__people') }}
),

ladder as (
    select * from {{ ref('role_level_ladder') }}
),

versioned as (
    select
        employee_id,
        work_email,
        full_name,
        role,
        level,
        team,
        cost_center,
        manager_employee_id,
        hire_date,
        termination_date,
        effective_date,
        row_number() over (partition by employee_id order by effective_date) as version_number,
        lead(effective_date) over (partition by employee_id order by effective_date) as next_effective_date
    from job_rows
),

final as (
    select
        {{ dbt.concat(['versioned.employee_id', "':'", key_part('versioned.effective_date')]) }} as person_version_id,
        versioned.employee_id,
        versioned.version_number,
        versioned.work_email,
        versioned.full_name,
        versioned.role,
        versioned.level,
        versioned.team,
        versioned.cost_center,
        versioned.manager_employee_id,
        versioned.hire_date,
        versioned.termination_date,
        versioned.effective_date,
        -- The first version also covers anything before it and the last one
        -- anything after it: usage logged before an HRIS row was keyed in, or
        -- after a leaver's last day, is still that person's spend.
        case
            when versioned.version_number = 1 then cast('1900-01-01' as date)
            else versioned.effective_date
        end as valid_from,
        coalesce(versioned.next_effective_date, cast('9999-12-31' as date)) as valid_to,
        versioned.next_effective_date is null as is_current,
        {{ dbt.concat(['versioned.role', "':'", 'versioned.level']) }} as cohort_key,
        ladder.level_rank,
        ladder.track,
        coalesce(ladder.cohort_fallback_role, versioned.role) as cohort_fallback_role
    from versioned
    left join ladder
        on
            versioned.role = ladder.role
            and versioned.level = ladder.level
)

select * from final
