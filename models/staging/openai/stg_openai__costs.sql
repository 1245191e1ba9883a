{{ config(enabled=var('enable_openai')) }}

-- OpenAI costs (what the invoice says), one row per day x dimensions: the
-- latest extract's version.
with

cost_lines as (
    select * from {{ ref('base_openai__costs') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        bucket_start_at,
        bucket_end_at,
        cast(bucket_start_at as date) as cost_date,
        project_id,
        line_item,
        api_key_id,
        cast(quantity as {{ dbt.type_numeric() }}) as quantity,
        quantity_unit,
        currency,
        -- OpenAI's amount is already in dollars. Negative amounts are credits.
        cast(amount_value as {{ dbt.type_numeric() }}) as amount_usd,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from cost_lines
)

select * from final
