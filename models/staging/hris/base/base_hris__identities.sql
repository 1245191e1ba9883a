{{ config(**incremental_config('external_ref')) }}

-- Every landed identity-map row, whatever its quality, with the reason it
-- cannot be used if any.
--
-- The key is the identity's value, not its text: the system lower-case, a
-- GitHub login or an e-mail (any id holding an @) trimmed and lower-case
-- (both are case-insensitive), other ids trimmed. A later export that maps
-- an identity to someone else is an update: its rows win and the older
-- ones are versions. Two rows of the same export that map one identity to
-- two employees conflict: the later file, then the later line, wins, and
-- the other rows are quarantined as conflicting_identity, with their file
-- and line. Which rows conflict depends on the other rows of the identity,
-- so every landed row is ranked again on every run (HRIS exports are
-- small); a row keeps its _loaded_at while its rank and reason stay the same.
{%- set previous_run = reads_previous_run() %}
{%- if previous_run %}{% do require_incremental_columns(['_version_rank', '_loaded_at']) %}{% endif %}

with

rows_landed as (
    select * from {{ source('hris', 'identities') }}
),

trimmed as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        lower(nullif(trim(system), '')) as identity_system,
        nullif(trim(external_id), '') as external_id_text,
        nullif(trim(employee_id), '') as employee_id
    from rows_landed
),

parsed as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        identity_system,
        case
            when identity_system in ('github', 'email') or external_id_text like '%@%' then lower(external_id_text)
            else external_id_text
        end as external_id,
        employee_id
    from trimmed
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

ranked as (
    select
        *,
        {{ latest_version_rank('external_ref') }} as _version_rank
    from validated
),

kept_rows as (
    select * from ranked
    where _quarantine_reason is null and _version_rank = 1
),

resolved as (
    select
        ranked._source_file,
        ranked._source_file_bytes,
        ranked._line_number,
        ranked._extracted_at,
        ranked.identity_system,
        ranked.external_id,
        ranked.employee_id,
        case
            when
                ranked._quarantine_reason is null
                and ranked._version_rank > 1
                and ranked._extracted_at = kept_rows._extracted_at
                and ranked.employee_id <> kept_rows.employee_id
                then 'conflicting_identity'
            else ranked._quarantine_reason
        end as _quarantine_reason,
        ranked.external_ref,
        ranked._version_rank
    from ranked
    left join kept_rows
        on ranked.external_ref = kept_rows.external_ref
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
