{{ config(enabled=var('enable_gateway') and var('enable_litellm')) }}

-- LiteLLM proxy requests, one row per request: the latest extract's version.
with

spend_logs as (
    select * from {{ ref('base_gateway__litellm_spend_logs') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        request_id,
        started_at,
        cast(started_at as date) as usage_date,
        call_type,
        status,
        hashed_api_key,
        team_id,
        identity_system,
        identity_key,
        provider_name,
        model_id,
        model_group,
        -- "True" when LiteLLM answered from its own cache (no vendor call).
        lower(cache_hit_text) = 'true' as is_cache_hit,
        -- prompt_tokens includes the cache reads and writes: split them so
        -- no token is counted (or priced) twice.
        coalesce(prompt_tokens, 0) - coalesce(cache_read_tokens, 0) - coalesce(cache_creation_tokens, 0)
            as uncached_input_tokens,
        coalesce(cache_read_tokens, 0) as cache_read_tokens,
        coalesce(cache_creation_tokens, 0) as cache_creation_tokens,
        coalesce(completion_tokens, 0) as output_tokens,
        -- What LiteLLM priced the request at, US dollars (0 for a cache hit).
        cast(spend_usd as {{ api.Column.numeric_type('decimal', 38, 12) }}) as spend_usd,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from spend_logs
)

select * from final
