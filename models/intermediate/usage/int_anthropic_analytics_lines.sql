{{ config(
    enabled=var('enable_anthropic') and var('enable_anthropic_analytics'),
    materialized='view', grants={'select': var('core_readers')}
) }}

-- Anthropic's Usage and Cost Analytics API as usage lines: per UTC day and
-- slice (actor, model, product, workspace, API key, ...), the usage report's
-- tokens beside the cost report's billed amount. A slice with cost and no
-- usage row keeps its cost (0 tokens); one with usage and no cost row is
-- priced by the price book. Read by the usage union (int_token_usage_unioned).
--
-- A view: the pricing model reads only the lines loaded since its last run
-- (the later of the two sides' load times).
with

cost_rows as (
    select * from {{ ref('stg_anthropic__analytics_cost') }}
),

usage_rows as (
    select * from {{ ref('stg_anthropic__analytics_usage') }}
),

-- A cost report grouped by cost_type or token_type splits a slice's cost
-- into its components: summed back to the slice.
cost_per_slice as (
    select
        usage_date,
        analytics_slice,
        identity_system,
        identity_key,
        model_id,
        product,
        workspace_id,
        api_key_id,
        service_account_id,
        sum(cost_usd) as cost_usd,
        sum(list_cost_usd) as list_cost_usd,
        -- Null when the report was grouped by cost components.
        cast(sum(request_count) as {{ api.Column.translate_type('bigint') }}) as request_count,
        max(_loaded_at) as _loaded_at
    from cost_rows
    group by
        usage_date, analytics_slice, identity_system, identity_key, model_id, product, workspace_id, api_key_id,
        service_account_id
),

lines as (
    select
        coalesce(usage_rows.usage_date, cost_per_slice.usage_date) as usage_date,
        coalesce(usage_rows.analytics_slice, cost_per_slice.analytics_slice) as analytics_slice,
        coalesce(usage_rows.identity_system, cost_per_slice.identity_system) as identity_system,
        coalesce(usage_rows.identity_key, cost_per_slice.identity_key) as identity_key,
        coalesce(usage_rows.model_id, cost_per_slice.model_id) as model_id,
        coalesce(usage_rows.product, cost_per_slice.product) as product,
        coalesce(usage_rows.workspace_id, cost_per_slice.workspace_id) as workspace_id,
        coalesce(usage_rows.api_key_id, cost_per_slice.api_key_id) as api_key_id,
        coalesce(usage_rows.service_account_id, cost_per_slice.service_account_id) as service_account_id,
        coalesce(usage_rows.uncached_input_tokens, 0) as uncached_input_tokens,
        coalesce(usage_rows.cache_read_tokens, 0) as cache_read_tokens,
        coalesce(usage_rows.cache_creation_5m_tokens, 0) as cache_creation_5m_tokens,
        coalesce(usage_rows.cache_creation_1h_tokens, 0) as cache_creation_1h_tokens,
        coalesce(usage_rows.output_tokens, 0) as output_tokens,
        coalesce(usage_rows.request_count, cost_per_slice.request_count) as request_count,
        cost_per_slice.cost_usd,
        cost_per_slice.list_cost_usd,
        -- Either side may be missing: the later of the two that exist.
        greatest(
            coalesce(usage_rows._loaded_at, cost_per_slice._loaded_at),
            coalesce(cost_per_slice._loaded_at, usage_rows._loaded_at)
        ) as _loaded_at
    from usage_rows
    full outer join cost_per_slice
        on
            usage_rows.usage_date = cost_per_slice.usage_date
            and usage_rows.analytics_slice = cost_per_slice.analytics_slice
),

final as (
    select
        {{ dbt.concat(["'anthropic_analytics:'", key_part('usage_date'), "':'", 'analytics_slice']) }}
            as usage_line_id,
        usage_date,
        identity_system,
        identity_key,
        model_id,
        -- The product the cost came from (claude_code, ...); API traffic has
        -- none.
        coalesce(product, 'anthropic_api') as tool_name,
        api_key_id,
        workspace_id,
        service_account_id,
        uncached_input_tokens,
        cache_read_tokens,
        cache_creation_5m_tokens,
        cache_creation_1h_tokens,
        output_tokens,
        request_count,
        cost_usd,
        list_cost_usd,
        _loaded_at
    from lines
)

select * from final
