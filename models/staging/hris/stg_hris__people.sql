-- HRIS job history, one row per person and effective date: the latest export's version.
with

job_rows as (
    select * from {{ ref('base_hris__people') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
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
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from job_rows
)

select * from final
