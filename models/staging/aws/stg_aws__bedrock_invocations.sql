{{ config(enabled=var('enable_bedrock')) }}

-- AWS Bedrock model invocations, one row per request: the latest delivery's
-- version. No prompt or response body is read.
with

invocations as (
    select * from {{ ref('base_aws__bedrock_invocations') }}
    where _quarantine_reason is null and _version_rank = 1
),

final as (
    select
        external_ref,
        request_id,
        invoked_at,
        cast(invoked_at as date) as usage_date,
        account_id,
        -- Billed and attributed by the region the request was made in; the
        -- region that served it differs under cross-region inference.
        region,
        inference_region,
        api_operation,
        bedrock_model_id,
        model_id,
        identity_arn,
        iam_user_name,
        assumed_role_name,
        role_session_name,
        identity_system,
        identity_key,
        error_code,
        -- Bedrock's inputTokenCount excludes the cache reads and writes,
        -- which it counts apart (absent before prompt caching: 0).
        coalesce(input_tokens, 0) as uncached_input_tokens,
        coalesce(cache_read_tokens, 0) as cache_read_tokens,
        coalesce(cache_write_tokens, 0) as cache_write_tokens,
        coalesce(output_tokens, 0) as output_tokens,
        _source_file,
        _line_number,
        _extracted_at,
        _loaded_at
    from invocations
)

select * from final
