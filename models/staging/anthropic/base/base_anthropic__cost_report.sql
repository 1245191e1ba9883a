{{ config(enabled=var('enable_anthropic'), **incremental_config('external_ref')) }}

-- One row per result of every landed cost report bucket, whatever its
-- quality, with the reason it cannot be used if any.
{%- set cost_bucket = json_fields([
    'starting_at',
    'ending_at'
]) %}
{%- set cost_result = json_fields([
    'workspace_id',
    'description',
    'cost_type',
    'context_window',
    'model',
    'service_tier',
    'token_type',
    'inference_geo',
    'speed',
    'currency',
    'amount'
], parsed='cost_json', texts='cost_texts') %}

with

records as (
    -- Optional: a company that lands no cost report reads zero records.
    {{ landed_json_records(landing_relation('anthropic', 'cost_report'), cost_bucket) }}
),

buckets as (
    select
        records.*,
        {{ json_array_length('record_json', 'results') }} as result_count,
        {{ json_is_array('record_json', 'results') }} as has_cost_array
    from records
),

-- One row per element of `results` (a bucket with none is kept once).
elements as (
    {{ json_array_rows('buckets', 'record_json', 'results') }}
),

cost_lines as (
    select
        elements.*,
        {{ json_field_texts('elements.element', cost_result) }}
        elements.element as cost_json,
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
        is_json_object and not has_cost_array as is_results_missing,
        coalesce({{ json_is_object('cost_json') }}, true) as is_cost_object,
        {{ json_text(cost_bucket, 'starting_at') }} as bucket_start_text,
        {{ json_text(cost_bucket, 'ending_at') }} as bucket_end_text,
        {{ to_utc_timestamp(json_text(cost_bucket, 'starting_at')) }} as bucket_start_at,
        {{ to_utc_timestamp(json_text(cost_bucket, 'ending_at')) }} as bucket_end_at,
        -- Dimensions are null unless the extract grouped by them (and
        -- workspace_id is null for the default workspace); keys the API
        -- added later (inference_geo, speed) may be absent: null.
        {{ json_text(cost_result, 'workspace_id') }} as workspace_id,
        {{ json_text(cost_result, 'description') }} as description,
        {{ json_text(cost_result, 'cost_type') }} as cost_type,
        {{ json_text(cost_result, 'context_window') }} as context_window,
        {{ json_text(cost_result, 'model') }} as model_id,
        {{ json_text(cost_result, 'service_tier') }} as service_tier,
        {{ json_text(cost_result, 'token_type') }} as token_type,
        {{ json_text(cost_result, 'inference_geo') }} as inference_geo,
        {{ json_text(cost_result, 'speed') }} as speed,
        {{ json_text(cost_result, 'currency') }} as currency_text,
        -- ISO 4217 codes are case-insensitive: 'USD' and 'usd' are one.
        upper(trim({{ json_text(cost_result, 'currency') }})) as currency,
        {{ json_text(cost_result, 'amount') }} as amount_text,
        -- A decimal string of the currency's lowest unit (cents),
        -- fractional cents allowed: "123.45" is $1.2345.
        {{ json_decimal(cost_result, 'amount') }} as amount_cents,
        is_json_object and has_cost_array and result_count = 0 as is_bucket_without_cost
    from cost_lines
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object or not is_cost_object then 'not_an_object'
            when is_results_missing then 'missing_usage_array'
            when bucket_start_text is null then 'missing_external_key'
            when
                {{ is_unparseable('bucket_start_text', 'bucket_start_at') }}
                or {{ is_unparseable('bucket_end_text', 'bucket_end_at') }} then 'unparseable_timestamp'
            when
                {{ is_implausible_timestamp('bucket_start_at') }}
                or {{ is_implausible_timestamp('bucket_end_at') }} then 'implausible_timestamp'
            -- The cost report has daily buckets only; a bucket that is not
            -- one whole UTC day would overlap the whole days of other
            -- extracts under other keys.
            when not {{ is_whole_utc_day('bucket_start_at', 'bucket_end_at') }} then 'partial_bucket'
            when amount_text is null then 'missing_amount'
            when {{ is_unparseable('amount_text', 'amount_cents') }} then 'unreadable_number'
            -- Only USD is converted to dollars; a currency that is not named
            -- is not assumed to be USD. A negative amount is a credit: kept.
            when coalesce(currency, '') <> 'USD' then 'unsupported_currency'
        end as _quarantine_reason,
        -- Keys are values, not text: the bucket's start is its UTC instant,
        -- so '…T00:00:00Z' and '…T00:00:00+00:00' are one bucket.
        {{ dbt.concat(["'anthropic:cost:'", key_part('bucket_start_at'), "':'", "cost_grouping"]) }}
            as external_ref
    from (
        select
            *,
            -- The result's dimensions: every bucket of one grouping covers
            -- another day of the same slice of cost.
            {{ dbt.concat([
                key_part('workspace_id'), "':'", key_part('description'),
                "':'", key_part('cost_type'), "':'", key_part('context_window'),
                "':'", key_part('model_id'), "':'", key_part('service_tier'),
                "':'", key_part('token_type'), "':'", key_part('inference_geo'),
                "':'", key_part('speed')
            ]) }} as cost_grouping
        from parsed
        -- An empty `results` array is a day without cost, not a record.
        where not is_bucket_without_cost
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
