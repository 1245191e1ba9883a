{{ config(
    enabled=var('enable_anthropic') and var('enable_anthropic_analytics'), **incremental_config('external_ref')
) }}

{%- set cost_row = json_fields(anthropic_analytics_paths() + [
    'cost.amount',
    'cost.list_amount',
    'cost.currency',
    'cost.requests'
]) %}

-- Every landed row of Anthropic's Usage and Cost Analytics API cost report
-- (`GET /v1/organizations/analytics/cost`, one element of `data` per line:
-- a time bucket and one combination of the grouped dimensions), whatever its
-- quality, with the reason it cannot be used if any.
with

records as (
    -- Optional: landed from the day an organisation starts extracting it.
    {{ landed_json_records(landing_relation('anthropic', 'analytics_cost'), cost_row) }}
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
        {{ json_text(cost_row, 'starting_at') }} as bucket_start_text,
        {{ json_text(cost_row, 'ending_at') }} as bucket_end_text,
        {{ to_utc_timestamp(json_text(cost_row, 'starting_at')) }} as bucket_start_at,
        {{ to_utc_timestamp(json_text(cost_row, 'ending_at')) }} as bucket_end_at,
        {{ anthropic_analytics_group_columns(cost_row) }}
        -- ISO 4217 codes are case-insensitive ("Currently always USD").
        upper(trim({{ json_text(cost_row, 'cost.currency') }})) as currency,
        -- Decimal strings of fractional cents: `amount` after discounts and
        -- before credits (what is billed), `list_amount` at list price.
        {{ json_text(cost_row, 'cost.amount') }} as amount_text,
        {{ json_decimal(cost_row, 'cost.amount') }} as amount_cents,
        {{ json_text(cost_row, 'cost.list_amount') }} as list_amount_text,
        {{ json_decimal(cost_row, 'cost.list_amount') }} as list_amount_cents,
        -- Null when grouped by cost_type or token_type.
        {{ json_text(cost_row, 'cost.requests') }} as requests_text,
        {{ json_bigint(cost_row, 'cost.requests') }} as request_count
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
            -- Asked with time_bucket_width=1d, a row is one whole UTC day;
            -- a row over another span overlaps other extracts' days.
            when not {{ is_whole_utc_day('bucket_start_at', 'bucket_end_at') }} then 'partial_bucket'
            -- Not grouped by actor: a total over people, which every
            -- per-actor row of the day holds again.
            when actor_object_type is null then 'organization_total'
            when amount_text is null then 'missing_amount'
            when
                {{ is_unparseable('amount_text', 'amount_cents') }}
                or {{ is_unparseable('list_amount_text', 'list_amount_cents') }}
                or {{ is_unparseable('requests_text', 'request_count') }} then 'unreadable_number'
            when coalesce(currency, '') <> 'USD' then 'unsupported_currency'
        end as _quarantine_reason,
        -- The bucket's UTC instant and the row's slice: the same day of the
        -- same slice has the same key in every extract.
        {{ dbt.concat([
            "'anthropic:analytics_cost:'", key_part('bucket_start_at'), "':'", 'analytics_slice',
            "':'", key_part('cost_type'), "':'", key_part('token_type')
        ]) }} as external_ref
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
