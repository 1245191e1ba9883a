-- The usage lines of the sources that report every request (the gateway,
-- Cursor, AWS Bedrock): their requests summed per person, UTC day, tool,
-- provider and model, the grain of the vendors' own daily reports. At a year of 10,000
-- engineers the gateway sends 100 million requests; pricing, attributing and
-- storing each one made the ledger ten times larger for the same answers.
-- What only the request grain knew, the hour, is kept as night_request_count
-- for the around-the-clock flag. Requests with and without a vendor-reported
-- cost are separate lines, because the ledger prices a line by the vendor's
-- cost or else by the price book, never a mix.
--
-- Incremental: a run recomputes every line of the person-days that requests
-- loaded since its last run belong to, in their latest or an earlier version
-- (a re-extract may move a request to another person, day or model). A line
-- left with no request at all is written once more with request_count 0, so
-- that the replacement reaches fct_token_usage, which drops it.
{%- set request_sources = [] -%}
{%- if var('enable_gateway') -%}{%- do request_sources.append('gateway') -%}{%- endif -%}
{%- if var('enable_cursor') -%}{%- do request_sources.append('cursor') -%}{%- endif -%}
{%- if var('enable_bedrock') -%}{%- do request_sources.append('bedrock') -%}{%- endif -%}
{%- if var('enable_gateway') and var('enable_litellm') -%}{%- do request_sources.append('litellm') -%}{%- endif -%}
{%- if var('enable_gateway') and var('enable_otlp') -%}{%- do request_sources.append('otlp') -%}{%- endif -%}
{#- Each request source's base model, read on incremental runs. -#}
{%- set base_models = {
    'gateway': 'base_gateway__usage_events', 'cursor': 'base_cursor__usage_events',
    'bedrock': 'base_aws__bedrock_invocations', 'litellm': 'base_gateway__litellm_spend_logs',
    'otlp': 'base_gateway__otlp_traces'
} -%}
{#- Each request source's usage_source, and the columns of its base model
    that hold the request's time and person. -#}
{%- set usage_source_names = {
    'gateway': 'gateway', 'cursor': 'cursor', 'bedrock': 'aws_bedrock', 'litellm': 'litellm', 'otlp': 'otlp'
} -%}
{%- set time_columns = {
    'gateway': 'event_at', 'cursor': 'event_at', 'bedrock': 'invoked_at', 'litellm': 'started_at',
    'otlp': 'started_at'
} -%}
{%- set person_columns = {
    'gateway': 'user_email', 'cursor': 'user_email', 'bedrock': 'identity_key', 'litellm': 'identity_key',
    'otlp': 'identity_key'
} -%}
{%- set request_ctes = [] -%}
{%- for request_source in request_sources -%}{%- do request_ctes.append(request_source ~ '_requests') -%}{%- endfor %}
{{ config(
    enabled=request_sources | length > 0, grants={'select': var('core_readers')},
    **incremental_config('usage_line_id')
) }}
-- Read on incremental runs only, for the earlier versions of the requests:
-- depends_on: {{ ref('base_gateway__usage_events') if var('enable_gateway') else '' }}
-- depends_on: {{ ref('base_cursor__usage_events') if var('enable_cursor') else '' }}
-- depends_on: {{ ref('base_aws__bedrock_invocations') if var('enable_bedrock') else '' }}
-- depends_on: {{ ref('base_gateway__litellm_spend_logs') if var('enable_gateway') and var('enable_litellm') else '' }}
-- depends_on: {{ ref('base_gateway__otlp_traces') if var('enable_gateway') and var('enable_otlp') else '' }}
{%- set watermark = last_loaded_at() %}

with

{% if var('enable_gateway') -%}
    gateway_requests as (
        select
            'gateway' as usage_source,
            event_at,
            usage_date,
            'email' as identity_system,
            user_email as identity_key,
            tool_name,
            provider_name,
            model_id,
            uncached_input_tokens,
            cache_read_tokens,
            cache_creation_tokens,
            output_tokens,
            vendor_cost_usd
        from {{ ref('stg_gateway__usage_events') }}
    ),

{% endif -%}
{% if var('enable_cursor') -%}
    cursor_requests as (
        select
            'cursor' as usage_source,
            event_at,
            usage_date,
            'email' as identity_system,
            user_email as identity_key,
            'cursor' as tool_name,
            -- Cursor bills its requests, whichever vendor's model served them.
            'cursor' as provider_name,
            model_id,
            uncached_input_tokens,
            cache_read_tokens,
            cache_write_tokens as cache_creation_tokens,
            output_tokens,
            -- What the team is billed (0 for a request included in the plan).
            charged_usd as vendor_cost_usd
        from {{ ref('stg_cursor__usage_events') }}
    ),

{% endif -%}
{% if var('enable_bedrock') -%}
    bedrock_requests as (
        select
            'aws_bedrock' as usage_source,
            invoked_at as event_at,
            usage_date,
            identity_system,
            identity_key,
            'bedrock' as tool_name,
            -- AWS bills Bedrock, whichever vendor's model it served.
            'aws' as provider_name,
            model_id,
            uncached_input_tokens,
            cache_read_tokens,
            cache_write_tokens as cache_creation_tokens,
            output_tokens,
            -- Invocation logs carry no cost: the price book prices the
            -- tokens (Bedrock's on-demand prices of Anthropic's models are
            -- Anthropic's list prices).
            cast(null as {{ dbt.type_numeric() }}) as vendor_cost_usd
        from {{ ref('stg_aws__bedrock_invocations') }}
    ),

{% endif -%}
{% if 'litellm' in request_sources -%}
    litellm_requests as (
        select
            'litellm' as usage_source,
            started_at as event_at,
            usage_date,
            identity_system,
            identity_key,
            'litellm' as tool_name,
            provider_name,
            model_id,
            uncached_input_tokens,
            cache_read_tokens,
            cache_creation_tokens,
            output_tokens,
            -- LiteLLM's own price of the request (0 for an answer from its cache).
            spend_usd as vendor_cost_usd
        from {{ ref('stg_gateway__litellm_spend_logs') }}
    ),

{% endif -%}
{% if 'otlp' in request_sources -%}
    otlp_requests as (
        select
            'otlp' as usage_source,
            started_at as event_at,
            usage_date,
            identity_system,
            identity_key,
            -- The service that exported the span (its `service.name`).
            service_name as tool_name,
            provider_name,
            model_id,
            uncached_input_tokens,
            cache_read_tokens,
            cache_creation_tokens,
            output_tokens,
            -- The conventions carry no cost: the price book prices the tokens.
            cast(null as {{ dbt.type_numeric() }}) as vendor_cost_usd
        from {{ ref('stg_gateway__otlp_traces') }}
    ),

{% endif -%}
requests as (
    {{- union_ctes(request_ctes) }}
),

{% if watermark is not none -%}
    -- Every version, usable or not, of the requests loaded since the last run:
    -- the person-days they are in now and the ones they were in before.
    person_days_touched as (
        {%- for request_source in request_sources %}
        select distinct
            '{{ usage_source_names[request_source] }}' as usage_source,
            cast({{ time_columns[request_source] }} as date) as usage_date,
            coalesce({{ person_columns[request_source] }}, '') as identity_key_part
        from {{ ref(base_models[request_source]) }}
        where {{ loaded_after(watermark) }}
        and {{ time_columns[request_source] }} is not null
        {%- if not loop.last %}
        union all
        {%- endif -%}
        {%- endfor %}
    ),

    requests_to_sum as (
        select requests.*
        from requests
        inner join person_days_touched
            on
                requests.usage_source = person_days_touched.usage_source
                and requests.usage_date = person_days_touched.usage_date
                and coalesce(requests.identity_key, '') = person_days_touched.identity_key_part
    ),

{%- else -%}
    requests_to_sum as (
        select * from requests
    ),

{%- endif %}

request_lines as (
    select
        usage_source,
        usage_date,
        -- A line's id has '' for a missing part: a missing and an empty
        -- value are one line, and its column holds null.
        coalesce(identity_system, '') as identity_system_part,
        coalesce(identity_key, '') as identity_key_part,
        coalesce(tool_name, '') as tool_name_part,
        coalesce(provider_name, '') as provider_name_part,
        coalesce(model_id, '') as model_id_part,
        vendor_cost_usd is not null as has_vendor_cost,
        {{ hour_of_day('event_at') }} < 6 or {{ hour_of_day('event_at') }} >= 22 as is_night,
        uncached_input_tokens,
        cache_read_tokens,
        cache_creation_tokens,
        output_tokens,
        vendor_cost_usd
    from requests_to_sum
),

summed as (
    select
        {{ dbt.concat([
            "usage_source", "':day:'", key_part('usage_date'), "':'", "identity_key_part",
            "':'", "tool_name_part", "':'", "provider_name_part", "':'", "model_id_part",
            "':'", "case when has_vendor_cost then 'vendor_cost' else 'list_price' end"
        ]) }} as usage_line_id,
        usage_source,
        usage_date,
        nullif(identity_system_part, '') as identity_system,
        nullif(identity_key_part, '') as identity_key,
        nullif(tool_name_part, '') as tool_name,
        nullif(provider_name_part, '') as provider_name,
        nullif(model_id_part, '') as model_id,
        count(*) as request_count,
        sum(case when is_night then 1 else 0 end) as night_request_count,
        sum(uncached_input_tokens) as uncached_input_tokens,
        sum(cache_read_tokens) as cache_read_tokens,
        sum(cache_creation_tokens) as cache_creation_tokens,
        sum(output_tokens) as output_tokens,
        -- Null on the price-book lines: none of their requests had a cost.
        sum(vendor_cost_usd) as vendor_cost_usd
    from request_lines
    group by
        usage_source, usage_date, identity_system_part, identity_key_part, tool_name_part, provider_name_part,
        model_id_part, has_vendor_cost
),

{% if watermark is not none -%}
    lines_emptied as (
        select
            previous.usage_line_id,
            previous.usage_source,
            previous.usage_date,
            previous.identity_system,
            previous.identity_key,
            previous.tool_name,
            previous.provider_name,
            previous.model_id,
            0 as request_count,
            0 as night_request_count,
            0 as uncached_input_tokens,
            0 as cache_read_tokens,
            0 as cache_creation_tokens,
            0 as output_tokens,
            cast(null as {{ dbt.type_numeric() }}) as vendor_cost_usd
        from {{ this }} as previous
        inner join person_days_touched
            on
                previous.usage_source = person_days_touched.usage_source
                and previous.usage_date = person_days_touched.usage_date
                and coalesce(previous.identity_key, '') = person_days_touched.identity_key_part
        -- An emptied line was replaced downstream once; it is not written again.
        where previous.request_count > 0 and previous.usage_line_id not in (select summed.usage_line_id from summed)
    ),

    lines as (
        select * from summed
        union all
        select * from lines_emptied
    ),

{%- else -%}
    lines as (
        select * from summed
    ),

{%- endif %}

final as (
    select
        usage_line_id,
        usage_source,
        usage_date,
        identity_system,
        identity_key,
        tool_name,
        provider_name,
        model_id,
        cast(request_count as {{ api.Column.translate_type('bigint') }}) as request_count,
        cast(night_request_count as {{ api.Column.translate_type('bigint') }}) as night_request_count,
        cast(uncached_input_tokens as {{ api.Column.translate_type('bigint') }}) as uncached_input_tokens,
        cast(cache_read_tokens as {{ api.Column.translate_type('bigint') }}) as cache_read_tokens,
        cast(cache_creation_tokens as {{ api.Column.translate_type('bigint') }}) as cache_creation_tokens,
        cast(output_tokens as {{ api.Column.translate_type('bigint') }}) as output_tokens,
        cast(vendor_cost_usd as {{ dbt.type_numeric() }}) as vendor_cost_usd,
        {{ run_started_timestamp() }} as _loaded_at
    from lines
)

select * from final
