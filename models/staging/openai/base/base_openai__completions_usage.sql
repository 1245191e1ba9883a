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
    'input_cache_write_tokens',
    'input_uncached_tokens',
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
        {{ json_text(usage_bucket, 'start_time') }} as bucket_start_text,
        {{ json_text(usage_bucket, 'end_time') }} as bucket_end_text,
        {{ json_bigint(usage_bucket, 'start_time') }} as bucket_start_seconds,
        {{ json_bigint(usage_bucket, 'end_time') }} as bucket_end_seconds,
        -- Group-by dimensions are null unless the extract grouped by them.
        {{ json_text(usage_result, 'project_id') }} as project_id,
        {{ json_text(usage_result, 'user_id') }} as user_id,
        {{ json_text(usage_result, 'api_key_id') }} as api_key_id,
        {{ json_text(usage_result, 'model') }} as model_id,
        {{ json_text(usage_result, 'batch') }} as batch_text,
        {{ json_text(usage_result, 'service_tier') }} as service_tier,
        {{ json_has_unreadable_number(usage_result, [
            'input_tokens', 'input_cached_tokens', 'input_cache_write_tokens', 'input_uncached_tokens',
            'output_tokens', 'input_audio_tokens', 'output_audio_tokens', 'num_model_requests'
        ]) }} as has_unreadable_number,
        {{ json_bigint(usage_result, 'input_tokens') }} as input_tokens,
        {{ json_bigint(usage_result, 'input_cached_tokens') }} as input_cached_tokens,
        {{ json_bigint(usage_result, 'input_cache_write_tokens') }} as input_cache_write_tokens,
        {{ json_bigint(usage_result, 'input_uncached_tokens') }} as input_uncached_tokens,
        {{ json_bigint(usage_result, 'output_tokens') }} as output_tokens,
        {{ json_bigint(usage_result, 'input_audio_tokens') }} as input_audio_tokens,
        {{ json_bigint(usage_result, 'output_audio_tokens') }} as output_audio_tokens,
        {{ json_bigint(usage_result, 'num_model_requests') }} as model_request_count,
        is_json_object and has_usage_array and result_count = 0 as is_bucket_without_usage
    from usage_lines
),

typed as (
    select
        *,
        {{ unix_seconds_to_utc('bucket_start_seconds') }} as bucket_start_at,
        {{ unix_seconds_to_utc('bucket_end_seconds') }} as bucket_end_at,
        -- The bucket's dimensions: every bucket of one grouping covers other
        -- minutes, hours or days of the same slice of usage.
        {{ dbt.concat([
            key_part('project_id'), "':'", key_part('user_id'),
            "':'", key_part('api_key_id'), "':'", key_part('model_id'),
            "':'", key_part('batch_text'), "':'", key_part('service_tier')
        ]) }} as usage_grouping
    from parsed
    -- An empty `results` array is a bucket without usage, not a record.
    where not is_bucket_without_usage
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object or not is_usage_object then 'not_an_object'
            when is_results_missing then 'missing_usage_array'
            when bucket_start_text is null then 'missing_external_key'
            -- Unix seconds, as the API documents: a time in another spelling
            -- (ISO text, a fraction) is not read as a guess.
            when
                {{ is_unparseable('bucket_start_text', 'bucket_start_seconds') }}
                or {{ is_unparseable('bucket_end_text', 'bucket_end_seconds') }} then 'unparseable_timestamp'
            -- Milliseconds read as seconds land thousands of years ahead.
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
                'input_tokens', 'input_cached_tokens', 'input_cache_write_tokens', 'input_uncached_tokens',
                'output_tokens', 'input_audio_tokens', 'output_audio_tokens', 'model_request_count'
            ]) }} then 'negative_tokens'
            -- input_tokens includes the cached and the cache-written ones:
            -- more of them than input is corrupt.
            when
                coalesce(input_cached_tokens, 0) + coalesce(input_cache_write_tokens, 0) > coalesce(input_tokens, 0)
                then 'cached_tokens_exceed_input'
            when {{ has_implausible_tokens([
                'input_tokens', 'input_cached_tokens', 'input_cache_write_tokens', 'input_uncached_tokens',
                'output_tokens', 'input_audio_tokens', 'output_audio_tokens'
            ]) }} then 'implausible_token_count'
        end as _quarantine_reason,
        {{ dbt.concat(["'openai:completions:'", key_part('bucket_start_seconds'), "':'", "usage_grouping"]) }}
            as external_ref
    from typed
),

final as (
    -- Every version of each key this run touches: staging keeps rank 1.
    select
        versions.*,
        {{ run_started_timestamp() }} as _loaded_at
    from {{ ranked_versions('validated', ['_element_index']) }} as versions
)

select * from final
