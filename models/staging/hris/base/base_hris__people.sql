{{ config(**incremental_config('external_ref')) }}

-- Every landed HRIS job row, whatever its quality, with the reason it cannot
-- be used if any.
with

rows_landed as (
    select * from {{ source('hris', 'people') }}
    {{ new_landing_files_only() }}
),

parsed as (
    select
        _source_file,
        _line_number,
        _extracted_at,
        nullif(trim(employee_id), '') as employee_id,
        lower(nullif(trim(work_email), '')) as work_email,
        nullif(trim(full_name), '') as full_name,
        nullif(trim(role), '') as role,
        nullif(trim(level), '') as level,
        nullif(trim(team), '') as team,
        nullif(trim(cost_center), '') as cost_center,
        nullif(trim(manager_employee_id), '') as manager_employee_id,
        nullif(trim(hire_date), '') as hire_date_text,
        nullif(trim(termination_date), '') as termination_date_text,
        nullif(trim(effective_date), '') as effective_date_text
    from rows_landed
),

typed as (
    select
        *,
        {{ dbt.safe_cast('hire_date_text', 'date') }} as hire_date,
        {{ dbt.safe_cast('termination_date_text', 'date') }} as termination_date,
        {{ dbt.safe_cast('effective_date_text', 'date') }} as effective_date
    from parsed
),

validated as (
    select
        *,
        case
            when employee_id is null or effective_date_text is null then 'missing_external_key'
            when
                {{ is_unparseable('hire_date_text', 'hire_date') }}
                or {{ is_unparseable('termination_date_text', 'termination_date') }}
                or {{ is_unparseable('effective_date_text', 'effective_date') }} then 'unparseable_timestamp'
        end as _quarantine_reason,
        {{ dbt.concat(["'hris:person:'", key_part('employee_id'), "':'", key_part('effective_date')]) }} as external_ref
    from typed
),

final as (
    {{ versions_ranked('validated') }}
)

select * from final
