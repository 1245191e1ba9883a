{{ config(enabled=var('enable_gateway')) }}

-- Gateway / OpenTelemetry usage events, one row per request: the latest extract's version.
with

events as (
    select * from {{ ref('base_gateway__usage_events') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        event_id,
        event_at,
        cast(event_at as date) as usage_date,
        user_email,
        session_id,
        tool_name,
        operation_name,
        provider_name,
        -- The model that answered, falling back to the one asked for.
        coalesce(response_model_id, request_model_id) as model_id,
        request_model_id,
        -- input_tokens includes cache reads and writes (OpenTelemetry GenAI
        -- conventions): the uncached part is what remains.
        coalesce(input_tokens, 0) - coalesce(cache_read_tokens, 0) - coalesce(cache_creation_tokens, 0)
            as uncached_input_tokens,
        coalesce(cache_read_tokens, 0) as cache_read_tokens,
        coalesce(cache_creation_tokens, 0) as cache_creation_tokens,
        coalesce(output_tokens, 0) as output_tokens,
        vendor_cost_usd,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from events
)

select * from final
