-- Every usage line of the ledger in one shape, priced. Cost is the vendor's
-- own figure where the source has one, otherwise each token type times the
-- price-book rate in force on the usage date. A model with no price keeps
-- a null cost and pricing_status = 'unpriced_model': never priced at zero.
--
-- Incremental: a run prices the staged lines loaded since its last run. A
-- change to the price book re-prices every line (see reference_fingerprint).
{{ config(grants={'select': var('core_readers')}, **incremental_config('usage_line_id')) }}
{%- set price_book_fingerprint = reference_fingerprint(seed_names=['model_prices']) -%}
{%- set watermark = none if fingerprint_changed(price_book_fingerprint) else last_loaded_at() -%}
{#- Each optional source contributes its lines only when it is switched on. -#}
{%- set usage_sources = [] -%}
{%- if var('enable_anthropic') -%}
    {%- do usage_sources.extend(['claude_code_lines', 'anthropic_api_lines']) -%}
{%- endif -%}
{%- if var('enable_openai') -%}{%- do usage_sources.append('openai_api_lines') -%}{%- endif -%}
{%- if var('enable_gateway') -%}{%- do usage_sources.append('gateway_lines') -%}{%- endif -%}
{%- if not usage_sources -%}
    {{ exceptions.raise_compiler_error("token_outcomes needs at least one usage source switched on") }}
{%- endif %}

with

{% if var('enable_anthropic') -%}
    claude_code as (
        select * from {{ ref('stg_anthropic__claude_code_usage') }}
        {{ loaded_after(watermark) }}
    ),

    anthropic_messages as (
        select * from {{ ref('stg_anthropic__messages_usage') }}
        {{ loaded_after(watermark) }}
    ),

    claude_code_lines as (
        select
            external_ref as usage_line_id,
            'anthropic_claude_code' as usage_source,
            'anthropic' as provider,
            usage_date,
            -- Requests made at night: only the gateway knows request times;
            -- daily and hourly reports carry only their day.
            cast(null as {{ api.Column.translate_type('bigint') }}) as night_request_count,
            model_id,
            'claude_code' as tool_name,
            -- A user actor is known by e-mail; an API actor by its key's name.
            case when actor_type = 'user_actor' then 'email' else 'anthropic_api_key_name' end as identity_system,
            actor_id as identity_key,
            -- The slices a coverage rule can name (int_token_usage_covered):
            -- Claude Code Analytics reports none of them.
            cast(null as {{ dbt.type_string() }}) as api_key_id,
            cast(null as {{ dbt.type_string() }}) as workspace_id,
            cast(null as {{ dbt.type_string() }}) as project_id,
            cast(null as {{ dbt.type_string() }}) as service_account_id,
            uncached_input_tokens,
            cache_read_tokens,
            -- Claude Code does not split cache writes by lifetime: 5-minute rate.
            cache_creation_tokens as cache_write_5m_tokens,
            0 as cache_write_1h_tokens,
            output_tokens,
            cast(null as {{ api.Column.translate_type('bigint') }}) as request_count,
            vendor_cost_usd
        from claude_code
    ),

    anthropic_api_lines as (
        select
            external_ref as usage_line_id,
            'anthropic_api' as usage_source,
            'anthropic' as provider,
            usage_date,
            cast(null as {{ api.Column.translate_type('bigint') }}) as night_request_count,
            model_id,
            'anthropic_api' as tool_name,
            case
                when account_id is not null then 'anthropic_account'
                when api_key_id is not null then 'anthropic_api_key'
            end as identity_system,
            coalesce(account_id, api_key_id) as identity_key,
            api_key_id,
            workspace_id,
            cast(null as {{ dbt.type_string() }}) as project_id,
            service_account_id,
            uncached_input_tokens,
            cache_read_tokens,
            cache_creation_5m_tokens as cache_write_5m_tokens,
            cache_creation_1h_tokens as cache_write_1h_tokens,
            output_tokens,
            cast(null as {{ api.Column.translate_type('bigint') }}) as request_count,
            cast(null as {{ dbt.type_numeric() }}) as vendor_cost_usd
        from anthropic_messages
    ),

{% endif -%}
{% if var('enable_openai') -%}
    openai_completions as (
        select * from {{ ref('stg_openai__completions_usage') }}
        {{ loaded_after(watermark) }}
    ),

    openai_api_lines as (
        select
            external_ref as usage_line_id,
            'openai_api' as usage_source,
            'openai' as provider,
            usage_date,
            cast(null as {{ api.Column.translate_type('bigint') }}) as night_request_count,
            model_id,
            'openai_api' as tool_name,
            case
                when user_id is not null then 'openai_user'
                when api_key_id is not null then 'openai_api_key'
            end as identity_system,
            coalesce(user_id, api_key_id) as identity_key,
            api_key_id,
            cast(null as {{ dbt.type_string() }}) as workspace_id,
            project_id,
            cast(null as {{ dbt.type_string() }}) as service_account_id,
            uncached_input_tokens,
            cache_read_tokens,
            -- OpenAI reports one kind of cache write; priced as a write, not as input.
            cache_write_tokens as cache_write_5m_tokens,
            0 as cache_write_1h_tokens,
            output_tokens,
            model_request_count as request_count,
            cast(null as {{ dbt.type_numeric() }}) as vendor_cost_usd
        from openai_completions
    ),

{% endif -%}
{% if var('enable_gateway') -%}
    gateway_requests as (
        select * from {{ ref('int_gateway_requests_aggregated') }}
        {{ loaded_after(watermark) }}
    ),

    gateway_lines as (
        select
            usage_line_id,
            'gateway' as usage_source,
            provider_name as provider,
            usage_date,
            night_request_count,
            model_id,
            tool_name,
            'email' as identity_system,
            user_email as identity_key,
            -- The gateway logs the person, not the vendor key it called with.
            cast(null as {{ dbt.type_string() }}) as api_key_id,
            cast(null as {{ dbt.type_string() }}) as workspace_id,
            cast(null as {{ dbt.type_string() }}) as project_id,
            cast(null as {{ dbt.type_string() }}) as service_account_id,
            uncached_input_tokens,
            cache_read_tokens,
            cache_creation_tokens as cache_write_5m_tokens,
            0 as cache_write_1h_tokens,
            output_tokens,
            request_count,
            vendor_cost_usd
        from gateway_requests
    ),

{% endif -%}
prices as (
    select * from {{ ref('model_prices') }}
),

usage_lines as (
    {{- union_ctes(usage_sources) }}
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
