-- Identity map, one row per (system, external id): the latest export's version.
with

identities as (
    select * from {{ ref('base_hris__identities') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        identity_system,
        external_id,
        employee_id,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from identities
)

select * from final
