{{ config(enabled=var('enable_anthropic'), **incremental_config('external_ref')) }}

-- One row per result of every landed Messages usage bucket, whatever its
-- quality, with the reason it cannot be used if any.
{%- set usage_bucket = json_fields([
    'starting_at',
    'ending_at'
]) %}
{%- set usage_result = json_fields([
    'account_id',
    'service_account_id',
    'api_key_id',
    'workspace_id',
    'model',
    'service_tier',
    'context_window',
    'inference_geo',
    'uncached_input_tokens',
    'cache_creation.ephemeral_5m_input_tokens',
    'cache_creation.ephemeral_1h_input_tokens',
    'cache_read_input_tokens',
    'output_tokens',
    'server_tool_use.web_search_requests'
], parsed='usage_json', texts='usage_texts') %}

with

records as (
    {{ landed_json_records(source('anthropic', 'messages_usage'), usage_bucket) }}
),

buckets as (
    select
        records.*,
        {{ json_array_length('record_json', 'results') }} as result_count,
        {{ json_is_array('record_json', 'results') }} as has_usage_array
    from records
),

-- One row per element of `results` (a bucket with none is kept once).
elements as (
    {{ json_array_rows('buckets', 'record_json', 'results') }}
),

usage_lines as (
    select
        elements.*,
        {{ json_field_texts('elements.element', usage_result) }}
        elements.element as usage_json,
        elements.element_index as _element_index
    from elements
),

parsed as (
    select
        _source_file,
        _source_file_bytes,
        _line_number,
        _element_index,
        _extracted_at,
        _line,
        is_valid_json,
        is_json_object,
        -- Valid JSON whose `results` is absent or not an array.
        is_json_object and not has_usage_array as is_results_missing,
        coalesce({{ json_is_object('usage_json') }}, true) as is_usage_object,
        {{ json_text(usage_bucket, 'starting_at') }} as bucket_start_text,
        {{ json_text(usage_bucket, 'ending_at') }} as bucket_end_text,
        {{ to_utc_timestamp(json_text(usage_bucket, 'starting_at')) }} as bucket_start_at,
        {{ to_utc_timestamp(json_text(usage_bucket, 'ending_at')) }} as bucket_end_at,
        -- Dimensions are null unless the extract grouped by them.
        {{ json_text(usage_result, 'account_id') }} as account_id,
        {{ json_text(usage_result, 'service_account_id') }} as service_account_id,
        {{ json_text(usage_result, 'api_key_id') }} as api_key_id,
        {{ json_text(usage_result, 'workspace_id') }} as workspace_id,
        {{ json_text(usage_result, 'model') }} as model_id,
        {{ json_text(usage_result, 'service_tier') }} as service_tier,
        {{ json_text(usage_result, 'context_window') }} as context_window,
        {{ json_text(usage_result, 'inference_geo') }} as inference_geo,
        {{ json_has_unreadable_number(usage_result, [
            'uncached_input_tokens', 'cache_creation.ephemeral_5m_input_tokens',
            'cache_creation.ephemeral_1h_input_tokens', 'cache_read_input_tokens', 'output_tokens',
            'server_tool_use.web_search_requests'
        ]) }} as has_unreadable_number,
        {{ json_bigint(usage_result, 'uncached_input_tokens') }} as uncached_input_tokens,
        {{ json_bigint(usage_result, 'cache_creation.ephemeral_5m_input_tokens') }} as cache_creation_5m_tokens,
        {{ json_bigint(usage_result, 'cache_creation.ephemeral_1h_input_tokens') }} as cache_creation_1h_tokens,
        {{ json_bigint(usage_result, 'cache_read_input_tokens') }} as cache_read_tokens,
        {{ json_bigint(usage_result, 'output_tokens') }} as output_tokens,
        {{ json_bigint(usage_result, 'server_tool_use.web_search_requests') }} as web_search_requests,
        is_json_object and has_usage_array and result_count = 0 as is_bucket_without_usage
    from usage_lines
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object or not is_usage_object then 'not_an_object'
            when is_results_missing then 'missing_usage_array'
            when bucket_start_text is null then 'missing_external_key'
            when
                {{ is_unparseable('bucket_start_text', 'bucket_start_at') }}
                or {{ is_unparseable('bucket_end_text', 'bucket_end_at') }} then 'unparseable_timestamp'
            when
                {{ is_implausible_timestamp('bucket_start_at') }}
                or {{ is_implausible_timestamp('bucket_end_at') }} then 'implausible_timestamp'
            -- A bucket that is not one whole UTC day (an extract asked for
            -- "the last 7 days" at 17:31, or by the hour) overlaps the
            -- whole-day buckets of other extracts under other keys: it never
            -- reaches the ledger, and the whole day replaces it when it lands.
            when not {{ is_whole_utc_day('bucket_start_at', 'bucket_end_at') }} then 'partial_bucket'
            when has_unreadable_number then 'unreadable_number'
            when {{ has_negative([
                'uncached_input_tokens', 'cache_creation_5m_tokens', 'cache_creation_1h_tokens',
                'cache_read_tokens', 'output_tokens'
            ]) }} then 'negative_tokens'
            when {{ has_implausible_tokens([
                'uncached_input_tokens', 'cache_creation_5m_tokens', 'cache_creation_1h_tokens',
                'cache_read_tokens', 'output_tokens'
            ]) }} then 'implausible_token_count'
        end as _quarantine_reason,
        -- Keys are values, not text: the bucket's start is its UTC instant,
        -- so '…T00:00:00Z' and '…T00:00:00+00:00' are one bucket.
        {{ dbt.concat(["'anthropic:messages:'", key_part('bucket_start_at'), "':'", "usage_grouping"]) }}
            as external_ref
    from (
        select
            *,
            -- The bucket's dimensions: every bucket of one grouping covers
            -- other hours or days of the same slice of usage.
            {{ dbt.concat([
                key_part('account_id'), "':'", key_part('service_account_id'),
                "':'", key_part('api_key_id'), "':'", key_part('workspace_id'),
                "':'", key_part('model_id'), "':'", key_part('service_tier'),
                "':'", key_part('context_window'), "':'", key_part('inference_geo')
            ]) }} as usage_grouping
        from parsed
        -- An empty `results` array is an hour or day without usage, not a record.
        where not is_bucket_without_usage
    ) as parsed_lines
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated', ['_element_index']) }} as versions
)

select * from final
