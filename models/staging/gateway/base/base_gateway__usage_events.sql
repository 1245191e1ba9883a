{{ config(enabled=var('enable_gateway'), **incremental_config('external_ref')) }}

-- Every landed gateway event, whatever its quality, with the reason it
-- cannot be used if any. Column names follow the OpenTelemetry GenAI
-- conventions, so they are quoted.
with

events as (
    select * from {{ source('gateway', 'usage_events') }}
    {{ new_landing_files_only() }}
),

parsed as (
    select
        _source_file,
        _line_number,
        _extracted_at,
        cast({{ adapter.quote('event.id') }} as {{ dbt.type_string() }}) as event_id,
        cast({{ adapter.quote('event.timestamp') }} as {{ dbt.type_string() }}) as event_timestamp_text,
        lower({{ adapter.quote('user.email') }}) as user_email,
        {{ adapter.quote('session.id') }} as session_id,
        {{ adapter.quote('service.name') }} as tool_name,
        {{ adapter.quote('gen_ai.operation.name') }} as operation_name,
        {{ adapter.quote('gen_ai.provider.name') }} as provider_name,
        {{ adapter.quote('gen_ai.request.model') }} as request_model_id,
        {{ adapter.quote('gen_ai.response.model') }} as response_model_id,
        cast({{ adapter.quote('gen_ai.usage.input_tokens') }} as {{ api.Column.translate_type('bigint') }})
            as input_tokens,
        cast({{ adapter.quote('gen_ai.usage.output_tokens') }} as {{ api.Column.translate_type('bigint') }})
            as output_tokens,
        cast({{ adapter.quote('gen_ai.usage.cache_read.input_tokens') }} as {{ api.Column.translate_type('bigint') }})
            as cache_read_tokens,
        cast(
            {{ adapter.quote('gen_ai.usage.cache_creation.input_tokens') }} as {{ api.Column.translate_type('bigint') }}
        )
            as cache_creation_tokens,
        cast(cost_usd as {{ dbt.type_numeric() }}) as vendor_cost_usd
    from events
),

typed as (
    select
        *,
        {{ to_utc_timestamp('event_timestamp_text') }} as event_at
    from parsed
),

validated as (
    select
        *,
        case
            when event_id is null then 'missing_external_key'
            when event_timestamp_text is null or {{ is_unparseable('event_timestamp_text', 'event_at') }}
                then 'unparseable_timestamp'
            when
                input_tokens < 0 or output_tokens < 0 or cache_read_tokens < 0 or cache_creation_tokens < 0
                or vendor_cost_usd < 0 then 'negative_tokens'
            -- Per the conventions, input_tokens includes cache reads and writes.
            when coalesce(cache_read_tokens, 0) + coalesce(cache_creation_tokens, 0) > coalesce(input_tokens, 0)
                then 'cached_tokens_exceed_input'
            when coalesce(input_tokens, 0) + coalesce(output_tokens, 0) > {{ var('max_tokens_per_usage_line') }}
                then 'implausible_token_count'
        end as _quarantine_reason,
        {{ dbt.concat(["'gateway:event:'", key_part('event_id')]) }} as external_ref
    from typed
),

final as (
    {{ versions_ranked('validated') }}
)

select * from final
