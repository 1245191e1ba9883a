{{ config(grants={'select': var('core_readers')}) }}

-- One row per person in HRIS: the current job, the first and last day of
-- employment, and how many job versions history holds.
with

people_history as (
    select * from {{ ref('int_people_history') }}
),

versions as (
    select
        employee_id,
        count(*) as job_version_count,
        min(effective_date) as first_effective_date
    from people_history
    group by employee_id
),

final as (
    select
        people_history.employee_id,
        people_history.full_name,
        people_history.work_email,
        people_history.role,
        people_history.level,
        people_history.cohort_key,
        people_history.level_rank,
        people_history.track,
        people_history.team,
        people_history.cost_center,
        people_history.manager_employee_id,
        people_history.hire_date,
        people_history.termination_date,
        people_history.termination_date is null as is_active,
        versions.job_version_count,
        versions.first_effective_date
    from people_history
    inner join versions
        on people_history.employee_id = versions.employee_id
    where people_history.is_current
)

select * from final
