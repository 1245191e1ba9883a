{{ config(grants={'select': var('core_readers')}) }}

-- One row per model seen in the ledger or the price book: who makes it, its
-- current list price, and whether usage of it can be priced.
with

prices as (
    select * from {{ ref('model_prices') }}
),

usage_lines as (
    select * from {{ ref('fct_token_usage') }}
),

latest_prices as (
    select
        *,
        row_number() over (partition by model_id order by effective_from desc) as recency_rank
    from prices
),

seen_in_usage as (
    select
        model_id,
        min(provider) as provider,
        min(usage_date) as first_usage_date,
        max(usage_date) as last_usage_date
    from usage_lines
    where model_id is not null
    group by model_id
),

all_models as (
    select model_id from latest_prices
    where recency_rank = 1
    union distinct
    select model_id from seen_in_usage
),

final as (
    select
        all_models.model_id,
        coalesce(latest_prices.provider, seen_in_usage.provider) as provider,
        latest_prices.model_id is not null as is_priced,
        latest_prices.effective_from as current_price_effective_from,
        latest_prices.input_usd_per_mtok,
        latest_prices.output_usd_per_mtok,
        latest_prices.cache_read_usd_per_mtok,
        latest_prices.cache_write_5m_usd_per_mtok,
        latest_prices.cache_write_1h_usd_per_mtok,
        seen_in_usage.first_usage_date,
        seen_in_usage.last_usage_date
    from all_models
    left join latest_prices
        on
            all_models.model_id = latest_prices.model_id
            and latest_prices.recency_rank = 1
    left join seen_in_usage
        on all_models.model_id = seen_in_usage.model_id
)

select * from final
