{{ config(**incremental_config('external_ref')) }}

-- Every landed HRIS job row, whatever its quality, with the reason it cannot
-- be used if any.
--
-- One e-mail, two people: a work e-mail (compared trimmed and lower-case)
-- belongs to one employee. When the kept rows of two employees give the same
-- e-mail (a new hire given a leaver's address, a rehire under a new
-- employee id, a typo), the employee with the latest effective row keeps it
-- (ties: the later extract, then the later file, then the later line) and
-- every kept row of the other employees that gives it is quarantined as
-- conflicting_identity, with its file and line. Which rows conflict depends
-- on rows of other records, so every landed row is ranked again on every
-- run (HRIS exports are small); a row keeps its _loaded_at while its rank
-- and reason stay the same.
{%- set previous_run = reads_previous_run() %}
{%- if previous_run %}{% do require_incremental_columns(['_version_rank', '_loaded_at']) %}{% endif %}

with

rows_landed as (
    select * from {{ source('hris', 'people') }}
),

parsed as (
    select
        _source_file,
        _source_file_bytes,
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
        -- ISO 8601 only, on every engine: PostgreSQL alone would read
        -- '03/01/2024' as a date (month first), the others not at all.
        cast({{ to_utc_timestamp('hire_date_text') }} as date) as hire_date,
        cast({{ to_utc_timestamp('termination_date_text') }} as date) as termination_date,
        cast({{ to_utc_timestamp('effective_date_text') }} as date) as effective_date
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

ranked as (
    select
        *,
        {{ latest_version_rank('external_ref') }} as _version_rank
    from validated
),

-- The kept version of every usable record: these compete for e-mails.
kept_rows as (
    select * from ranked
    where _quarantine_reason is null and _version_rank = 1 and work_email is not null
),

email_owners as (
    select
        work_email,
        employee_id,
        row_number() over (
            partition by work_email
            order by
                effective_date desc,
                _extracted_at desc nulls last,
                _source_file desc,
                _line_number desc
        ) as owner_rank
    from kept_rows
),

resolved as (
    select
        ranked._source_file,
        ranked._source_file_bytes,
        ranked._line_number,
        ranked._extracted_at,
        ranked.employee_id,
        ranked.work_email,
        ranked.full_name,
        ranked.role,
        ranked.level,
        ranked.team,
        ranked.cost_center,
        ranked.manager_employee_id,
        ranked.hire_date_text,
        ranked.termination_date_text,
        ranked.effective_date_text,
        ranked.hire_date,
        ranked.termination_date,
        ranked.effective_date,
        case
            when
                ranked._quarantine_reason is null
                and ranked._version_rank = 1
                and email_owners.employee_id <> ranked.employee_id
                then 'conflicting_identity'
            else ranked._quarantine_reason
        end as _quarantine_reason,
        ranked.external_ref,
        ranked._version_rank
    from ranked
    left join email_owners
        on
            ranked.work_email = email_owners.work_email
            and email_owners.owner_rank = 1
),

{% if previous_run -%}
    previous_rows as (
        select
            _source_file,
            _line_number,
            external_ref,
            _version_rank,
            _quarantine_reason,
            _loaded_at
        from {{ this }}
    ),

{% endif -%}
final as (
    select
        resolved.*,
        {% if previous_run -%}
            {{ hris_loaded_at('resolved', 'previous_rows') }} as _loaded_at
        {%- else -%}
            {{ run_started_timestamp() }} as _loaded_at
        {%- endif %}
    from resolved
    {%- if previous_run %}
        left join previous_rows
            on
                resolved._source_file = previous_rows._source_file
                and resolved._line_number = previous_rows._line_number
                and resolved.external_ref = previous_rows.external_ref
    {%- endif %}
)

select * from final
