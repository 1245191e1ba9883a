{{ config(
    enabled=var('enable_anthropic') and var('enable_anthropic_analytics'), **incremental_config('external_ref')
) }}

{%- set usage_row = json_fields(anthropic_analytics_paths() + [
    'usage.uncached_input_tokens',
    'usage.cache_read_input_tokens',
    'usage.cache_creation.ephemeral_5m_input_tokens',
    'usage.cache_creation.ephemeral_1h_input_tokens',
    'usage.output_tokens',
    'usage.requests',
    'usage.server_tool_use.web_search_requests'
]) %}

-- Every landed row of Anthropic's Usage and Cost Analytics API usage report
-- (`GET /v1/organizations/analytics/usage`, one element of `data` per line:
-- a time bucket and one combination of the grouped dimensions), whatever its
-- quality, with the reason it cannot be used if any.
with

records as (
    -- Optional: landed from the day an organisation starts extracting it.
    {{ landed_json_records(landing_relation('anthropic', 'analytics_usage'), usage_row) }}
),

parsed as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _extracted_at,
        _line,
        is_valid_json,
        is_json_object,
        {{ json_text(usage_row, 'starting_at') }} as bucket_start_text,
        {{ json_text(usage_row, 'ending_at') }} as bucket_end_text,
        {{ to_utc_timestamp(json_text(usage_row, 'starting_at')) }} as bucket_start_at,
        {{ to_utc_timestamp(json_text(usage_row, 'ending_at')) }} as bucket_end_at,
        {{ anthropic_analytics_group_columns(usage_row) }}
        {{ json_has_unreadable_number(usage_row, [
            'usage.uncached_input_tokens', 'usage.cache_read_input_tokens',
            'usage.cache_creation.ephemeral_5m_input_tokens', 'usage.cache_creation.ephemeral_1h_input_tokens',
            'usage.output_tokens', 'usage.requests', 'usage.server_tool_use.web_search_requests'
        ]) }} as has_unreadable_number,
        -- Disjoint counts, as the Messages usage report's: uncached input,
        -- cache reads, cache writes by lifetime, output.
        {{ json_bigint(usage_row, 'usage.uncached_input_tokens') }} as uncached_input_tokens,
        {{ json_bigint(usage_row, 'usage.cache_read_input_tokens') }} as cache_read_tokens,
        {{ json_bigint(usage_row, 'usage.cache_creation.ephemeral_5m_input_tokens') }} as cache_creation_5m_tokens,
        {{ json_bigint(usage_row, 'usage.cache_creation.ephemeral_1h_input_tokens') }} as cache_creation_1h_tokens,
        {{ json_bigint(usage_row, 'usage.output_tokens') }} as output_tokens,
        {{ json_bigint(usage_row, 'usage.requests') }} as request_count,
        {{ json_bigint(usage_row, 'usage.server_tool_use.web_search_requests') }} as web_search_requests
    from records
),

-- The row's slice: its actor and every dimension. The cost and the usage
-- of one day of one slice are two rows with the same slice.
sliced as (
    select
        *,
        {{ anthropic_analytics_slice() }} as analytics_slice
    from parsed
),

validated as (
    select
        *,
        {{ anthropic_analytics_identity_system() }} as identity_system,
        {{ anthropic_analytics_identity_key() }} as identity_key,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object then 'not_an_object'
            when bucket_start_text is null then 'missing_external_key'
            when
                {{ is_unparseable('bucket_start_text', 'bucket_start_at') }}
                or {{ is_unparseable('bucket_end_text', 'bucket_end_at') }} then 'unparseable_timestamp'
            when
                {{ is_implausible_timestamp('bucket_start_at') }}
                or {{ is_implausible_timestamp('bucket_end_at') }} then 'implausible_timestamp'
            when not {{ is_whole_utc_day('bucket_start_at', 'bucket_end_at') }} then 'partial_bucket'
            when actor_object_type is null then 'organization_total'
            when has_unreadable_number then 'unreadable_number'
            when {{ has_negative([
                'uncached_input_tokens', 'cache_read_tokens', 'cache_creation_5m_tokens', 'cache_creation_1h_tokens',
                'output_tokens'
            ]) }} then 'negative_tokens'
            when {{ has_implausible_tokens([
                'uncached_input_tokens', 'cache_read_tokens', 'cache_creation_5m_tokens', 'cache_creation_1h_tokens',
                'output_tokens'
            ]) }} then 'implausible_token_count'
        end as _quarantine_reason,
        {{ dbt.concat(["'anthropic:analytics_usage:'", key_part('bucket_start_at'), "':'", 'analytics_slice']) }}
            as external_ref
    from sliced
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated') }} as versions
)

select * from final
