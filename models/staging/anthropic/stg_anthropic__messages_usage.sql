{{ config(enabled=var('enable_anthropic')) }}

-- Anthropic Messages API usage, one row per bucket x dimensions: the latest extract's version.
with

usage_lines as (
    select * from {{ ref('base_anthropic__messages_usage') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        bucket_start_at,
        bucket_end_at,
        cast(bucket_start_at as date) as usage_date,
        account_id,
        service_account_id,
        api_key_id,
        workspace_id,
        model_id,
        service_tier,
        context_window,
        inference_geo,
        -- Anthropic reports input in disjoint parts: uncached input excludes
        -- cache reads and cache writes, so the four never overlap.
        coalesce(uncached_input_tokens, 0) as uncached_input_tokens,
        coalesce(cache_read_tokens, 0) as cache_read_tokens,
        coalesce(cache_creation_5m_tokens, 0) as cache_creation_5m_tokens,
        coalesce(cache_creation_1h_tokens, 0) as cache_creation_1h_tokens,
        coalesce(output_tokens, 0) as output_tokens,
        coalesce(web_search_requests, 0) as web_search_requests,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from usage_lines
)

select * from final
