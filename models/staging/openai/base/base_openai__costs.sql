{{ config(enabled=var('enable_openai'), **incremental_config('external_ref')) }}

-- One row per result of every landed OpenAI costs bucket, whatever its
-- quality, with the reason it cannot be used if any.
{%- set cost_bucket = json_fields([
    'start_time',
    'end_time'
]) %}
{%- set cost_result = json_fields([
    'project_id',
    'line_item',
    'api_key_id',
    'quantity',
    'quantity_unit',
    'amount.value',
    'amount.currency'
], parsed='cost_json', texts='cost_texts') %}

with

records as (
    -- Optional: a company that lands no costs reads zero records.
    {{ landed_json_records(landing_relation('openai', 'costs'), cost_bucket) }}
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
        {{ json_text(cost_bucket, 'start_time') }} as bucket_start_text,
        {{ json_text(cost_bucket, 'end_time') }} as bucket_end_text,
        {{ json_bigint(cost_bucket, 'start_time') }} as bucket_start_seconds,
        {{ json_bigint(cost_bucket, 'end_time') }} as bucket_end_seconds,
        -- Group-by dimensions are null unless the extract grouped by them
        -- (api_key_id came later and may be absent: null).
        {{ json_text(cost_result, 'project_id') }} as project_id,
        {{ json_text(cost_result, 'line_item') }} as line_item,
        {{ json_text(cost_result, 'api_key_id') }} as api_key_id,
        {{ json_text(cost_result, 'quantity') }} as quantity_text,
        {{ json_decimal(cost_result, 'quantity') }} as quantity,
        {{ json_text(cost_result, 'quantity_unit') }} as quantity_unit,
        {{ json_text(cost_result, 'amount.currency') }} as currency_text,
        -- ISO 4217 codes are case-insensitive: OpenAI writes 'usd'.
        upper(trim({{ json_text(cost_result, 'amount.currency') }})) as currency,
        {{ json_text(cost_result, 'amount.value') }} as amount_text,
        -- Dollars: a JSON number (0.06, 1.2e-05) or, as some responses
        -- send it, a numeric string ("12.50").
        {{ json_decimal(cost_result, 'amount.value') }} as amount_value,
        is_json_object and has_cost_array and result_count = 0 as is_bucket_without_cost
    from cost_lines
),

typed as (
    select
        *,
        {{ unix_seconds_to_utc('bucket_start_seconds') }} as bucket_start_at,
        {{ unix_seconds_to_utc('bucket_end_seconds') }} as bucket_end_at,
        -- The result's dimensions: every bucket of one grouping covers
        -- another day of the same slice of cost.
        {{ dbt.concat([
            key_part('project_id'), "':'", key_part('line_item'), "':'", key_part('api_key_id')
        ]) }} as cost_grouping
    from parsed
    -- An empty `results` array is a day without cost, not a record.
    where not is_bucket_without_cost
),

validated as (
    select
        *,
        case
            when not is_valid_json then 'malformed_json'
            when not is_json_object or not is_cost_object then 'not_an_object'
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
            -- A first bucket asked from 17:31 runs to midnight: it is not a
            -- whole UTC day and would overlap the whole day of another
            -- extract under another key.
            when not {{ is_whole_utc_day('bucket_start_at', 'bucket_end_at') }} then 'partial_bucket'
            when amount_text is null then 'missing_amount'
            when {{ has_unreadable_number([
                ('amount_text', 'amount_value'), ('quantity_text', 'quantity')
            ]) }} then 'unreadable_number'
            -- Only USD is read as dollars; a currency that is not named is
            -- not assumed to be USD. A negative amount is a credit: kept.
            when coalesce(currency, '') <> 'USD' then 'unsupported_currency'
        end as _quarantine_reason,
        {{ dbt.concat(["'openai:cost:'", key_part('bucket_start_seconds'), "':'", "cost_grouping"]) }}
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
