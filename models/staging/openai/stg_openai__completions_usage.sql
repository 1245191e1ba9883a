{{ config(enabled=var('enable_openai')) }}

-- OpenAI completions usage, one row per bucket x dimensions: the latest extract's version.
with

usage_lines as (
    select * from {{ ref('base_openai__completions_usage') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        bucket_start_at,
        bucket_end_at,
        cast(bucket_start_at as date) as usage_date,
        project_id,
        user_id,
        api_key_id,
        model_id,
        batch_text = 'true' as is_batch,
        service_tier,
        -- OpenAI's input_tokens include the cached and the cache-written
        -- tokens: split them so no token is counted (or priced) twice. The
        -- API's own input_uncached_tokens, where given, is that difference.
        coalesce(
            input_uncached_tokens,
            coalesce(input_tokens, 0) - coalesce(input_cached_tokens, 0) - coalesce(input_cache_write_tokens, 0)
        ) as uncached_input_tokens,
        coalesce(input_cached_tokens, 0) as cache_read_tokens,
        coalesce(input_cache_write_tokens, 0) as cache_write_tokens,
        coalesce(output_tokens, 0) as output_tokens,
        coalesce(input_audio_tokens, 0) as input_audio_tokens,
        coalesce(output_audio_tokens, 0) as output_audio_tokens,
        coalesce(model_request_count, 0) as model_request_count,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from usage_lines
)

select * from final
