{{ config(enabled=var('enable_gateway'), **incremental_config('external_ref')) }}

-- Every landed gateway event, whatever its quality, with the reason it
-- cannot be used if any. Column names follow the OpenTelemetry GenAI
-- conventions, so they are quoted.
with

events as (
    select * from {{ source('gateway', 'usage_events') }}
    where {{ in_new_landing_files() }}
),

parsed as (
    -- Every column is read as text first, so a loader's types (a real
    -- Parquet timestamp, counts written as text or as doubles) never stop
    -- the build: a value that cannot be read is quarantined, row by row.
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        cast({{ adapter.quote('event.id') }} as {{ dbt.type_string() }}) as event_id,
        cast({{ adapter.quote('event.timestamp') }} as {{ dbt.type_string() }}) as event_timestamp_text,
        {{ canonical_email(adapter.quote('user.email')) }} as user_email,
        {{ adapter.quote('session.id') }} as session_id,
        {{ adapter.quote('service.name') }} as tool_name,
        {{ adapter.quote('gen_ai.operation.name') }} as operation_name,
        {{ adapter.quote('gen_ai.provider.name') }} as provider_name,
        {{ adapter.quote('gen_ai.request.model') }} as request_model_id,
        {{ adapter.quote('gen_ai.response.model') }} as response_model_id,
        cast({{ adapter.quote('gen_ai.usage.input_tokens') }} as {{ dbt.type_string() }}) as input_tokens_text,
        cast({{ adapter.quote('gen_ai.usage.output_tokens') }} as {{ dbt.type_string() }}) as output_tokens_text,
        cast({{ adapter.quote('gen_ai.usage.cache_read.input_tokens') }} as {{ dbt.type_string() }})
            as cache_read_tokens_text,
        cast({{ adapter.quote('gen_ai.usage.cache_creation.input_tokens') }} as {{ dbt.type_string() }})
            as cache_creation_tokens_text,
        cast(cost_usd as {{ dbt.type_string() }}) as vendor_cost_usd_text
    from events
),

typed as (
    select
        *,
        -- RFC 3339 text, a loader's timestamp printed as text, or Unix time
        -- as a number (seconds, milliseconds, microseconds or nanoseconds,
        -- told apart by size: OpenTelemetry counts nanoseconds).
        coalesce(
            {{ to_utc_timestamp('event_timestamp_text') }},
            {{ epoch_to_utc(whole_number('event_timestamp_text')) }}
        ) as event_at,
        {{ whole_number('input_tokens_text') }} as input_tokens,
        {{ whole_number('output_tokens_text') }} as output_tokens,
        {{ whole_number('cache_read_tokens_text') }} as cache_read_tokens,
        {{ whole_number('cache_creation_tokens_text') }} as cache_creation_tokens,
        {{ dbt.safe_cast('vendor_cost_usd_text', dbt.type_numeric()) }} as vendor_cost_usd
    from parsed
),

validated as (
    select
        *,
        case
            when event_id is null then 'missing_external_key'
            when event_timestamp_text is null or {{ is_unparseable('event_timestamp_text', 'event_at') }}
                then 'unparseable_timestamp'
            when {{ is_implausible_timestamp('event_at') }} then 'implausible_timestamp'
            when {{ has_unreadable_number([
                ('input_tokens_text', 'input_tokens'),
                ('output_tokens_text', 'output_tokens'),
                ('cache_read_tokens_text', 'cache_read_tokens'),
                ('cache_creation_tokens_text', 'cache_creation_tokens'),
                ('vendor_cost_usd_text', 'vendor_cost_usd'),
            ]) }} then 'unreadable_number'
            when {{ has_negative([
                'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'vendor_cost_usd'
            ]) }} then 'negative_tokens'
            -- Per the conventions, input_tokens includes cache reads and writes.
            when coalesce(cache_read_tokens, 0) + coalesce(cache_creation_tokens, 0) > coalesce(input_tokens, 0)
                then 'cached_tokens_exceed_input'
            when {{ has_implausible_tokens([
                'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens'
            ]) }} then 'implausible_token_count'
        end as _quarantine_reason,
        {{ dbt.concat(["'gateway:event:'", key_part('event_id')]) }} as external_ref
    from typed
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated') }} as versions
)

select * from final
