-- Every usage line of the ledger in one shape: the usage sources that are
-- switched on, each mapped to the ledger's columns (tokens by type, the
-- identity that finds the person, the slices a coverage rule can name, the
-- vendor's own cost where the source has one). Priced next
-- (int_token_usage_priced).
--
-- A view: the priced model reads only the lines loaded since its last run,
-- and every engine pushes that filter into each source of the union. Every
-- branch gives each column one type (a vendor's cost in the ledger's decimal).
{{ config(materialized='view', grants={'select': var('core_readers')}) }}
{#- Each optional source contributes its lines only when it is switched on. -#}
{%- set usage_sources = [] -%}
{%- if var('enable_anthropic') -%}
    {%- do usage_sources.extend(['claude_code_lines', 'anthropic_api_lines']) -%}
{%- endif -%}
{%- if var('enable_anthropic') and var('enable_anthropic_analytics') -%}
    {%- do usage_sources.append('anthropic_analytics_lines') -%}
{%- endif -%}
{%- if var('enable_openai') -%}{%- do usage_sources.append('openai_api_lines') -%}{%- endif -%}
{%- if var('enable_github') and var('enable_copilot') -%}{%- do usage_sources.append('copilot_lines') -%}{%- endif -%}
{%- if var('enable_gateway') or var('enable_cursor') or var('enable_bedrock') -%}
    {%- do usage_sources.append('request_lines') -%}
{%- endif -%}
{%- if not usage_sources -%}
    {{ exceptions.raise_compiler_error("token_outcomes needs at least one usage source switched on") }}
{%- endif %}

with

{% if var('enable_anthropic') -%}
    claude_code as (
        select * from {{ ref('stg_anthropic__claude_code_usage') }}
    ),

    anthropic_messages as (
        select * from {{ ref('stg_anthropic__messages_usage') }}
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
            -- api: billed as API usage (the Usage and Cost Analytics API reports it
            -- too); subscription: within a plan.
            customer_type,
            uncached_input_tokens,
            cache_read_tokens,
            -- Claude Code does not split cache writes by lifetime: 5-minute rate.
            cache_creation_tokens as cache_write_5m_tokens,
            0 as cache_write_1h_tokens,
            output_tokens,
            cast(null as {{ api.Column.translate_type('bigint') }}) as request_count,
            cast(vendor_cost_usd as {{ dbt.type_numeric() }}) as vendor_cost_usd,
            _loaded_at
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
            cast(null as {{ dbt.type_string() }}) as customer_type,
            uncached_input_tokens,
            cache_read_tokens,
            cache_creation_5m_tokens as cache_write_5m_tokens,
            cache_creation_1h_tokens as cache_write_1h_tokens,
            output_tokens,
            cast(null as {{ api.Column.translate_type('bigint') }}) as request_count,
            cast(null as {{ dbt.type_numeric() }}) as vendor_cost_usd,
            _loaded_at
        from anthropic_messages
    ),

{% endif -%}
{% if var('enable_anthropic') and var('enable_anthropic_analytics') -%}
    anthropic_analytics as (
        select * from {{ ref('int_anthropic_analytics_lines') }}
    ),

    anthropic_analytics_lines as (
        select
            usage_line_id,
            'anthropic_analytics' as usage_source,
            'anthropic' as provider,
            usage_date,
            cast(null as {{ api.Column.translate_type('bigint') }}) as night_request_count,
            model_id,
            tool_name,
            identity_system,
            identity_key,
            -- A gateway's key is named by a coverage rule: its requests count
            -- from the gateway (int_token_usage_covered).
            api_key_id,
            workspace_id,
            cast(null as {{ dbt.type_string() }}) as project_id,
            service_account_id,
            cast(null as {{ dbt.type_string() }}) as customer_type,
            uncached_input_tokens,
            cache_read_tokens,
            cache_creation_5m_tokens as cache_write_5m_tokens,
            cache_creation_1h_tokens as cache_write_1h_tokens,
            output_tokens,
            request_count,
            -- What Anthropic bills (after discounts, before credits).
            cast(cost_usd as {{ dbt.type_numeric() }}) as vendor_cost_usd,
            _loaded_at
        from anthropic_analytics
    ),

{% endif -%}
{% if var('enable_openai') -%}
    openai_completions as (
        select * from {{ ref('stg_openai__completions_usage') }}
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
            cast(null as {{ dbt.type_string() }}) as customer_type,
            uncached_input_tokens,
            cache_read_tokens,
            -- OpenAI reports one kind of cache write; priced as a write, not as input.
            cache_write_tokens as cache_write_5m_tokens,
            0 as cache_write_1h_tokens,
            output_tokens,
            model_request_count as request_count,
            cast(null as {{ dbt.type_numeric() }}) as vendor_cost_usd,
            _loaded_at
        from openai_completions
    ),

{% endif -%}
{% if var('enable_github') and var('enable_copilot') -%}
    copilot_credits as (
        select * from {{ ref('stg_github__copilot_ai_credit_usage') }}
    ),

    copilot_lines as (
        select
            external_ref as usage_line_id,
            'github_copilot' as usage_source,
            'github' as provider,
            usage_date,
            cast(null as {{ api.Column.translate_type('bigint') }}) as night_request_count,
            model_id,
            'copilot' as tool_name,
            -- The report was asked per user: the person's GitHub login.
            'github' as identity_system,
            user_login as identity_key,
            cast(null as {{ dbt.type_string() }}) as api_key_id,
            cast(null as {{ dbt.type_string() }}) as workspace_id,
            cast(null as {{ dbt.type_string() }}) as project_id,
            cast(null as {{ dbt.type_string() }}) as service_account_id,
            cast(null as {{ dbt.type_string() }}) as customer_type,
            -- Copilot bills AI credits, not tokens: the credits stay in
            -- staging (stg_github__copilot_ai_credit_usage).
            0 as uncached_input_tokens,
            0 as cache_read_tokens,
            0 as cache_write_5m_tokens,
            0 as cache_write_1h_tokens,
            0 as output_tokens,
            cast(null as {{ api.Column.translate_type('bigint') }}) as request_count,
            -- What GitHub bills: netAmount, in US dollars.
            cast(net_amount_usd as {{ dbt.type_numeric() }}) as vendor_cost_usd,
            _loaded_at
        from copilot_credits
    ),

{% endif -%}
{% if var('enable_gateway') or var('enable_cursor') or var('enable_bedrock') -%}
    usage_requests as (
        select * from {{ ref('int_usage_requests_aggregated') }}
    ),

    request_lines as (
        select
            usage_line_id,
            -- gateway, cursor or aws_bedrock: the sources that report every
            -- request.
            usage_source,
            provider_name as provider,
            usage_date,
            night_request_count,
            model_id,
            tool_name,
            identity_system,
            identity_key,
            -- The gateway logs the person, not the vendor key it called with;
            -- Cursor calls the vendors with keys of its own, and Bedrock is
            -- in no vendor's report: none has a slice a coverage rule names.
            cast(null as {{ dbt.type_string() }}) as api_key_id,
            cast(null as {{ dbt.type_string() }}) as workspace_id,
            cast(null as {{ dbt.type_string() }}) as project_id,
            cast(null as {{ dbt.type_string() }}) as service_account_id,
            cast(null as {{ dbt.type_string() }}) as customer_type,
            uncached_input_tokens,
            cache_read_tokens,
            cache_creation_tokens as cache_write_5m_tokens,
            0 as cache_write_1h_tokens,
            output_tokens,
            request_count,
            cast(vendor_cost_usd as {{ dbt.type_numeric() }}) as vendor_cost_usd,
            _loaded_at
        from usage_requests
    ),

{% endif -%}
final as (
    {{- union_ctes(usage_sources) }}
)

select * from final
