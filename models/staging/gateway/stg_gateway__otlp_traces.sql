{{ config(enabled=var('enable_gateway') and var('enable_otlp')) }}

-- GenAI spans exported by an OpenTelemetry Collector, one row per span: the
-- latest extract's version (a collector may send a span twice).
with

spans as (
    select * from {{ ref('base_gateway__otlp_traces') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        trace_id,
        span_id,
        span_name,
        started_at,
        cast(started_at as date) as usage_date,
        service_name,
        operation_name,
        provider_name,
        model_id,
        identity_system,
        identity_key,
        -- The conventions count cache reads and writes in input_tokens:
        -- split them so no token is counted (or priced) twice.
        coalesce(input_tokens, 0) - coalesce(cache_read_tokens, 0) - coalesce(cache_creation_tokens, 0)
            as uncached_input_tokens,
        coalesce(cache_read_tokens, 0) as cache_read_tokens,
        coalesce(cache_creation_tokens, 0) as cache_creation_tokens,
        coalesce(output_tokens, 0) as output_tokens,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from spans
)

select * from final
