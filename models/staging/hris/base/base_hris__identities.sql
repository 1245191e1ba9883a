{{ config(**incremental_config('external_ref')) }}

-- Every landed identity-map row, whatever its quality, with the reason it
-- cannot be used if any.
with

rows_landed as (
    select * from {{ source('hris', 'identities') }}
    {{ new_landing_files_only() }}
),

parsed as (
    select
        _source_file,
        _line_number,
        _extracted_at,
        lower(nullif(trim(system), '')) as identity_system,
        nullif(trim(external_id), '') as external_id,
        nullif(trim(employee_id), '') as employee_id
    from rows_landed
),

validated as (
    select
        *,
        case
            when identity_system is null or external_id is null or employee_id is null then 'missing_external_key'
        end as _quarantine_reason,
        {{ dbt.concat([
            "'hris:identity:'", key_part('identity_system'), "':'", key_part('external_id')
        ]) }} as external_ref
    from parsed
),

final as (
    {{ versions_ranked('validated') }}
)

select * from final
