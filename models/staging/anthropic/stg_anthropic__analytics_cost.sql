{{ config(enabled=var('enable_anthropic') and var('enable_anthropic_analytics')) }}

-- Anthropic's cost per day and slice (actor, model, product, workspace, API
-- key, ...) from the Usage and Cost Analytics API: the latest extract's
-- version.
with

cost_rows as (
    select * from {{ ref('base_anthropic__analytics_cost') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        analytics_slice,
        bucket_start_at,
        cast(bucket_start_at as date) as usage_date,
        actor_object_type as actor_type,
        actor_id,
        identity_system,
        identity_key,
        model_id,
        product,
        workspace_id,
        -- The key that authenticated the requests: the dimension when the
        -- extract grouped by it, else an API actor's own key.
        coalesce(api_key_id, case when actor_object_type = 'api_actor' then actor_id end) as api_key_id,
        case when actor_object_type = 'service_account_actor' then actor_id end as service_account_id,
        cost_type,
        token_type,
        context_window,
        inference_geo,
        service_tier,
        speed,
        request_count,
        -- Fractional cents to dollars, in decimal (a division would go
        -- through a double on DuckDB); a negative amount is a credit.
        cast(amount_cents * 0.01 as {{ dbt.type_numeric() }}) as cost_usd,
        cast(list_amount_cents * 0.01 as {{ dbt.type_numeric() }}) as list_cost_usd,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from cost_rows
)

select * from final
