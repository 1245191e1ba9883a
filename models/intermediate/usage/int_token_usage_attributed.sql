-- Priced usage lines (with the source the ledger takes each from:
-- int_token_usage_covered) with the person they belong to and the job that
-- person had on the usage date. A line nobody can be found for stays, with
-- attribution_status = 'unmapped_person': its spend still counts.
--
-- Incremental: a run attributes the lines priced since its last run, and
-- attributes again every line of a person whose HRIS rows or identities
-- landed since (a backdated promotion, a new identity, a changed e-mail).
{{ config(grants={'select': var('core_readers')}, **incremental_config('usage_line_id')) }}
-- Read on incremental runs only, to find the people whose HRIS rows changed,
-- quarantined ones included (a row that lost its e-mail or identity to
-- someone else, conflicting_identity, changes its employee's lines too):
-- depends_on: {{ ref('base_hris__people') }}
-- depends_on: {{ ref('base_hris__identities') }}
{%- set watermark = last_loaded_at() -%}
{%- set line_columns = [
    'usage_line_id', 'usage_source', 'provider', 'usage_date', 'model_id', 'tool_name',
    'identity_system', 'identity_key', 'api_key_id', 'workspace_id', 'project_id', 'service_account_id',
    'uncached_input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens',
    'cache_write_1h_tokens', 'output_tokens', 'total_tokens', 'request_count', 'night_request_count', 'vendor_cost_usd',
    'list_price_cost_usd', 'price_effective_from', 'spend_usd', 'pricing_status', 'covered_by_source', 'coverage_rule_id',
] %}

with

priced_lines as (
    select * from {{ ref('int_token_usage_covered') }}
),

identity_map as (
    select * from {{ ref('int_identity_map') }}
),

people_history as (
    select * from {{ ref('int_people_history') }}
),

{% if watermark is not none -%}
    people_changed as (
        select employee_id from {{ ref('base_hris__people') }}
        where {{ loaded_after(watermark) }}
        union
        select employee_id from {{ ref('base_hris__identities') }}
        where {{ loaded_after(watermark) }}
    ),

    -- Identifiers of the changed people: those that map to them now, and
    -- those whose lines were theirs before (an identifier can move away).
    identifiers_changed as (
        select
            identity_system,
            identity_key
        from identity_map
        where employee_id in (select employee_id from people_changed)
        union
        select
            identity_system,
            identity_key
        from {{ this }}
        where employee_id in (select employee_id from people_changed)
    ),

    lines_of_changed_people as (
        select priced_lines.usage_line_id
        from priced_lines
        inner join identifiers_changed
            on
                priced_lines.identity_system = identifiers_changed.identity_system
                and priced_lines.identity_key = identifiers_changed.identity_key
    ),

    usage_lines as (
        select {{ line_columns | join(', ') }} from priced_lines
        where {{ loaded_after(watermark) }}
        or usage_line_id in (select usage_line_id from lines_of_changed_people)
    ),

{%- else -%}
    usage_lines as (
        select {{ line_columns | join(', ') }} from priced_lines
    ),

{%- endif %}

attributed as (
    {{ attribute_to_people('usage_lines', 'usage_date', identity_map='identity_map', people_history='people_history') }}
),

final as (
    select
        attributed.*,
        {{ run_started_timestamp() }} as _loaded_at
    from attributed
)

select * from final
