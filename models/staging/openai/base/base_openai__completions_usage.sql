{{ config(enabled=var('enable_openai'), **incremental_config('external_ref')) }}

-- One row per result of every landed OpenAI completions usage bucket,
-- whatever its quality, with the reason it cannot be used if any.
{%- set usage_bucket = json_fields([
    'start_time',
    'end_time'
]) %}
{%- set usage_result = json_fields([
    'project_id',
    'user_id',
    'api_key_id',
    'model',
    'batch',
    'service_tier',
    'input_tokens',
    'input_cached_tokens',
    'output_tokens',
    'input_audio_tokens',
    'output_audio_tokens',
    'num_model_requests'
], parsed='usage_json', texts='usage_texts') %}

with

records as (
    {{ landed_json_records(source('openai', 'completions_usage'), usage_bucket) }}
),

buckets as (
    select
        records.*,
        {{ json_array_length('record_json', 'results') }} as result_count
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
        _line_number,
        _element_index,
        _extracted_at,
        _line,
        is_valid_json,
        {{ json_text(usage_bucket, 'start_time') }} as bucket_start_text,
        {{ json_bigint(usage_bucket, 'start_time') }} as bucket_start_seconds,
        {{ json_bigint(usage_bucket, 'end_time') }} as bucket_end_seconds,
        -- Group-by dimensions are null unless the extract grouped by them.
        {{ json_text(usage_result, 'project_id') }} as project_id,
        {{ json_text(usage_result, 'user_id') }} as user_id,
        {{ json_text(usage_result, 'api_key_id') }} as api_key_id,
        {{ json_text(usage_result, 'model') }} as model_id,
        {{ json_text(usage_result, 'batch') }} as batch_text,
        {{ json_text(usage_result, 'service_tier') }} as service_tier,
        {{ json_bigint(usage_result, 'input_tokens') }} as input_tokens,
        {{ json_bigint(usage_result, 'input_cached_tokens') }} as input_cached_tokens,
        {{ json_bigint(usage_result, 'output_tokens') }} as output_tokens,
        {{ json_bigint(usage_result, 'input_audio_tokens') }} as input_audio_tokens,
        {{ json_bigint(usage_result, 'output_audio_tokens') }} as output_audio_tokens,
        {{ json_bigint(usage_result, 'num_model_requests') }} as model_request_count,
        is_valid_json and _element_index is null as is_results_missing,
        is_valid_json and usage_json is null and result_count = 0 as is_bucket_without_usage
    from usage_lines
),

typed as (
    select
        *,
        {{ unix_seconds_to_utc('bucket_start_seconds') }} as bucket_start_at,
        {{ unix_seconds_to_utc('bucket_end_seconds') }} as bucket_end_at
    from parsed
    -- An empty `results` array is a bucket without usage, not a record.
    where not is_bucket_without_usage
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when bucket_start_text is null or is_results_missing then 'missing_external_key'
            when {{ is_unparseable('bucket_start_text', 'bucket_start_seconds') }} then 'unparseable_timestamp'
            when input_tokens < 0 or input_cached_tokens < 0 or output_tokens < 0 then 'negative_tokens'
            -- input_tokens includes the cached ones: more cached than input is corrupt.
            when input_cached_tokens > input_tokens then 'cached_tokens_exceed_input'
            when coalesce(input_tokens, 0) + coalesce(output_tokens, 0) > {{ var('max_tokens_per_usage_line') }}
                then 'implausible_token_count'
        end as _quarantine_reason,
        {{ dbt.concat([
            "'openai:completions:'", key_part('bucket_start_seconds'),
            "':'", key_part('project_id'), "':'", key_part('user_id'),
            "':'", key_part('api_key_id'), "':'", key_part('model_id'),
            "':'", key_part('batch_text'), "':'", key_part('service_tier')
        ]) }} as external_ref
    from typed
),

final as (
    {{ versions_ranked('validated', ['_element_index']) }}
)

select * from final
