-- Every usage line of the ledger (int_token_usage_unioned), priced. Cost is
-- the vendor's own figure where the source has one, otherwise each token type
-- times the price-book rate in force on the usage date. A model with no price
-- keeps a null cost and pricing_status = 'unpriced_model': never priced at
-- zero.
--
-- Incremental: a run prices the staged lines loaded since its last run. A
-- change to the price book re-prices every line (see reference_fingerprint).
{{ config(grants={'select': var('core_readers')}, **incremental_config('usage_line_id')) }}
{%- set price_book_fingerprint = reference_fingerprint(seed_names=['model_prices']) -%}
{%- set watermark = none if fingerprint_changed(price_book_fingerprint) else last_loaded_at() -%}

with

usage_lines as (
    select * from {{ ref('int_token_usage_unioned') }}
    where {{ loaded_after(watermark) }}
),

prices as (
    select * from {{ ref('model_prices') }}
),

price_periods as (
    select
        model_id,
        effective_from,
        coalesce(
            lead(effective_from) over (partition by model_id order by effective_from),
            cast('9999-12-31' as date)
        ) as effective_to,
        input_usd_per_mtok,
        output_usd_per_mtok,
        -- Where a vendor bills no separate cache rate the tokens are input.
        coalesce(cache_read_usd_per_mtok, input_usd_per_mtok) as cache_read_usd_per_mtok,
        coalesce(cache_write_5m_usd_per_mtok, input_usd_per_mtok) as cache_write_5m_usd_per_mtok,
        coalesce(cache_write_1h_usd_per_mtok, cache_write_5m_usd_per_mtok, input_usd_per_mtok)
            as cache_write_1h_usd_per_mtok
    from prices
),

priced as (
    select
        usage_lines.*,
        price_periods.effective_from as price_effective_from,
        (
            usage_lines.uncached_input_tokens * price_periods.input_usd_per_mtok
            + usage_lines.cache_read_tokens * price_periods.cache_read_usd_per_mtok
            + usage_lines.cache_write_5m_tokens * price_periods.cache_write_5m_usd_per_mtok
            + usage_lines.cache_write_1h_tokens * price_periods.cache_write_1h_usd_per_mtok
            + usage_lines.output_tokens * price_periods.output_usd_per_mtok
        ) / 1000000 as list_price_cost_usd
    from usage_lines
    left join price_periods
        on
            usage_lines.model_id = price_periods.model_id
            and usage_lines.usage_date >= price_periods.effective_from
            and usage_lines.usage_date < price_periods.effective_to
),

final as (
    select
        usage_line_id,
        usage_source,
        provider,
        usage_date,
        model_id,
        tool_name,
        identity_system,
        identity_key,
        api_key_id,
        workspace_id,
        project_id,
        service_account_id,
        customer_type,
        uncached_input_tokens,
        cache_read_tokens,
        cache_write_5m_tokens,
        cache_write_1h_tokens,
        output_tokens,
        uncached_input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens + output_tokens
            as total_tokens,
        request_count,
        night_request_count,
        cast(vendor_cost_usd as {{ dbt.type_numeric() }}) as vendor_cost_usd,
        cast(list_price_cost_usd as {{ dbt.type_numeric() }}) as list_price_cost_usd,
        price_effective_from,
        cast(coalesce(vendor_cost_usd, list_price_cost_usd) as {{ dbt.type_numeric() }}) as spend_usd,
        case
            when vendor_cost_usd is not null then 'vendor_reported'
            when list_price_cost_usd is not null then 'price_book'
            else 'unpriced_model'
        end as pricing_status,
        '{{ price_book_fingerprint }}' as _reference_fingerprint,
        {{ run_started_timestamp() }} as _loaded_at
    from priced
)

select * from final
