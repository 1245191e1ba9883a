{{ config(enabled=var('enable_anthropic')) }}

-- Anthropic cost report (what the invoice says), one row per day x
-- dimensions: the latest extract's version.
with

cost_lines as (
    select * from {{ ref('base_anthropic__cost_report') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        bucket_start_at,
        bucket_end_at,
        cast(bucket_start_at as date) as cost_date,
        workspace_id,
        description,
        cost_type,
        model_id,
        token_type,
        context_window,
        service_tier,
        inference_geo,
        speed,
        currency,
        -- Cents to dollars, in decimal (a division would go through a
        -- double on DuckDB). Negative amounts are credits.
        cast(amount_cents * 0.01 as {{ dbt.type_numeric() }}) as amount_usd,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from cost_lines
)

select * from final
