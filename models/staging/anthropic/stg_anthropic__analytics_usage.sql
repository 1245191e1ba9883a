{{ config(enabled=var('enable_anthropic') and var('enable_anthropic_analytics')) }}

-- Anthropic's tokens per day and slice (actor, model, product, workspace, API
-- key, ...) from the Usage and Cost Analytics API: the latest extract's
-- version.
with

usage_rows as (
    select * from {{ ref('base_anthropic__analytics_usage') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        analytics_slice,
        bucket_start_at,
        cast(bucket_start_at as date) as usage_date,
        actor_object_type as actor_type,
        actor_id,
        identity_system,
        identity_key,
        model_id,
        product,
        workspace_id,
        coalesce(api_key_id, case when actor_object_type = 'api_actor' then actor_id end) as api_key_id,
        case when actor_object_type = 'service_account_actor' then actor_id end as service_account_id,
        context_window,
        inference_geo,
        service_tier,
        speed,
        coalesce(uncached_input_tokens, 0) as uncached_input_tokens,
        coalesce(cache_read_tokens, 0) as cache_read_tokens,
        coalesce(cache_creation_5m_tokens, 0) as cache_creation_5m_tokens,
        coalesce(cache_creation_1h_tokens, 0) as cache_creation_1h_tokens,
        coalesce(output_tokens, 0) as output_tokens,
        request_count,
        web_search_requests,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from usage_rows
)

select * from final
